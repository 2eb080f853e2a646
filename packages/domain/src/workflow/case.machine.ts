import { and, assign, setup, type SnapshotFrom } from 'xstate';
import { closeBlock, type Deviation } from '../enforcement.ts';
import { RESOLUTION_LIMITS, type ResolutionLimit, type Tier } from '../reference.ts';
import { actsForUnit, cityOfUnit, coordinatorInbox, holdsRole, isSystem, LEADERSHIP_INBOX, type Envelope } from './actor.ts';
import { escalationAt, ESCALATION_LADDER, extensionDecideBy, resolutionDeadline, responseWindowMs, warnAt } from './sla.ts';
import { defineWorkflow, type PersistedSnapshot, type Stored } from './step.ts';
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
  /** the matter's resolution limit (处置时限) in the matrix the case was routed under */
  resolutionLimit: ResolutionLimit;
}

/** An extension request (延期申请): the holder asks its supervisor for a later resolution deadline. */
export interface ExtensionRequest {
  reason: string;
  /** the resolution deadline asked for */
  until: string;
  requestedAt: string;
  requestedBy: string;
  /** the supervisor decides by then; after it the city's coordinator may decide too */
  decideBy: string;
  overdue: boolean;
}

export interface ExtensionRecord extends ExtensionRequest {
  approved: boolean;
  decidedAt: string;
  decidedBy: string;
  note: string;
}

/** A suspension request (挂账申请): the case cannot be solved now (a season, a court, a planning decision). */
export interface SuspensionRequest {
  reason: string;
  /** when the suspended case is to be looked at again */
  reviewAt: string;
  requestedAt: string;
  requestedBy: string;
}

/** A running suspension: the resolution clock stands still from `since`. */
export interface Suspension {
  reason: string;
  since: string;
  reviewAt: string;
  approvedBy: string;
  /** the review date has come: the coordinator must continue it or resume the case */
  reviewDue: boolean;
}

/** A reminder (催办) from a supervisor, coordinator or leadership: open until the holder next acts on the case. */
export interface Reminder {
  at: string;
  by: string;
  note: string;
}

/** A formal supervision order (督办) with its own deadline, answered by the holder. */
export interface SupervisionOrder {
  /** 1, 2, … in the order they were issued */
  n: number;
  at: string;
  by: string;
  /** the inbox of the office that issued it (the unit for its supervisor, the city's coordination office, leadership) */
  from: string;
  note: string;
  dueBy: string;
  answeredAt: string | null;
  answer: string | null;
  /** the deadline passed without an answer */
  overdue: boolean;
}

/**
 * A resolution whose enforcement record departs from the city's discretion standard (自由裁量基准):
 * it waits in progress until a supervisor of the unit, not the officer, approves it with a reason.
 */
export interface EnforcementApprovalRequest {
  /** the resolution as the officer reported it */
  note: string;
  deviations: Deviation[];
  requestedAt: string;
  requestedBy: string;
}

export interface EnforcementDecision extends EnforcementApprovalRequest {
  approved: boolean;
  decidedAt: string;
  decidedBy: string;
  reason: string;
}

export interface CaseComment {
  at: string;
  by: string;
  text: string;
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
  /** start of the running resolution window: the claim (or reopening), moved on by time spent suspended */
  resolveFrom: string | null;
  /** when the holder must have resolved it (处置时限); an approved extension moves it, a suspension stops it */
  resolveBy: string | null;
  resolutionWarned: boolean;
  /** escalation level of a missed resolution deadline (1 supervisor, 2 coordinator, 3 leadership) */
  resolutionEscalation: number;
  /** whether the latest resolution came by its (extended) deadline; null until resolved */
  resolvedOnTime: boolean | null;
  pendingExtension: ExtensionRequest | null;
  extensions: ExtensionRecord[];
  pendingSuspension: SuspensionRequest | null;
  suspension: Suspension | null;
  /** time spent suspended so far, over all suspensions */
  suspendedMs: number;
  suspensions: number;
  /** the person of the holding unit working the case (who claimed it, or whom a supervisor assigned); null when nobody is named */
  assignee: string | null;
  /** the reminder (催办) the holder has not acted on yet */
  reminder: Reminder | null;
  reminders: number;
  supervisionOrders: SupervisionOrder[];
  comments: CaseComment[];
  /** a resolution waiting for a supervisor's approval of its enforcement record's deviations */
  enforcementApproval: EnforcementApprovalRequest | null;
  enforcementDecisions: EnforcementDecision[];
}

