import { routeCase, type Route, type RouteRequest } from '@gongzhi/domain';
import { loadMatrixInForce } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

/** Where a case would go if it were filed now: routing under the latest matrix version. */
export async function previewRoute({ ctx, input }: { ctx: UseCaseContext<'alliance' | 'clock'>; input: RouteRequest }): Promise<Route> {
  const matrix = await loadMatrixInForce(ctx.db, ctx.clock.now());
  return routeCase({ matrix, alliance: ctx.alliance, clock: ctx.clock }, input);
}
