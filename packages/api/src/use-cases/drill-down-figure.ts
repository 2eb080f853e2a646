import { drillCases } from '@gongzhi/db';
import type { DrillPart, FigureGroup, IndicatorCode } from '@gongzhi/domain';
import type { SignedInContext } from '../context.ts';
import { figureQuery, type DashboardQuery } from './figure-query.ts';

/** The cases behind a figure (a tile, a unit's rank, a district, an hour-of-week cell, a month): the same predicates that counted them. */
export async function drillDownFigure({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: DashboardQuery & {
    code: IndicatorCode;
    part: DrillPart;
    group?: { kind: FigureGroup; key: string } | undefined;
    limit: number;
    offset: number;
  };
}) {
  const q = figureQuery(ctx, input);
  const result = await drillCases(ctx.db, { ...q, code: input.code, part: input.part, group: input.group, limit: input.limit, offset: input.offset });
  return { period: q.period.label, code: input.code, part: input.part, ...result };
}
