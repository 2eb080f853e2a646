import { and, assign, setup, type SnapshotFrom } from 'xstate';
import type { Tier } from '../reference.ts';
import { actsForUnit, coordinatorInbox, holdsRole, isSystem, LEADERSHIP_INBOX, type Envelope } from './actor.ts';
import { escalationAt, ESCALATION_LADDER, responseWindowMs, warnAt } from './sla.ts';
import { plus, task, type Effect, type TaskSpec, type TimerSpec, type WorkflowDefinition } from './types.ts';

export interface CaseInput {
  caseId: string;
  matterCode: string;
  cityAdcode: string;
  tier: Tier;
  lead: string;
  supports: string[];
  offeredAt: string;
  /** how long the reporter has to confirm a resolution before it is confirmed for them */
  confirmWindowMs: number;
}

export interface CaseContext extends CaseInput {
  holder: string;
  respondBy: string;
  windowMs: number;
  warned: boolean;
  escalation: number;
  transfers: number;
  transferLocked: boolean;
  pendingTransfer: { to: string; matterCode: string; reason: string } | null;
  claimedAt: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  confirmBy: string | null;
  reopened: number;
  supervised: boolean;
  progress: Array<{ at: string; by: string; note: string }>;
  closedAt: string | null;
  satisfied: boolean | null;
  /** the reporter's latest answer on the result (回访评价), shown on the public status page */
  rating: 'satisfied' | 'unsatisfied' | null;
}

type By<T> = T & Envelope;
export type CaseEvent =
  | By<{ type: 'CLAIM' }>
  | By<{ type: 'TRANSFER'; to: string; reason: string; cited: { matterCode: string; leadUnit: string } }>
  | By<{ type: 'START' }>
  | By<{ type: 'PROGRESS'; note: string }>
  | By<{ type: 'RESOLVE'; note: string }>
  | By<{ type: 'CONFIRM'; satisfied: boolean; comment?: string }>
  | By<{ type: 'AUTO_CONFIRM' }>
  | By<{ type: 'REOPEN'; reason: string }>
  | By<{ type: 'TRANSFER_ACCEPTED' }>
  | By<{ type: 'TRANSFER_REJECTED'; reason: string }>
  | By<{ type: 'RULED'; lead: string; supports: string[] }>
  | By<{ type: 'RELOCATED'; lead: string; supports: string[] }>
  | By<{ type: 'RESPONSE_WARNING' }>
  | By<{ type: 'ESCALATE'; level: number }>;

const by = (e: CaseEvent) => (e.actor.kind === 'user' ? e.actor.username : e.actor.kind);

const pendingOf = (event: CaseEvent) => {
  const e = event as Extract<CaseEvent, { type: 'TRANSFER' }>;
  return { to: e.to, matterCode: e.cited.matterCode, reason: e.reason };
};

const startTransfer = (context: CaseContext, event: CaseEvent): Effect => {
  const e = event as Extract<CaseEvent, { type: 'TRANSFER' }>;
  return {
    type: 'start',
    kind: 'transfer',
    input: { caseId: context.caseId, from: context.holder, to: e.to, citedMatter: e.cited.matterCode, reason: e.reason, requestedAt: e.at },
  };
};

/** A rejected transfer, or a second transfer of the same case, is a jurisdiction dispute (防推诿). */
const startDispute = (context: CaseContext, other: string, reason: string, at: string): Effect => ({
  type: 'start',
  kind: 'dispute',
  input: {
    caseId: context.caseId,
    matterCode: context.matterCode,
    cityAdcode: context.cityAdcode,
    parties: [context.holder, other],
    trigger: reason,
    openedAt: at,
  },
});

