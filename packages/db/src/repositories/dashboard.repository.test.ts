import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compute,
  computeByUnit,
  INDICATOR_CODES,
  INDICATORS,
  inPeriod,
  inScope,
  MATRIX_V1_MATTERS,
  matchesFilters,
  parsePeriod,
  type CaseFacts,
  type DashboardFilters,
  type DashboardScope,
  type DrillPart,
  type IndicatorCode,
  type Period,
} from '@gongzhi/domain';
import { planReads, testTargets } from '../testing.ts';
import { rowsOf, type DatabaseHandle } from '../client.ts';
import { generateDemoHistory } from '../seed/demo-history.seed.ts';
import { sql } from 'drizzle-orm';
import { insertFacts, loadFacts } from './command.repository.ts';
import { cellDays, drillCases, drillPage, drillPageStatement, tallies, type DrillKey } from './dashboard.repository.ts';
import { rollupDrift } from './rollup.ts';

const asOf = new Date('2026-11-20T04:00:00Z');
const period = (label: string) => parsePeriod(label) as Period;

/**
 * Three months of generated history in two cities, with resolution deadlines, transfers bounced,
 * disputes ruled in time or late and cases still inside their response window added, so that every
 * indicator has something to count.
 */
function sampleFacts(): CaseFacts[] {
  const facts = generateDemoHistory({
    counties: [
      { adcode: '510104', cityAdcode: '510100', perDay: 5, vendingPeak: true, borderShare: 0.1 },
      { adcode: '510107', cityAdcode: '510100', perDay: 2, vendingPeak: false, borderShare: 0.01 },
      { adcode: '510681', cityAdcode: '510600', perDay: 2, vendingPeak: false, borderShare: 0.3 },
    ],
    matters: MATRIX_V1_MATTERS,
    until: asOf,
    months: 3,
    seed: 7,
  });
  return facts.map((f, i) => {
    const more: Partial<CaseFacts> = { historical: i % 5 !== 0 };
    if (f.resolvedAt && i % 3 === 0) more.resolveBy = new Date(new Date(f.reportedAt).getTime() + (i % 2 === 0 ? 10 : 60) * 3_600_000).toISOString();
    if (i % 17 === 0) Object.assign(more, { transfers: 2, transfersRejected: 2, disputes: 1, disputesRuled: 1, disputesRuledInTime: i % 2 });
    if (i % 41 === 0) Object.assign(more, { firstClaimAt: null, responseUnit: null, respondBy: new Date(asOf.getTime() + 3_600_000).toISOString() });
    return { ...f, ...more };
  });
}

const SCOPES: Array<[string, DashboardScope]> = [
  ['leadership', { all: true }],
  ['Chengdu coordinator', { all: false, cities: ['510100'], units: [] }],
  ['Chengdu urban supervisor', { all: false, cities: [], units: ['510100:urban'] }],
];
const FILTERS: DashboardFilters[] = [{}, { domain: 'vending' }, { department: 'urban' }, { county: '510104', source: 'hotline' }];

