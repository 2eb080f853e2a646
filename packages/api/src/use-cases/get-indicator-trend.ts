import { figure, INDICATORS, periodOf, previousPeriod, type IndicatorCode, type Period } from '@gongzhi/domain';
import { tallies } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { figureQuery, type DashboardQuery } from './figure-query.ts';

/**
 * An indicator month by month (weekly when the period is a week) up to the end of the period, with
 * its target line: the `points` periods ending with the last one the period holds.
 */
export async function getIndicatorTrend({ ctx, input }: { ctx: SignedInContext<'clock'>; input: DashboardQuery & { code: IndicatorCode; points: number } }) {
  const q = figureQuery(ctx, input);
  const kind = q.period.kind === 'week' ? 'week' : 'month';
  const buckets: Period[] = [periodOf(new Date(q.period.to.getTime() - 1), kind)];
  while (buckets.length < input.points) buckets.unshift(previousPeriod(buckets[0] as Period));
  // each bucket a period of its own (one small aggregate each, side by side), not one pass over the
  // whole range grouped by month, whose group count the planner cannot estimate
  const t = await tallies(ctx.db, { ...q, periods: buckets, codes: [input.code] });
  const i = INDICATORS[input.code];
  return {
    code: input.code,
    name: i.name,
    kind: i.kind,
    target: i.target,
    baseline: i.baseline,
    bucket: kind,
    points: buckets.map((b) => {
      const x = t.get('')?.get(b.label)?.get(input.code) ?? { numerator: 0, denominator: 0 };
      return { label: b.label, ...figure(i, x.numerator, x.denominator) };
    }),
  };
}
