import { tallies } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { figureQuery, type DashboardQuery } from './figure-query.ts';

/** Cases taken in by hour of day × day of week (Beijing time) in the period: when the hotspots are busy. */
export async function getHotspotHeatmap({ ctx, input }: { ctx: SignedInContext<'clock'>; input: DashboardQuery }) {
  const q = figureQuery(ctx, input);
  const t = await tallies(ctx.db, { ...q, periods: [q.period], codes: ['intake'], group: 'slot' });
  const cells = [...t].map(([slot, byPeriod]) => {
    const [weekday, hour] = slot.split('-').map(Number);
    return { slot, weekday: weekday ?? 0, hour: hour ?? 0, count: byPeriod.get(q.period.label)?.get('intake')?.numerator ?? 0 };
  });
  return { period: q.period.label, cells: cells.filter((c) => c.count > 0).sort((a, b) => a.weekday - b.weekday || a.hour - b.hour) };
}
