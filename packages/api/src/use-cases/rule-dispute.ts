import { DomainError, unitId, type Clock, type DepartmentCode, type Principal } from '@gongzhi/domain';
import { findWorkflow, type Database } from '@gongzhi/db';
import { actOnWorkflow } from './act-on-workflow.ts';

/** Leadership names the lead and supporting departments (of the dispute's city) with reasons. */
export async function ruleDispute(options: {
  db: Database;
  clock: Clock;
  principal: Principal;
  workflowId: string;
  lead: DepartmentCode;
  supports: DepartmentCode[];
  reasons: string;
}) {
  const row = await findWorkflow(options.db, options.workflowId);
  if (!row || row.kind !== 'dispute') throw new DomainError('NOT_FOUND', 'WORKFLOW_UNKNOWN', `No dispute ${options.workflowId}`, {});
  const city = (row.snapshot as { context: { cityAdcode: string } }).context.cityAdcode;
  if (options.supports.includes(options.lead)) throw new DomainError('INVALID', 'LEAD_ALSO_SUPPORT', 'The lead cannot also be a support', {});
  return actOnWorkflow({
    ...options,
    kind: 'dispute',
    event: { type: 'RULE', lead: unitId(city, options.lead), supports: [...new Set(options.supports)].map((d) => unitId(city, d)), reasons: options.reasons },
  });
}
