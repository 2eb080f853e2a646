import { routeCase, type Route, type RouteRequest } from '@gongzhi/domain';
import { loadMatrix } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

/** Where a case would go if it were filed now: routing under the latest matrix version. */
export async function previewRoute({ ctx, input }: { ctx: UseCaseContext<'alliance' | 'clock'>; input: RouteRequest }): Promise<Route> {
  const matrix = await loadMatrix(ctx.db);
  return routeCase({ matrix, alliance: ctx.alliance, clock: ctx.clock }, input);
}
