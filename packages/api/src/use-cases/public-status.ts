import { DomainError, rateable, type Actor } from '@gongzhi/domain';
import { clearLoginFailures, dispatch, findCaseByNumber, findWorkflowOf, hashCode, takeLoginAttempt, type CaseRow } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';
import { publicPhotoIds } from './attachments.ts';

const REPORTER: Actor = { kind: 'reporter' };

/**
 * What anyone may know of a case by its number (处理结果公开): its status, the department
 * answerable, the published result and the reporter's rating. Nothing about the reporter, and not
 * the complaint text or address (they may name people).
 */
export async function publicStatus({ ctx, input }: { ctx: UseCaseContext; input: { number: number } }) {
  const row = await findCaseByNumber(ctx.db, input.number);
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', 'No such case', {});
  const [flow, photos] = await Promise.all([findWorkflowOf(ctx.db, 'case', row.id), publicPhotoIds(ctx.db, row)]);
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
    /** the before/after photos the closing officer chose to show, once closed (copies without EXIF) */
    photos,
  };
}

/**
 * Attempts at a case's rating code are limited like sign-ins: counted per case before the code is
 * checked (in the same locked transaction as the sign-in throttle), 5 free, then a wait doubling
 * from 1 s up to 15 min; the right code clears the count. Per case, not per address, so rotating
 * addresses buys a guesser nothing; the reporter, who has the code, waits at most 15 min behind one.
 */
export const RATING_FREE_ATTEMPTS = 5;
const ratingDelay = (attempts: number) => (attempts < RATING_FREE_ATTEMPTS ? 0 : Math.min(1000 * 2 ** (attempts - RATING_FREE_ATTEMPTS), 15 * 60_000));

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
  const key = `rating:${input.number}`;
  const wait = await takeLoginAttempt(ctx.db, [{ key, delayOf: ratingDelay }], ctx.clock.now());
  if (wait !== null) {
    const seconds = Math.ceil(wait / 1000);
    throw new DomainError('TOO_MANY_REQUESTS', 'RATING_THROTTLED', `Too many wrong codes for this case; try again in ${seconds} s`, { seconds });
  }
  const row = await findCaseByNumber(ctx.db, input.number);
  if (!row || !codeMatches(row, input.code)) throw new DomainError('FORBIDDEN', 'RATING_CODE_WRONG', 'The case number and code do not match', {});
  await clearLoginFailures(ctx.db, key);
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
