import { sql, type SQL } from 'drizzle-orm';
import {
  INDICATORS,
  type DashboardFilters,
  type DashboardScope,
  type DrillPart,
  type FigureGroup,
  type IndicatorCode,
  type Period,
  type PeriodBasis,
} from '@gongzhi/domain';
import { rowsOf, type Database } from '../client.ts';

/**
 * The command centre's figures in SQL over `case_facts`: the domain's indicator definitions
 * (packages/domain/src/command/indicators.ts) written as SQL expressions, one entry per indicator
 * (a new indicator does not compile until it has one). dashboard.repository.test.ts checks every
 * entry against the domain's `compute` / `computeByUnit` on the same rows, on both databases.
 */
interface IndicatorSql {
  /** the case is counted (in the denominator) */
  counted: (asOf: SQL) => SQL;
  /** what it adds to the numerator */
  value: SQL;
  /** what it adds to the denominator (the domain's `weight`: 1, or the disputes ruled, or the data requests judged) */
  den: SQL;
  /** the unit charged (the domain's `unit` rule) */
  unit: SQL;
  /**
   * the cases whose counting depends on when the figure is asked (`counted(asOf)` is the same for any
   * `asOf` on every other case): the monthly rollup leaves them out and they are tallied live from the facts
   */
  pending?: SQL;
}

const BASIS: Record<PeriodBasis, SQL> = {
  reportedAt: sql.raw('f.reported_at'),
  closedAt: sql.raw('f.closed_at'),
  resolvedAt: sql.raw('f.resolved_at'),
};
/** the basis as the monthly rollup's `basis` column numbers it */
export const BASIS_INDEX: Record<PeriodBasis, number> = { reportedAt: 0, closedAt: 1, resolvedAt: 2 };
/** the unit a case belongs to for the scope and the department filter (domain `caseUnit`) */
export const CASE_UNIT = sql.raw('coalesce(f.closing_unit, f.holder_unit)');
/** the case's unit in the monthly rollup (stored there as `CASE_UNIT`) */
const ROLLUP_UNIT = sql.raw('f.unit');
const LAST = CASE_UNIT;
const RESPONSE = sql.raw('coalesce(f.response_unit, f.holder_unit, f.closing_unit)');
const CLOSING = sql.raw('f.closing_unit');
const ONE = sql.raw('1');
const yes = (cond: string) => sql.raw(`(case when ${cond} then 1 else 0 end)`);
const always = () => sql.raw('true');

export const INDICATOR_SQL: Readonly<Record<IndicatorCode, IndicatorSql>> = {
  intake: { counted: always, value: ONE, den: ONE, unit: LAST },
  responseOnTime: {
    counted: (asOf) => sql`(f.respond_by is not null and (f.first_claim_at is not null or f.respond_by <= ${asOf}))`,
    value: yes('f.first_claim_at is not null and f.respond_by is not null and f.first_claim_at <= f.respond_by'),
    den: ONE,
    unit: RESPONSE,
    // not claimed yet: counted (as missed) once the window has run out
    pending: sql.raw('f.first_claim_at is null'),
  },
  responseHours: {
    counted: () => sql.raw('f.first_claim_at is not null'),
    value: sql.raw('(extract(epoch from (f.first_claim_at - f.reported_at)) / 3600.0)'),
    den: ONE,
    unit: RESPONSE,
  },
  resolvedOnTime: {
    counted: () => sql.raw('(f.closed_at is not null and f.resolve_by is not null)'),
    value: yes('f.resolved_at is not null and f.resolve_by is not null and f.resolved_at <= f.resolve_by'),
    den: ONE,
    unit: CLOSING,
  },
  resolution: { counted: always, value: yes('f.closed_at is not null'), den: ONE, unit: LAST },
  rework: { counted: () => sql.raw('f.resolved_at is not null'), value: yes('f.reopened > 0'), den: ONE, unit: LAST },
  repeat: { counted: always, value: yes('f.repeat'), den: ONE, unit: LAST },
  joint: { counted: always, value: yes('f.joint'), den: ONE, unit: LAST },
  border: { counted: () => sql.raw('f.border'), value: ONE, den: ONE, unit: LAST },
  publication: { counted: () => sql.raw('f.closed_at is not null'), value: yes('f.published'), den: ONE, unit: CLOSING },
  satisfaction: { counted: () => sql.raw('f.rating is not null'), value: yes(`f.rating = 'satisfied'`), den: ONE, unit: LAST },
  infoSharing: {
    counted: () => sql.raw('f.data_requests_judged > 0'),
    value: sql.raw('f.data_requests_on_time'),
    den: sql.raw('f.data_requests_judged'),
    unit: sql.raw('f.data_request_unit'),
  },
  flexibleEnforcement: { counted: () => sql.raw('f.enforcement_flexible is not null'), value: yes('f.enforcement_flexible'), den: ONE, unit: LAST },
  discretionDeviation: { counted: () => sql.raw('f.enforcement_deviating is not null'), value: yes('f.enforcement_deviating'), den: ONE, unit: LAST },
  transfersRejected: { counted: () => sql.raw('f.transfers_rejected > 0'), value: sql.raw('f.transfers_rejected'), den: ONE, unit: LAST },
  disputes: { counted: () => sql.raw('f.disputes > 0'), value: sql.raw('f.disputes'), den: ONE, unit: LAST },
  disputesRuledInTime: {
    counted: () => sql.raw('f.disputes_ruled > 0'),
    value: sql.raw('f.disputes_ruled_in_time'),
    den: sql.raw('f.disputes_ruled'),
    unit: LAST,
  },
};

