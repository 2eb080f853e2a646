import { change, figure, INDICATOR_CODES, INDICATORS, previousPeriod, rag, samePeriodLastYear, type IndicatorCode } from '@gongzhi/domain';
import { tallies, type Tally } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { figureQuery, type DashboardQuery } from './figure-query.ts';

/**
 * The reform's indicators as tiles for a period and filters: value, target, 2023 baseline, 同比
 * (the same period a year earlier) and 环比 (the period before), red/amber/green against the target.
 * One scan of the facts for the three periods.
 */
export async function getIndicatorTiles({ ctx, input }: { ctx: SignedInContext<'clock'>; input: DashboardQuery }) {
  const q = figureQuery(ctx, input);
  const previous = previousPeriod(q.period);
  const yearEarlier = samePeriodLastYear(q.period);
  const t = await tallies(ctx.db, { ...q, periods: [q.period, previous, yearEarlier], codes: INDICATOR_CODES });
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
