import { assign, setup, type SnapshotFrom } from 'xstate';
import { actsForUnit, cityOfUnit, coordinatorInbox, isSystem, type Envelope } from './actor.ts';
import { defineWorkflow, type Stored } from './step.ts';
import { hoursMs, plus, task, type Effect, type TaskSpec, type TimerSpec } from './types.ts';

/** How long the target unit has to accept or reject a transfer. */
export const TRANSFER_DECISION_HOURS = 24;

export interface TransferInput {
  id: string;
  caseId: string;
  from: string;
  to: string;
  citedMatter: string;
  reason: string;
  requestedAt: string;
}

interface TransferContext extends TransferInput {
  decideBy: string;
  overdue: boolean;
  rejection: string | null;
  decidedAt: string | null;
}

export type TransferCommand = { type: 'ACCEPT' } | { type: 'REJECT'; reason: string } | { type: 'DECISION_OVERDUE' };
export type TransferEvent = TransferCommand & Envelope;

export const transferMachine = setup({
  types: {} as { context: TransferContext; events: TransferEvent; input: TransferInput },
  guards: {
    isTarget: ({ context, event }) => actsForUnit(event.actor, context.to),
    isTargetWithReason: ({ context, event }) => event.type === 'REJECT' && actsForUnit(event.actor, context.to) && event.reason.trim().length > 0,
    isSystem: ({ event }) => isSystem(event.actor),
  },
  actions: { effect: (_, _params: Effect) => {} },
}).createMachine({
  id: 'transfer',
  context: ({ input }) => ({ ...input, decideBy: plus(input.requestedAt, hoursMs(TRANSFER_DECISION_HOURS)), overdue: false, rejection: null, decidedAt: null }),
  initial: 'pending',
  states: {
    pending: {
      on: {
        ACCEPT: {
          guard: 'isTarget',
          target: 'accepted',
          actions: [
            assign({ decidedAt: ({ event }) => event.at }),
            { type: 'effect', params: { type: 'forward', to: 'case', event: { type: 'TRANSFER_ACCEPTED' } } },
          ],
        },
        REJECT: {
          guard: 'isTargetWithReason',
          target: 'rejected',
          actions: [
            assign({ decidedAt: ({ event }) => event.at, rejection: ({ event }) => (event.type === 'REJECT' ? event.reason : null) }),
            {
              type: 'effect',
              params: ({ event }) => ({
                type: 'forward',
                to: 'case',
                event: { type: 'TRANSFER_REJECTED', reason: event.type === 'REJECT' ? event.reason : '' },
              }),
            },
          ],
        },
        DECISION_OVERDUE: { guard: 'isSystem', actions: assign({ overdue: true }) },
      },
    },
    accepted: { type: 'final' },
    rejected: { type: 'final' },
  },
});

export type TransferState = SnapshotFrom<typeof transferMachine>['value'];
export const TRANSFER_TASK_ACTIONS = ['accept-transfer', 'overdue-transfer'] as const;
export type TransferTaskAction = (typeof TRANSFER_TASK_ACTIONS)[number];

/** A transfer (转办) as everything outside the domain sees it. */
export interface TransferView {
  state: TransferState;
  caseId: string;
  from: string;
  to: string;
  citedMatter: string;
  reason: string;
  requestedAt: string;
  /** the target unit decides by then; after it, its city's coordinator is told */
  decideBy: string;
  overdue: boolean;
  rejection: string | null;
  decidedAt: string | null;
}

type TransferSnapshot = Stored<typeof transferMachine>;

export const transferWorkflow = defineWorkflow({
  kind: 'transfer',
  version: 1,
  machine: transferMachine,
  tasks: (s: TransferSnapshot) => {
    if (s.value !== 'pending') return [];
    const c = s.context;
    const escalation = c.overdue ? 1 : 0;
    const tasks: Array<TaskSpec<TransferTaskAction>> = [task({ inbox: c.to, role: 'lead', action: 'accept-transfer', dueAt: c.decideBy, escalation })];
    if (c.overdue)
      tasks.push(task({ inbox: coordinatorInbox(cityOfUnit(c.to)), role: 'oversight', action: 'overdue-transfer', dueAt: c.decideBy, escalation }));
    return tasks;
  },
  timers: (s: TransferSnapshot): Array<TimerSpec<TransferCommand>> =>
    s.value === 'pending' && !s.context.overdue ? [{ key: 'decision-due', dueAt: s.context.decideBy, event: { type: 'DECISION_OVERDUE' } }] : [],
  caseId: (s) => s.context.caseId,
  view: ({ value, context: c }) => ({
    state: value,
    caseId: c.caseId,
    from: c.from,
    to: c.to,
    citedMatter: c.citedMatter,
    reason: c.reason,
    requestedAt: c.requestedAt,
    decideBy: c.decideBy,
    overdue: c.overdue,
    rejection: c.rejection,
    decidedAt: c.decidedAt,
  }),
});
