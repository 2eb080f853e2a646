/**
 * What opening a PGlite test database costs (every PGlite integration test opens at least one):
 * the migrated template as initdb leaves it (128 MB of shared buffers, three databases, a log to
 * replay) against the template the tests use (`PGLITE_TEMPLATE_SETUP`), both built in this run and
 * opened alternately the way `testTargets()` opens one: copied into memory, started, migrations
 * checked. CPU time of this process per open (PGlite runs in it), and wall time.
 *
 *   pnpm --filter @gongzhi/bench bench:test-open
 */
import { buildPgliteTemplate, PGLITE_TEMPLATE_SETUP } from '@gongzhi/db/testing';
import { openDatabase } from '@gongzhi/db';
import { sql } from 'drizzle-orm';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);

const variants = [
  { name: 'as initdb leaves it', template: await buildPgliteTemplate([]), cpu: [] as number[], wall: [] as number[] },
  { name: 'the tests’ template', template: await buildPgliteTemplate(PGLITE_TEMPLATE_SETUP), cpu: [] as number[], wall: [] as number[] },
];
// one warm-up open each (the first compiles PGlite's WebAssembly), then alternately
for (let round = -1; round < ROUNDS; round++) {
  for (const v of variants) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const handle = await openDatabase({ dataDir: 'memory://', loadDataDir: v.template });
    await handle.migrate();
    await handle.db.execute(sql`select 1`);
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await handle.close();
    if (round < 0) continue;
    v.wall.push(wall);
    v.cpu.push((cpu.user + cpu.system) / 1000);
  }
}
const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? (sorted[Math.floor(mid)] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
console.log(`PGlite test database opens, ${ROUNDS} of each, alternately (medians):`);
for (const v of variants) {
  console.log(
    `  ${v.name.padEnd(22)} ${(v.template.size / 2 ** 20).toFixed(1).padStart(5)} MB copied  ${median(v.cpu).toFixed(0).padStart(5)} ms CPU  ${median(v.wall).toFixed(0).padStart(5)} ms wall`,
  );
}
const [before, after] = variants as [(typeof variants)[0], (typeof variants)[0]];
console.log(
  `  ratio (initdb's / the tests'): CPU ${(median(before.cpu) / median(after.cpu)).toFixed(2)}×, wall ${(median(before.wall) / median(after.wall)).toFixed(2)}×`,
);
