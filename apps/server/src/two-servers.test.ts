import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { issueApiKey } from '@gongzhi/api/open311';
import { OPERATOR } from '@gongzhi/api/use-cases/administrator';
import { openDatabase, type DatabaseHandle } from '@gongzhi/db';
import { createPostgresDatabase, testTargets } from '@gongzhi/db/testing';
import { systemClock } from '@gongzhi/domain';
import { freePort } from './free-port.ts';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));
const onPostgres = testTargets().some((t) => t.name === 'postgres');
const dataDir = mkdtempSync(join(tmpdir(), 'gongzhi-two-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Server {
  process: ChildProcess;
  base: string;
  log: string;
  exited: boolean;
}

/**
 * Two servers on one PostgreSQL, taking reports through Open311 and firing timers; one is killed
 * with SIGKILL in the middle. Every report a server acknowledged is stored, and every timer fired
 * exactly once (by one server or the other, never by both, none left due).
 */
describe.skipIf(!onPostgres)('two servers on one PostgreSQL, one killed under load', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let handle: DatabaseHandle;
  const servers: Server[] = [];
  let apiKey = '';
  const rows = async <T>(query: ReturnType<typeof sql>) => ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows;

  async function start(port: number): Promise<Server> {
    const server: Server = { process: undefined as never, base: `http://127.0.0.1:${port}`, log: '', exited: false };
    server.process = spawn(process.execPath, ['--import', 'tsx', main], {
      env: {
        ...process.env,
        DATABASE_URL: database.url,
        PORT: String(port),
        SEED_DEMO: 'false',
        TIMER_WORKER: 'true',
        TIMER_INTERVAL_MS: '100',
        PORTAL_DIR: '/nonexistent',
        DATA_DIR: dataDir, // one audit signing key for both, as a deployment gives every server the same
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.process.stdout?.on('data', (d: Buffer) => (server.log += d.toString()));
    server.process.stderr?.on('data', (d: Buffer) => (server.log += d.toString()));
    server.process.on('exit', () => (server.exited = true));
    servers.push(server);
    // Up once /health answers (migrating an empty database first takes a while on a busy machine).
    for (const until = Date.now() + 300_000; Date.now() < until && !server.exited; await sleep(250)) {
      const res = await fetch(`${server.base}/health`).catch(() => null);
      if (res?.status === 200) return server;
    }
    throw new Error(`the server on ${port} did not start:\n${server.log}`);
  }

  beforeAll(async () => {
    database = await createPostgresDatabase('gongzhi_two');
    await start(await freePort()); // migrates and seeds the reference data
    handle = await openDatabase({ url: database.url, poolSize: 2 });
    apiKey = (await issueApiKey({ ctx: { db: handle.db, clock: systemClock, administrator: OPERATOR }, input: { name: 'fault-test', ratePerMinute: 10_000 } }))
      .apiKey;
    await start(await freePort());
  }, 600_000);
  afterAll(async () => {
    for (const s of servers) s.process.kill('SIGKILL');
    await handle?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged report and fires every timer once', { timeout: 480_000 }, async () => {
    const acknowledged: number[] = [];
    const report = (server: Server, i: number) =>
      fetch(`${server.base}/open311/v2/requests.json`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          api_key: apiKey,
          jurisdiction_id: '510100',
          service_code: 'VEN-02',
          lat: String(30.6574 + i * 0.0001),
          long: '104.0657',
          description: `春熙路第${i}家店把桌椅摆到人行道上`,
        }).toString(),
      })
        .then(async (res) => {
          if (res.status !== 200 && res.status !== 201) return;
          const [body] = (await res.json()) as Array<{ service_request_id: string }>;
          if (body) acknowledged.push(Number(body.service_request_id));
        })
        .catch(() => undefined); // the killed server's connections: not acknowledged
    // Every pending deadline falls due now, so both servers' workers fire while reports arrive (the
    // servers run on the wall clock; the escalation ladder's next steps are pulled in the same way).
    const pullTimersIn = () => handle.db.execute(sql`update timers set due_at = now() - interval '1 second' where fired_at is null`);

    let sent = 0;
    const round = async (targets: Server[]) => {
      await Promise.all(targets.flatMap((s) => [report(s, sent++), report(s, sent++)]));
      await pullTimersIn();
    };
    for (let i = 0; i < 5; i++) await round(servers);
    // Killed in the middle of a round: requests in flight to it and the timers it holds.
    const killed = round(servers);
    await sleep(50);
    servers[1]!.process.kill('SIGKILL');
    await killed;
    for (let i = 0; i < 5; i++) await round([servers[0]!]);

    // The survivor fires everything due, including what the killed one held when it died.
    let due = -1;
    for (let i = 0; i < 240 && due !== 0; i++) {
      await sleep(250);
      due = (await rows<{ n: number }>(sql`select count(*)::int as n from timers where fired_at is null and due_at <= now()`))[0]!.n;
    }
    expect(due).toBe(0);
    expect(servers[0]!.exited, servers[0]!.log).toBe(false);

    expect(acknowledged.length).toBeGreaterThan(20);
    const stored = await rows<{ number: number }>(sql`select number from cases`);
    const storedNumbers = new Set(stored.map((r) => r.number));
    expect(acknowledged.filter((n) => !storedNumbers.has(n))).toEqual([]);

    // Each fired timer has exactly one step in the audit log, and no timer stepped twice.
    const fired = (await rows<{ n: number }>(sql`select count(*)::int as n from timers where outcome = 'fired'`))[0]!.n;
    const steps = await rows<{ workflow_id: string; actor: string; n: number }>(
      sql`select workflow_id, actor, count(*)::int as n from audit_log where actor like 'system:timer:%' group by workflow_id, actor`,
    );
    expect(steps.filter((s) => s.n > 1)).toEqual([]);
    expect(steps.length).toBe(fired);
    expect(fired).toBeGreaterThan(acknowledged.length); // warnings and escalations of most cases
    console.log(`[two servers] ${sent} reports sent, ${acknowledged.length} acknowledged and stored (${stored.length} cases); ${fired} timers fired once`);
  });
});
