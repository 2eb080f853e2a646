import { DomainError, rateable, type Actor } from '@gongzhi/domain';
import { dispatch, findCaseByNumber, findWorkflowOf, hashCode, type CaseRow } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

const REPORTER: Actor = { kind: 'reporter' };

/**
 * What anyone may know of a case by its number (处理结果公开): its status, the department
 * answerable, the published result and the reporter's rating. Nothing about the reporter, and not
 * the complaint text or address (they may name people).
 */
export async function publicStatus({ ctx, input }: { ctx: UseCaseContext; input: { number: number } }) {
  const row = await findCaseByNumber(ctx.db, input.number);
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', 'No such case', {});
  const flow = await findWorkflowOf(ctx.db, 'case', row.id);
  const c = flow?.view;
  return {
    number: row.number,
    state: row.state,
    open: row.state !== 'closed',
    matterCode: row.matterCode,
    cityAdcode: row.cityAdcode,
    countyAdcode: row.countyAdcode,
    /** the unit answerable now, or last (closed) */
    leadUnit: c?.holder ?? row.holderUnit,
    receivedAt: (row.reportedAt ?? row.createdAt).toISOString(),
    updatedAt: flow?.updatedAt ?? row.createdAt.toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    publishedResult: c?.resolution ?? null,
    rating: c?.rating ?? null,
    /** the reporter may rate now (a result awaits confirmation, or a closure nobody rated yet): one rating per closure */
    rateable: c ? rateable(c) : false,
    supervised: c?.supervised ?? false,
  };
}

/**
 * The reporter rates the result with the code they were given: satisfied closes it, unsatisfied
 * reopens it under supervision (二次督办), also after it was closed for them; once per closure.
 */
export async function rateCase({
  ctx,
  input,
}: {
  ctx: UseCaseContext<'clock'>;
  input: { number: number; code: string; satisfied: boolean; comment?: string | undefined };
}) {
  const row = await findCaseByNumber(ctx.db, input.number);
  if (!row || !codeMatches(row, input.code)) throw new DomainError('FORBIDDEN', 'RATING_CODE_WRONG', 'The case number and code do not match', {});
  const comment = input.comment?.trim() || (input.satisfied ? '满意' : '不满意');
  const view = (await findWorkflowOf(ctx.db, 'case', row.id))?.view;
  if (view && row.state === 'closed' && !rateable(view)) throw new DomainError('CONFLICT', 'RATING_DONE', 'This closure has been rated already', {});
  if (row.state === 'awaitingConfirmation' || (row.state === 'closed' && input.satisfied)) {
    await dispatch(ctx, { workflowId: row.id, actor: REPORTER, event: { type: 'CONFIRM', satisfied: input.satisfied, comment } });
  } else if (row.state === 'closed') {
    await dispatch(ctx, { workflowId: row.id, actor: REPORTER, event: { type: 'REOPEN', reason: comment } });
  } else {
    throw new DomainError('CONFLICT', 'RATING_NOT_YET', 'The case has no result to rate yet', {});
  }
  return publicStatus({ ctx, input: { number: input.number } });
}

const codeMatches = (row: CaseRow, code: string) => row.publicCodeHash !== null && row.publicCodeHash === hashCode(code);
