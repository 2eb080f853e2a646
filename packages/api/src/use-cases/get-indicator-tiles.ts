import type { SignedInContext } from '../context.ts';
import { figureQuery, type DashboardQuery } from './figure-query.ts';
import { indicatorTiles } from './figures.ts';

/** The reform's indicators as tiles for a period and filters: value, target, 2023 baseline, 同比, 环比, red/amber/green. */
export const getIndicatorTiles = ({ ctx, input }: { ctx: SignedInContext<'clock'>; input: DashboardQuery }) => indicatorTiles(ctx.db, figureQuery(ctx, input));
