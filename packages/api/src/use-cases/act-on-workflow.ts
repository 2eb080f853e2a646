import { DomainError, type CommandOf, type WorkflowKind } from '@gongzhi/domain';
import { dispatch, findWorkflowOf, type DispatchResult } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf } from './access.ts';

export interface WorkflowAction<K extends WorkflowKind> {
  kind: K;
  workflowId: string;
  /** the version the caller saw: someone else acting first makes this a CONFLICT */
  version?: number | undefined;
  event: CommandOf<K>;
}

/** Sends one user action to a workflow of the expected kind; the machine's guards decide who may. */
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
  return dispatch(ctx, { workflowId: row.id, actor: actorOf(ctx.principal), event: input.event, expectedVersion: input.version });
}
