import { and, desc, eq } from 'drizzle-orm';
import type { WorkflowKind } from '@gongzhi/domain';
import { precedents, type Database } from '@gongzhi/db';
import { workflows } from '@gongzhi/db/schema';

/** Open (or all) workflows of one kind, newest first: the dispute desk, referrals, proposals. */
export async function listWorkflows(options: { db: Database; kind: WorkflowKind; open: boolean; limit?: number | undefined }) {
  const rows = await options.db
    .select()
    .from(workflows)
    .where(options.open ? and(eq(workflows.kind, options.kind), eq(workflows.done, false)) : eq(workflows.kind, options.kind))
    .orderBy(desc(workflows.updatedAt))
    .limit(options.limit ?? 200);
  return rows.map(summariseWorkflow);
}

/** A workflow as clients see it: its state, version (for optimistic updates) and machine context. */
export function summariseWorkflow(w: typeof workflows.$inferSelect) {
  return {
    id: w.id,
    kind: w.kind,
    caseId: w.caseId,
    matterCode: w.matterCode,
    state: w.state,
    done: w.done,
    version: w.version,
    context: (w.snapshot as { context: Record<string, unknown> }).context,
    updatedAt: w.updatedAt.toISOString(),
  };
}

/** Earlier rulings on a matter, shown beside a new dispute. */
export async function listPrecedents(options: { db: Database; matterCode: string }) {
  const rows = await precedents(options.db, options.matterCode);
  return rows.map((w) => ({
    id: w.id,
    caseId: w.caseId,
    state: w.state,
    ruling: (w.snapshot as { context: { ruling: unknown } }).context.ruling,
    updatedAt: w.updatedAt.toISOString(),
  }));
}
