import { routeCase, type Clock, type Route, type RouteRequest } from '@gongzhi/domain';
import type { Alliance } from '@gongzhi/geo';
import { loadMatrix, type Database } from '@gongzhi/db';

/** Where a case would go if it were filed now: routing under the latest matrix version. */
export async function previewRoute(options: { db: Database; alliance: Alliance; clock: Clock; request: RouteRequest }): Promise<Route> {
  const matrix = await loadMatrix(options.db);
  return routeCase({ matrix, alliance: options.alliance, clock: options.clock }, options.request);
}
