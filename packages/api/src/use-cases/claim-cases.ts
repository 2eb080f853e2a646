import type { SignedInContext } from '../context.ts';
import { actOnWorkflow } from './act-on-workflow.ts';
import { eachCase, type BulkResult } from './each-case.ts';

/** Claims (签收) several offered cases at once, each in its own transaction; the claimer works them. */
export function claimCases({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { caseIds: string[] } }): Promise<BulkResult> {
  return eachCase(input.caseIds, (caseId) => actOnWorkflow({ ctx, input: { kind: 'case', workflowId: caseId, event: { type: 'CLAIM' } } }));
}
