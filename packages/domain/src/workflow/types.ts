import type { AnyStateMachine, SnapshotFrom } from 'xstate';

export const WORKFLOW_KINDS = ['case', 'transfer', 'dispute', 'joint', 'crosscity', 'harmonisation', 'triage'] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];

/** One inbox row the projection keeps for a workflow: who must do what, by when. */
export interface TaskSpec {
  /** unit id (`510100:urban`), `coordinator:510100`, `leadership` or `alliance` */
  inbox: string;
  role: 'lead' | 'support' | 'cosign' | 'party' | 'ruling' | 'referral' | 'neighbour' | 'city' | 'oversight' | 'triage';
  /** what the inbox owner is expected to do next (a code the portal translates) */
  action: string;
  dueAt: string | null;
  warnAt: string | null;
  escalation: number;
}

/** A deadline the database must keep: when it falls due the worker sends `event` to the workflow. */
export interface TimerSpec {
  key: string;
  dueAt: string;
  event: { type: string } & Record<string, unknown>;
}

/** Side effects a transition asks the server to carry out in the same transaction. */
export type Effect =
  | { type: 'start'; kind: WorkflowKind; input: Record<string, unknown> }
  | { type: 'forward'; to: 'case'; event: { type: string } & Record<string, unknown> }
  | { type: 'amend-matrix'; matterCode: string; lead: string; supports: string[]; reason: string; disputeId: string }
  | { type: 'publish-standard'; matterCode: string; text: string; proposalId: string };

export interface WorkflowDefinition<M extends AnyStateMachine = AnyStateMachine> {
  kind: WorkflowKind;
  machine: M;
  tasks(snapshot: SnapshotFrom<M>): TaskSpec[];
  timers(snapshot: SnapshotFrom<M>): TimerSpec[];
  /** The unit answerable for the case right now (case workflow only), for time-held accounting. */
  holder?(snapshot: SnapshotFrom<M>): string | null;
  /** The case this workflow belongs to, if any. */
  caseId(snapshot: SnapshotFrom<M>): string | null;
}

export const hoursMs = (h: number) => h * 3_600_000;
export const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
export const task = (t: Omit<TaskSpec, 'warnAt' | 'escalation' | 'dueAt'> & Partial<TaskSpec>): TaskSpec => ({
  dueAt: null,
  warnAt: null,
  escalation: 0,
  ...t,
});