export const caseMachine = setup({
  types: {} as { context: CaseContext; events: CaseEvent; input: CaseInput },
  guards: {
    isHolder: ({ context, event }) => actsForUnit(event.actor, context.holder),
    canTransfer: ({ context, event }) =>
      event.type === 'TRANSFER' &&
      actsForUnit(event.actor, context.holder) &&
      !context.transferLocked &&
      event.to !== context.holder &&
      event.cited.leadUnit === event.to &&
      event.reason.trim().length > 0,
    isRepeatTransfer: ({ context }) => context.transfers > 0,
    speaksForReporter: ({ context, event }) => event.actor.kind === 'reporter' || holdsRole(event.actor, 'coordinator', context.cityAdcode),
    isSystem: ({ event }) => isSystem(event.actor),
    isOpen: ({ context }) => context.closedAt === null,
    nextLevel: ({ context, event }) => isSystem(event.actor) && event.type === 'ESCALATE' && event.level === context.escalation + 1,
  },
  actions: {
    effect: (_, _params: Effect) => {},
    recordProgress: assign({
      progress: ({ context, event }) => [...context.progress, { at: event.at, by: by(event), note: 'note' in event ? String(event.note) : '' }],
    }),
    close: assign({
      closedAt: ({ event }) => event.at,
      satisfied: ({ event }) => (event.type === 'CONFIRM' ? event.satisfied : null),
      rating: ({ context, event }) => (event.type === 'CONFIRM' ? (event.satisfied ? 'satisfied' : 'unsatisfied') : context.rating),
    }),
    reoffer: assign(({ context, event }) => {
      const to = event as Extract<CaseEvent, { type: 'RULED' | 'RELOCATED' }>;
      return {
        holder: to.lead,
        cityAdcode: to.lead.split(':')[0]!,
        supports: to.supports,
        transferLocked: context.transferLocked || to.type === 'RULED',
        pendingTransfer: null,
        claimedAt: null,
        offeredAt: event.at,
        respondBy: plus(event.at, context.windowMs),
        warned: false,
        escalation: 0,
      };
    }),
    reopen: assign({
      reopened: ({ context }) => context.reopened + 1,
      supervised: true,
      closedAt: null,
      confirmBy: null,
      rating: 'unsatisfied',
      progress: ({ context, event }) => [...context.progress, { at: event.at, by: by(event), note: 'reason' in event ? String(event.reason) : '' }],
    }),
  },
}).createMachine({
  id: 'case',
  context: ({ input }) => ({
    ...input,
    holder: input.lead,
    windowMs: responseWindowMs(input.tier),
    respondBy: plus(input.offeredAt, responseWindowMs(input.tier)),
    warned: false,
    escalation: 0,
    transfers: 0,
    transferLocked: false,
    pendingTransfer: null,
    claimedAt: null,
    resolvedAt: null,
    resolution: null,
    confirmBy: null,
    reopened: 0,
    supervised: false,
    progress: [],
    closedAt: null,
    satisfied: null,
    rating: null,
  }),
  initial: 'offered',
  // A ruling (leadership on a dispute, the alliance office on a city-vs-city referral) re-offers
  // an open case to the ruled unit, with transfer locked: "a ruling that sticks".
  on: {
    RULED: { guard: and(['isSystem', 'isOpen']), target: '.offered', actions: 'reoffer' },
    // Another alliance city accepted a coordinator's referral: its units take the case over, and
    // may still transfer it within their city (only a ruling locks transfers).
    RELOCATED: { guard: and(['isSystem', 'isOpen']), target: '.offered', actions: 'reoffer' },
  },
  states: {
    offered: {
      on: {
        CLAIM: { guard: 'isHolder', target: 'claimed', actions: assign({ claimedAt: ({ event }) => event.at }) },
        TRANSFER: [
          {
            guard: and(['canTransfer', 'isRepeatTransfer']),
            target: 'disputed',
            actions: [
              {
                type: 'effect',
                params: ({ context, event }) => startDispute(context, (event as Extract<CaseEvent, { type: 'TRANSFER' }>).to, 'second transfer', event.at),
              },
              assign({ transfers: ({ context }) => context.transfers + 1 }),
            ],
          },
          {
            guard: 'canTransfer',
            target: 'transferring',
            actions: [
              assign({ pendingTransfer: ({ event }) => pendingOf(event) }),
              { type: 'effect', params: ({ context, event }) => startTransfer(context, event) },
            ],
          },
        ],
        RESPONSE_WARNING: { guard: 'isSystem', actions: assign({ warned: true }) },
        ESCALATE: { guard: 'nextLevel', actions: assign({ escalation: ({ event }) => (event.type === 'ESCALATE' ? event.level : 0) }) },
      },
    },
    // Claiming (签收) accepts the case: from here on it can no longer be transferred away.
    claimed: {
      on: {
        START: { guard: 'isHolder', target: 'inProgress' },
        PROGRESS: { guard: 'isHolder', target: 'inProgress', actions: 'recordProgress' },
      },
    },
    inProgress: {
      on: {
        PROGRESS: { guard: 'isHolder', actions: 'recordProgress' },
        RESOLVE: {
          guard: 'isHolder',
          target: 'awaitingConfirmation',
          actions: assign({
            resolvedAt: ({ event }) => event.at,
            resolution: ({ event }) => (event.type === 'RESOLVE' ? event.note : null),
            confirmBy: ({ context, event }) => plus(event.at, context.confirmWindowMs),
          }),
        },
      },
    },
    transferring: {
      on: {
        TRANSFER_ACCEPTED: {
          guard: 'isSystem',
          target: 'offered',
          // The response clock keeps running: the new holder inherits the deadline.
          actions: assign({
            holder: ({ context }) => context.pendingTransfer!.to,
            transfers: ({ context }) => context.transfers + 1,
            pendingTransfer: null,
            claimedAt: null,
          }),
        },
        TRANSFER_REJECTED: {
          guard: 'isSystem',
          target: 'disputed',
          actions: [
            {
              type: 'effect',
              params: ({ context, event }) =>
                startDispute(context, context.pendingTransfer!.to, event.type === 'TRANSFER_REJECTED' ? event.reason : '', event.at),
            },
            assign({ transfers: ({ context }) => context.transfers + 1, pendingTransfer: null }),
          ],
        },
        RESPONSE_WARNING: { guard: 'isSystem', actions: assign({ warned: true }) },
        ESCALATE: { guard: 'nextLevel', actions: assign({ escalation: ({ event }) => (event.type === 'ESCALATE' ? event.level : 0) }) },
      },
    },
    // Waits for leadership; the ruling arrives through the machine-wide RULED below.
    disputed: {},
    awaitingConfirmation: {
      on: {
        CONFIRM: [
          { guard: and(['speaksForReporter', ({ event }) => event.type === 'CONFIRM' && event.satisfied]), target: 'closed', actions: 'close' },
          { guard: 'speaksForReporter', target: 'inProgress', actions: 'reopen' },
        ],
        AUTO_CONFIRM: { guard: 'isSystem', target: 'closed', actions: 'close' },
      },
    },
    closed: {
      on: {
        REOPEN: { guard: 'speaksForReporter', target: 'inProgress', actions: 'reopen' },
        // A satisfied rating after the case was confirmed for the reporter (auto-confirm) is recorded.
        CONFIRM: {
          guard: and(['speaksForReporter', ({ event }) => event.type === 'CONFIRM' && event.satisfied]),
          actions: assign({ satisfied: true, rating: 'satisfied' }),
        },
      },
    },
  },
});

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;
export type CaseState = 'offered' | 'claimed' | 'inProgress' | 'transferring' | 'disputed' | 'awaitingConfirmation' | 'closed';

