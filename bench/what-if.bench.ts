/**
 * What-if replay of a matrix draft: 1,000,000 historical cases on PostgreSQL (goal under 5 s) and
 * the demo history (~18 months, four cities) on the embedded database, with the process's memory
 * during the replay. Beside it, in the same run, the naive path: every case of the window read and
 * routed one by one (the grouped replay must give the same moved count).
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres pnpm --filter @gongzhi/bench bench:what-if
 *   BENCH_CASES=200000 … for a smaller run
 */
import { sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, routingMatter, type MatrixVersion } from '@gongzhi/domain';
import { demoCounties, insertFacts, generateDemoHistory, loadMatrix, openDatabase, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { whatIf } from '@gongzhi/api/use-cases/what-if';
import { percentile, scratchDatabase } from './lib.ts';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const alliance = loadAlliance();
const clock = new ManualClock('2026-11-28T04:00:00Z');
const to = clock.now();
const from = new Date(to.getTime() - 90 * 86_400_000);
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

/** Two leads changed: small eateries' fumes to ecology, lane-blocking to urban management. */
function proposal(base: MatrixVersion): MatrixVersion {
  const lead = { 'FUM-02': 'ecology', 'VEN-04': 'urban' } as const;
  return { ...base, version: base.version + 1, matters: base.matters.map((m) => (m.code in lead ? { ...m, lead: lead[m.code as keyof typeof lead] } : m)) };
}

/** Runs the replay RUNS times, sampling the heap and RSS every 10 ms; returns the times and peaks. */
async function measure(handle: DatabaseHandle) {
  const base = await loadMatrix(handle.db);
  const proposed = proposal(base);
  const times: number[] = [];
  let rss = process.memoryUsage().rss;
  let heap = process.memoryUsage().heapUsed;
  const before = { rss, heap };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  }, 10);
  let moved = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const r = await whatIf({ ctx: { db: handle.db, clock }, input: { proposed, base, from, to } });
    times.push(performance.now() - t);
    moved = r.moved;
    if (i === 0)
      console.log(`  ${r.cases} cases, ${r.moved} moved, ${r.units.length} units shifted, ${r.avoided.transfers + r.avoided.disputes} passes spared`);
  }
  clearInterval(sampler);
  times.sort((a, b) => a - b);
  // The naive path: every case of the window read and routed alone.
  const t = performance.now();
  const rows = (await handle.db.execute(
    sql`select city_adcode, matter_code from case_facts where reported_at >= ${from.toISOString()}::timestamptz and reported_at < ${to.toISOString()}::timestamptz and matter_code is not null`,
  )) as unknown as { rows: Array<{ city_adcode: string; matter_code: string }> };
  let naiveMoved = 0;
  for (const row of rows.rows) if (routingMatter(base, row.matter_code).lead !== routingMatter(proposed, row.matter_code).lead) naiveMoved++;
  const naive = performance.now() - t;
  console.log(
    `  replay p50 ${percentile(times, 0.5).toFixed(0)} ms, max ${times[times.length - 1]?.toFixed(0)} ms over ${RUNS} runs; ` +
      `naive per-case ${naive.toFixed(0)} ms (${(naive / percentile(times, 0.5)).toFixed(1)}× the replay; moved ${naiveMoved} = ${moved}: ${naiveMoved === moved})`,
  );
  console.log(`  memory during the replay: RSS ${mb(before.rss)} → peak ${mb(rss)}, heap ${mb(before.heap)} → peak ${mb(heap)}`);
}

// PostgreSQL: CASES cases over the 90 days, four cities, every matter, closed by the lead's unit.
const scratch = await scratchDatabase('gongzhi_bench_whatif');
const pg = await openDatabase({ url: scratch.url, poolSize: 4 });
try {
  await pg.migrate();
  await seedReference(pg.db, alliance, clock.now());
  const matrix = await loadMatrix(pg.db);
  const codes = matrix.matters.map((m) => m.code);
  // Postgres array literals (an array parameter would be spread into a list by drizzle).
  const codeArray = `{${codes.join(',')}}`;
  const leadArray = `{${matrix.matters.map((m) => m.lead).join(',')}}`;
  const t = performance.now();
  await pg.db.execute(sql`
    insert into case_facts (case_id, city_adcode, county_adcode, matter_code, domain_code, source, tier, reported_at, first_claim_at, resolved_at, closed_at, closing_unit, transfers, disputes, disputes_ruled, border, historical)
    select 'W' || i, c.city, c.city, m.code, null, 'hotline', 'simple', r.at, r.at + interval '1 hour', r.at + (1 + (i % 48)) * interval '1 hour', r.at + (2 + (i % 48)) * interval '1 hour',
           c.city || ':' || (case when i % 20 = 0 then 'urban' else m.lead end), (i % 20 = 0)::int, (i % 97 = 0)::int, (i % 97 = 0)::int, i % 25 = 0, true
    from generate_series(1, ${CASES}) as i
    cross join lateral (select (array['510100','510600','511400','512000'])[1 + i % 4] as city) c
    cross join lateral (select (${codeArray}::text[])[1 + (i * 7) % ${codes.length}] as code, (${leadArray}::text[])[1 + (i * 7) % ${codes.length}] as lead) m
    cross join lateral (select ${from.toISOString()}::timestamptz + (i % 7776000) * interval '1 second' as at) r`);
  await pg.db.execute(sql`analyze case_facts`);
  console.log(`PostgreSQL: ${CASES.toLocaleString()} cases inserted in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await measure(pg);
} finally {
  await pg.close();
  await scratch.drop();
}

// The embedded database with the demo history (the same generator npm start uses).
const embedded = await openDatabase({ dataDir: 'memory://' });
try {
  await embedded.migrate();
  await seedReference(embedded.db, alliance, clock.now());
  const matrix = await loadMatrix(embedded.db);
  const facts = generateDemoHistory({ counties: demoCounties(alliance.counties), matters: matrix.matters, until: clock.now(), months: 18, seed: 1 });
  for (let i = 0; i < facts.length; i += 2_000) await insertFacts(embedded.db, facts.slice(i, i + 2_000));
  console.log(`Embedded (PGlite): demo history of ${facts.length.toLocaleString()} cases`);
  await measure(embedded);
} finally {
  await embedded.close();
}
