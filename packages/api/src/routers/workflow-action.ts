import type { z } from 'zod';
import type { WorkflowKind } from '@gongzhi/domain';
import { CaseRef, WorkflowRef } from '../inputs.ts';
import { authedProcedure } from '../trpc.ts';
import { actOnWorkflow } from '../use-cases/act-on-workflow.ts';

/**
 * One user action on a workflow of `kind`: the input's fields become the event; the machine's
 * guards decide whether this user may. `by` narrows who may call it at all (a role procedure).
 */
export function workflowAction<S extends z.ZodRawShape>(kind: WorkflowKind, type: string, shape: S, by = authedProcedure) {
  return by.input(WorkflowRef.extend(shape)).mutation(({ ctx, input }) => {
    const { workflowId, version, ...fields } = input as { workflowId: string; version?: number } & Record<string, unknown>;
    return actOnWorkflow({ db: ctx.db, clock: ctx.clock, principal: ctx.principal, kind, workflowId, expectedVersion: version, event: { type, ...fields } });
  });
}

/** A case action: the case's own workflow (its id is the case id) takes the event. */
export function caseAction<S extends z.ZodRawShape>(type: string, shape: S) {
  return authedProcedure.input(CaseRef.extend(shape)).mutation(({ ctx, input }) => {
    const { caseId, version, ...fields } = input as { caseId: string; version?: number } & Record<string, unknown>;
    return actOnWorkflow({
      db: ctx.db,
      clock: ctx.clock,
      principal: ctx.principal,
      kind: 'case',
      workflowId: caseId,
      expectedVersion: version,
      event: { type, ...fields },
    });
  });
}
