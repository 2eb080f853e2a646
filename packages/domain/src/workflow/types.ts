import type { Envelope } from './actor.ts';
import type { CaseCommand, CaseInput, CaseState, CaseTaskAction, CaseView } from './case.machine.ts';
import type { ConsultationCommand, ConsultationInput, ConsultationState, ConsultationTaskAction, ConsultationView } from './consultation.machine.ts';
import type { CrossCityCommand, CrossCityInput, CrossCityState, CrossCityTaskAction, CrossCityView } from './crosscity.machine.ts';
import type { DataRequestCommand, DataRequestFlowState, DataRequestInput, DataRequestTaskAction, DataRequestView } from './data-request.machine.ts';
import type { DisputeCommand, DisputeInput, DisputeState, DisputeTaskAction, DisputeView } from './dispute.machine.ts';
import type { HarmonisationCommand, HarmonisationInput, HarmonisationState, HarmonisationTaskAction, HarmonisationView } from './harmonisation.machine.ts';
import type { JointCommand, JointInput, JointState, JointTaskAction, JointView } from './joint.machine.ts';
import type { TransferCommand, TransferInput, TransferState, TransferTaskAction, TransferView } from './transfer.machine.ts';
import type { TriageCommand, TriageInput, TriageState, TriageTaskAction, TriageView } from './triage.machine.ts';

export const WORKFLOW_KINDS = ['case', 'transfer', 'dispute', 'joint', 'crosscity', 'harmonisation', 'triage', 'consultation', 'datarequest'] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];

export const isWorkflowKind = (kind: string): kind is WorkflowKind => (WORKFLOW_KINDS as readonly string[]).includes(kind);

/**
 * The contract of each workflow kind, in one table: what starts it (input), what it takes
 * (commands: events without their envelope), the states it can be in, the task actions it puts in
 * inboxes, and its view (the typed shape everything outside the domain and the engine reads).
 */
export interface WorkflowTypes {
  case: { input: CaseInput; command: CaseCommand; state: CaseState; action: CaseTaskAction; view: CaseView };
  transfer: { input: TransferInput; command: TransferCommand; state: TransferState; action: TransferTaskAction; view: TransferView };
  dispute: { input: DisputeInput; command: DisputeCommand; state: DisputeState; action: DisputeTaskAction; view: DisputeView };
  joint: { input: JointInput; command: JointCommand; state: JointState; action: JointTaskAction; view: JointView };
  crosscity: { input: CrossCityInput; command: CrossCityCommand; state: CrossCityState; action: CrossCityTaskAction; view: CrossCityView };
  harmonisation: {
    input: HarmonisationInput;
    command: HarmonisationCommand;
    state: HarmonisationState;
    action: HarmonisationTaskAction;
    view: HarmonisationView;
  };
  triage: { input: TriageInput; command: TriageCommand; state: TriageState; action: TriageTaskAction; view: TriageView };
  consultation: {
    input: ConsultationInput;
    command: ConsultationCommand;
    state: ConsultationState;
    action: ConsultationTaskAction;
    view: ConsultationView;
  };
  datarequest: {
    input: DataRequestInput;
    command: DataRequestCommand;
    state: DataRequestFlowState;
    action: DataRequestTaskAction;
    view: DataRequestView;
  };
}

export type InputOf<K extends WorkflowKind> = WorkflowTypes[K]['input'];
/** An event as a caller sends it; the engine adds the envelope (actor, time). */
export type CommandOf<K extends WorkflowKind> = WorkflowTypes[K]['command'];
export type StateOf<K extends WorkflowKind> = WorkflowTypes[K]['state'];
export type TaskActionOf<K extends WorkflowKind> = WorkflowTypes[K]['action'];
export type ViewOf<K extends WorkflowKind> = WorkflowTypes[K]['view'];