function caseTasks(s: CaseSnapshot): TaskSpec[] {
  const c = s.context;
  const state = s.value as CaseState;
  const tasks: TaskSpec[] = [];
  const oversight = (dueAt: string) => {
    // From level 2 the city's coordinators see it, from level 3 leadership too.
    if (c.escalation >= 2) tasks.push(task({ inbox: coordinatorInbox(c.cityAdcode), role: 'oversight', action: 'overdue', dueAt, escalation: c.escalation }));
    if (c.escalation >= 3) tasks.push(task({ inbox: LEADERSHIP_INBOX, role: 'oversight', action: 'overdue', dueAt, escalation: c.escalation }));
  };
  switch (state) {
    case 'offered':
      tasks.push(
        task({ inbox: c.holder, role: 'lead', action: 'claim', dueAt: c.respondBy, warnAt: warnAt(c.offeredAt, c.respondBy), escalation: c.escalation }),
      );
      oversight(c.respondBy);
      break;
    case 'claimed':
    case 'inProgress':
      tasks.push(task({ inbox: c.holder, role: 'lead', action: c.supervised ? 'work-supervised' : 'work', escalation: c.escalation }));
      break;
    case 'transferring':
      tasks.push(
        task({
          inbox: c.holder,
          role: 'lead',
          action: 'await-transfer',
          dueAt: c.respondBy,
          warnAt: warnAt(c.offeredAt, c.respondBy),
          escalation: c.escalation,
        }),
      );
      oversight(c.respondBy);
      break;
    case 'disputed':
      tasks.push(task({ inbox: c.holder, role: 'lead', action: 'await-ruling' }));
      break;
    case 'awaitingConfirmation':
      tasks.push(task({ inbox: c.holder, role: 'lead', action: 'await-confirmation', dueAt: c.confirmBy }));
      break;
    case 'closed':
      return [];
  }
  if (state !== 'disputed') {
    for (const unit of c.supports) if (unit !== c.holder) tasks.push(task({ inbox: unit, role: 'support', action: 'support' }));
  }
  return tasks;
}

function caseTimers(s: CaseSnapshot): TimerSpec[] {
  const c = s.context;
  const state = s.value as CaseState;
  const timers: TimerSpec[] = [];
  if (state === 'offered' || state === 'transferring') {
    if (!c.warned) timers.push({ key: 'response-warning', dueAt: warnAt(c.offeredAt, c.respondBy), event: { type: 'RESPONSE_WARNING' } });
    const next = c.escalation + 1;
    if (next <= ESCALATION_LADDER.length) {
      timers.push({ key: `escalate-${next}`, dueAt: escalationAt(c.respondBy, c.windowMs, next), event: { type: 'ESCALATE', level: next } });
    }
  }
  if (state === 'awaitingConfirmation' && c.confirmBy) timers.push({ key: 'auto-confirm', dueAt: c.confirmBy, event: { type: 'AUTO_CONFIRM' } });
  return timers;
}

export const caseWorkflow: WorkflowDefinition<typeof caseMachine> = {
  kind: 'case',
  machine: caseMachine,
  tasks: caseTasks,
  timers: caseTimers,
  holder: (s) => (s.value === 'closed' ? null : s.context.holder),
  caseId: (s) => s.context.caseId,
};
