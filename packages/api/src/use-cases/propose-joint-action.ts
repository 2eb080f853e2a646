import { DomainError, actsForUnit, unitId, type Clock, type DepartmentCode, type Principal } from '@gongzhi/domain';
import { findCase, startNewWorkflow, type Database } from '@gongzhi/db';
import { actorOf } from './access.ts';

/** The lead unit proposes a joint enforcement action (联合执法) to co-departments of its city. */
export async function proposeJointAction(options: {
  db: Database;
  clock: Clock;
  principal: Principal;
  caseId: string;
  coDepartments: DepartmentCode[];
  action: string;
  scheduledFor: string;
}): Promise<{ workflowId: string }> {
  const row = await findCase(options.db, options.caseId);
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', `No case ${options.caseId}`, {});
  const actor = actorOf(options.principal);
  if (!row.holderUnit || !actsForUnit(actor, row.holderUnit)) {
    throw new DomainError('FORBIDDEN', 'NOT_LEAD_UNIT', 'Only the unit holding the case can propose a joint action', {});
  }
  const co = [...new Set(options.coDepartments)].map((d) => unitId(row.cityAdcode, d)).filter((u) => u !== row.holderUnit);
  if (co.length === 0) throw new DomainError('INVALID', 'NO_CO_DEPARTMENTS', 'A joint action needs at least one other department', {});
  if (new Date(options.scheduledFor).getTime() <= options.clock.now().getTime()) {
    throw new DomainError('INVALID', 'SCHEDULE_IN_PAST', 'The action must be scheduled in the future', {});
  }
  const workflowId = await startNewWorkflow(
    { db: options.db, clock: options.clock },
    'joint',
    {
      caseId: row.id,
      cityAdcode: row.cityAdcode,
      lead: row.holderUnit,
      coDepartments: co,
      action: options.action,
      scheduledFor: new Date(options.scheduledFor).toISOString(),
      proposedAt: options.clock.now().toISOString(),
    },
    actor,
  );
  return { workflowId };
}