export type CaseCommand =
  | { type: 'CLAIM' }
  | { type: 'TRANSFER'; to: string; reason: string; cited: { matterCode: string; leadUnit: string } }
  | { type: 'START' }
  | { type: 'PROGRESS'; note: string }
  /** `deviations`: how the enforcement record departs from the standard, as the server checked it (none: it closes as usual) */
  | { type: 'RESOLVE'; note: string; deviations?: Deviation[] | undefined }
  /** a supervisor of the holding unit approves a deviating enforcement record (with a reason) or sends it back */
  | { type: 'DECIDE_ENFORCEMENT'; approve: boolean; reason: string }
  | { type: 'CONFIRM'; satisfied: boolean; comment?: string | undefined }
  | { type: 'AUTO_CONFIRM' }
  | { type: 'REOPEN'; reason: string }
  | { type: 'TRANSFER_ACCEPTED' }
  | { type: 'TRANSFER_REJECTED'; reason: string }
  | { type: 'RULED'; lead: string; supports: string[] }
  | { type: 'RELOCATED'; lead: string; supports: string[] }
  | { type: 'RESPONSE_WARNING' }
  | { type: 'ESCALATE'; level: number }
  | { type: 'RESOLUTION_WARNING' }
  | { type: 'RESOLUTION_ESCALATE'; level: number }
  | { type: 'REQUEST_EXTENSION'; reason: string; until: string }
  | { type: 'DECIDE_EXTENSION'; approve: boolean; note: string }
  | { type: 'EXTENSION_OVERDUE' }
  | { type: 'REQUEST_SUSPENSION'; reason: string; reviewAt: string }
  | { type: 'DECIDE_SUSPENSION'; approve: boolean; note: string }
  | { type: 'SUSPENSION_REVIEW_DUE' }
  | { type: 'CONTINUE_SUSPENSION'; reviewAt: string; note: string }
  | { type: 'RESUME'; note: string }
  | { type: 'REMIND'; note: string }
  | { type: 'SUPERVISE'; note: string; dueBy: string }
  /** answers order `n`, or without it the open order due soonest */
  | { type: 'ANSWER_SUPERVISION'; note: string; n?: number | undefined }
  | { type: 'SUPERVISION_OVERDUE'; n: number }
  /** `toUnits`: the units the named person acts for, as the server found them (the machine checks the holder is one) */
  | { type: 'ASSIGN'; to: string; toUnits: string[] }
  | { type: 'COMMENT'; text: string }
  /** the person whose claim this was has left (deactivated): the case stays with the unit, said on its timeline and in its inbox */
  | { type: 'RETURNED_TO_UNIT'; reason: string };
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

type Ev<T extends CaseEvent['type']> = Extract<CaseEvent, { type: T }>;

/** A fresh resolution window from `at` (a claim or a reopening): the matter's limit on the working-day calendar. */
const resolutionWindow = (context: CaseContext, at: string) => ({
  resolveFrom: at,
  resolveBy: resolutionDeadline(at, context.resolutionLimit),
  resolutionWarned: false,
  resolutionEscalation: 0,
  resolvedOnTime: null,
});

/** Ends a running suspension at `at`: the resolution window moves on by the time it stood still. */
const endSuspension = (context: CaseContext, at: string) => {
  const s = context.suspension;
  if (!s) return {};
  const stood = Math.max(0, new Date(at).getTime() - new Date(s.since).getTime());
  return {
    suspension: null,
    suspendedMs: context.suspendedMs + stood,
    resolveFrom: context.resolveFrom && plus(context.resolveFrom, stood),
    resolveBy: context.resolveBy && plus(context.resolveBy, stood),
  };
};

const later = (a: string, b: string) => new Date(a).getTime() > new Date(b).getTime();

/** Who oversees a case: the holding unit's supervisor, the city's coordinator, leadership. Their office's inbox, or null. */
export function overseerInbox(actor: CaseEvent['actor'], context: Pick<CaseContext, 'holder' | 'cityAdcode'>): string | null {
  if (holdsRole(actor, 'leadership')) return LEADERSHIP_INBOX;
  if (holdsRole(actor, 'coordinator', context.cityAdcode)) return coordinatorInbox(context.cityAdcode);
  if (actsForUnit(actor, context.holder, ['supervisor'])) return context.holder;
  return null;
}

/** The unanswered order `n`, or without it the one due soonest. */
const openOrder = (context: Pick<CaseContext, 'supervisionOrders'>, n: number | undefined) =>
  context.supervisionOrders.filter((o) => o.answeredAt === null && (n === undefined || o.n === n)).sort((a, b) => a.dueBy.localeCompare(b.dueBy))[0];

/** A supervision order's deadline must lie ahead and within a year. */
const MAX_SUPERVISION_MS = 366 * 24 * 3_600_000;

