import { assign, setup, type SnapshotFrom } from 'xstate';
import { actsForUnit, cityOfUnit, coordinatorInbox, isSystem, type Envelope } from './actor.ts';
import { hoursMs, plus, task, type Effect, type WorkflowDefinition } from './types.ts';

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

type By<T> = T & Envelope;
export type TransferEvent = By<{ type: 'ACCEPT' }> | By<{ type: 'REJECT'; reason: string }> | By<{ type: 'DECISION_OVERDUE' }>;

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

type TransferSnapshot = SnapshotFrom<typeof transferMachine>;

export const transferWorkflow: WorkflowDefinition<typeof transferMachine> = {
  kind: 'transfer',
  machine: transferMachine,
  tasks: (s: TransferSnapshot) => {
    if (s.value !== 'pending') return [];
    const c = s.context;
    const escalation = c.overdue ? 1 : 0;
    const tasks = [task({ inbox: c.to, role: 'lead', action: 'accept-transfer', dueAt: c.decideBy, escalation })];
    if (c.overdue)
      tasks.push(task({ inbox: coordinatorInbox(cityOfUnit(c.to)), role: 'oversight', action: 'overdue-transfer', dueAt: c.decideBy, escalation }));
    return tasks;
  },
  timers: (s: TransferSnapshot) =>
    s.value === 'pending' && !s.context.overdue ? [{ key: 'decision-due', dueAt: s.context.decideBy, event: { type: 'DECISION_OVERDUE' } }] : [],
  caseId: (s) => s.context.caseId,
};