/** the indicators in the order of the monthly rollup's `n` and `d` arrays */
export const ROLLUP_CODES = Object.keys(INDICATOR_SQL) as IndicatorCode[];

const basisOf = (code: IndicatorCode) => BASIS[INDICATORS[code].basis];
const ts = (d: Date) => sql`cast(${d.toISOString()} as timestamptz)`;
/** a timestamp as Beijing wall-clock time (UTC+8 all year) */
const local = (col: SQL) => sql`((${col} at time zone 'UTC') + interval '8 hours')`;

/** The expression of a group for an indicator: tallies group by it and a drill-down filters on it, so both agree. */
function groupSql(group: FigureGroup, code: IndicatorCode): SQL {
  switch (group) {
    case 'unit':
      return INDICATOR_SQL[code].unit;
    case 'county':
      return sql.raw('f.county_adcode');
    case 'matter':
      return sql.raw('f.matter_code');
    case 'month':
      return sql`to_char(${local(basisOf(code))}, 'YYYY-MM')`;
    case 'week':
      return sql`to_char(${local(basisOf(code))}, 'IYYY-"W"IW')`;
    case 'slot':
      // hour-of-week of the report (hotspots in time: when complaints come in)
      return sql`(extract(isodow from ${local(sql.raw('f.reported_at'))})::int || '-' || extract(hour from ${local(sql.raw('f.reported_at'))})::int)`;
  }
}

const list = (xs: readonly string[]) =>
  sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  );

/** The scope as a predicate on `f` (domain `inScope`); `unit` is the case's unit (on the facts or the rollup). */
function scopeSql(scope: DashboardScope, unit: SQL = CASE_UNIT): SQL {
  if (scope.all) return sql`true`;
  const parts: SQL[] = [];
  if (scope.cities.length > 0) parts.push(sql`f.city_adcode in (${list(scope.cities)})`);
  if (scope.units.length > 0) parts.push(sql`${unit} in (${list(scope.units)})`);
  return parts.length === 0 ? sql`false` : sql`(${sql.join(parts, sql` or `)})`;
}

/** The filters as a predicate on `f` (domain `matchesFilters`). */
function filterSql(filters: DashboardFilters, unit: SQL = CASE_UNIT): SQL {
  const parts: SQL[] = [sql`true`];
  if (filters.city !== undefined) parts.push(sql`f.city_adcode = ${filters.city}`);
  if (filters.county !== undefined) parts.push(sql`f.county_adcode = ${filters.county}`);
  if (filters.department !== undefined) parts.push(sql`split_part(${unit}, ':', 2) = ${filters.department}`);
  if (filters.domain !== undefined) parts.push(sql`f.domain_code = ${filters.domain}`);
  if (filters.matter !== undefined) parts.push(sql`f.matter_code = ${filters.matter}`);
  if (filters.source !== undefined) parts.push(sql`f.source = ${filters.source}`);
  return sql.join(parts, sql` and `);
}

