/**
 * Case intake (route + persist + projection + audit + timers) per second through tRPC over HTTP
 * against PostgreSQL, as a ratio to `pgbench -N` TPS on the same server measured in the same run.
 *
 *   pnpm --filter @gongzhi/bench bench:intake       (BENCH_SECONDS, BENCH_CONCURRENCY)
 */
import { percentile, pgbenchTps, scratchDatabase, signedInClient, spawnServer } from './lib.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const MATTERS = ['VEN-01', 'SAN-01', 'FAC-01', 'FUM-02', 'NOI-01', 'WST-02', 'ADV-04', 'FAC-02'];

const db = await scratchDatabase();
// BENCH_PROFILE=DIR writes a CPU profile of the server there.
const server = await spawnServer(
  { DATABASE_URL: db.url, PORT: '0', SEED_DEMO: 'true', TIMER_WORKER: 'false' },
  process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [],
);
try {
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
  await server.stop();
  const tps = await pgbenchTps(10);
  console.log(`intake through tRPC/HTTP on PostgreSQL: ${done} cases in ${SECONDS} s with ${CONCURRENCY} clients`);
  console.log(`  ${perSecond.toFixed(0)} intakes/s   p50 ${percentile(latencies, 0.5).toFixed(1)} ms   p99 ${percentile(latencies, 0.99).toFixed(1)} ms`);
  console.log(`pgbench -c 4 -j 2 -T 10 -N on the same server: ${tps.toFixed(0)} TPS`);
  console.log(`ratio intake/s ÷ pgbench TPS: ${(perSecond / tps).toFixed(2)} (goal ≥ 0.5)`);
} finally {
  await server.stop().catch(() => {});
  await db.drop();
}
