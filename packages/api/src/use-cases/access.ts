import { DomainError, caseScopeOf, mayReadCase, maySeeReporter, type Actor, type Principal } from '@gongzhi/domain';
import { caseAskedUnits, caseParticipants, findCase, type CaseRow, type Database, type WorkflowRecord } from '@gongzhi/db';

export const actorOf = (p: Principal): Actor => ({ kind: 'user', userId: p.userId, username: p.username, memberships: p.memberships });

export interface CaseAccess {
  /** may see the reporter's name and phone: their unit works or worked the case */
  contact: boolean;
}

const notYours = () => new DomainError('FORBIDDEN', 'CASE_NOT_YOURS', 'Your unit has no task on this case', {});

/**
 * The row check of the visibility rule (`caseScopeOf` / `mayReadCase`, packages/domain/src/scope.ts;
 * its SQL form is packages/db's `caseVisibleTo`): FORBIDDEN unless the principal may read the case.
 */
export async function checkCaseAccess(db: Database, principal: Principal, row: CaseRow): Promise<CaseAccess> {
  const scope = caseScopeOf(principal);
  const [participants, asked] = await Promise.all([caseParticipants(db, row.id), caseAskedUnits(db, row.id)]);
  if (!mayReadCase(scope, { ...row, participants: new Set([...participants, ...asked]) })) throw notYours();
  return { contact: maySeeReporter(scope, participants) };
}

/** The case by id, once the principal is known to have standing on it: who before what (a stranger learns nothing of its state). */
export async function caseInScope(db: Database, principal: Principal, caseId: string): Promise<CaseRow> {
  const row = await findCase(db, caseId);
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', `No case ${caseId}`, {});
  await checkCaseAccess(db, principal, row);
  return row;
}

/** A workflow is read with its case; one outside any case (harmonisation) is alliance-wide. */
export async function checkWorkflowAccess(db: Database, principal: Principal, workflow: WorkflowRecord): Promise<void> {
  if (workflow.caseId !== null) await caseInScope(db, principal, workflow.caseId);
}
