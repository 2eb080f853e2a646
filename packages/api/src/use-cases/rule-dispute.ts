import { DomainError, unitId, type DepartmentCode } from '@gongzhi/domain';
import { findWorkflowOf } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actOnWorkflow } from './act-on-workflow.ts';

/** Leadership names the lead and supporting departments (of the dispute's city) with reasons. */
export async function ruleDispute({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: { workflowId: string; lead: DepartmentCode; supports: DepartmentCode[]; reasons: string };
}) {
  const dispute = await findWorkflowOf(ctx.db, 'dispute', input.workflowId);
  if (!dispute) throw new DomainError('NOT_FOUND', 'WORKFLOW_UNKNOWN', `No dispute ${input.workflowId}`, {});
  const city = dispute.view.cityAdcode;
  if (input.supports.includes(input.lead)) throw new DomainError('INVALID', 'LEAD_ALSO_SUPPORT', 'The lead cannot also be a support', {});
  return actOnWorkflow({
    ctx,
    input: {
      kind: 'dispute',
      workflowId: dispute.id,
      event: { type: 'RULE', lead: unitId(city, input.lead), supports: [...new Set(input.supports)].map((d) => unitId(city, d)), reasons: input.reasons },
    },
  });
}
