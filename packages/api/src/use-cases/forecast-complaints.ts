import { backtest, dashboardScope, dayOf, forecastCells, type DashboardFilters } from '@gongzhi/domain';
import { cellDays } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';

const DAY_MS = 86_400_000;
/** weeks of history the forecast averages over, and weeks held back for the backtest */
export const FORECAST_WINDOW_WEEKS = 4;
export const BACKTEST_WEEKS = 8;

/**
 * Early warning for the next 7 days (from tomorrow, Beijing time): the district × domain × day cells
 * expected to be busiest, with their usual level and busy hours, and beside them the backtest of the
 * same model over the last 8 weeks (top-10 hit rate, mean absolute error), computed from the same
 * history on every call: no figure is typed in.
 */
export async function forecastComplaints({ ctx, input }: { ctx: SignedInContext<'clock'>; input: DashboardFilters & { limit?: number | undefined } }) {
  const scope = dashboardScope(ctx.principal.memberships);
  const now = ctx.clock.now().getTime();
  const today = dayOf(now + 8 * 3_600_000);
  const todayStart = new Date(`${today}T00:00:00Z`).getTime() - 8 * 3_600_000;
  const tomorrow = dayOf(todayStart + 8 * 3_600_000 + DAY_MS);
  const from = new Date(todayStart - (BACKTEST_WEEKS + FORECAST_WINDOW_WEEKS) * 7 * DAY_MS);
  const { city, county, department, domain, matter, source } = input;
  const history = await cellDays(ctx.db, { scope, filters: { city, county, department, domain, matter, source }, from, to: new Date(todayStart + DAY_MS) });
  const cells = forecastCells(history, tomorrow, { days: 7, weeks: FORECAST_WINDOW_WEEKS });
  const peaks = cells
    .filter((c) => c.expected > 0)
    .sort((a, b) => b.expected - a.expected || a.county.localeCompare(b.county) || a.day.localeCompare(b.day))
    .slice(0, input.limit ?? 10)
    .map((c) => ({ ...c, expected: Math.round(c.expected * 10) / 10, usual: Math.round(c.usual * 10) / 10, aboveUsual: c.expected > c.usual * 1.2 }));
  return {
    from: tomorrow,
    model: { kind: 'seasonal-naive' as const, windowWeeks: FORECAST_WINDOW_WEEKS },
    peaks,
    // held back: the 8 whole weeks up to today
    backtest: backtest(history, today, { weeks: BACKTEST_WEEKS, window: FORECAST_WINDOW_WEEKS }),
  };
}