export interface FigureQuery {
  scope: DashboardScope;
  filters: DashboardFilters;
  /** when the figures are computed (a response window still open is not judged yet) */
  asOf: Date;
}

/** Numerator and denominator of an indicator (the domain's `figure` turns them into a value). */
export interface Tally {
  numerator: number;
  denominator: number;
}

/** tallies[key][period label][code] */
export type Tallies = Map<string, Map<string, Map<IndicatorCode, Tally>>>;

/** The Beijing month a period starts (or ends) on, as a date, when it starts and ends on a month's first midnight. */
function monthBounds(p: Period): { from: string; to: string } | null {
  const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString();
  const [from, to] = [local(p.from), local(p.to)];
  const whole = (iso: string) => iso.slice(8) === '01T00:00:00.000Z';
  return whole(from) && whole(to) ? { from: from.slice(0, 10), to: to.slice(0, 10) } : null;
}

/** groups the monthly rollup can answer (its columns carry the same names as the facts') */
const ROLLUP_GROUPS = new Set<FigureGroup | undefined>([undefined, 'county', 'matter']);

/**
 * Numerators and denominators of indicators for several periods, optionally split by a group (the same
 * group expression for every code, except `unit`, where each code has its own: ask for one code at a
 * time then). One aggregate per period, run side by side. A month, quarter or year with no group, or
 * by district or matter, is summed from the monthly rollup (`case_facts_monthly`: a few thousand rows a
 * month instead of every case), plus, live from the facts, the cases whose counting depends on `asOf`
 * (not claimed yet). Other periods and groups read only the facts whose instants (reported, closed,
 * resolved: the bases its codes use) fall inside the period, by those columns' indexes.
 */
