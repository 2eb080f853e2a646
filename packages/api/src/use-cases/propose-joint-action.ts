import { DomainError, actsForUnit, unitId, type DepartmentCode } from '@gongzhi/domain';
import { startNewWorkflow } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf, caseInScope } from './access.ts';

/** The lead unit proposes a joint enforcement action (联合执法) to co-departments of its city. */
export async function proposeJointAction({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: { caseId: string; coDepartments: DepartmentCode[]; action: string; scheduledFor: string };
}): Promise<{ workflowId: string }> {
  const row = await caseInScope(ctx.db, ctx.principal, input.caseId);
  const actor = actorOf(ctx.principal);
  const lead = row.holderUnit;
  if (!lead || !actsForUnit(actor, lead)) {
    throw new DomainError('FORBIDDEN', 'NOT_LEAD_UNIT', 'Only the unit holding the case can propose a joint action', {});
  }
  const co = [...new Set(input.coDepartments)].map((d) => unitId(row.cityAdcode, d)).filter((u) => u !== lead);
  if (co.length === 0) throw new DomainError('INVALID', 'NO_CO_DEPARTMENTS', 'A joint action needs at least one other department', {});
  if (new Date(input.scheduledFor).getTime() <= ctx.clock.now().getTime()) {
    throw new DomainError('INVALID', 'SCHEDULE_IN_PAST', 'The action must be scheduled in the future', {});
  }
  const workflowId = await startNewWorkflow(
    ctx,
    'joint',
    {
      caseId: row.id,
      cityAdcode: row.cityAdcode,
      lead,
      coDepartments: co,
      action: input.action,
      scheduledFor: new Date(input.scheduledFor).toISOString(),
      proposedAt: ctx.clock.now().toISOString(),
    },
    actor,
  );
  return { workflowId };
}
