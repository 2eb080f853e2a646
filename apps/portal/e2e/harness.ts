import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { hashPassword } from '@gongzhi/auth';
import { INBOX_CHANNEL, seedDemoUsers, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { systemClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { createApp } from '@gongzhi/server';
import { InboxBus } from '@gongzhi/api';
import { defaultClassifier, LiveClassifier } from '@gongzhi/nlp';
import { DiskStore } from '@gongzhi/files';

export const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const PORTAL_DIR = fileURLToPath(new URL('../dist', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/**
 * How long a browser action or wait may take before it counts as hung. Playwright's own default
 * (30 s) is a speed limit: on a busy CI machine a page whose server compiles a month's bulletin on
 * the embedded database took longer than that to open, and a correct test failed.
 */
const HANG_MS = 300_000;

export interface Harness {
  baseUrl: string;
  /** A browser context (Debian's Chromium) whose actions and waits time out only on a hang (see HANG_MS). */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  handle: DatabaseHandle;
  alliance: ReturnType<typeof loadAlliance>;
  close(): Promise<void>;
}

/** The real server on a free port with the built portal, a seeded database and Debian's Chromium. */
export async function startHarness(): Promise<Harness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const target = testTargets()[0]!;
  const handle: DatabaseHandle = await target.open();
  const alliance = loadAlliance();
  await seedReference(handle.db, alliance, systemClock.now());
  await seedDemoUsers(handle.db, hashPassword, systemClock.now());
  const bus = new InboxBus();
  // Changes reach the SSE subscriptions the way they do in the server: LISTEN on the inbox channel.
  const unlisten = await handle.listen(INBOX_CHANNEL, (payload) => bus.publishPayload(payload));
  const models = new LiveClassifier(defaultClassifier());
  const filesDir = mkdtempSync(join(tmpdir(), 'gongzhi-e2e-files-'));
  const files = new DiskStore(filesDir);
  const app = createApp({ services: { db: handle.db, clock: systemClock, alliance, bus, classifier: models, models, files }, portalDir: PORTAL_DIR });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    timeout: HANG_MS,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    baseUrl: `http://localhost:${port}`,
    async newContext(options) {
      const context = await browser.newContext(options);
      context.setDefaultTimeout(HANG_MS);
      context.setDefaultNavigationTimeout(HANG_MS);
      return context;
    },
    handle,
    alliance,
    async close() {
      await browser.close();
      // Open SSE streams would keep the server from closing.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await unlisten();
      await handle.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
