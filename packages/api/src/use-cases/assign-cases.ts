import { DomainError } from '@gongzhi/domain';
import { findCase, unitsOfUser } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actOnWorkflow } from './act-on-workflow.ts';
import { eachCase, type BulkResult } from './each-case.ts';

/**
 * Assigns cases to a named person of the unit holding each (the unit's supervisor or the city's
 * coordinator may; the case machine decides). Several at once: each case in its own transaction, and
 * what was refused is said per case.
 */
export async function assignCases({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { caseIds: string[]; to: string } }): Promise<BulkResult> {
  const toUnits = await unitsOfUser(ctx.db, input.to);
  if (toUnits === null || toUnits.length === 0) {
    throw new DomainError('INVALID', 'ASSIGNEE_NOT_IN_UNIT', `${input.to} works in no unit`, {});
  }
  const to = input.to.toLowerCase();
  return eachCase(input.caseIds, async (caseId) => {
    const row = await findCase(ctx.db, caseId);
    if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', `No case ${caseId}`, {});
    if (!row.holderUnit || !toUnits.includes(row.holderUnit)) {
      throw new DomainError('INVALID', 'ASSIGNEE_NOT_IN_UNIT', `${to} does not work in the unit holding case ${row.number}`, {});
    }
    await actOnWorkflow({ ctx, input: { kind: 'case', workflowId: caseId, event: { type: 'ASSIGN', to, toUnits } } });
  });
}