export async function tallies(
  db: Database,
  q: FigureQuery & { periods: readonly Period[]; codes: readonly IndicatorCode[]; group?: FigureGroup | undefined },
): Promise<Tallies> {
  const { periods, codes } = q;
  if (periods.length === 0 || codes.length === 0) return new Map();
  const asOf = ts(q.asOf);
  const first = codes[0] as IndicatorCode;
  // a month or week is grouped on its first instant and named once per group, not per case
  const bucket = q.group === 'month' || q.group === 'week' ? q.group : null;
  const key = bucket ? sql`date_trunc(${bucket}, ${local(basisOf(first))})` : q.group ? groupSql(q.group, first) : sql`''`;
  const named = bucket ? sql`to_char(t.k, ${bucket === 'month' ? 'YYYY-MM' : 'IYYY-"W"IW'})` : sql`t.k`;
  const bases = [...new Set(codes.map((c) => INDICATORS[c].basis))];
  const inPeriod = (basis: PeriodBasis, p: Period) => sql`(${BASIS[basis]} >= ${ts(p.from)} and ${BASIS[basis]} < ${ts(p.to)})`;
  const fromFacts = async (p: Period, pendingOnly: boolean) => {
    const pending = codes.filter((c) => INDICATOR_SQL[c].pending);
    if (pendingOnly && pending.length === 0) return [];
    const read = pendingOnly ? pending : codes;
    const columns = codes.flatMap((code, j) => {
      const x = INDICATOR_SQL[code];
      if (!read.includes(code)) return [sql`0::float8 as ${sql.raw(`n_${j}`)}`, sql`0::float8 as ${sql.raw(`d_${j}`)}`];
      // with one basis, the where clause already holds the row inside the period
      let when = bases.length === 1 ? x.counted(asOf) : sql`${inPeriod(INDICATORS[code].basis, p)} and ${x.counted(asOf)}`;
      if (pendingOnly) when = sql`${when} and ${x.pending}`;
      return [
        sql`coalesce(sum(${x.value}) filter (where ${when}), 0)::float8 as ${sql.raw(`n_${j}`)}`,
        sql`coalesce(sum(${x.den}) filter (where ${when}), 0)::float8 as ${sql.raw(`d_${j}`)}`,
      ];
    });
    const readBases = [...new Set(read.map((c) => INDICATORS[c].basis))];
    // the pending cases by their own partial index (case_facts_unclaimed): few, whatever the history
    const only = pendingOnly
      ? sql`(${sql.join(
          pending.map((c) => INDICATOR_SQL[c].pending as SQL),
          sql` or `,
        )}) and `
      : sql``;
    const result = await db.execute(sql`
      select ${named} as key, t.* from (
        select ${key} as k, ${sql.join(columns, sql`, `)}
        from case_facts f
        where ${only}${scopeSql(q.scope)} and ${filterSql(q.filters)} and (${sql.join(
          readBases.map((b) => inPeriod(b, p)),
          sql` or `,
        )})
        group by 1) t`);
    return rowsOf<Record<string, unknown>>(result);
  };
  const fromRollup = async (months: { from: string; to: string }) => {
    const columns = codes.flatMap((code, j) => {
      const k = ROLLUP_CODES.indexOf(code) + 1;
      const when = sql.raw(`f.basis = ${BASIS_INDEX[INDICATORS[code].basis]}`);
      return [
        sql`coalesce(sum(f.n[${sql.raw(String(k))}]) filter (where ${when}), 0)::float8 as ${sql.raw(`n_${j}`)}`,
        sql`coalesce(sum(f.d[${sql.raw(String(k))}]) filter (where ${when}), 0)::float8 as ${sql.raw(`d_${j}`)}`,
      ];
    });
    const result = await db.execute(sql`
      select ${q.group ? groupSql(q.group, first) : sql`''`} as key, ${sql.join(columns, sql`, `)}
      from case_facts_monthly f
      where f.month >= cast(${months.from} as date) and f.month < cast(${months.to} as date) and f.cases > 0
        and f.basis in (${sql.raw(bases.map((b) => BASIS_INDEX[b]).join(', '))})
        and ${scopeSql(q.scope, ROLLUP_UNIT)} and ${filterSql(q.filters, ROLLUP_UNIT)}
      group by 1`);
    return rowsOf<Record<string, unknown>>(result);
  };
  const perPeriod = await Promise.all(
    periods.map(async (p) => {
      const months = ROLLUP_GROUPS.has(q.group) ? monthBounds(p) : null;
      if (!months) return fromFacts(p, false);
      const [kept, live] = await Promise.all([fromRollup(months), fromFacts(p, true)]);
      return [...kept, ...live];
    }),
  );
  const out: Tallies = new Map();
  perPeriod.forEach((rows, i) => {
    for (const row of rows) {
      if (row.key === null) continue; // no unit charged (or no matter yet)
      let byPeriod = out.get(String(row.key));
      if (!byPeriod) {
        byPeriod = new Map(periods.map((p) => [p.label, new Map(codes.map((c) => [c, { numerator: 0, denominator: 0 }]))]));
        out.set(String(row.key), byPeriod);
      }
      const byCode = byPeriod.get((periods[i] as Period).label) as Map<IndicatorCode, Tally>;
      codes.forEach((code, j) => {
        const was = byCode.get(code) as Tally;
        byCode.set(code, { numerator: was.numerator + Number(row[`n_${j}`]), denominator: was.denominator + Number(row[`d_${j}`]) });
      });
    }
  });
  return out;
}

export interface DrillRow {
  caseId: string;
  /** the case number on the platform; null for history imported from an earlier system */
  number: number | null;
  reportedAt: string;
  cityAdcode: string;
  countyAdcode: string;
  matterCode: string | null;
  domainCode: string | null;
  source: string;
  unit: string | null;
  closedAt: string | null;
  historical: boolean;
}

/**
 * Where a page of a drill-down ends: its last case's report instant in UTC to the microsecond, as the
 * database keeps it (a JavaScript date would round it to the millisecond), and its id, the tie-breaker.
 */
