import { DomainError, holdsRole, inboxesOf, type Actor, type Principal } from '@gongzhi/domain';
import { caseParticipants, type CaseRow, type Database } from '@gongzhi/db';

export const actorOf = (p: Principal): Actor => ({ kind: 'user', userId: p.userId, username: p.username, memberships: p.memberships });

export interface CaseAccess {
  /** may see the reporter's name and phone: their unit works or worked the case */
  contact: boolean;
}

/**
 * Who may read a case: leadership, the alliance office and admins everywhere; a coordinator for
 * cases in, reported in, bordering, or held by a unit of their city; a unit when it has or had a task on it.
 */
export async function checkCaseAccess(db: Database, principal: Principal, row: CaseRow): Promise<CaseAccess> {
  const actor = actorOf(principal);
  const participants = await caseParticipants(db, row.id);
  const mine = inboxesOf(principal.memberships);
  const works = mine.some((i) => participants.has(i));
  const everywhere = holdsRole(actor, 'leadership') || holdsRole(actor, 'alliance') || holdsRole(actor, 'admin');
  const coordinator = [row.cityAdcode, row.reportedIn, row.holderUnit?.split(':')[0], ...row.borderCities].some((c) => c && holdsRole(actor, 'coordinator', c));
  if (!works && !everywhere && !coordinator) {
    throw new DomainError('FORBIDDEN', 'CASE_NOT_YOURS', 'Your unit has no task on this case', {});
  }
  return { contact: works };
}
