/**
 * Routing of 100,000 random alliance points: per-route p50/p99 and routes per second, against a
 * plain point-in-polygon scan of all 35 county-level units run in the same process.
 * With BENCH_BEFORE=<another checkout> (e.g. a worktree of an older commit, installed), the same
 * points are also routed by that checkout's code in this process, and the ratios printed.
 *
 *   pnpm --filter @gongzhi/bench bench:routing
 *   BENCH_BEFORE=/work/wt/perf-before pnpm --filter @gongzhi/bench bench:routing
 */
import { performance } from 'node:perf_hooks';
import { ManualClock, MATRIX_V1_MATTERS, routeCase } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { pathToFileURL } from 'node:url';

const N = Number(process.env.BENCH_POINTS ?? 100_000);
const alliance = loadAlliance();
const matrix = { version: 1, createdAt: '2026-11-27T00:00:00Z', createdBy: 'bench', reason: 'bench', matters: MATRIX_V1_MATTERS };
const ctx = { matrix, alliance, clock: new ManualClock('2026-11-27T00:00:00Z') };

// Deterministic pseudo-random points, kept only when inside the alliance (rejection sampling).
let seed = 20261127;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
const points: Array<[number, number]> = [];
while (points.length < N) {
  const lon = 102.9 + random() * 3.0;
  const lat = 29.2 + random() * 2.4;
  if (alliance.locateByScan(lon, lat)) points.push([lon, lat]);
}
const matters = points.map((_, i) => MATRIX_V1_MATTERS[i % MATRIX_V1_MATTERS.length]!.code);

function measure(name: string, run: (i: number) => unknown) {
  for (let i = 0; i < 2_000; i++) run(i); // warm-up
  const samples = new Float64Array(points.length);
  const start = performance.now();
  for (let i = 0; i < points.length; i++) {
    const t0 = performance.now();
    run(i);
    samples[i] = performance.now() - t0;
  }
  const total = performance.now() - start;
  samples.sort();
  const pct = (p: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * p))]! * 1000;
  const perSecond = points.length / (total / 1000);
  console.log(
    `${name.padEnd(44)} p50 ${pct(0.5).toFixed(1).padStart(7)} µs   p99 ${pct(0.99).toFixed(1).padStart(7)} µs   ${Math.round(perSecond).toLocaleString('en').padStart(10)} /s`,
  );
  return { perSecond, p50: pct(0.5), p99: pct(0.99) };
}

console.log(`${points.length.toLocaleString('en')} random points inside the alliance\n`);
const scan = measure('baseline: scan all 35 polygons', (i) => alliance.locateByScan(...points[i]!));
const locate = measure('locate (R-tree of boxes, then edge rays)', (i) => alliance.locate(...points[i]!));
const border = measure('border zone (2 km, R-tree of edges)', (i) => alliance.citiesWithin(...points[i]!, 2000));
const route = measure('full route (matter, locate, border, units)', (i) => routeCase(ctx, { matter: matters[i]!, lon: points[i]![0], lat: points[i]![1] }));
console.log(`
locate vs scan:       ${(locate.perSecond / scan.perSecond).toFixed(1)}× the throughput, p99 ${(scan.p99 / locate.p99).toFixed(1)}× lower
full route vs scan:   ${(route.perSecond / scan.perSecond).toFixed(2)}× the throughput of the bare scan (which finds only the district)
border share of route: ${((1 / border.perSecond / (1 / route.perSecond)) * 100).toFixed(0)} % of the time`);

const before = process.env.BENCH_BEFORE;
if (before) {
  const from = (path: string) => import(pathToFileURL(`${before}/${path}`).href);
  const oldGeo = (await from('packages/geo/src/index.ts')) as typeof import('@gongzhi/geo');
  const oldDomain = (await from('packages/domain/src/index.ts')) as typeof import('@gongzhi/domain');
  const oldAlliance = oldGeo.loadAlliance();
  const oldCtx = { ...ctx, alliance: oldAlliance };
  console.log(`\nthe same points through ${before}:`);
  const oldLocate = measure('before: locate', (i) => oldAlliance.locate(...points[i]!));
  const oldRoute = measure('before: full route', (i) => oldDomain.routeCase(oldCtx as never, { matter: matters[i]!, lon: points[i]![0], lat: points[i]![1] }));
  console.log(`
full route after/before: ${(route.perSecond / oldRoute.perSecond).toFixed(2)}× the throughput, p99 ${oldRoute.p99.toFixed(1)} → ${route.p99.toFixed(1)} µs (${(oldRoute.p99 / route.p99).toFixed(1)}× lower)
locate after/before:     ${(locate.perSecond / oldLocate.perSecond).toFixed(2)}× the throughput
vs scan, before → after: ${(oldRoute.perSecond / scan.perSecond).toFixed(2)}× → ${(route.perSecond / scan.perSecond).toFixed(2)}× (goal ≥ 20×); p99 goal ≤ 50 µs: ${route.p99 <= 50 ? 'met' : 'not met'}`);
}
