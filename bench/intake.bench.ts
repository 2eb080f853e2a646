/**
 * Case intake (route + persist + projection + audit + timers) per second through tRPC over HTTP
 * against PostgreSQL, as a ratio to `pgbench -N` TPS on the same server measured in the same run.
 *
 *   pnpm --filter @gongzhi/bench bench:intake       (BENCH_SECONDS, BENCH_CONCURRENCY)
 *   BENCH_BEFORE=/work/wt/perf-before …             also runs that checkout's server in the same run
 */
import { demoHistoryLoaded, percentile, pgbenchTps, scratchDatabase, signedInClient, spawnServer } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const MATTERS = ['VEN-01', 'SAN-01', 'FAC-01', 'FUM-02', 'NOI-01', 'WST-02', 'ADV-04', 'FAC-02'];

/** One server on a fresh database, CONCURRENCY clients for SECONDS: intakes per second and latency. */
async function run(root: string | undefined) {
  const db = await scratchDatabase();
  // BENCH_PROFILE=DIR writes a CPU profile of the server there.
  const server = await spawnServer(
    { DATABASE_URL: db.url, PORT: '0', SEED_DEMO: 'true', TIMER_WORKER: 'false' },
    process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
    root,
  );
  try {
    await demoHistoryLoaded(server);
    const api = await signedInClient(server.url, 'cd-coordinator');
    const intake = (i: number) =>
      api.case.intake.mutate({
        matter: MATTERS[i % MATTERS.length]!,
        lon: 103.95 + (i % 97) * 0.002,
        lat: 30.6 + (i % 89) * 0.002,
        description: `基准测试工单 ${i}:市民反映路段存在问题,请处理。`,
        source: 'hotline',
        reporterPhone: '13800000000',
      });
    for (let i = 0; i < 200; i++) await intake(i); // warm-up

    const latencies: number[] = [];
    let done = 0;
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
    latencies.sort((a, b) => a - b);
    return { done, perSecond, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99) };
  } finally {
    await server.stop();
    await db.drop();
  }
}

const before = process.env.BENCH_BEFORE;
const tpsBefore = await pgbenchTps(10);
const after = await run(undefined);
const old = before ? await run(before) : undefined;
const tpsAfter = await pgbenchTps(10);
const tps = (tpsBefore + tpsAfter) / 2;
console.log(
  `pgbench -c 4 -j 2 -T 10 -N on the same server, before and after the intake runs: ${tpsBefore.toFixed(0)} and ${tpsAfter.toFixed(0)} TPS (mean ${tps.toFixed(0)})`,
);
const line = (name: string, r: Awaited<ReturnType<typeof run>>) =>
  console.log(
    `${name.padEnd(8)} ${r.perSecond.toFixed(0).padStart(5)} intakes/s   p50 ${r.p50.toFixed(1)} ms   p99 ${r.p99.toFixed(1)} ms   ratio to pgbench ${(r.perSecond / tps).toFixed(2)} (goal ≥ 0.5)`,
  );
console.log(`intake through tRPC/HTTP on PostgreSQL, ${SECONDS} s with ${CONCURRENCY} clients:`);
line('after', after);
if (old) {
  line('before', old);
  console.log(`after/before: ${(after.perSecond / old.perSecond).toFixed(2)}× the intakes per second (${before})`);
}
