import {
  createActor,
  getNextTransitions,
  initialTransition,
  type ActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type ContextFrom,
  type Snapshot,
  type SnapshotFrom,
  type StateValue,
} from 'xstate';
import { DomainError } from '../errors.ts';
import type { Envelope } from './actor.ts';
import type { CaseRecord, CommandOf, Effect, InputOf, TaskActionOf, TaskSpec, TimerSpec, ViewOf, WorkflowCommand, WorkflowKind } from './types.ts';

/**
 * A snapshot as the database stores it (XState's persisted JSON). Its context is the machine's
 * own business: outside the domain and the engine, read a workflow through its definition's view.
 */
export type PersistedSnapshot = Snapshot<unknown> & { readonly value: StateValue; readonly context: unknown };

/** The state and context a definition's tasks, timers and view read: a restored snapshot or a stored one. */
export interface Stored<M extends AnyStateMachine> {
  value: SnapshotFrom<M>['value'];
  context: ContextFrom<M>;
}

/** An event as the engine hands it to a definition: any kind's command with its envelope. */
export type WorkflowEvent = WorkflowCommand & Envelope;

/**
 * What a machine file declares: its XState machine, what each state puts in inboxes (`tasks`) and
 * which deadlines it needs (`timers`), as pure functions of the snapshot, and its `view`.
 */
export interface WorkflowSpec<K extends WorkflowKind, M extends AnyStateMachine> {
  kind: K;
  /**
   * The definition's version, stored with every snapshot. Bump it when the persisted context
   * changes shape, and add to `migrations` the step that brings a snapshot of the old version up.
   */
  version: number;
  /** `migrations[n]` turns a snapshot stored under version n into one of version n + 1. */
  migrations?: Readonly<Record<number, (persisted: PersistedSnapshot) => PersistedSnapshot>>;
  machine: M;
  tasks(snapshot: Stored<M>): Array<TaskSpec<TaskActionOf<K>>>;
  timers(snapshot: Stored<M>): Array<TimerSpec<CommandOf<K>>>;
  /** The case this workflow belongs to, if any. */
  caseId(snapshot: Stored<M>): string | null;
  /** For the workflow that owns a case row (the case workflow): what the row and time-held accounting follow. */
  caseRecord?(snapshot: Stored<M>): CaseRecord;
  /** The documented, typed shape everything outside the domain and the engine may read. */
  view(snapshot: Stored<M>): ViewOf<K>;
}

/** Everything the server must persist after one step of a workflow, computed without any I/O. */
export interface StepResult {
  snapshot: PersistedSnapshot;
  state: string;
  done: boolean;
  tasks: TaskSpec[];
  timers: TimerSpec[];
  effects: Effect[];
  /** the unit answerable for the case right now (the case workflow only), for time-held accounting */
  holder: string | null;
  caseId: string | null;
  caseRecord: CaseRecord | null;
}

/** A workflow as its view shows it, the kind telling which view it is. */
export type WorkflowView = { [K in WorkflowKind]: { kind: K; view: ViewOf<K> } }[WorkflowKind];

/** A definition as the engine and the repositories use it. */
export interface Workflow<K extends WorkflowKind = WorkflowKind> {
  readonly kind: K;
  readonly version: number;
  start(input: InputOf<K>): StepResult;
  /**
   * Applies one event to a snapshot stored under `storedVersion`. Who before what: an actor whom
   * no state's guard would let send this event is FORBIDDEN; then an event the state does not
   * handle is a CONFLICT (the workflow has moved on); one whose guard refuses is FORBIDDEN.
   */
  step(persisted: PersistedSnapshot, storedVersion: number, event: WorkflowEvent): StepResult;
  /** A snapshot stored under an older version of this definition (`fromVersion`), brought up to this one. */
  migrate(persisted: PersistedSnapshot, fromVersion: number): PersistedSnapshot;
  /** The view of a stored snapshot. */
  view(persisted: PersistedSnapshot, storedVersion: number): ViewOf<K>;
}

export const stateOf = (snapshot: { value: unknown }): string => (typeof snapshot.value === 'string' ? snapshot.value : JSON.stringify(snapshot.value));

