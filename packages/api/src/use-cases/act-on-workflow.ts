import type { Clock, Principal, WorkflowKind } from '@gongzhi/domain';
import { DomainError } from '@gongzhi/domain';
import { dispatch, findWorkflow, type Database, type DispatchResult } from '@gongzhi/db';
import { actorOf } from './access.ts';

/** Sends one user action to a workflow of the expected kind; the machine's guards decide who may. */
export async function actOnWorkflow(options: {
  db: Database;
  clock: Clock;
  principal: Principal;
  kind: WorkflowKind;
  workflowId: string;
  expectedVersion?: number | undefined;
  event: { type: string } & Record<string, unknown>;
}): Promise<DispatchResult> {
  const row = await findWorkflow(options.db, options.workflowId);
  if (!row || row.kind !== options.kind) {
    throw new DomainError('NOT_FOUND', 'WORKFLOW_UNKNOWN', `No ${options.kind} ${options.workflowId}`, { kind: options.kind, id: options.workflowId });
  }
  return dispatch(
    { db: options.db, clock: options.clock },
    { workflowId: row.id, actor: actorOf(options.principal), event: options.event, expectedVersion: options.expectedVersion },
  );
}