describe.each(testTargets())('dashboard figures in SQL on $name', (target) => {
  let handle: DatabaseHandle;
  const facts = sampleFacts();
  const selected = (scope: DashboardScope, filters: DashboardFilters) => facts.filter((f) => inScope(scope, f) && matchesFilters(filters, f));

  beforeAll(async () => {
    handle = await target.open();
    for (let i = 0; i < facts.length; i += 1000) await insertFacts(handle.db, facts.slice(i, i + 1000));
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('every indicator, per scope and filter, equals the domain computed over the same cases', async () => {
    expect(facts.length).toBeGreaterThan(500);
    const periods = [period('2026-10'), period('2026-W44'), period('2026-Q4'), period('2026-09')];
    for (const [, scope] of SCOPES) {
      for (const filters of FILTERS) {
        const got = await tallies(handle.db, { scope, filters, asOf, periods, codes: INDICATOR_CODES });
        const mine = selected(scope, filters);
        for (const p of periods) {
          for (const code of INDICATOR_CODES) {
            const want = compute(code, mine, p, asOf);
            const t = got.get('')?.get(p.label)?.get(code) ?? { numerator: 0, denominator: 0 };
            expect({ code, p: p.label, d: t.denominator }).toEqual({ code, p: p.label, d: want.denominator });
            expect(t.numerator, `${code} ${p.label}`).toBeCloseTo(want.numerator, 6);
          }
        }
      }
    }
    // something is counted everywhere it should be (the test would pass vacuously otherwise)
    const all = await tallies(handle.db, { scope: { all: true }, filters: {}, asOf, periods: [period('2026-10')], codes: INDICATOR_CODES });
    for (const code of INDICATOR_CODES.filter((c) => c !== 'infoSharing')) expect(all.get('')?.get('2026-10')?.get(code)?.denominator, code).toBeGreaterThan(0);
  });

  it('per charged unit, each indicator equals the domain’s computeByUnit', async () => {
    const p = period('2026-10');
    for (const code of INDICATOR_CODES) {
      const got = await tallies(handle.db, { scope: { all: true }, filters: {}, asOf, periods: [p], codes: [code], group: 'unit' });
      const want = computeByUnit(code, facts, p, asOf);
      for (const [unit, fig] of want) {
        const t = got.get(unit)?.get(p.label)?.get(code) ?? { numerator: 0, denominator: 0 };
        expect([code, unit, t.denominator]).toEqual([code, unit, fig.denominator]);
        expect(t.numerator).toBeCloseTo(fig.numerator, 6);
      }
      for (const [unit, byPeriod] of got) {
        if ((byPeriod.get(p.label)?.get(code)?.denominator ?? 0) > 0) expect(want.has(unit), `${code} ${unit}`).toBe(true);
      }
    }
  });

  it('per month of each indicator’s own basis, in Asia/Shanghai', async () => {
    const q = period('2026-Q3');
    for (const code of ['intake', 'publication', 'satisfaction'] as IndicatorCode[]) {
      const got = await tallies(handle.db, { scope: { all: true }, filters: {}, asOf, periods: [q], codes: [code], group: 'month' });
      for (const m of ['2026-07', '2026-08', '2026-09']) {
        const want = compute(code, facts, period(m), asOf);
        expect([code, m, got.get(m)?.get(q.label)?.get(code)?.denominator ?? 0]).toEqual([code, m, want.denominator]);
      }
    }
  });

  it('a drill-down lists exactly the cases a figure counted', async () => {
    const p = period('2026-10');
    const scope: DashboardScope = { all: false, cities: ['510100'], units: [] };
    const mine = selected(scope, {});
    const cases: Array<[IndicatorCode, DrillPart]> = [
      ['intake', 'counted'],
      ['resolution', 'met'],
      ['resolution', 'missed'],
      ['responseOnTime', 'missed'],
      ['resolvedOnTime', 'counted'],
      ['satisfaction', 'met'],
      ['border', 'counted'],
      ['disputesRuledInTime', 'counted'],
    ];
    for (const [code, part] of cases) {
      const drill = await drillCases(handle.db, { scope, filters: {}, asOf, period: p, code, part, limit: 100_000 });
      const figure = (await tallies(handle.db, { scope, filters: {}, asOf, periods: [p], codes: [code] })).get('')?.get(p.label)?.get(code);
      const want = compute(code, mine, p, asOf);
      if (part === 'counted' && code !== 'disputesRuledInTime') expect([code, drill.total]).toEqual([code, figure?.denominator]);
      if (part === 'met') expect([code, drill.total]).toEqual([code, figure?.numerator]);
      if (part === 'missed') expect([code, drill.total]).toEqual([code, (figure?.denominator ?? 0) - (figure?.numerator ?? 0)]);
      expect(drill.total).toBeGreaterThan(0);
      expect(want.denominator).toBeGreaterThan(0);
      // the same cases, by id, as the domain counts
      const ids = new Set(drill.cases.map((c) => c.caseId));
      expect(ids.size).toBe(drill.total);
      const i = INDICATORS[code];
      const expected = mine
        .filter((f) => inPeriod(f[i.basis], p))
        .filter((f) => {
          const m = i.measure(f, asOf);
          return m.counted && (part === 'counted' || (part === 'met' ? m.value > 0 : m.value === 0));
        })
        .map((f) => f.caseId);
      expect([...ids].sort()).toEqual(expected.sort());
      for (const c of drill.cases) expect(c.cityAdcode).toBe('510100');
    }
    // a drill into one district's cell of the map and one hour-of-week cell of the heatmap
    const byCounty = await tallies(handle.db, { scope, filters: {}, asOf, periods: [p], codes: ['intake'], group: 'county' });
    const cell = await drillCases(handle.db, {
      scope,
      filters: {},
      asOf,
      period: p,
      code: 'intake',
      part: 'counted',
      group: { kind: 'county', key: '510104' },
      limit: 5,
    });
    expect(cell.total).toBe(byCounty.get('510104')?.get(p.label)?.get('intake')?.numerator);
    expect(cell.cases).toHaveLength(5);
    const slots = await tallies(handle.db, { scope, filters: { domain: 'vending' }, asOf, periods: [p], codes: ['intake'], group: 'slot' });
    const [slot, tally] =
      [...slots].sort((a, b) => (b[1].get(p.label)?.get('intake')?.numerator ?? 0) - (a[1].get(p.label)?.get('intake')?.numerator ?? 0))[0] ?? [];
    const slotDrill = await drillCases(handle.db, {
      scope,
      filters: { domain: 'vending' },
      asOf,
      period: p,
      code: 'intake',
      part: 'counted',
      group: { kind: 'slot', key: slot ?? '' },
      limit: 1000,
    });
    expect(slotDrill.total).toBe(tally?.get(p.label)?.get('intake')?.numerator);
  });

  it('the early warning’s cell-days count every case of a district × domain on its Beijing day and hour', async () => {
    // whole Beijing days (the kept cells, or the facts for a unit scope or a source filter) and a window cut mid-day (the facts)
    const windows: Array<[Date, Date, DashboardFilters]> = [
      [new Date('2026-09-30T16:00:00Z'), new Date('2026-11-15T16:00:00Z'), {}],
      [new Date('2026-09-30T16:00:00Z'), new Date('2026-11-15T16:00:00Z'), { city: '510100', domain: 'vending' }],
      [new Date('2026-09-30T16:00:00Z'), new Date('2026-11-15T16:00:00Z'), { source: 'hotline' }],
      [new Date('2026-10-03T05:00:00Z'), new Date('2026-11-02T11:00:00Z'), {}],
    ];
    for (const [[, scope], [from, to, filters]] of SCOPES.flatMap((s) => windows.map((w) => [s, w] as const))) {
      const got = await cellDays(handle.db, { scope, filters, from, to });
      const want = new Map<string, number[]>();
      for (const f of selected(scope, filters)) {
        const at = new Date(f.reportedAt).getTime();
        if (f.domainCode === null || at < from.getTime() || at >= to.getTime()) continue;
        const local = new Date(at + 8 * 3_600_000).toISOString();
        const k = `${f.countyAdcode}|${f.domainCode}|${local.slice(0, 10)}`;
        const hours = want.get(k) ?? new Array<number>(24).fill(0);
        hours[Number(local.slice(11, 13))]! += 1;
        want.set(k, hours);
      }
      expect(new Map(got.map((c) => [`${c.county}|${c.domain}|${c.day}`, c.hours]))).toEqual(want);
      expect(got.length).toBe(want.size);
    }
  });

  it('the monthly rollup equals the facts after updates and deletes, and month figures from it still equal the domain', async () => {
    const rows = async (q: ReturnType<typeof sql>) => (await handle.db.execute(q)) as unknown as { rows: Array<Record<string, unknown>> };
    expect(Number((await rows(sql`select count(*)::int as n from case_facts_monthly where cases > 0`)).rows[0]?.n)).toBeGreaterThan(0);
    expect(await rollupDrift(handle.db)).toBe(0);
    // what workflow steps do to facts rows: claims, closures, reopenings, ratings, a unit taking over, a
    // case changing matter; one statement touching many rows, and one deleted
    const ids = facts.filter((_, i) => i % 3 === 1).map((f) => f.caseId);
    expect(ids.length).toBeGreaterThan(150);
    await handle.db.execute(sql`update case_facts set first_claim_at = reported_at + interval '30 minutes', response_unit = coalesce(response_unit, holder_unit)
      where case_id in ${sql.raw(
        `(${ids
          .slice(0, 40)
          .map((id) => `'${id}'`)
          .join(', ')})`,
      )}`);
    await handle.db.execute(sql`update case_facts set closed_at = null, resolved_at = null, closing_unit = null, reopened = reopened + 1, rating = null
      where case_id in ${sql.raw(
        `(${ids
          .slice(40, 80)
          .map((id) => `'${id}'`)
          .join(', ')})`,
      )}`);
    await handle.db.execute(sql`update case_facts set rating = 'unsatisfied', published = true, holder_unit = '510100:urban', closing_unit = '510100:urban'
      where case_id in ${sql.raw(
        `(${ids
          .slice(80, 120)
          .map((id) => `'${id}'`)
          .join(', ')})`,
      )}`);
    await handle.db.execute(sql`update case_facts set matter_code = null, domain_code = null, first_claim_at = null, respond_by = ${'2026-10-15T00:00:00Z'}
      where case_id in ${sql.raw(
        `(${ids
          .slice(120, 140)
          .map((id) => `'${id}'`)
          .join(', ')})`,
      )}`);
    for (const id of ids.slice(140, 150))
      await handle.db.execute(
        sql`update case_facts set closed_at = ${'2026-10-31T16:30:00Z'}, resolved_at = ${'2026-10-31T15:59:00Z'}, data_requests_judged = data_requests_judged + 1 where case_id = ${id}`,
      );
    await handle.db.execute(sql`delete from case_facts where case_id = ${ids[150] as string}`);
    expect(await rollupDrift(handle.db)).toBe(0);
    const now = await loadFacts(handle.db);
    const periods = [period('2026-10'), period('2026-Q4'), period('2026-09'), period('2026-W44')];
    for (const [, scope] of SCOPES) {
      for (const filters of FILTERS) {
        const got = await tallies(handle.db, { scope, filters, asOf, periods, codes: INDICATOR_CODES });
        const mine = now.filter((f) => inScope(scope, f) && matchesFilters(filters, f));
        for (const p of periods)
          for (const code of INDICATOR_CODES) {
            const want = compute(code, mine, p, asOf);
            const t = got.get('')?.get(p.label)?.get(code) ?? { numerator: 0, denominator: 0 };
            expect({ code, p: p.label, d: t.denominator }).toEqual({ code, p: p.label, d: want.denominator });
            expect(t.numerator, `${code} ${p.label}`).toBeCloseTo(want.numerator, 6);
          }
      }
    }
    // by district, from the rollup, as from the facts
    const byCounty = await tallies(handle.db, {
      scope: { all: true },
      filters: {},
      asOf,
      periods: [period('2026-10')],
      codes: ['intake', 'responseOnTime', 'satisfaction'],
      group: 'county',
    });
    for (const county of ['510104', '510107', '510681'])
      for (const code of ['intake', 'responseOnTime', 'satisfaction'] as IndicatorCode[]) {
        const want = compute(
          code,
          now.filter((f) => f.countyAdcode === county),
          period('2026-10'),
          asOf,
        );
        expect([county, code, byCounty.get(county)?.get('2026-10')?.get(code)?.denominator]).toEqual([county, code, want.denominator]);
      }
    // and the check does see a rollup that is off (one row's count changed: it differs from the fresh one, both ways), and cells
    await handle.db.execute(sql`update case_facts_monthly set cases = cases + 1 where ctid = (select ctid from case_facts_monthly where cases > 0 limit 1)`);
    expect(await rollupDrift(handle.db)).toBe(2);
    await handle.db.execute(sql`update case_facts_cells set hours[3] = hours[3] + 1 where ctid = (select ctid from case_facts_cells limit 1)`);
    expect(await rollupDrift(handle.db)).toBe(4);
  });
});

/** a unit's month of cases, four reported at each minute, the fourth 0.5 ms before the others (ties, and instants finer than a millisecond) */
const DRILLED = 1_000;

describe.each(testTargets())('a drill-down of a month’s thousand cases, page after page, on $name', (target) => {
  let handle: DatabaseHandle;
  const q = {
    scope: { all: false, cities: [], units: ['510100:urban'] } as DashboardScope,
    filters: {},
    asOf,
    period: period('2026-10'),
    code: 'intake' as IndicatorCode,
    part: 'counted' as DrillPart,
  };
  let newestFirst: string[];

  beforeAll(async () => {
    handle = await target.open();
    await handle.db.execute(sql`
      insert into case_facts (case_id, city_adcode, county_adcode, matter_code, domain_code, source, reported_at, holder_unit)
      select 'fact-' || g, '510100', '510104', 'VEN-02', 'vending', 'hotline',
        timestamptz '2026-10-20 00:00:00+00' - (g / 4) * interval '1 minute' - (g % 4 = 3)::int * interval '500 microseconds', '510100:urban'
      from generate_series(0, ${DRILLED - 1}) g`);
    await handle.db.execute(sql`analyze case_facts`);
    newestFirst = rowsOf<{ case_id: string }>(await handle.db.execute(sql`select case_id from case_facts order by reported_at desc, case_id`)).map(
      (r) => r.case_id,
    );
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('lists every case once, in the order of the first page, whatever the page breaks through', async () => {
    const first = await drillCases(handle.db, { ...q, limit: 7 });
    expect(first.total).toBe(DRILLED);
    const seen = first.cases.map((c) => c.caseId);
    for (let after = first.next; after;) {
      const page = await drillPage(handle.db, { ...q, limit: 7, after });
      seen.push(...page.cases.map((c) => c.caseId));
      after = page.next;
    }
    expect(seen).toEqual(newestFirst);
  });

  it('reads a page deep in the list from where it starts, not every case before it', async () => {
    let after: DrillKey | null = null;
    for (let i = 0; i < 5; i++) after = (await drillPage(handle.db, { ...q, limit: 100, after: after ?? undefined })).next;
    expect(after?.caseId).toBe(newestFirst[499]);
    const page = await drillPage(handle.db, { ...q, limit: 10, after: after! });
    expect(page.cases.map((c) => c.caseId)).toEqual(newestFirst.slice(500, 510));
    const { plan, most } = await planReads(handle.db, drillPageStatement({ ...q, limit: 10, after: after! }));
    expect(most, plan).toBeLessThan(20);
  });
});
