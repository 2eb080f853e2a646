/**
 * The timer benchmark's set-up on its own: N cases (BENCH_CASES, 10,000) through `intakeCase`, 50
 * at a time, all at one spot (each a repeat of the first), on a fresh PostgreSQL database; with
 * BENCH_BEFORE=<another installed checkout>, that checkout's intakeCase does the same in the same run.
 * For a CPU profile of the intake path: node --cpu-prof --import tsx intake-setup.bench.ts
 *
 *   BENCH_BEFORE=/work/wt/intake-before pnpm --filter @gongzhi/bench bench:intake-setup
 */
import { pathToFileURL } from 'node:url';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Actor } from '@gongzhi/domain';
import { openDatabase, seedReference } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/use-cases';
import { scratchDatabase } from './lib.ts';

const CASES = Number(process.env.BENCH_CASES ?? 10_000);
/** the before checkout's cases (BENCH_BEFORE_CASES; all of them by default), as its pace is the slow one */
const BEFORE_CASES = Number(process.env.BENCH_BEFORE_CASES ?? CASES);
const alliance = loadAlliance();
const coordinator: Actor = {
  kind: 'user',
  userId: 'bench',
  username: 'bench',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};
const t0 = new Date('2026-11-27T01:00:00Z');

/** Seconds to take in CASES cases through `intake` (two pools, as the timer benchmark has), printing the pace as it goes. */
async function setUp(name: string, db: typeof import('@gongzhi/db'), intake: typeof intakeCase, cases = CASES): Promise<number> {
  const scratch = await scratchDatabase();
  const a = await db.openDatabase({ url: scratch.url, poolSize: 10 });
  const b = await db.openDatabase({ url: scratch.url, poolSize: 10 });
  try {
    await a.migrate();
    await db.seedReference(a.db, alliance, t0);
    const clock = new ManualClock(t0);
    const started = performance.now();
    let lap = started;
    for (let i = 0; i < cases; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, cases - i) }, (_, j) =>
          intake({
            ctx: { db: (j % 2 ? b : a).db, clock, alliance },
            input: { input: { matter: 'FUM-01', lon: 104.0657, lat: 30.6574, description: `油烟扰民 ${i + j}`, source: 'hotline' }, actor: coordinator },
          }),
        ),
      );
      if ((i + 50) % 1_000 === 0) {
        console.log(`  ${name}: ${i + 50} cases, the last 1,000 at ${((performance.now() - lap) / 1_000).toFixed(1)} ms a case`);
        lap = performance.now();
      }
    }
    return (performance.now() - started) / 1000;
  } finally {
    await a.close();
    await b.close();
    await scratch.drop();
  }
}

const before = process.env.BENCH_BEFORE;
const after = await setUp('after', { openDatabase, seedReference } as typeof import('@gongzhi/db'), intakeCase);
let old: number | undefined;
if (before) {
  const oldDb = (await import(pathToFileURL(`${before}/packages/db/src/index.ts`).href)) as typeof import('@gongzhi/db');
  const oldApi = (await import(pathToFileURL(`${before}/packages/api/src/use-cases/index.ts`).href)) as typeof import('@gongzhi/api/use-cases');
  old = await setUp('before', oldDb, oldApi.intakeCase as unknown as typeof intakeCase, BEFORE_CASES);
}
console.log(`${CASES} cases through intakeCase, 50 at a time, at one spot: after ${after.toFixed(1)} s (goal < 30 s)`);
if (old !== undefined)
  console.log(
    `before (${before}): ${BEFORE_CASES} cases in ${old.toFixed(1)} s, ${((old / BEFORE_CASES) * 1000).toFixed(1)} ms a case against ${((after / CASES) * 1000).toFixed(1)} after`,
  );
