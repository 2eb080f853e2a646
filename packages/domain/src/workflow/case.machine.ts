import { and, assign, setup, type SnapshotFrom } from 'xstate';
import type { Tier } from '../reference.ts';
import { actsForUnit, cityOfUnit, coordinatorInbox, holdsRole, isSystem, LEADERSHIP_INBOX, type Envelope } from './actor.ts';
import { escalationAt, ESCALATION_LADDER, responseWindowMs, warnAt } from './sla.ts';
import { defineWorkflow, type Stored } from './step.ts';
import { hoursMs, plus, task, type CaseRecord, type Effect, type TaskSpec, type TimerSpec } from './types.ts';

/** How long a reporter has to confirm a resolution before it is confirmed for them (双向确认), unless configured. */
export const CONFIRM_WINDOW_HOURS = 72;
export const DEFAULT_CONFIRM_WINDOW_MS = hoursMs(CONFIRM_WINDOW_HOURS);

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

export type CaseCommand =
  | { type: 'CLAIM' }
  | { type: 'TRANSFER'; to: string; reason: string; cited: { matterCode: string; leadUnit: string } }
  | { type: 'START' }
  | { type: 'PROGRESS'; note: string }
  | { type: 'RESOLVE'; note: string }
  | { type: 'CONFIRM'; satisfied: boolean; comment?: string | undefined }
  | { type: 'AUTO_CONFIRM' }
  | { type: 'REOPEN'; reason: string }
  | { type: 'TRANSFER_ACCEPTED' }
  | { type: 'TRANSFER_REJECTED'; reason: string }
  | { type: 'RULED'; lead: string; supports: string[] }
  | { type: 'RELOCATED'; lead: string; supports: string[] }
  | { type: 'RESPONSE_WARNING' }
  | { type: 'ESCALATE'; level: number };
export type CaseEvent = CaseCommand & Envelope;

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
    /** one rating per closure: a closed case the reporter has rated takes no second rating */
    notRated: ({ context }) => context.rating === null,
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
        cityAdcode: cityOfUnit(to.lead),
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
            // A new result is rated afresh (an earlier rating was of an earlier result).
            rating: null,
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
            holder: ({ context }) => context.pendingTransfer?.to ?? context.holder,
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
                startDispute(context, context.pendingTransfer?.to ?? '', event.type === 'TRANSFER_REJECTED' ? event.reason : '', event.at),
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
        // Only a closure nobody rated yet (confirmed for the reporter when they said nothing) takes a
        // rating: unsatisfied reopens it, satisfied is recorded. One rating per closure.
        REOPEN: { guard: and(['speaksForReporter', 'notRated']), target: 'inProgress', actions: 'reopen' },
        CONFIRM: {
          guard: and(['speaksForReporter', 'notRated', ({ event }) => event.type === 'CONFIRM' && event.satisfied]),
          actions: assign({ satisfied: true, rating: 'satisfied' }),
        },
      },
    },
  },
});

export type CaseSnapshot = SnapshotFrom<typeof caseMachine>;
export type CaseState = CaseSnapshot['value'];
/** A case's state as its row stores it: its workflow's, or `triage` while it waits for a matter (no case workflow yet). */
export type CaseStatus = CaseState | 'triage';

export const CASE_TASK_ACTIONS = ['claim', 'work', 'work-supervised', 'await-transfer', 'await-ruling', 'await-confirmation', 'support', 'overdue'] as const;
export type CaseTaskAction = (typeof CASE_TASK_ACTIONS)[number];

/** A case's workflow as everything outside the domain sees it (the case page, Open311, the public status page). */
export interface CaseView {
  state: CaseState;
  /** the unit answerable now; once closed, the unit that closed it */
  holder: string;
  supports: string[];
  /** when the current offer must be claimed (the response deadline; a transfer inherits it) */
  respondBy: string;
  /** a ruling put the case with its holder: it can no longer be transferred */
  transferLocked: boolean;
  /** transfers so far (a second one is a dispute) */
  transfers: number;
  /** escalation level of a missed response (1 supervisor, 2 coordinator, 3 leadership) */
  escalation: number;
  claimedAt: string | null;
  resolvedAt: string | null;
  /** the result the holder reported (published on the status page) */
  resolution: string | null;
  /** when the resolution counts as confirmed if the reporter says nothing */
  confirmBy: string | null;
  closedAt: string | null;
  reopened: number;
  /** reopened after the reporter was unsatisfied (二次督办) */
  supervised: boolean;
  /** the reporter's answer on the current result (回访评价); null until rated (a new result is rated afresh) */
  rating: 'satisfied' | 'unsatisfied' | null;
}

/** Whether the reporter may rate now: a result awaits confirmation, or a closure nobody rated yet. */
export const rateable = (view: Pick<CaseView, 'state' | 'rating'>): boolean =>
  view.state === 'awaitingConfirmation' || (view.state === 'closed' && view.rating === null);

function caseTasks(s: Stored<typeof caseMachine>): Array<TaskSpec<CaseTaskAction>> {
  const c = s.context;
  const state = s.value;
  const tasks: Array<TaskSpec<CaseTaskAction>> = [];
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

function caseTimers(s: Stored<typeof caseMachine>): Array<TimerSpec<CaseCommand>> {
  const c = s.context;
  const state = s.value;
  const timers: Array<TimerSpec<CaseCommand>> = [];
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

const caseRecord = (s: Stored<typeof caseMachine>): CaseRecord => ({
  state: s.value,
  holder: s.value === 'closed' ? null : s.context.holder,
  transferLocked: s.context.transferLocked,
});

function caseView({ value, context: c }: Stored<typeof caseMachine>): CaseView {
  return {
    state: value,
    holder: c.holder,
    supports: c.supports,
    respondBy: c.respondBy,
    transferLocked: c.transferLocked,
    transfers: c.transfers,
    escalation: c.escalation,
    claimedAt: c.claimedAt,
    resolvedAt: c.resolvedAt,
    resolution: c.resolution,
    confirmBy: c.confirmBy,
    closedAt: c.closedAt,
    reopened: c.reopened,
    supervised: c.supervised,
    rating: c.rating,
  };
}

export const caseWorkflow = defineWorkflow({
  kind: 'case',
  version: 1,
  machine: caseMachine,
  tasks: caseTasks,
  timers: caseTimers,
  caseId: (s) => s.context.caseId,
  caseRecord,
  view: caseView,
});