/** Builds the definition the engine runs from what a machine file declares. */
export function defineWorkflow<K extends WorkflowKind, M extends AnyStateMachine>(spec: WorkflowSpec<K, M>): Workflow<K> & { spec: WorkflowSpec<K, M> } {
  const { kind } = spec;
  // The spec ties the machine to its kind's input and events; from here on XState's own types are not needed.
  const machine: AnyStateMachine = spec.machine;

  /**
   * XState's `transition()` builds a throwaway actor (and with it the machine's initial state) on
   * every call, most of a step's time; the same inert scope serves every step of this machine, since
   * its actions are only collected, never run, and the machines spawn no actors to register.
   */
  let scope: ActorScope<AnyMachineSnapshot, WorkflowEvent> | undefined;
  function pureTransition(snapshot: AnyMachineSnapshot, event: WorkflowEvent): [AnyMachineSnapshot, Array<{ type: string; params?: unknown }>] {
    if (!scope) {
      const self = createActor(machine);
      scope = {
        self,
        defer: () => {},
        id: '',
        logger: () => {},
        sessionId: '',
        stopChild: () => {},
        system: self.system,
        emit: () => {},
        actionExecutor: () => {},
      };
    }
    const actions: Array<{ type: string; params?: unknown }> = [];
    scope.actionExecutor = (action) => {
      actions.push(action);
    };
    return [machine.transition(snapshot, event, scope), actions];
  }

  function result(snapshot: AnyMachineSnapshot, actions: ReadonlyArray<{ type: string; params?: unknown }>): StepResult {
    const stored = snapshot as Stored<M>;
    const caseRecord = spec.caseRecord?.(stored) ?? null;
    return {
      snapshot: machine.getPersistedSnapshot(snapshot) as PersistedSnapshot,
      state: stateOf(snapshot),
      done: snapshot.status === 'done',
      tasks: spec.tasks(stored),
      timers: spec.timers(stored),
      // an `effect` action carries one effect or several
      effects: actions.filter((a) => a.type === 'effect').flatMap((a) => a.params as Effect | Effect[]),
      holder: caseRecord?.holder ?? null,
      caseId: spec.caseId(stored),
      caseRecord,
    };
  }

  /**
   * Who before what: could this actor send this event to this workflow in any of its states (its
   * guards evaluated on the workflow's context)? One who could not is refused whatever the state,
   * so a stranger learns nothing of it from a CONFLICT.
   */
  function hasStanding(snapshot: AnyMachineSnapshot, event: WorkflowEvent): boolean {
    const nodes: AnyStateNode[] = [];
    const walk = (node: AnyStateNode) => {
      if (node.on[event.type]) nodes.push(node);
      for (const child of Object.values(node.states)) walk(child);
    };
    walk(machine.root);
    return nodes.some((node) => {
      const value = node.path.reduceRight<StateValue | null>((inner, key) => (inner === null ? key : { [key]: inner }), null);
      const probe: AnyMachineSnapshot = value === null ? snapshot : machine.resolveState({ value, context: snapshot.context });
      return probe.can(event);
    });
  }

  function migrate(persisted: PersistedSnapshot, fromVersion: number): PersistedSnapshot {
    if (fromVersion > spec.version) {
      throw new Error(`This ${kind} was stored by definition version ${fromVersion}; this server knows only up to ${spec.version}`);
    }
    let snapshot = persisted;
    for (let v = fromVersion; v < spec.version; v++) {
      const step = spec.migrations?.[v];
      if (!step) throw new Error(`No migration of a ${kind} snapshot from version ${v}`);
      snapshot = step(snapshot);
    }
    return snapshot;
  }

  return {
    kind,
    version: spec.version,
    spec,
    start(input) {
      const [snapshot, actions] = initialTransition(machine, input);
      return result(snapshot, actions);
    },
    step(persisted, storedVersion, event) {
      const snapshot: AnyMachineSnapshot = machine.resolveState(migrate(persisted, storedVersion));
      const state = stateOf(snapshot);
      const handled = getNextTransitions(snapshot).some((t) => t.eventType === event.type);
      if (snapshot.status === 'done' || !handled) {
        if (!hasStanding(snapshot, event)) {
          throw new DomainError('FORBIDDEN', 'ACTION_REFUSED', `${event.type} is refused for this user on this ${kind}`, { event: event.type, kind });
        }
        throw new DomainError('CONFLICT', 'EVENT_NOT_ALLOWED', `${event.type} is not possible while the ${kind} is ${state}`, {
          event: event.type,
          kind,
          state,
        });
      }
      if (!snapshot.can(event)) {
        throw new DomainError('FORBIDDEN', 'ACTION_REFUSED', `${event.type} is refused for this user on a ${kind} that is ${state}`, {
          event: event.type,
          kind,
          state,
        });
      }
      const [next, actions] = pureTransition(snapshot, event);
      return result(next, actions);
    },
    migrate,
    view(persisted, storedVersion) {
      const { value, context } = migrate(persisted, storedVersion);
      return spec.view({ value, context } as Stored<M>);
    },
  };
}
