import type { SignedInContext } from '../context.ts';
import { figureQuery, type DashboardQuery } from './figure-query.ts';
import { unitRanking } from './figures.ts';

/** Units ranked by composite score (综合指标值); the three best and the three worst, as the city bulletins print them. */
export const rankUnits = ({ ctx, input }: { ctx: SignedInContext<'clock'>; input: DashboardQuery }) => unitRanking(ctx.db, figureQuery(ctx, input));
