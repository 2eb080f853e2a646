import { COMPOSITE_WEIGHTS, compositeScore, figure, INDICATORS, type Figure, type IndicatorCode } from '@gongzhi/domain';
import { tallies } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { figureQuery, type DashboardQuery } from './figure-query.ts';

/**
 * Units ranked by their composite score (综合指标值, domain `compositeScore` with `COMPOSITE_WEIGHTS`),
 * each rate charged to the unit its indicator names; the three best and the three worst, as the city
 * bulletins print them.
 */
export async function rankUnits({ ctx, input }: { ctx: SignedInContext<'clock'>; input: DashboardQuery }) {
  const q = figureQuery(ctx, input);
  const codes = [...(Object.keys(COMPOSITE_WEIGHTS) as IndicatorCode[]), 'intake' as const];
  const perCode = await Promise.all(codes.map((code) => tallies(ctx.db, { ...q, periods: [q.period], codes: [code], group: 'unit' })));
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
