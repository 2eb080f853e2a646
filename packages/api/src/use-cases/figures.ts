import {
  change,
  COMPOSITE_WEIGHTS,
  compositeScore,
  figure,
  INDICATOR_CODES,
  INDICATORS,
  previousPeriod,
  rag,
  samePeriodLastYear,
  type DashboardFilters,
  type DashboardScope,
  type Figure,
  type IndicatorCode,
  type Period,
} from '@gongzhi/domain';
import { tallies, type Database, type Tally } from '@gongzhi/db';

/** A scope, period and filters resolved (figureQuery for a signed-in user; the CLI's report for the whole alliance). */
export interface ResolvedQuery {
  scope: DashboardScope;
  period: Period;
  filters: DashboardFilters;
  asOf: Date;
}

/** Every indicator for a period with 同比 and 环比 and red/amber/green: one scan of the facts for the three periods. */
export async function indicatorTiles(db: Database, q: ResolvedQuery) {
  const previous = previousPeriod(q.period);
  const yearEarlier = samePeriodLastYear(q.period);
  const t = await tallies(db, { ...q, periods: [q.period, previous, yearEarlier], codes: INDICATOR_CODES });
  const at = (label: string, code: IndicatorCode): Tally => t.get('')?.get(label)?.get(code) ?? { numerator: 0, denominator: 0 };
  const tiles = INDICATOR_CODES.map((code) => {
    const i = INDICATORS[code];
    const fig = (label: string) => {
      const x = at(label, code);
      return figure(i, x.numerator, x.denominator);
    };
    const now = fig(q.period.label);
    const before = fig(previous.label);
    const lastYear = fig(yearEarlier.label);
    return {
      code,
      name: i.name,
      kind: i.kind,
      better: i.better,
      available: i.available,
      numeratorName: i.numerator,
      denominatorName: i.denominator,
      charged: i.charged,
      counts: i.counts ?? null,
      target: i.target,
      baseline: i.baseline,
      numerator: now.numerator,
      denominator: now.denominator,
      value: now.value,
      previous: before.value,
      yearEarlier: lastYear.value,
      mom: change(now.value, before.value),
      yoy: change(now.value, lastYear.value),
      rag: rag(code, now.value, lastYear.value),
    };
  });
  return {
    period: { label: q.period.label, kind: q.period.kind, from: q.period.from.toISOString(), to: q.period.to.toISOString() },
    previous: previous.label,
    yearEarlier: yearEarlier.label,
    asOf: q.asOf.toISOString(),
    tiles,
  };
}

/**
 * Units ranked by their composite score (综合指标值, domain `compositeScore` with `COMPOSITE_WEIGHTS`),
 * each rate charged to the unit its indicator names; the three best and the three worst.
 */
export async function unitRanking(db: Database, q: ResolvedQuery) {
  const codes = [...(Object.keys(COMPOSITE_WEIGHTS) as IndicatorCode[]), 'intake' as const];
  const perCode = await Promise.all(codes.map((code) => tallies(db, { ...q, periods: [q.period], codes: [code], group: 'unit' })));
  const byUnit = new Map<string, Partial<Record<IndicatorCode, Figure>>>();
  codes.forEach((code, k) => {
    for (const [unit, byPeriod] of perCode[k] ?? []) {
      const x = byPeriod.get(q.period.label)?.get(code);
      if (!x || x.denominator === 0) continue;
      const figures = byUnit.get(unit) ?? {};
      figures[code] = figure(INDICATORS[code], x.numerator, x.denominator);
      byUnit.set(unit, figures);
    }
  });
  const units = [...byUnit]
    .map(([unit, figures]) => ({
      unit,
      score: compositeScore(figures),
      cases: figures.intake?.numerator ?? 0,
      figures: Object.fromEntries(codes.map((c) => [c, figures[c]?.value ?? null])) as Record<IndicatorCode, number | null>,
    }))
    .filter((u): u is typeof u & { score: number } => u.score !== null)
    .sort((a, b) => b.score - a.score || a.unit.localeCompare(b.unit));
  return {
    period: q.period.label,
    weights: COMPOSITE_WEIGHTS,
    units,
    top: units.slice(0, 3),
    bottom: units.length > 3 ? units.slice(-3).reverse() : [],
  };
}

const DISTRICT_CODES: IndicatorCode[] = ['intake', 'responseOnTime', 'resolution', 'resolvedOnTime', 'satisfaction', 'border'];

/** Per district (county): cases taken in with the same period a year earlier, and the main rates. */
export async function districtFigures(db: Database, q: ResolvedQuery) {
  const lastYear = samePeriodLastYear(q.period);
  const t = await tallies(db, { ...q, periods: [q.period, lastYear], codes: DISTRICT_CODES, group: 'county' });
  const districts = [...t].map(([county, byPeriod]) => {
    const now = byPeriod.get(q.period.label);
    const before = byPeriod.get(lastYear.label);
    const value = (code: IndicatorCode) => {
      const x = now?.get(code) ?? { numerator: 0, denominator: 0 };
      return figure(INDICATORS[code], x.numerator, x.denominator).value;
    };
    return {
      county,
      intake: now?.get('intake')?.numerator ?? 0,
      intakeYearEarlier: before?.get('intake')?.numerator ?? 0,
      responseOnTime: value('responseOnTime'),
      resolution: value('resolution'),
      resolvedOnTime: value('resolvedOnTime'),
      satisfaction: value('satisfaction'),
      border: now?.get('border')?.numerator ?? 0,
    };
  });
  return { period: q.period.label, yearEarlier: lastYear.label, districts: districts.sort((a, b) => b.intake - a.intake || a.county.localeCompare(b.county)) };
}

/** The matters most complained about in the period (高发事项), with the same period a year earlier. */
export async function topMatters(db: Database, q: ResolvedQuery, limit: number) {
  const lastYear = samePeriodLastYear(q.period);
  const t = await tallies(db, { ...q, periods: [q.period, lastYear], codes: ['intake'], group: 'matter' });
  return [...t]
    .map(([matter, byPeriod]) => ({
      matter,
      count: byPeriod.get(q.period.label)?.get('intake')?.numerator ?? 0,
      yearEarlier: byPeriod.get(lastYear.label)?.get('intake')?.numerator ?? 0,
    }))
    .filter((m) => m.count > 0)
    .sort((a, b) => b.count - a.count || a.matter.localeCompare(b.matter))
    .slice(0, limit);
}
