/**
 * Routing of 100,000 random alliance points: per-route p50/p99 and routes per second, against a
 * plain point-in-polygon scan of all 35 county-level units run in the same process.
 *
 *   pnpm bench            (from the repository root)
 */
import { performance } from 'node:perf_hooks';
import { ManualClock, MATRIX_V1_MATTERS, routeCase } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';

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
const locate = measure('locate (bounding boxes, then polygons)', (i) => alliance.locate(...points[i]!));
const border = measure('border zone (2 km, segment grid)', (i) => alliance.citiesWithin(...points[i]!, 2000));
const route = measure('full route (matter, locate, border, units)', (i) => routeCase(ctx, { matter: matters[i]!, lon: points[i]![0], lat: points[i]![1] }));
console.log(`
locate vs scan:       ${(locate.perSecond / scan.perSecond).toFixed(1)}× the throughput, p99 ${(scan.p99 / locate.p99).toFixed(1)}× lower
full route vs scan:   ${(route.perSecond / scan.perSecond).toFixed(2)}× the throughput of the bare scan (which finds only the district)
border share of route: ${((1 / border.perSecond / (1 / route.perSecond)) * 100).toFixed(0)} % of the time`);
