import { createHash } from 'node:crypto';
import { drillCases, drillKeyOf, drillPage, type DrillKey } from '@gongzhi/db';
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
  const { cursor, limit: _, ...list } = input;
  const { next, ...result } =
    cursor === undefined ? await drillCases(ctx.db, figure) : { total: null, ...(await drillPage(ctx.db, { ...figure, after: keyOf(cursor, list) })) };
  return { period: q.period.label, code: input.code, part: input.part, ...result, next: next && cursorOf(next, list) };
}

/** Which list a cursor pages: the figure, part, group, period and filters asked for (not the page size). */
const listTag = (list: object) =>
  createHash('sha256')
    .update(JSON.stringify(Object.entries(list).sort(([a], [b]) => (a < b ? -1 : 1))))
    .digest('base64url')
    .slice(0, 12);

const cursorOf = (key: DrillKey, list: object) => Buffer.from(JSON.stringify([key.reportedAt, key.caseId, listTag(list)])).toString('base64url');

/**
 * A cursor back to the key it was made from, or INVALID (CURSOR_INVALID): it is the client's to keep,
 * not to make, and pages only the list it came from.
 */
function keyOf(cursor: string, list: object): DrillKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3) {
      const [reportedAt, caseId, tag] = value as unknown[];
      const key = drillKeyOf(reportedAt, caseId);
      if (key && tag === listTag(list)) return key;
    }
  } catch {
    // not JSON: refused below
  }
  throw invalid('CURSOR_INVALID', 'Not a cursor of this list');
}
