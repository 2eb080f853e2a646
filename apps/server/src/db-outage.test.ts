import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@gongzhi/db';
import { createPostgresDatabase, testTargets, TEST_ADMIN_URL } from '@gongzhi/db/testing';
import { freePort } from './free-port.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const onPostgres = testTargets().some((t) => t.name === 'postgres');

/**
 * PostgreSQL loses every connection under load (pg_terminate_backend of every backend of the
 * server's database, as a restart or failover does): the server process survives, requests during
 * the outage get an answer (never a hang or a crash), and it serves again, its LISTEN reopened.
 */
describe.skipIf(!onPostgres)('the server when PostgreSQL drops every connection', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let server: ChildProcess;
  let exited: number | null | undefined;
  let log = '';
  let base = '';
  const health = async () => {
    const res = await fetch(`${base}/health`).catch(() => null);
    return res ? { status: res.status, body: (await res.json()) as { database?: string; listener?: string } } : null;
  };

  beforeAll(async () => {
    database = await createPostgresDatabase('gongzhi_outage');
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = spawn(process.execPath, ['--import', 'tsx', main], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        PORT: String(port),
        SEED_DEMO: 'false',
        TIMER_WORKER: 'true',
        TIMER_INTERVAL_MS: '200',
        PORTAL_DIR: '/nonexistent',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    server.on('exit', (code) => (exited = code));
    // Up once /health answers (migrating an empty database first takes a while on a busy machine).
    for (const until = Date.now() + 300_000; Date.now() < until && exited === undefined; await new Promise((r) => setTimeout(r, 250))) {
      if ((await health())?.status === 200) return;
    }
    throw new Error(`the server did not start:\n${log}`);
  }, 400_000);
  afterAll(async () => {
    server?.kill('SIGKILL');
    await database?.drop();
  });

  it('survives, answers during the outage, and serves again with its listener back', { timeout: 400_000 }, async () => {
    expect((await health())?.body).toMatchObject({ database: 'ok', listener: 'listening' });
    // Load: a steady stream of requests that touch the database, from now until the end.
    let stop = false;
    const statuses = new Map<number, number>();
    const load = (async () => {
      while (!stop) {
        const batch = await Promise.all(
          Array.from({ length: 8 }, () =>
            fetch(`${base}/open311/v2/services.json?jurisdiction_id=510100`)
              .then((r) => r.status)
              .catch(() => 0),
          ),
        );
        for (const s of batch) statuses.set(s, (statuses.get(s) ?? 0) + 1);
      }
    })();
    await new Promise((r) => setTimeout(r, 1000));

    const admin = await openDatabase({ url: TEST_ADMIN_URL, poolSize: 1 });
    const terminated = (await admin.db.execute(
      sql`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${database.name} and pid <> pg_backend_pid()`,
    )) as unknown as { rowCount: number };
    await admin.close();
    expect(terminated.rowCount).toBeGreaterThan(1); // the pool's connections and the listener's

    // Serving again, the LISTEN connection reopened (the reopening uses a backoff, so allow it time).
    await expect.poll(async () => (await health())?.body, { timeout: 60_000, interval: 250 }).toMatchObject({ database: 'ok', listener: 'listening' });
    stop = true;
    await load;
    expect(exited, log).toBeUndefined();
    const after = await fetch(`${base}/open311/v2/services.json?jurisdiction_id=510100`);
    expect(after.status).toBe(200);
    // Every answer was an answer: a 200, or a 503 while the connections were being reopened — no 500, no dropped connection.
    const seen = Object.fromEntries(statuses);
    console.log(`[outage] answers during the run: ${JSON.stringify(seen)}; terminated ${terminated.rowCount} backends`);
    expect(
      Object.keys(seen).filter((s) => s !== '200' && s !== '503'),
      JSON.stringify(seen),
    ).toEqual([]);
    expect(log).not.toContain("Unhandled 'error' event");
  });
});