export interface DrillKey {
  reportedAt: string;
  caseId: string;
}

const KEY_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * The key values (from a cursor the client kept) make, if they make one as `drillPage` gives them: an
 * instant of the form above that exists (no 30 February, no hour 99) and a case id without control
 * characters (a UUID, or `history:` and a hotline order number); else null. PostgreSQL would refuse
 * any other with a fault.
 */
export function drillKeyOf(reportedAt: unknown, caseId: unknown): DrillKey | null {
  if (typeof reportedAt !== 'string' || typeof caseId !== 'string' || !KEY_INSTANT.test(reportedAt)) return null;
  const millis = reportedAt.slice(0, 23);
  if (new Date(`${millis}Z`).toISOString().slice(0, 23) !== millis || !/^[^\p{Cc}]{1,200}$/u.test(caseId)) return null;
  return { reportedAt, caseId };
}

/** The predicates of one figure's cases on `f` (case_facts): the same as `tallies` counts with. */
function drillWhere(q: FigureQuery & { period: Period; code: IndicatorCode; part: DrillPart; group?: { kind: FigureGroup; key: string } | undefined }): SQL {
  const x = INDICATOR_SQL[q.code];
  const basis = basisOf(q.code);
  const parts: SQL[] = [
    scopeSql(q.scope),
    filterSql(q.filters),
    sql`${basis} >= ${ts(q.period.from)} and ${basis} < ${ts(q.period.to)}`,
    x.counted(ts(q.asOf)),
  ];
  if (q.part === 'met') parts.push(sql`${x.value} > 0`);
  if (q.part === 'missed') parts.push(sql`${x.value} = 0`);
  if (q.group) parts.push(sql`${groupSql(q.group.kind, q.code)} = ${q.group.key}`);
  return sql.join(parts, sql` and `);
}

export type DrillQuery = FigureQuery & {
  period: Period;
  code: IndicatorCode;
  part: DrillPart;
  group?: { kind: FigureGroup; key: string } | undefined;
  limit: number;
  /** the page after this key (keyset paging); the first page without */
  after?: DrillKey | undefined;
};

/**
 * The statement of a page of a figure's cases (`drillPage`), newest report first, the case id
 * breaking ties; one more than the page, to tell whether another follows. A later page starts after
 * the previous one's last key, where case_facts_reported_case (the same order) puts it: `offset` read
 * and dropped every row before the page (28–37 ms for page 500 against 3–5 ms for the first). A
 * figure counted by closing or resolution time still reads its period by that time's index and sorts
 * it, as its total does.
 */
export function drillPageStatement(q: DrillQuery): SQL {
  const after = q.after
    ? // the first condition repeats the second's bound in a form the index takes
      sql` and f.reported_at <= ${q.after.reportedAt}::timestamptz
        and (f.reported_at < ${q.after.reportedAt}::timestamptz or (f.reported_at = ${q.after.reportedAt}::timestamptz and f.case_id > ${q.after.caseId}))`
    : sql``;
  return sql`
    select f.case_id, c.number, f.reported_at, to_char(f.reported_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as reported_key,
      f.city_adcode, f.county_adcode, f.matter_code, f.domain_code, f.source, ${CASE_UNIT} as unit, f.closed_at, f.historical
    from case_facts f left join cases c on c.id = f.case_id
    where ${drillWhere(q)}${after}
    order by f.reported_at desc, f.case_id
    limit ${q.limit + 1}`;
}

/**
 * The cases behind one figure: the same predicates as `tallies`, the first page (newest first), the
 * key to the next (null if none), and their total.
 */
export async function drillCases(db: Database, q: Omit<DrillQuery, 'after'>): Promise<{ total: number; cases: DrillRow[]; next: DrillKey | null }> {
  const [countResult, page] = [await db.execute(sql`select count(*)::int as n from case_facts f where ${drillWhere(q)}`), await drillPage(db, q)];
  return { total: Number(rowsOf<{ n: number }>(countResult)[0]?.n ?? 0), ...page };
}

/**
 * A page of a figure's cases (the first, or the one after `q.after`) and the key to the next: no total
 * (counting reads every case of the figure; a later page is asked for by someone who has it).
 */
