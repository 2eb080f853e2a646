import { drillCases, drillPage, type DrillKey } from '@gongzhi/db';
import { invalid, type DrillPart, type FigureGroup, type IndicatorCode } from '@gongzhi/domain';
import type { SignedInContext } from '../context.ts';
import { figureQuery, type DashboardQuery } from './figure-query.ts';

/**
 * The cases behind a figure (a tile, a unit's rank, a district, an hour-of-week cell, a month): the
 * same predicates that counted them, a page at a time. `cursor` is the previous page's `next`, opaque
 * to the caller; the total comes with the first page only.
 */
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
    cursor?: string | undefined;
  };
}) {
  const q = figureQuery(ctx, input);
  const figure = { ...q, code: input.code, part: input.part, group: input.group, limit: input.limit };
  const { next, ...result } =
    input.cursor === undefined ? await drillCases(ctx.db, figure) : { total: null, ...(await drillPage(ctx.db, { ...figure, after: keyOf(input.cursor) })) };
  return { period: q.period.label, code: input.code, part: input.part, ...result, next: next && cursorOf(next) };
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

const cursorOf = (key: DrillKey) => Buffer.from(JSON.stringify([key.reportedAt, key.caseId])).toString('base64url');

/** A cursor back to the key it was made from, or INVALID (CURSOR_INVALID): it is the client's to keep, not to make. */
function keyOf(cursor: string): DrillKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [reportedAt, caseId] = value as unknown[];
      if (typeof reportedAt === 'string' && INSTANT.test(reportedAt) && typeof caseId === 'string') return { reportedAt, caseId };
    }
  } catch {
    // not JSON: refused below
  }
  throw invalid('CURSOR_INVALID', 'Not a cursor of this list');
}
