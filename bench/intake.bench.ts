/**
 * Case intake (route + persist + projection + audit + timers) per second through tRPC over HTTP
 * against PostgreSQL, as a ratio to `pgbench -N` TPS on the same server measured in the same run.
 *
 *   pnpm --filter @gongzhi/bench bench:intake       (BENCH_SECONDS, BENCH_CONCURRENCY)
 *   BENCH_BEFORE=/work/wt/perf-before …             also runs that checkout's server in the same run
 *   BENCH_STORED=30000 …                            on a database already holding that many open cases,
 *                                                   taken in the same way before the timed run (the timed
 *                                                   run's complaints then repeat stored ones, as a
 *                                                   hotspot's do)
 */
import { availableParallelism } from 'node:os';
import pg from 'pg';
import {
  databaseCpu,
  demoHistoryLoaded,
  percentile,
  pgbenchTps,
  plainMutations,
  processCpuSeconds,
  scratchDatabase,
  signedInClient,
  spawnServer,
} from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const CLIENT = process.env.BENCH_CLIENT ?? 'plain';
const MATTERS = ['VEN-01', 'SAN-01', 'FAC-01', 'FUM-02', 'NOI-01', 'WST-02', 'ADV-04', 'FAC-02'];
const STORED = Number(process.env.BENCH_STORED ?? 0);