/** Every command of every kind: what the engine's dispatch takes (the machine refuses another kind's). */
export type WorkflowCommand = CommandOf<WorkflowKind>;
export type WorkflowEventType = WorkflowCommand['type'];
/** Every state of every kind (the portal translates each). */
export type WorkflowState = StateOf<WorkflowKind>;
/** What an inbox owner is expected to do next: a closed set the portal translates and maps to buttons. */
export type TaskAction = TaskActionOf<WorkflowKind>;
/** An event as a machine sees it: the command and its envelope. */
export type EventOf<K extends WorkflowKind> = CommandOf<K> & Envelope;

/** A new workflow's input as an effect or a use case gives it: the engine picks the id unless given. */
export type StartInputOf<K extends WorkflowKind> = Omit<InputOf<K>, 'id'> & { id?: string };

export const TASK_ROLES = ['lead', 'support', 'cosign', 'party', 'ruling', 'referral', 'neighbour', 'city', 'oversight', 'triage'] as const;
export type TaskRole = (typeof TASK_ROLES)[number];

/** One inbox row the projection keeps for a workflow: who must do what, by when. */
export interface TaskSpec<A extends string = TaskAction> {
  /** unit id (`510100:urban`), `coordinator:510100`, `leadership` or `alliance` */
  inbox: string;
  role: TaskRole;
  /** what the inbox owner is expected to do next (a code the portal translates) */
  action: A;
  dueAt: string | null;
  warnAt: string | null;
  escalation: number;
}

/** A deadline the database must keep: when it falls due the worker sends `event` to the workflow. */
export interface TimerSpec<C extends { type: string } = WorkflowCommand> {
  key: string;
  dueAt: string;
  event: C;
}

/** One `start` effect per kind, its input typed by that kind. */
export type StartEffect = { [K in WorkflowKind]: { type: 'start'; kind: K; input: StartInputOf<K> } }[WorkflowKind];

/**
 * Side effects a transition asks the server to carry out in the same transaction. Each type has
 * one named handler in the engine (packages/db/src/workflow/effects.ts).
 */
export type Effect =
  | StartEffect
  /** an event for the case this workflow belongs to (a transfer decided, a ruling) */
  | { type: 'forward'; to: 'case'; event: CaseCommand }
  /** a ruling promoted to the responsibility matrix: a new version with the matter's lead and supports */
  | { type: 'amend-matrix'; matterCode: string; lead: string; supports: string[]; reason: string; disputeId: string }
  /** an adopted standard, published as the alliance's */
  | { type: 'publish-standard'; matterCode: string; text: string; proposalId: string }
  /** a data request's deadline passed unanswered: its register row records when it was escalated */
  | { type: 'data-request-escalated' };

export type EffectType = Effect['type'];

/**
 * The row of the case a workflow owns (the case workflow): its state, the unit answerable now, and
 * whether a ruling locked transfers. The engine keeps `cases` and `holdings` in step with it.
 */
export interface CaseRecord {
  state: CaseState;
  /** null once closed */
  holder: string | null;
  transferLocked: boolean;
  /** suspended (挂账): the holder keeps the case, but the time does not count as held */
  suspended: boolean;
  /** the resolution deadline (处置时限) as extended and moved on by suspensions; null before a claim */
  resolveBy: string | null;
  /** whether the latest resolution came by its deadline (按期结案); null until resolved */
  resolvedOnTime: boolean | null;
  /** the person of the holding unit working it (null when nobody is named, and once closed) */
  assignee: string | null;
}

/** The value as a list of none or one: to append what a guard has already made sure exists. */
export const present = <T>(value: T | undefined): T[] => (value === undefined ? [] : [value]);

export const hoursMs = (h: number) => h * 3_600_000;
export const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
export const task = <A extends string>(t: Omit<TaskSpec<A>, 'warnAt' | 'escalation' | 'dueAt'> & Partial<TaskSpec<A>>): TaskSpec<A> => ({
  dueAt: null,
  warnAt: null,
  escalation: 0,
  ...t,
});
