import type { SignedInContext } from '../context.ts';
import { figureQuery, type DashboardQuery } from './figure-query.ts';
import { districtFigures } from './figures.ts';

/** Per district (county): cases taken in (the choropleth) with 同比, and the main rates. */
export const countByDistrict = ({ ctx, input }: { ctx: SignedInContext<'clock'>; input: DashboardQuery }) => districtFigures(ctx.db, figureQuery(ctx, input));
