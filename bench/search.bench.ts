/**
 * Finding any case (issue 11, item 10): the header search's p50/p99 over 100,000 cases on
 * PostgreSQL, for three readers (leadership: every case; a coordinator: a city; a liaison: its
 * unit's cases), by number, phone, address and complaint text; against the same text search
 * without the character-pair index (a scan of every visible case's text), measured in this run.
 *
 *   pnpm --filter @gongzhi/bench bench:search        (BENCH_CASES=100000, BENCH_ROUNDS=30)
 */
import { and, desc, sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { COMPLAINT_EXAMPLES, caseScopeOf, parseCaseSearch, systemClock, type Principal } from '@gongzhi/domain';
import { caseVisibleTo, openDatabase, searchCases, seedReference, type Database } from '@gongzhi/db';
import { cases } from '@gongzhi/db/schema';
import { intakeTemplates, scratchDatabase } from './lib.ts';

const N = Number(process.env.BENCH_CASES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const alliance = loadAlliance();
const CD = '510100';
const person = (m: Principal['memberships'][number]): Principal => ({ userId: 'r', username: 'r', displayName: 'r', memberships: [m] });
const READERS = {
  leadership: person({ role: 'leadership', cityAdcode: CD, departmentCode: null }),
  coordinator: person({ role: 'coordinator', cityAdcode: CD, departmentCode: null }),
  liaison: person({ role: 'liaison', cityAdcode: CD, departmentCode: 'urban' }),
};
const STREETS = ['天府大道', '人民南路', '蜀都大道', '红星路', '春熙路', '建设路', '一环路', '二环路', '府青路', '科华北路'];

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The same text search without the index: every visible case's text scanned. */
const scan = (db: Database, principal: Principal, q: string) =>
  db
    .select({ id: cases.id })
    .from(cases)
    .where(and(sql`strpos(lower(${cases.description} || ' ' || coalesce(${cases.address}, '')), lower(${q})) > 0`, caseVisibleTo(caseScopeOf(principal))))
    .orderBy(desc(cases.number))
    .limit(20);

const scratch = await scratchDatabase('gongzhi_bench_search');
try {
  const handle = await openDatabase({ url: scratch.url });
  await handle.migrate();
  await seedReference(handle.db, alliance, systemClock.now());
  const templates = await intakeTemplates(handle.db, alliance);
  const examples = Object.values(COMPLAINT_EXAMPLES).flat();
  const t = sql.raw(`array[${templates.map((id) => `'${id}'`).join(',')}]`);
  const texts = sql`array(select jsonb_array_elements_text(${JSON.stringify(examples)}::jsonb))`;
  const streets = sql`array(select jsonb_array_elements_text(${JSON.stringify(STREETS)}::jsonb))`;
  const started = performance.now();
  await handle.db.execute(
    sql`create temp table clone as select g, gen_random_uuid()::text as id, (${t})[1 + g % 8] as template from generate_series(1, ${N}) g`,
  );
  await handle.db
    .execute(sql`insert into cases (id, matter_code, matrix_version, city_adcode, county_adcode, lon, lat, address, description, reporter_name, reporter_phone, source, reported_in, border_cities, cross_city, tier, created_at, state, holder_unit, closed_at)
    select k.id, c.matter_code, c.matrix_version, c.city_adcode, c.county_adcode, c.lon, c.lat,
      (${streets})[1 + k.g % ${STREETS.length}] || (k.g % 3000) || '号',
      (${texts})[1 + (k.g * 7) % ${examples.length}],
      '市民', '13' || lpad(((k.g::bigint * 7919) % 1000000000)::text, 9, '0'),
      c.source, c.reported_in, c.border_cities, c.cross_city, c.tier, c.created_at - (k.g || ' minutes')::interval, c.state, c.holder_unit, c.closed_at
    from clone k join cases c on c.id = k.template`);
  await handle.db.execute(sql`insert into workflows (id, kind, case_id, matter_code, state, done, snapshot, version, created_at, updated_at)
    select k.id, w.kind, k.id, w.matter_code, w.state, w.done, w.snapshot, w.version, w.created_at, w.updated_at from clone k join workflows w on w.id = k.template`);
  await handle.db.execute(sql`insert into tasks (workflow_id, kind, case_id, inbox, role, action, due_at, warn_at, escalation, since)
    select k.id, x.kind, k.id, x.inbox, x.role, x.action, x.due_at, x.warn_at, x.escalation, x.since from clone k join tasks x on x.workflow_id = k.template`);
  await handle.db.execute(
    sql`insert into holdings (case_id, unit, from_at, to_at) select k.id, h.unit, h.from_at, h.to_at from clone k join holdings h on h.case_id = k.template`,
  );
  await handle.db.execute(sql`analyze`);
  console.log(`${N.toLocaleString('en')} cases loaded and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  // a case the liaison's unit (Chengdu urban, template 0) holds: g = 8
  const [probe] = (
    (await handle.db.execute(sql`select c.number, c.reporter_phone as phone from clone k join cases c on c.id = k.id where k.g = 8`)) as unknown as {
      rows: Array<{ number: number; phone: string }>;
    }
  ).rows;
  if (!probe) throw new Error('no probe case');
  const QUERIES: Record<string, string> = {
    number: `#${probe.number}`,
    phone: probe.phone,
    address: '人民南路1231号',
    'common text (2 chars)': '店招',
    'text (4 chars)': '占满了整面',
    'nothing matches': '没有这种投诉',
  };
  const all: number[] = [];
  const byQuery: Record<string, number[]> = {};
  const hits: Record<string, number> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, q] of Object.entries(QUERIES)) {
      for (const [name, principal] of Object.entries(READERS)) {
        let n = 0;
        const took = await timed(async () => (n = (await searchCases(handle.db, caseScopeOf(principal), parseCaseSearch(q))).length));
        all.push(took);
        (byQuery[label] ??= []).push(took);
        hits[`${label} / ${name}`] = n;
      }
    }
  }
  for (const [label, xs] of Object.entries(byQuery)) console.log(`${label.padEnd(24)} p50 ${ms(pct(xs, 50))}  p99 ${ms(pct(xs, 99))}`);
  console.log(
    `hits (limit 20): ${Object.entries(hits)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(`search over ${N.toLocaleString('en')} cases, ${all.length} searches: p50 ${ms(pct(all, 50))}, p99 ${ms(pct(all, 99))}`);

  const indexed: number[] = [];
  const scanned: number[] = [];
  for (let round = 0; round < Math.max(3, ROUNDS / 5); round++) {
    for (const q of [QUERIES['address']!, QUERIES['text (4 chars)']!, QUERIES['nothing matches']!]) {
      for (const principal of Object.values(READERS)) {
        indexed.push(await timed(() => searchCases(handle.db, caseScopeOf(principal), parseCaseSearch(q))));
        scanned.push(await timed(() => scan(handle.db, principal, q)));
      }
    }
  }
  console.log(
    `text search p99: with the index ${ms(pct(indexed, 99))}, scanning ${ms(pct(scanned, 99))}; ratio ${(pct(indexed, 99) / pct(scanned, 99)).toFixed(3)}`,
  );
  await handle.close();
} finally {
  await scratch.drop();
}