/** One server on a fresh database, CONCURRENCY clients for SECONDS: intakes per second and latency. */
async function run(root: string | undefined) {
  const db = await scratchDatabase();
  // BENCH_PROFILE=DIR writes a CPU profile of the server there.
  const server = await spawnServer(
    { DATABASE_URL: db.url, PORT: '0', SEED_DEMO: 'true', TIMER_WORKER: 'false' },
    process.env.BENCH_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`]
      : process.env.BENCH_NODE_ARGS
        ? process.env.BENCH_NODE_ARGS.split(' ')
        : [],
    root,
  );
  try {
    await demoHistoryLoaded(server);
    const input = (i: number) => ({
      matter: MATTERS[i % MATTERS.length]!,
      lon: 103.95 + (i % 97) * 0.002,
      lat: 30.6 + (i % 89) * 0.002,
      description: `基准测试工单 ${i}:市民反映路段存在问题,请处理。`,
      source: 'hotline' as const,
      reporterPhone: '13800000000',
    });
    // BENCH_CLIENT=trpc sends through the typed client (fetch) instead of plain keep-alive HTTP.
    let intake: (i: number) => Promise<unknown>;
    if (CLIENT === 'trpc') {
      const typed = await signedInClient(server.url, 'cd-coordinator');
      intake = (i) => typed.case.intake.mutate(input(i));
    } else {
      const plain = await plainMutations(server.url, 'cd-coordinator', CONCURRENCY);
      intake = (i) => plain.mutate('case.intake', input(i));
    }
    for (let i = 0; i < 200; i++) await intake(i); // warm-up
    // BENCH_STORED: the database fills first, untimed, through the same clients; then it is vacuumed
    // and analysed, so that neither autovacuum's timing nor stale statistics differ between runs.
    for (let from = 200; from < STORED; from += CONCURRENCY * 50) {
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, w) => {
          for (let i = from + w; i < Math.min(STORED, from + CONCURRENCY * 50); i += CONCURRENCY) await intake(i);
        }),
      );
    }
    if (STORED > 0) {
      const client = new pg.Client({ connectionString: db.url });
      await client.connect();
      await client.query('vacuum (analyze)');
      await client.end();
    }

    const latencies: number[] = [];
    let done = 0;
    // CPU per intake of the server, of its database's backends and of this client, over the timed run.
    const postgres = await databaseCpu(db.url, db.name);
    await postgres.start();
    const serverCpu = processCpuSeconds(server.pid);
    const clientCpu = process.cpuUsage();
    const deadline = performance.now() + SECONDS * 1000;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        for (let i = w; performance.now() < deadline; i += CONCURRENCY) {
          const t0 = performance.now();
          await intake(i);
          latencies.push(performance.now() - t0);
          done++;
        }
      }),
    );
    const perSecond = done / ((performance.now() - start) / 1000);
    const client = process.cpuUsage(clientCpu);
    const cpu = {
      server: ((processCpuSeconds(server.pid) - serverCpu) * 1000) / done,
      postgres: ((await postgres.seconds()) * 1000) / done,
      client: (client.user + client.system) / 1000 / done,
    };
    latencies.sort((a, b) => a - b);
    return { done, perSecond, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), cpu };
  } finally {
    await server.stop();
    await db.drop();
  }
}

const before = process.env.BENCH_BEFORE;
// BENCH_ROUNDS: with BENCH_BEFORE, the two servers take turns this many times (one run each turn),
// so that neither always runs first, on a database server just out of pgbench's run.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const tpsBefore = await pgbenchTps(10);
const afters: Array<Awaited<ReturnType<typeof run>>> = [];
const olds: Array<Awaited<ReturnType<typeof run>>> = [];
for (let r = 0; r < ROUNDS; r++) {
  const [first, second] = r % 2 === 0 || !before ? [undefined, before] : [before, undefined];
  (first === undefined ? afters : olds).push(await run(first));
  if (before) (second === undefined ? afters : olds).push(await run(second));
}
const tpsAfter = await pgbenchTps(10);
const tps = (tpsBefore + tpsAfter) / 2;
console.log(
  `pgbench -c 4 -j 2 -T 10 -N on the same server, before and after the intake runs: ${tpsBefore.toFixed(0)} and ${tpsAfter.toFixed(0)} TPS (mean ${tps.toFixed(0)})`,
);
const median = (runs: Array<Awaited<ReturnType<typeof run>>>) => [...runs].sort((a, b) => a.perSecond - b.perSecond)[Math.floor((runs.length - 1) / 2)];
// What the machine's cores could do at most at this CPU per intake (server, database and client all busy, nothing idle).
const cores = availableParallelism();
const line = (name: string, r: Awaited<ReturnType<typeof run>>) => {
  const perIntake = r.cpu.server + r.cpu.postgres + r.cpu.client;
  console.log(
    `${name.padEnd(8)} ${r.perSecond.toFixed(0).padStart(5)} intakes/s   p50 ${r.p50.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   ratio to pgbench ${(r.perSecond / tps).toFixed(2)} (goal ≥ 0.5)\n` +
      `         CPU per intake: server ${r.cpu.server.toFixed(2)} ms, PostgreSQL ${r.cpu.postgres.toFixed(2)} ms, client ${r.cpu.client.toFixed(2)} ms: ` +
      `${cores} cores could take at most ${((cores * 1000) / perIntake).toFixed(0)}/s (ratio ${((cores * 1000) / perIntake / tps).toFixed(2)}); the server's one thread ${(1000 / r.cpu.server).toFixed(0)}/s`,
  );
};
console.log(
  `intake through tRPC/HTTP on PostgreSQL (${CLIENT === 'trpc' ? 'the typed client' : 'plain keep-alive HTTP clients'}), ${SECONDS} s with ${CONCURRENCY} clients${STORED > 0 ? `, ${STORED.toLocaleString('en')} cases stored first` : ''}:`,
);
for (const [i, r] of afters.entries()) line(ROUNDS > 1 ? `after ${i + 1}` : 'after', r);
for (const [i, r] of olds.entries()) line(ROUNDS > 1 ? `before ${i + 1}` : 'before', r);
const a = median(afters);
const o = olds.length > 0 ? median(olds) : undefined;
if (a && o) console.log(`after/before: ${(a.perSecond / o.perSecond).toFixed(2)}× the intakes per second (medians of ${ROUNDS}; ${before})`);
