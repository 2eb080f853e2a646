import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { DomainError } from '../errors.ts';
import type { Effect, TaskSpec, TimerSpec, WorkflowDefinition } from './types.ts';

/** Everything the server must persist after one step of a workflow, computed without any I/O. */
export interface StepResult {
  /** the persisted snapshot (JSON) */
  snapshot: unknown;
  state: string;
  done: boolean;
  tasks: TaskSpec[];
  timers: TimerSpec[];
  effects: Effect[];
  holder: string | null;
  caseId: string | null;
}

export const stateOf = (snapshot: AnyMachineSnapshot): string => (typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value));

function result(def: WorkflowDefinition, snapshot: AnyMachineSnapshot, actions: ReadonlyArray<{ type: string; params?: unknown }>): StepResult {
  return {
    snapshot: def.machine.getPersistedSnapshot(snapshot),
    state: stateOf(snapshot),
    done: snapshot.status === 'done',
    tasks: def.tasks(snapshot),
    timers: def.timers(snapshot),
    // an `effect` action carries one effect or several
    effects: actions.filter((a) => a.type === 'effect').flatMap((a) => a.params as Effect | Effect[]),
    holder: def.holder?.(snapshot) ?? null,
    caseId: def.caseId(snapshot),
  };
}

export function startWorkflow(def: WorkflowDefinition, input: unknown): StepResult {
  const [snapshot, actions] = initialTransition(def.machine, input);
  return result(def, snapshot, actions);
}

export function restore(def: WorkflowDefinition, persisted: unknown): AnyMachineSnapshot {
  return def.machine.resolveState(persisted as Parameters<typeof def.machine.resolveState>[0]);
}

/** Event types the current state handles at all, guards aside. */
function handles(snapshot: AnyMachineSnapshot, type: string): boolean {
  const nodes = (snapshot as unknown as { _nodes: Array<{ ownEvents: string[] }> })._nodes;
  return nodes.some((n) => n.ownEvents.includes(type));
}

/**
 * Applies one event. An event the state does not handle is a CONFLICT (the workflow has moved
 * on); one it handles but whose guard refuses is FORBIDDEN (not this actor, not now).
 */
export function stepWorkflow(def: WorkflowDefinition, persisted: unknown, event: { type: string }): StepResult {
  const snapshot = restore(def, persisted);
  const state = stateOf(snapshot);
  if (snapshot.status === 'done' || !handles(snapshot, event.type)) {
    throw new DomainError('CONFLICT', 'EVENT_NOT_ALLOWED', `${event.type} is not possible while the ${def.kind} is ${state}`, {
      event: event.type,
      kind: def.kind,
      state,
    });
  }
  if (!snapshot.can(event)) {
    throw new DomainError('FORBIDDEN', 'ACTION_REFUSED', `${event.type} is refused for this user on a ${def.kind} that is ${state}`, {
      event: event.type,
      kind: def.kind,
      state,
    });
  }
  const [next, actions] = transition(def.machine, snapshot, event);
  return result(def, next, actions);
}
