import type { z } from 'zod';
import type { CommandOf, WorkflowKind } from '@gongzhi/domain';
import { CaseRef, WorkflowListInput, WorkflowRef } from '../inputs.ts';
import { authedProcedure } from '../trpc.ts';
import { actOnWorkflow } from '../use-cases/act-on-workflow.ts';
import { listWorkflows } from '../use-cases/list-workflows.ts';

/** The fields a command of this type carries besides its type: what the procedure's input shape must give. */
type FieldsOf<K extends WorkflowKind, T extends CommandOf<K>['type']> = Omit<Extract<CommandOf<K>, { type: T }>, 'type'>;
type Parsed<S extends z.ZodRawShape> = z.output<z.ZodObject<S>>;

/** The command a procedure's parsed fields make; the shape was checked against the command's fields where it was declared. */
const commandOf = <K extends WorkflowKind>(type: CommandOf<K>['type'], fields: object) => ({ type, ...fields }) as CommandOf<K>;

/**
 * One user action on a workflow of `kind`: the input's fields become the event (the shape must
 * parse to exactly that command's fields); the machine's guards decide whether this user may.
 * `by` narrows who may call it at all (a role procedure).
 */
export function workflowAction<K extends WorkflowKind, T extends CommandOf<K>['type'], S extends z.ZodRawShape>(
  kind: K,
  type: T,
  shape: S & (Parsed<S> extends FieldsOf<K, T> ? unknown : never),
  by = authedProcedure,
) {
  const fields: S = shape;
  return by.input(WorkflowRef.extend(fields)).mutation(({ ctx, input }) => {
    // zod cannot spell out the parsed type of a generic shape: the reference fields, then the command's.
    const { workflowId, version, ...given } = input as { workflowId: string; version?: number } & Record<string, unknown>;
    return actOnWorkflow({ ctx, input: { kind, workflowId, version, event: commandOf<K>(type, given) } });
  });
}

/** A case action: the case's own workflow (its id is the case id) takes the event. */
export function caseAction<T extends CommandOf<'case'>['type'], S extends z.ZodRawShape>(
  type: T,
  shape: S & (Parsed<S> extends FieldsOf<'case', T> ? unknown : never),
) {
  const fields: S = shape;
  return authedProcedure.input(CaseRef.extend(fields)).mutation(({ ctx, input }) => {
    const { caseId, version, ...given } = input as { caseId: string; version?: number } & Record<string, unknown>;
    return actOnWorkflow({ ctx, input: { kind: 'case', workflowId: caseId, version, event: commandOf<'case'>(type, given) } });
  });
}

/** The open (or all) workflows of one kind, each as its view. */
export const listOf = <K extends WorkflowKind>(kind: K) =>
  authedProcedure.input(WorkflowListInput).query(({ ctx, input }) => listWorkflows({ ctx, input: { kind, ...input } }));
