import { caseScopeOf, type WorkflowKind } from '@gongzhi/domain';
import { listWorkflows as list, precedents } from '@gongzhi/db';
import type { SignedInContext, UseCaseContext } from '../context.ts';

/**
 * Open (or all) workflows of one kind the reader may see (the visibility rule, `caseScopeOf`),
 * newest first, each as its definition's view: the dispute desk, referrals, proposals.
 */
export function listWorkflows<K extends WorkflowKind>({ ctx, input }: { ctx: SignedInContext; input: { kind: K; open: boolean; limit?: number | undefined } }) {
  return list(ctx.db, { ...input, visibleTo: caseScopeOf(ctx.principal) });
}

/** Earlier rulings on a matter, shown beside a new dispute: the ruling only (no statements, no case details). */
export async function listPrecedents({ ctx, input }: { ctx: UseCaseContext; input: { matterCode: string } }) {
  const rows = await precedents(ctx.db, input.matterCode);
  return rows.map((w) => ({ id: w.id, caseId: w.caseId, state: w.view.state, ruling: w.view.ruling, updatedAt: w.updatedAt }));
}
