/**
 * Timers: with 100,000 pending, firings per second and lateness when 10,000 fall due at once,
 * fired by two workers (two connection pools, as two server processes would) on PostgreSQL.
 *
 *   pnpm --filter @gongzhi/bench bench:timers
 */
import { sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Actor, type Clock } from '@gongzhi/domain';
import { fireDueTimers, openDatabase, seedReference, startNewWorkflow } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/use-cases';
import { percentile, scratchDatabase } from './lib.ts';

const DUE = 10_000;
const PENDING = 100_000;
const alliance = loadAlliance();
const coordinator: Actor = {
  kind: 'user',
  userId: 'bench',
  username: 'bench',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};

const db = await scratchDatabase();
const a = await openDatabase({ url: db.url, poolSize: 10 });
const b = await openDatabase({ url: db.url, poolSize: 10 });
try {
  await a.migrate();
  const t0 = new Date('2026-11-27T01:00:00Z');
  const setup = new ManualClock(t0);
  await seedReference(a.db, alliance, t0);

  // 10,000 complex cases (24 h window): each warns at 18 h and escalates at 24 h.
  const started = performance.now();
  for (let i = 0; i < DUE; i += 50) {
    await Promise.all(
      Array.from({ length: 50 }, (_, j) =>
        intakeCase({
          ctx: { db: (j % 2 ? b : a).db, clock: setup, alliance },
          input: { input: { matter: 'FUM-01', lon: 104.0657, lat: 30.6574, description: `油烟扰民 ${i + j}`, source: 'hotline' }, actor: coordinator },
        }),
      ),
    );
  }
  console.log(`set-up: ${DUE} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  // The rest of the 100,000 pending timers, due in a month (a harmonisation proposal never fires them).
  const holder = await startNewWorkflow(
    { db: a.db, clock: setup },
    'harmonisation',
    { matterCode: 'FUM-01', text: 'x', proposedBy: 'bench', proposedAt: t0.toISOString(), cities: ['510100'] },
    coordinator,
  );
  const filler = PENDING - 2 * DUE;
  await a.db.execute(
    sql`insert into timers (workflow_id, key, due_at, event) select ${holder}, 'bench-' || g, ${new Date(t0.getTime() + 30 * 86_400_000)}::timestamptz + g * interval '1 second', '{"type":"NOOP"}'::jsonb from generate_series(1, ${filler}) g`,
  );
  await a.db.execute(sql`analyze timers`);
  const pending = (await a.db.execute(sql`select count(*)::int as n from timers where fired_at is null`)) as unknown as { rows: Array<{ n: number }> };
  console.log(`pending timers: ${pending.rows[0]!.n}`);

  // The clock now stands at the 18 h warning of all 10,000 cases, and moves with real time.
  const dueAt = t0.getTime() + 18 * 3_600_000;
  const offset = dueAt - Date.now();
  const clock: Clock = { now: () => new Date(Date.now() + offset) };
  const drain = async (handle: typeof a) => {
    let n = 0;
    for (;;) {
      const r = await fireDueTimers({ db: handle.db, clock }, { limit: 200 });
      n += r.fired;
      if (r.fired + r.stale + r.retry === 0) return n;
    }
  };
  const fireStart = performance.now();
  const [byA, byB] = await Promise.all([drain(a), drain(b)]);
  const seconds = (performance.now() - fireStart) / 1000;
  const late = (await a.db.execute(
    sql`select extract(epoch from (fired_at - due_at)) * 1000 as ms from timers where key = 'response-warning' and fired_at is not null`,
  )) as unknown as { rows: Array<{ ms: string }> };
  const lateness = late.rows.map((r) => Number(r.ms)).sort((x, y) => x - y);
  console.log(`fired ${byA + byB} (worker A ${byA}, worker B ${byB}) in ${seconds.toFixed(1)} s: ${((byA + byB) / seconds).toFixed(0)} firings/s`);
  console.log(
    `lateness: p50 ${(percentile(lateness, 0.5) / 1000).toFixed(1)} s, p99 ${(percentile(lateness, 0.99) / 1000).toFixed(1)} s, max ${(lateness.at(-1)! / 1000).toFixed(1)} s`,
  );
} finally {
  await a.close();
  await b.close();
  await db.drop();
}
