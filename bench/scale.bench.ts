/**
 * Scaling out on one PostgreSQL: intake through 1, 2 and 3 server processes (tRPC over HTTP, 8
 * clients per process by default, plain keep-alive HTTP as bench:intake sends), then a burst of due
 * timers fired by the timer workers of 1, 2 and 3 server processes; and the size of each table per
 * million cases, measured on the database the runs filled.
 *
 *   TEST_DATABASE_URL=… pnpm --filter @gongzhi/bench bench:scale     (BENCH_SECONDS, BENCH_DUE, BENCH_CONCURRENCY: clients per process)
 */
import { sql } from 'drizzle-orm';
import { openDatabase } from '@gongzhi/db';
import {
  databaseCpu,
  demoHistoryLoaded,
  percentile,
  pgbenchTps,
  plainMutations,
  processCpuSeconds,
  scratchDatabase,
  spawnServer,
  type ServerProcess,
} from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const DUE = Number(process.env.BENCH_DUE ?? 3_000);
const CLIENTS = Number(process.env.BENCH_CONCURRENCY ?? 8);
const MATTERS = ['VEN-01', 'SAN-01', 'FAC-01', 'FUM-02', 'NOI-01', 'WST-02', 'ADV-04', 'FAC-02'];
const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

const db = await scratchDatabase('gongzhi_scale');
const handle = await openDatabase({ url: db.url, poolSize: 4 });
try {
  const intakeRates: Array<{ n: number; perSecond: number; cpu: string }> = [];
  for (const n of [1, 2, 3]) {
    const servers: ServerProcess[] = [];
    try {
      for (let i = 0; i < n; i++) servers.push(await spawnServer({ DATABASE_URL: db.url, PORT: '0', SEED_DEMO: 'true', TIMER_WORKER: 'false' }));
      // The first server of the first round loads the demo history in the background: measured after it.
      if (n === 1) await demoHistoryLoaded(servers[0]!);
      // Signed in one after another: the sign-in throttle rightly refuses a burst of sign-ins to one account.
      const clients: Array<Awaited<ReturnType<typeof plainMutations>>> = [];
      for (const s of servers) clients.push(await plainMutations(s.url, 'cd-coordinator', CLIENTS));
      const senders = clients.flatMap((api) => Array.from({ length: CLIENTS }, () => api));
      let done = 0;
      // CPU per intake of the servers, of the database's backends and of this client, over the timed run.
      const postgres = await databaseCpu(db.url, db.name);
      await postgres.start();
      const serverCpu = servers.map((s) => processCpuSeconds(s.pid));
      const clientCpu = process.cpuUsage();
      const deadline = performance.now() + SECONDS * 1000;
      const start = performance.now();
      await Promise.all(
        senders.map(async (api, w) => {
          for (let i = w; performance.now() < deadline; i += senders.length) {
            await api.mutate('case.intake', {
              matter: MATTERS[i % MATTERS.length]!,
              lon: 103.95 + (i % 97) * 0.002,
              lat: 30.6 + (i % 89) * 0.002,
              description: `扩展测试工单 ${n}-${i}`,
              source: 'hotline',
            });
            done++;
          }
        }),
      );
      const perSecond = done / ((performance.now() - start) / 1000);
      const client = process.cpuUsage(clientCpu);
      const ms = (seconds: number) => ((seconds * 1000) / done).toFixed(2);
      const serversCpu = servers.map((s, i) => processCpuSeconds(s.pid) - serverCpu[i]!).reduce((a, b) => a + b, 0);
      intakeRates.push({
        n,
        perSecond,
        cpu: `servers ${ms(serversCpu)} ms, PostgreSQL ${ms(await postgres.seconds())} ms, client ${ms((client.user + client.system) / 1e6)} ms`,
      });
      for (const c of clients) c.close();
    } finally {
      for (const s of servers) await s.stop();
    }
  }
  // The database's own commit rate on this machine now, for the ratio.
  const tps = await pgbenchTps(8);
  console.log(`intake, ${CLIENTS} clients per process, ${SECONDS} s each (pgbench -N on the same server just after: ${tps.toFixed(0)} TPS):`);
  for (const r of intakeRates)
    console.log(
      `  ${r.n} process${r.n > 1 ? 'es' : ''}: ${r.perSecond.toFixed(0)} intakes/s   ratio to pgbench ${(r.perSecond / tps).toFixed(2)}   CPU per intake: ${r.cpu}`,
    );

  const counts = rows<{ cases: number }>(await handle.db.execute(sql`select count(*)::int as cases from cases`))[0]!.cases;
  const sizes = rows<{ table: string; bytes: string; n: string }>(
    await handle.db.execute(sql`
      select c.relname as table, pg_total_relation_size(c.oid) as bytes, c.reltuples::bigint as n
      from pg_class c join pg_namespace s on s.oid = c.relnamespace
      where s.nspname = 'public' and c.relkind = 'r' and c.relname in ('cases', 'workflows', 'tasks', 'timers', 'holdings', 'audit_log')
      order by pg_total_relation_size(c.oid) desc`),
  );
  await handle.db.execute(sql`analyze`);
  console.log(`\ntable sizes after ${counts} cases (indexes included), scaled to a million cases:`);
  for (const s of sizes.slice(0, 10))
    console.log(`  ${s.table.padEnd(22)} ${(((Number(s.bytes) / counts) * 1e6) / 2 ** 30).toFixed(2).padStart(7)} GiB per million cases`);
  const total = sizes.reduce((sum, s) => sum + Number(s.bytes), 0);
  console.log(`  ${'all tables'.padEnd(22)} ${(((total / counts) * 1e6) / 2 ** 30).toFixed(2).padStart(7)} GiB per million cases`);

  // Timer bursts: response warnings of cases nobody claimed, moved to fall due together a few
  // seconds ahead (each round other cases), fired by the timer workers of n servers.
  const fire: string[] = [];
  const due = Math.min(DUE, Math.floor(counts / 3));
  for (const n of [1, 2, 3]) {
    const picked = rows<{ id: string }>(
      await handle.db.execute(sql`
        with picked as (select id from timers where key = 'response-warning' and fired_at is null and due_at > now() limit ${due})
        update timers set due_at = now() + interval '8 seconds' from picked where timers.id = picked.id returning timers.id`),
    ).map((r) => Number(r.id));
    const servers: ServerProcess[] = [];
    try {
      for (let i = 0; i < n; i++)
        servers.push(await spawnServer({ DATABASE_URL: db.url, PORT: '0', SEED_DEMO: 'false', TIMER_WORKER: 'true', TIMER_INTERVAL_MS: '100' }));
      const these = sql`timers.id in (${sql.join(
        picked.map((id) => sql`${id}`),
        sql`, `,
      )})`;
      for (;;) {
        const left = rows<{ n: number }>(await handle.db.execute(sql`select count(*)::int as n from timers where ${these} and fired_at is null`))[0]!.n;
        if (left === 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const late = rows<{ ms: number }>(
        await handle.db.execute(sql`select extract(epoch from fired_at - due_at) * 1000 as ms from timers where ${these} order by 1`),
      ).map((r) => Number(r.ms));
      const span = rows<{ s: number }>(await handle.db.execute(sql`select extract(epoch from max(fired_at) - min(due_at)) as s from timers where ${these}`))[0]!
        .s;
      fire.push(
        `${n} process${n > 1 ? 'es' : ''}: ${picked.length} warnings drained at ${(picked.length / Math.max(0.001, Number(span))).toFixed(0)}/s, lateness p50 ${(percentile(late, 0.5) / 1000).toFixed(1)} s, p99 ${(percentile(late, 0.99) / 1000).toFixed(1)} s`,
      );
    } finally {
      for (const s of servers) await s.stop();
    }
  }
  console.log(`\ntimer bursts fired by the servers' own workers:\n  ${fire.join('\n  ')}`);
} finally {
  await handle.close();
  await db.drop();
}