export async function drillPage(db: Database, q: DrillQuery): Promise<{ cases: DrillRow[]; next: DrillKey | null }> {
  const rows = rowsOf<Record<string, unknown>>(await db.execute(drillPageStatement(q)));
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
  const page = rows.slice(0, q.limit);
  const cases = page.map((r) => ({
    caseId: String(r.case_id),
    number: r.number === null || r.number === undefined ? null : Number(r.number),
    reportedAt: iso(r.reported_at) ?? '',
    cityAdcode: String(r.city_adcode),
    countyAdcode: String(r.county_adcode),
    matterCode: (r.matter_code as string | null) ?? null,
    domainCode: (r.domain_code as string | null) ?? null,
    source: String(r.source),
    unit: (r.unit as string | null) ?? null,
    closedAt: iso(r.closed_at),
    historical: Boolean(r.historical),
  }));
  const last = page.at(-1);
  return { cases, next: rows.length > q.limit && last ? { reportedAt: String(last.reported_key), caseId: String(last.case_id) } : null };
}

/**
 * Complaints per district × domain × Beijing day × hour reported in [from, to): the early warning's
 * history (domain `CellDay`), one row per district × domain × day with its 24 hours. Whole Beijing
 * days for a scope and filters of cities, districts and domains are read from `case_facts_cells` (kept
 * by the rollup's trigger: a row per cell-day instead of every case); otherwise from the facts, the 24
 * hours counted in the same pass (the hour worked out once per case, behind `offset 0`). The day's
 * text is made here once per day, not per case.
 */
export async function cellDays(
  db: Database,
  q: { scope: DashboardScope; filters: DashboardFilters; from: Date; to: Date },
): Promise<Array<{ county: string; domain: string; day: string; hours: number[] }>> {
  const fromFacts = () => {
    const hours = sql.join(
      Array.from({ length: 24 }, (_, h) => sql.raw(`count(*) filter (where x.h % 24 = ${h})`)),
      sql`, `,
    );
    return db.execute(sql`
      select x.county, x.domain, x.h / 24 as d, array[${hours}]::int[] as hours
      from (
        select f.county_adcode as county, f.domain_code as domain, floor((extract(epoch from f.reported_at) + 28800) / 3600)::int as h
        from case_facts f
        where ${scopeSql(q.scope)} and ${filterSql(q.filters)} and f.domain_code is not null
          and f.reported_at >= ${ts(q.from)} and f.reported_at < ${ts(q.to)}
        offset 0) x
      group by 1, 2, 3`);
  };
  const local = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString();
  const [from, to] = [local(q.from), local(q.to)];
  const onlyCells =
    (q.scope.all || q.scope.units.length === 0) &&
    Object.entries(q.filters).every(([k, v]) => v === undefined || k === 'city' || k === 'county' || k === 'domain') &&
    from.endsWith('T00:00:00.000Z') &&
    to.endsWith('T00:00:00.000Z');
  // whole Beijing days, and a scope and filters of cities, districts and domains: the cells the trigger keeps
  const result = onlyCells
    ? await db.execute(sql`
        select f.county_adcode as county, f.domain_code as domain, (f.day - date '1970-01-01') as d, f.hours
        from case_facts_cells f
        where f.day >= cast(${from.slice(0, 10)} as date) and f.day < cast(${to.slice(0, 10)} as date)
          and f.hours <> array_fill(0, array[24]) and ${scopeSql(q.scope)} and ${filterSql(q.filters)}`)
    : await fromFacts();
  const days = new Map<number, string>();
  const dayOf = (d: number) => {
    let text = days.get(d);
    if (text === undefined) {
      text = new Date(d * 86_400_000).toISOString().slice(0, 10);
      days.set(d, text);
    }
    return text;
  };
  return rowsOf<{ county: string; domain: string; d: number; hours: Array<number | string> }>(result).map((r) => ({
    county: r.county,
    domain: r.domain,
    day: dayOf(Number(r.d)),
    hours: r.hours.map(Number),
  }));
}
