import { serve, type ServerType } from '@hono/node-server';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { hashPassword } from '@gongzhi/auth';
import { INBOX_CHANNEL, openDatabase, seedDemoUsers, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { systemClock } from '@gongzhi/domain';
import { loadAlliance, type Alliance } from '@gongzhi/geo';
import { createApp } from '@gongzhi/server';
import { InboxBus } from '@gongzhi/api';
import { defaultClassifier, LiveClassifier } from '@gongzhi/nlp';
import { DiskStore } from '@gongzhi/files';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium.ts';

export const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));
const PORTAL_DIR = fileURLToPath(new URL('../dist', import.meta.url));
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
  /**
   * Closes every context opened so far, for a file's afterEach: pages left open keep ticking their
   * clocks and refetching what the next tests change, taking the machine's time from them.
   */
  closeContexts(): Promise<void>;
  handle: DatabaseHandle;
  alliance: Alliance;
  close(): Promise<void>;
}

/*
 * Set up once for the whole run: the files share one worker (vitest's `isolate: false`), so what
 * every file needs the same of is made by the first and reused by the others.
 */
let alliance: Alliance | undefined;
let seededTarball: Promise<Blob> | undefined;
let sharedBrowser: Promise<Browser> | undefined;

/** The reference data and the demo accounts, as every file starts from them. */
async function seed(handle: DatabaseHandle, geo: Alliance): Promise<void> {
  await seedReference(handle.db, geo, systemClock.now());
  await seedDemoUsers(handle.db, hashPassword, systemClock.now());
}

/**
 * A database of the file's own, seeded. On PGlite it is a copy of one seeded by the first file (the
 * demo accounts' twelve password hashes and the reference data stored once per run, not per file).
 */
async function openSeeded(geo: Alliance): Promise<DatabaseHandle> {
  const target = testTargets()[0]!;
  if (target.name !== 'pglite') {
    const handle = await target.open();
    await seed(handle, geo);
    return handle;
  }
  seededTarball ??= (async () => {
    const handle = await target.open();
    try {
      await seed(handle, geo);
      // so that every copy starts from a clean checkpoint, with nothing to replay
      await handle.db.execute(sql`checkpoint`);
      return await handle.dumpDataDir!();
    } finally {
      await handle.close();
    }
  })();
  // Migrated in this process a moment ago: no need to migrate the copy again.
  return openDatabase({ dataDir: 'memory://', loadDataDir: await seededTarball });
}

/**
 * One Chromium for the run (a context per test user keeps them apart). Playwright kills it when the
 * worker process exits.
 */
function browser(): Promise<Browser> {
  sharedBrowser ??= chromium.launch({
    executablePath: CHROMIUM_PATH,
    timeout: HANG_MS,
    args: CHROMIUM_ARGS,
  });
  return sharedBrowser;
}

/** The real server on a free port with the built portal, a seeded database of its own and Debian's Chromium. */
export async function startHarness(): Promise<Harness> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const geo = (alliance ??= loadAlliance());
  const handle = await openSeeded(geo);
  const bus = new InboxBus();
  // Changes reach the SSE subscriptions the way they do in the server: LISTEN on the inbox channel.
  const unlisten = await handle.listen(INBOX_CHANNEL, (payload) => bus.publishPayload(payload));
  const models = new LiveClassifier(defaultClassifier());
  const filesDir = mkdtempSync(join(tmpdir(), 'gongzhi-e2e-files-'));
  const files = new DiskStore(filesDir);
  const app = createApp({ services: { db: handle.db, clock: systemClock, alliance: geo, bus, classifier: models, models, files }, portalDir: PORTAL_DIR });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const shared = await browser();
  const contexts: BrowserContext[] = [];
  return {
    baseUrl: `http://localhost:${port}`,
    async newContext(options) {
      const context = await shared.newContext(options);
      contexts.push(context);
      context.setDefaultTimeout(HANG_MS);
      context.setDefaultNavigationTimeout(HANG_MS);
      return context;
    },
    async closeContexts() {
      for (const context of contexts.splice(0)) await context.close();
    },
    handle,
    alliance: geo,
    async close() {
      // the browser stays for the next file; nothing of this one's does
      for (const context of contexts.splice(0)) await context.close();
      // Open SSE streams would keep the server from closing.
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise((r) => server.close(r));
      await unlisten();
      await handle.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
