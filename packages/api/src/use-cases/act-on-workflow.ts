import { DomainError, type CommandOf, type WorkflowKind } from '@gongzhi/domain';
import { dispatch, findWorkflowOf, type DispatchResult } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf, checkWorkflowAccess } from './access.ts';

export interface WorkflowAction<K extends WorkflowKind> {
  kind: K;
  workflowId: string;
  /** the version the caller saw: someone else acting first makes this a CONFLICT */
  version?: number | undefined;
  event: CommandOf<K>;
}

/**
 * Sends one user action to a workflow of the expected kind. Who before what: a caller who may not
 * read the workflow's case is FORBIDDEN whatever its state; then the definition refuses a caller
 * without standing for this command (`step`), and only then says whether the state takes it.
 */
export async function actOnWorkflow<K extends WorkflowKind>({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: WorkflowAction<K>;
}): Promise<DispatchResult> {
  const row = await findWorkflowOf(ctx.db, input.kind, input.workflowId);
  if (!row) {
    throw new DomainError('NOT_FOUND', 'WORKFLOW_UNKNOWN', `No ${input.kind} ${input.workflowId}`, { kind: input.kind, id: input.workflowId });
  }
  await checkWorkflowAccess(ctx.db, ctx.principal, row);
  return dispatch(ctx, { workflowId: row.id, actor: actorOf(ctx.principal), event: input.event, expectedVersion: input.version });
}