/** The resolution clock's events, taken alike while the case is claimed and while it is in progress. */
const resolutionClock = {
  RESOLUTION_WARNING: { guard: 'isSystem', actions: 'markResolutionWarned' },
  RESOLUTION_ESCALATE: { guard: 'nextResolutionLevel', actions: 'raiseResolutionEscalation' },
  REQUEST_EXTENSION: { guard: 'canRequestExtension', actions: ['requestExtension', 'holderActed'] },
  DECIDE_EXTENSION: { guard: 'canDecideExtension', actions: 'decideExtension' },
  EXTENSION_OVERDUE: { guard: 'isSystem', actions: 'markExtensionOverdue' },
  REQUEST_SUSPENSION: { guard: 'canRequestSuspension', actions: ['requestSuspension', 'holderActed'] },
  DECIDE_SUSPENSION: [
    { guard: and(['isCityCoordinator', 'hasPendingSuspension', 'approves']), target: 'suspended', actions: 'suspend' },
    { guard: and(['isCityCoordinator', 'hasPendingSuspension']), actions: 'dropPendingSuspension' },
  ],
} as const;

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
    nextResolutionLevel: ({ context, event }) =>
      isSystem(event.actor) && event.type === 'RESOLUTION_ESCALATE' && event.level === context.resolutionEscalation + 1,
    /** the holder asks for a later deadline than the one it has, with a reason, one request at a time */
    canRequestExtension: ({ context, event }) =>
      event.type === 'REQUEST_EXTENSION' &&
      actsForUnit(event.actor, context.holder) &&
      context.pendingExtension === null &&
      context.resolveBy !== null &&
      later(event.until, context.resolveBy) &&
      event.reason.trim().length > 0,
    /** the holder's supervisor (not the one who asked); once the decision is overdue, the city's coordinator too */
    canDecideExtension: ({ context, event }) => {
      const p = context.pendingExtension;
      if (!p || event.actor.kind !== 'user' || event.actor.username === p.requestedBy) return false;
      return actsForUnit(event.actor, context.holder, ['supervisor']) || (p.overdue && holdsRole(event.actor, 'coordinator', context.cityAdcode));
    },
    canRequestSuspension: ({ context, event }) =>
      event.type === 'REQUEST_SUSPENSION' &&
      actsForUnit(event.actor, context.holder) &&
      context.pendingSuspension === null &&
      later(event.reviewAt, event.at) &&
      event.reason.trim().length > 0,
    isCityCoordinator: ({ context, event }) => holdsRole(event.actor, 'coordinator', context.cityAdcode),
    isHolderOrCoordinator: ({ context, event }) => actsForUnit(event.actor, context.holder) || holdsRole(event.actor, 'coordinator', context.cityAdcode),
    hasPendingSuspension: ({ context }) => context.pendingSuspension !== null,
    approves: ({ event }) => (event.type === 'DECIDE_EXTENSION' || event.type === 'DECIDE_SUSPENSION' || event.type === 'DECIDE_ENFORCEMENT') && event.approve,
    deviates: ({ event }) => event.type === 'RESOLVE' && (event.deviations?.length ?? 0) > 0,
    /** a supervisor of the holding unit other than the officer who resolved, with a reason (closeBlock) */
    canDecideEnforcement: ({ context, event }) => {
      const p = context.enforcementApproval;
      if (!p || event.type !== 'DECIDE_ENFORCEMENT' || event.actor.kind !== 'user') return false;
      if (!actsForUnit(event.actor, context.holder, ['supervisor'])) return false;
      return closeBlock({ problems: [], deviations: p.deviations }, p.requestedBy, { supervisorId: event.actor.username, reason: event.reason }) === null;
    },
    reviewLater: ({ event }) => event.type === 'CONTINUE_SUSPENSION' && later(event.reviewAt, event.at),
    /** 催办 and 督办: the holder's supervisor, the city's coordinator, leadership; with a note */
    canRemind: ({ context, event }) =>
      event.type === 'REMIND' && context.closedAt === null && overseerInbox(event.actor, context) !== null && event.note.trim().length > 0,
    canSupervise: ({ context, event }) =>
      event.type === 'SUPERVISE' &&
      context.closedAt === null &&
      overseerInbox(event.actor, context) !== null &&
      event.note.trim().length > 0 &&
      later(event.dueBy, event.at) &&
      new Date(event.dueBy).getTime() - new Date(event.at).getTime() <= MAX_SUPERVISION_MS,
    canAnswerSupervision: ({ context, event }) =>
      event.type === 'ANSWER_SUPERVISION' &&
      actsForUnit(event.actor, context.holder) &&
      event.note.trim().length > 0 &&
      openOrder(context, event.n) !== undefined,
    isOpenOrder: ({ context, event }) =>
      isSystem(event.actor) &&
      event.type === 'SUPERVISION_OVERDUE' &&
      context.supervisionOrders.some((o) => o.n === event.n && o.answeredAt === null && !o.overdue),
    /** a named person of the holding unit, by its supervisor or the city's coordinator */
    canAssign: ({ context, event }) =>
      event.type === 'ASSIGN' &&
      context.closedAt === null &&
      (actsForUnit(event.actor, context.holder, ['supervisor']) || holdsRole(event.actor, 'coordinator', context.cityAdcode)) &&
      event.toUnits.includes(context.holder),
    /** whoever works or oversees the case: its units, the city's coordinator, leadership, the alliance office */
    canComment: ({ context, event }) =>
      event.type === 'COMMENT' &&
      event.text.trim().length > 0 &&
      (actsForUnit(event.actor, context.holder) ||
        context.supports.some((s) => actsForUnit(event.actor, s)) ||
        holdsRole(event.actor, 'coordinator', context.cityAdcode) ||
        holdsRole(event.actor, 'leadership') ||
        holdsRole(event.actor, 'alliance')),
  },
  actions: {
    markResolutionWarned: assign({ resolutionWarned: true }),
    raiseResolutionEscalation: assign({ resolutionEscalation: ({ event }) => (event.type === 'RESOLUTION_ESCALATE' ? event.level : 0) }),
    markExtensionOverdue: assign({ pendingExtension: ({ context }) => context.pendingExtension && { ...context.pendingExtension, overdue: true } }),
    dropPendingSuspension: assign({ pendingSuspension: null }),
    effect: (_, _params: Effect) => {},
    recordProgress: assign({
      progress: ({ context, event }) => [...context.progress, { at: event.at, by: by(event), note: 'note' in event ? String(event.note) : '' }],
    }),
    // The claim's person left: the reason goes on the progress record the unit works from.
    recordReturn: assign({
      progress: ({ context, event }) => [...context.progress, { at: event.at, by: by(event), note: 'reason' in event ? String(event.reason) : '' }],
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
        ...endSuspension(context, event.at),
        resolveFrom: null,
        resolveBy: null,
        resolutionWarned: false,
        resolutionEscalation: 0,
        pendingExtension: null,
        pendingSuspension: null,
        enforcementApproval: null,
        // another unit (or the same one afresh) takes the case: nobody of it is named yet
        assignee: context.holder === to.lead ? context.assignee : null,
        reminder: null,
      };
    }),
    reopen: assign(({ context, event }) => ({
      reopened: context.reopened + 1,
      supervised: true,
      closedAt: null,
      confirmBy: null,
      rating: 'unsatisfied' as const,
      progress: [...context.progress, { at: event.at, by: by(event), note: 'reason' in event ? String(event.reason) : '' }],
      // reworking a result the reporter rejected gets a new resolution window
      ...resolutionWindow(context, event.at),
    })),
    claim: assign(({ context, event }) => ({
      claimedAt: event.at,
      ...resolutionWindow(context, event.at),
      // whoever claims works it, unless a supervisor had named someone of the unit
      assignee: context.assignee ?? (event.actor.kind === 'user' ? event.actor.username : null),
      reminder: null,
    })),
    requestExtension: assign({
      pendingExtension: ({ event }) => {
        const e = event as Ev<'REQUEST_EXTENSION'>;
        return { reason: e.reason, until: e.until, requestedAt: e.at, requestedBy: by(e), decideBy: extensionDecideBy(e.at), overdue: false };
      },
    }),
    decideExtension: assign(({ context, event }) => {
      const e = event as Ev<'DECIDE_EXTENSION'>;
      const p = context.pendingExtension;
      if (!p) return {};
      const record: ExtensionRecord = { ...p, approved: e.approve, decidedAt: e.at, decidedBy: by(e), note: e.note };
      // An approved extension is the new deadline; the warning and the ladder start over against it.
      const moved = e.approve ? { resolveBy: p.until, resolutionWarned: false, resolutionEscalation: 0 } : {};
      return { pendingExtension: null, extensions: [...context.extensions, record], ...moved };
    }),
    requestSuspension: assign({
      pendingSuspension: ({ event }) => {
        const e = event as Ev<'REQUEST_SUSPENSION'>;
        return { reason: e.reason, reviewAt: e.reviewAt, requestedAt: e.at, requestedBy: by(e) };
      },
    }),
    suspend: assign(({ context, event }) => {
      const p = context.pendingSuspension;
      if (!p) return {};
      return {
        pendingSuspension: null,
        // an extension asked for before the case was suspended is moot: the clock stands still
        pendingExtension: null,
        enforcementApproval: null,
        suspensions: context.suspensions + 1,
        suspension: { reason: p.reason, since: event.at, reviewAt: p.reviewAt, approvedBy: by(event), reviewDue: false },
      };
    }),
    resume: assign(({ context, event }) => endSuspension(context, event.at)),
    resolve: assign({
      resolvedAt: ({ event }) => event.at,
      resolvedOnTime: ({ context, event }) => (context.resolveBy === null ? null : !later(event.at, context.resolveBy)),
      pendingExtension: null,
      pendingSuspension: null,
      reminder: null,
      // an approved record's resolution is the one the officer reported
      resolution: ({ context, event }) => (event.type === 'RESOLVE' ? event.note : (context.enforcementApproval?.note ?? null)),
      // A new result is rated afresh (an earlier rating was of an earlier result).
      rating: null,
      confirmBy: ({ context, event }) => plus(event.at, context.confirmWindowMs),
      enforcementApproval: ({ event, context }) => (event.type === 'RESOLVE' ? null : context.enforcementApproval),
    }),
    askEnforcementApproval: assign({
      enforcementApproval: ({ event }) => {
        const e = event as Ev<'RESOLVE'>;
        return { note: e.note, deviations: e.deviations ?? [], requestedAt: e.at, requestedBy: by(e) };
      },
    }),
    decideEnforcement: assign(({ context, event }) => {
      const e = event as Ev<'DECIDE_ENFORCEMENT'>;
      const p = context.enforcementApproval;
      if (!p) return {};
      const decision: EnforcementDecision = { ...p, approved: e.approve, decidedAt: e.at, decidedBy: by(e), reason: e.reason };
      return { enforcementApproval: null, enforcementDecisions: [...context.enforcementDecisions, decision] };
    }),
    /** the holder acted on the case: an open reminder is answered */
    holderActed: assign({ reminder: null }),
    /** nobody of the unit is named on the case any more (the person left) */
    unassign: assign({ assignee: null }),
    remind: assign(({ context, event }) => ({
      reminder: { at: event.at, by: by(event), note: (event as Ev<'REMIND'>).note },
      reminders: context.reminders + 1,
    })),
    supervise: assign({
      supervisionOrders: ({ context, event }) => {
        const e = event as Ev<'SUPERVISE'>;
        const order: SupervisionOrder = {
          n: context.supervisionOrders.length + 1,
          at: e.at,
          by: by(e),
          from: overseerInbox(e.actor, context) ?? coordinatorInbox(context.cityAdcode),
          note: e.note,
          dueBy: e.dueBy,
          answeredAt: null,
          answer: null,
          overdue: false,
        };
        return [...context.supervisionOrders, order];
      },
    }),
    answerSupervision: assign(({ context, event }) => {
      const e = event as Ev<'ANSWER_SUPERVISION'>;
      const n = openOrder(context, e.n)?.n;
      return {
        reminder: null,
        supervisionOrders: context.supervisionOrders.map((o) => (o.n === n ? { ...o, answeredAt: e.at, answer: e.note } : o)),
      };
    }),
    markSupervisionOverdue: assign({
      supervisionOrders: ({ context, event }) =>
        context.supervisionOrders.map((o) => (event.type === 'SUPERVISION_OVERDUE' && o.n === event.n ? { ...o, overdue: true } : o)),
    }),
    assignTo: assign({ assignee: ({ event }) => (event as Ev<'ASSIGN'>).to }),
    comment: assign({ comments: ({ context, event }) => [...context.comments, { at: event.at, by: by(event), text: (event as Ev<'COMMENT'>).text }] }),
  },
}).createMachine({
  id: 'case',
  // The input is spread last: on Node 20 an object literal that adds properties after a spread
  // builds slowly (80 µs for this one, most of a case's start), one spread at the end does not.
  context: ({ input }) => ({
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
    resolveFrom: null,
    resolveBy: null,
    resolutionWarned: false,
    resolutionEscalation: 0,
    resolvedOnTime: null,
    pendingExtension: null,
    extensions: [],
    pendingSuspension: null,
    suspension: null,
    suspendedMs: 0,
    suspensions: 0,
    assignee: null,
    reminder: null,
    reminders: 0,
    supervisionOrders: [],
    comments: [],
    enforcementApproval: null,
    enforcementDecisions: [],
    ...input,
  }),
  initial: 'offered',
  // A ruling (leadership on a dispute, the alliance office on a city-vs-city referral) re-offers
  // an open case to the ruled unit, with transfer locked: "a ruling that sticks".
  on: {
    RULED: { guard: and(['isSystem', 'isOpen']), target: '.offered', actions: 'reoffer' },
    // Another alliance city accepted a coordinator's referral: its units take the case over, and
    // may still transfer it within their city (only a ruling locks transfers).
    RELOCATED: { guard: and(['isSystem', 'isOpen']), target: '.offered', actions: 'reoffer' },
    // Supervision (催办, 督办, assigning within the unit, comments) acts on an open case in any state.
    REMIND: { guard: 'canRemind', actions: 'remind' },
    SUPERVISE: { guard: 'canSupervise', actions: 'supervise' },
    ANSWER_SUPERVISION: { guard: 'canAnswerSupervision', actions: 'answerSupervision' },
    SUPERVISION_OVERDUE: { guard: 'isOpenOrder', actions: 'markSupervisionOverdue' },
    ASSIGN: { guard: 'canAssign', actions: 'assignTo' },
    COMMENT: { guard: 'canComment', actions: 'comment' },
  },
  states: {
    offered: {
      on: {
        CLAIM: { guard: 'isHolder', target: 'claimed', actions: 'claim' },
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
        RETURNED_TO_UNIT: { guard: 'isSystem', actions: ['recordReturn', 'unassign'] },
        START: { guard: 'isHolder', target: 'inProgress', actions: 'holderActed' },
        PROGRESS: { guard: 'isHolder', target: 'inProgress', actions: ['recordProgress', 'holderActed'] },
        ...resolutionClock,
      },
    },
    inProgress: {
      on: {
        RETURNED_TO_UNIT: { guard: 'isSystem', actions: ['recordReturn', 'unassign'] },
        PROGRESS: { guard: 'isHolder', actions: ['recordProgress', 'holderActed'] },
        ...resolutionClock,
        RESOLVE: [
          // An enforcement record outside the standard waits for the unit's supervisor (the case stays in progress).
          { guard: and(['isHolder', 'deviates']), actions: ['askEnforcementApproval', 'holderActed'] },
          { guard: 'isHolder', target: 'awaitingConfirmation', actions: 'resolve' },
        ],
        DECIDE_ENFORCEMENT: [
          { guard: and(['canDecideEnforcement', 'approves']), target: 'awaitingConfirmation', actions: ['resolve', 'decideEnforcement'] },
          { guard: 'canDecideEnforcement', actions: 'decideEnforcement' },
        ],
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
            assignee: null,
            reminder: null,
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
    // 挂账: approved by the city's coordinator; the resolution clock stands still until it resumes.
    suspended: {
      on: {
        SUSPENSION_REVIEW_DUE: {
          guard: 'isSystem',
          actions: assign({ suspension: ({ context }) => context.suspension && { ...context.suspension, reviewDue: true } }),
        },
        CONTINUE_SUSPENSION: {
          guard: and(['isCityCoordinator', 'reviewLater']),
          actions: assign({
            suspension: ({ context, event }) =>
              context.suspension && { ...context.suspension, reviewAt: (event as Ev<'CONTINUE_SUSPENSION'>).reviewAt, reviewDue: false },
          }),
        },
        RESUME: { guard: 'isHolderOrCoordinator', target: 'inProgress', actions: ['resume', 'holderActed'] },
      },
    },
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

export const CASE_TASK_ACTIONS = [
  'claim',
  'work',
  'work-supervised',
  'await-transfer',
  'await-ruling',
  'await-confirmation',
  'support',
  'overdue',
  'decide-extension',
  'decide-suspension',
  'suspended',
  'review-suspension',
  'reminded',
  'answer-supervision',
  'supervision-overdue',
  'approve-enforcement',
] as const;
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
  /** the matter's resolution limit (处置时限) the case runs under */
  resolutionLimit: ResolutionLimit;
  /** when the claimed case must be resolved (extended when an extension was approved; moved on by suspensions); null before a claim */
  resolveBy: string | null;
  /** escalation level of a missed resolution deadline (1 supervisor, 2 coordinator, 3 leadership) */
  resolutionEscalation: number;
  /** whether the latest resolution came by its deadline (按期结案); null until resolved */
  resolvedOnTime: boolean | null;
  pendingExtension: ExtensionRequest | null;
  /** extension requests decided so far, approved or refused */
  extensions: ExtensionRecord[];
  pendingSuspension: SuspensionRequest | null;
  /** the running suspension (state `suspended`) */
  suspension: Suspension | null;
  /** time spent suspended, the running suspension excluded */
  suspendedMs: number;
  /** the person of the holding unit working it (a username; the portal shows the display name) */
  assignee: string | null;
  /** the reminder (催办) the holder has not acted on yet */
  reminder: Reminder | null;
  /** reminders sent so far */
  reminders: number;
  /** supervision orders (督办), answered or not */
  supervisionOrders: SupervisionOrder[];
  comments: CaseComment[];
  /** a resolution whose enforcement record waits for a supervisor's approval */
  enforcementApproval: EnforcementApprovalRequest | null;
  /** supervisors' decisions on deviating enforcement records, approved or sent back */
  enforcementDecisions: EnforcementDecision[];
}

/** Whether the reporter may rate now: a result awaits confirmation, or a closure nobody rated yet. */
export const rateable = (view: Pick<CaseView, 'state' | 'rating'>): boolean =>
  view.state === 'awaitingConfirmation' || (view.state === 'closed' && view.rating === null);

function caseTasks(s: Stored<typeof caseMachine>): Array<TaskSpec<CaseTaskAction>> {
  const c = s.context;
  const state = s.value;
  const tasks: Array<TaskSpec<CaseTaskAction>> = [];
  const oversight = (dueAt: string, escalation = c.escalation) => {
    // From level 2 the city's coordinators see it, from level 3 leadership too.
    if (escalation >= 2) tasks.push(task({ inbox: coordinatorInbox(c.cityAdcode), role: 'oversight', action: 'overdue', dueAt, escalation }));
    if (escalation >= 3) tasks.push(task({ inbox: LEADERSHIP_INBOX, role: 'oversight', action: 'overdue', dueAt, escalation }));
  };
  const requests = () => {
    const ext = c.pendingExtension;
    if (ext) {
      // The unit's supervisor decides (the task is in the unit's inbox); once overdue the coordinator may.
      tasks.push(task({ inbox: c.holder, role: 'oversight', action: 'decide-extension', dueAt: ext.decideBy }));
      if (ext.overdue) tasks.push(task({ inbox: coordinatorInbox(c.cityAdcode), role: 'oversight', action: 'decide-extension', dueAt: ext.decideBy }));
    }
    if (c.pendingSuspension) tasks.push(task({ inbox: coordinatorInbox(c.cityAdcode), role: 'oversight', action: 'decide-suspension' }));
    // The unit's supervisor approves a deviating enforcement record (the task is in the unit's inbox).
    if (c.enforcementApproval) tasks.push(task({ inbox: c.holder, role: 'oversight', action: 'approve-enforcement' }));
  };
  switch (state) {
    case 'offered':
      tasks.push(
        task({ inbox: c.holder, role: 'lead', action: 'claim', dueAt: c.respondBy, warnAt: warnAt(c.offeredAt, c.respondBy), escalation: c.escalation }),
      );
      oversight(c.respondBy);
      break;
    case 'claimed':
    case 'inProgress': {
      const dueAt = c.resolveBy;
      const warn = dueAt && c.resolveFrom ? warnAt(c.resolveFrom, dueAt) : null;
      tasks.push(
        task({ inbox: c.holder, role: 'lead', action: c.supervised ? 'work-supervised' : 'work', dueAt, warnAt: warn, escalation: c.resolutionEscalation }),
      );
      if (dueAt) oversight(dueAt, c.resolutionEscalation);
      requests();
      break;
    }
    case 'suspended': {
      const reviewAt = c.suspension?.reviewAt ?? null;
      tasks.push(task({ inbox: c.holder, role: 'lead', action: 'suspended', dueAt: reviewAt }));
      tasks.push(task({ inbox: coordinatorInbox(c.cityAdcode), role: 'oversight', action: 'review-suspension', dueAt: reviewAt }));
      break;
    }
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
  // Supervision: an open reminder and each unanswered order are the holder's; an overdue order goes back to who issued it.
  if (c.reminder) tasks.push(task({ inbox: c.holder, role: 'lead', action: 'reminded' }));
  for (const o of c.supervisionOrders) {
    if (o.answeredAt !== null) continue;
    tasks.push(task({ inbox: c.holder, role: 'lead', action: 'answer-supervision', dueAt: o.dueBy }));
    if (o.overdue) tasks.push(task({ inbox: o.from, role: 'oversight', action: 'supervision-overdue', dueAt: o.dueBy }));
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
  if ((state === 'claimed' || state === 'inProgress') && c.resolveBy && c.resolveFrom) {
    if (!c.resolutionWarned) timers.push({ key: 'resolution-warning', dueAt: warnAt(c.resolveFrom, c.resolveBy), event: { type: 'RESOLUTION_WARNING' } });
    const next = c.resolutionEscalation + 1;
    const windowMs = new Date(c.resolveBy).getTime() - new Date(c.resolveFrom).getTime();
    if (next <= ESCALATION_LADDER.length) {
      timers.push({
        key: `resolution-escalate-${next}`,
        dueAt: escalationAt(c.resolveBy, windowMs, next),
        event: { type: 'RESOLUTION_ESCALATE', level: next },
      });
    }
    const ext = c.pendingExtension;
    if (ext && !ext.overdue) timers.push({ key: 'extension-decision', dueAt: ext.decideBy, event: { type: 'EXTENSION_OVERDUE' } });
  }
  if (state === 'suspended' && c.suspension && !c.suspension.reviewDue) {
    timers.push({ key: 'suspension-review', dueAt: c.suspension.reviewAt, event: { type: 'SUSPENSION_REVIEW_DUE' } });
  }
  if (state === 'awaitingConfirmation' && c.confirmBy) timers.push({ key: 'auto-confirm', dueAt: c.confirmBy, event: { type: 'AUTO_CONFIRM' } });
  if (state !== 'closed') {
    for (const o of c.supervisionOrders) {
      if (o.answeredAt === null && !o.overdue) timers.push({ key: `supervision-${o.n}`, dueAt: o.dueBy, event: { type: 'SUPERVISION_OVERDUE', n: o.n } });
    }
  }
  return timers;
}

const caseRecord = (s: Stored<typeof caseMachine>): CaseRecord => ({
  state: s.value,
  holder: s.value === 'closed' ? null : s.context.holder,
  transferLocked: s.context.transferLocked,
  suspended: s.value === 'suspended',
  resolveBy: s.context.resolveBy,
  resolvedOnTime: s.context.resolvedOnTime,
  assignee: s.value === 'closed' ? null : s.context.assignee,
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
    resolutionLimit: c.resolutionLimit,
    resolveBy: c.resolveBy,
    resolutionEscalation: c.resolutionEscalation,
    resolvedOnTime: c.resolvedOnTime,
    pendingExtension: c.pendingExtension,
    extensions: c.extensions,
    pendingSuspension: c.pendingSuspension,
    suspension: c.suspension,
    suspendedMs: c.suspendedMs,
    assignee: c.assignee,
    reminder: c.reminder,
    reminders: c.reminders,
    supervisionOrders: c.supervisionOrders,
    comments: c.comments,
    enforcementApproval: c.enforcementApproval,
    enforcementDecisions: c.enforcementDecisions,
  };
}

/**
 * Version 2 added resolution deadlines (处置时限), extensions and suspensions. A case stored by
 * version 1 runs under its tier's default limit; one already being worked gets its window from its claim.
 */
function addResolutionDeadlines(persisted: PersistedSnapshot): PersistedSnapshot {
  const old = persisted.context as Omit<CaseContext, 'resolutionLimit'> & { tier: Tier };
  const resolutionLimit = RESOLUTION_LIMITS[old.tier];
  const working = persisted.value === 'claimed' || persisted.value === 'inProgress';
  const from = working ? old.claimedAt : null;
  const context: CaseContext = {
    ...old,
    resolutionLimit,
    resolveFrom: from,
    resolveBy: from && resolutionDeadline(from, resolutionLimit),
    resolutionWarned: false,
    resolutionEscalation: 0,
    resolvedOnTime: null,
    pendingExtension: null,
    extensions: [],
    pendingSuspension: null,
    suspension: null,
    suspendedMs: 0,
    suspensions: 0,
  };
  return { ...persisted, context };
}

/** Version 3 added supervision: the person working the case, reminders (催办), supervision orders (督办) and comments. */
function addSupervision(persisted: PersistedSnapshot): PersistedSnapshot {
  const old = persisted.context as Omit<CaseContext, 'assignee' | 'reminder' | 'reminders' | 'supervisionOrders' | 'comments'>;
  const context: CaseContext = { ...old, assignee: null, reminder: null, reminders: 0, supervisionOrders: [], comments: [] };
  return { ...persisted, context };
}

/** Version 4 added enforcement records' approval: a deviating record waits for the unit's supervisor. */
function addEnforcementApproval(persisted: PersistedSnapshot): PersistedSnapshot {
  const old = persisted.context as Omit<CaseContext, 'enforcementApproval' | 'enforcementDecisions'>;
  const context: CaseContext = { ...old, enforcementApproval: null, enforcementDecisions: [] };
  return { ...persisted, context };
}

export const caseWorkflow = defineWorkflow({
  kind: 'case',
  version: 4,
  migrations: { 1: addResolutionDeadlines, 2: addSupervision, 3: addEnforcementApproval },
  machine: caseMachine,
  tasks: caseTasks,
  timers: caseTimers,
  caseId: (s) => s.context.caseId,
  caseRecord,
  view: caseView,
});
