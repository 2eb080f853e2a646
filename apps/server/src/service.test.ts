import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inArray } from 'drizzle-orm';
import { openDatabase } from '@gongzhi/db';
import { cases } from '@gongzhi/db/schema';
import { migratedPgliteDir } from '@gongzhi/db/testing';
import { freePort } from './free-port.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(root, 'bin/gongzhi.mjs');
const SERVER = join(root, 'dist/server.js');
const GRACE_MS = 30_000;

/** Each non-comment line a sample (`name{labels} value`), each metric typed before its samples: the Prometheus text format. */
function parsePrometheus(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  const typed = new Set<string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) typed.add(type[1]!);
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:\\.|[^"\\])*",?)*\})? (-?[0-9.]+(?:e[+-]?\d+)?|NaN|\+Inf|-Inf)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample: ${line}`);
    if (![...typed].some((name) => m[1] === name || m[1]!.startsWith(`${name}_`))) throw new Error(`sample before its TYPE: ${line}`);
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return samples;
}

/**
 * The production build as an operator runs it: the server bundled to JavaScript and started with
 * plain `node` (no TypeScript at run time) on the embedded database; its smoke test, SIGTERM in the
 * middle of intake, and a backup restored.
 */
describe('the production server', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongzhi-service-'));
  const env = { ...process.env, DATA_DIR: join(dir, 'data'), SEED_DEMO: 'false', LOG_FORMAT: 'json', SHUTDOWN_GRACE_MS: String(GRACE_MS) };
  let server: ChildProcess;
  let base = '';
  let apiKey = '';
  let log = '';
  const exited = () =>
    new Promise<number | null>((resolve) => (server.exitCode !== null ? resolve(server.exitCode) : server.once('exit', (code) => resolve(code))));

  beforeAll(async () => {
    // A migrated data directory, as the first command leaves it (cli-bin.test.ts makes one from nothing).
    await migratedPgliteDir(env.DATA_DIR);
    // The launcher rebuilds dist/ (CLI and server) when a source is newer; issuing a key seeds.
    const key = spawnSync(process.execPath, [BIN, 'open311-key', '--name', 'load', '--rate', '10000'], { env, encoding: 'utf8' });
    expect(key.status, key.stderr).toBe(0);
    apiKey = /o311_[\w-]+/.exec(key.stdout)![0];
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, [SERVER], { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    for (let i = 0; i < 240; i++) {
      if ((await fetch(`${base}/health`).catch(() => null))?.ok) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the built server did not answer:\n${log}`);
  }, 240_000);
  afterAll(() => {
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  const report = (i: number) =>
    fetch(`${base}/open311/v2/requests.json?api_key=${apiKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        jurisdiction_id: '510100',
        service_code: 'VEN-02',
        lat: String(30.65 + i * 1e-4),
        long: '104.06',
        description: `店外经营 ${i}`,
      }),
    });

  it('passes the smoke test: health, readiness, Open311, the API, and /metrics as Prometheus text; logs are JSON lines with request ids', async () => {
    expect(await (await fetch(`${base}/health`)).json()).toMatchObject({ status: 'ok', database: 'ok' });
    expect(await (await fetch(`${base}/ready`)).json()).toMatchObject({ status: 'ready', database: 'ok', listener: 'listening', draining: false });
    expect(((await (await fetch(`${base}/open311/v2/services.json`)).json()) as unknown[]).length).toBe(33);
    const created = await report(0);
    expect(created.status).toBe(200);
    expect((await fetch(`${base}/trpc/auth.me`)).status).toBe(200);
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const samples = parsePrometheus(await metrics.text());
    expect(samples.get('gongzhi_requests_total{procedure="auth.me",status="2xx"}')).toBe(1);
    expect(samples.get('gongzhi_request_duration_seconds_count{procedure="auth.me"}')).toBe(1);
    const names = [...samples.keys()].map((k) => k.replace(/\{.*$/, ''));
    for (const gauge of ['gongzhi_intake_queue_depth', 'gongzhi_timers_due', 'gongzhi_timers_lag_seconds', 'gongzhi_sse_connections'])
      expect(names).toContain(gauge);
    const line = log.split('\n').find((l) => l.includes('"path":"/ready"'));
    expect(JSON.parse(line!)).toMatchObject({ level: 'info', msg: 'request', method: 'GET', status: 200, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('on SIGTERM during intake load stores every acknowledged case and exits within the grace period', async () => {
    const acknowledged: number[] = [];
    let stop = false;
    const client = async (c: number) => {
      for (let i = 0; !stop; i++) {
        const res = await report(1000 * (c + 1) + i).catch(() => null);
        if (!res) return; // the server no longer takes connections
        if (res.status === 200) acknowledged.push(Number(((await res.json()) as Array<{ service_request_id: string }>)[0]!.service_request_id));
        else await res.body?.cancel();
      }
    };
    const clients = Array.from({ length: 6 }, (_, c) => client(c));
    while (acknowledged.length < 10) await new Promise((r) => setTimeout(r, 20));
    const signalled = performance.now();
    server.kill('SIGTERM');
    const code = await exited();
    const seconds = (performance.now() - signalled) / 1000;
    stop = true;
    await Promise.all(clients);
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(GRACE_MS / 1000);
    expect(log).toContain('"msg":"SIGTERM: shutting down"');
    const handle = await openDatabase({ dataDir: env.DATA_DIR });
    try {
      const stored = await handle.db.select({ number: cases.number }).from(cases).where(inArray(cases.number, acknowledged));
      expect(stored.length).toBe(new Set(acknowledged).size);
    } finally {
      await handle.close();
    }
  });

  it('backs up the stopped embedded database and restores it: the same cases and valid audit chains; refuses to restore over data', () => {
    const file = join(dir, 'backup.tar.gz');
    const backup = spawnSync(process.execPath, [BIN, 'backup', file], { env, encoding: 'utf8' });
    expect(backup.status, backup.stderr).toBe(0);
    const count = /\((\d+) cases\)/.exec(backup.stdout)![1];
    const restored = spawnSync(process.execPath, [BIN, 'restore', file], { env: { ...env, DATA_DIR: join(dir, 'restored') }, encoding: 'utf8' });
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toContain(`: ${count} cases; audit chains all valid`);
    const over = spawnSync(process.execPath, [BIN, 'restore', file], { env, encoding: 'utf8' });
    expect(over.status).toBe(1);
    expect(over.stderr).toContain('is not empty');
  });
});
