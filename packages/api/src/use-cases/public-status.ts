import { DomainError, type Actor, type Clock } from '@gongzhi/domain';
import { dispatch, findCaseByNumber, findWorkflow, hashCode, type CaseRow, type Database } from '@gongzhi/db';

interface CaseView {
  holder: string;
  resolution: string | null;
  rating?: 'satisfied' | 'unsatisfied' | null;
  supervised: boolean;
}

const REPORTER: Actor = { kind: 'reporter' };

/**
 * What anyone may know of a case by its number (处理结果公开): its status, the department
 * answerable, the published result and the reporter's rating. Nothing about the reporter, and not
 * the complaint text or address (they may name people).
 */
export async function publicStatus(options: { db: Database; number: number }) {
  const row = await findCaseByNumber(options.db, options.number);
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', 'No such case', {});
  const flow = await findWorkflow(options.db, row.id);
  const c = (flow?.snapshot as { context: CaseView } | undefined)?.context;
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
    updatedAt: (flow?.updatedAt ?? row.createdAt).toISOString(),
    closedAt: row.closedAt?.toISOString() ?? null,
    publishedResult: c?.resolution ?? null,
    rating: c?.rating ?? null,
    supervised: c?.supervised ?? false,
  };
}

/**
 * The reporter rates the result with the code they were given: satisfied closes it, unsatisfied
 * reopens it under supervision (二次督办), also after it was closed.
 */
export async function rateCase(options: { db: Database; clock: Clock; number: number; code: string; satisfied: boolean; comment?: string | undefined }) {
  const row = await findCaseByNumber(options.db, options.number);
  if (!row || !codeMatches(row, options.code)) throw new DomainError('FORBIDDEN', 'RATING_CODE_WRONG', 'The case number and code do not match', {});
  const deps = { db: options.db, clock: options.clock };
  const comment = options.comment?.trim() || (options.satisfied ? '满意' : '不满意');
  if (row.state === 'awaitingConfirmation' || (row.state === 'closed' && options.satisfied)) {
    await dispatch(deps, { workflowId: row.id, actor: REPORTER, event: { type: 'CONFIRM', satisfied: options.satisfied, comment } });
  } else if (row.state === 'closed') {
    await dispatch(deps, { workflowId: row.id, actor: REPORTER, event: { type: 'REOPEN', reason: comment } });
  } else if (row.state !== 'closed') {
    throw new DomainError('CONFLICT', 'RATING_NOT_YET', 'The case has no result to rate yet', {});
  }
  return publicStatus({ db: options.db, number: options.number });
}

const codeMatches = (row: CaseRow, code: string) => row.publicCodeHash !== null && row.publicCodeHash === hashCode(code);
