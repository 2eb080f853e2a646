import { and, assign, setup, type SnapshotFrom } from 'xstate';
import { addWorkingDays } from '../calendar.ts';
import { ALLIANCE_INBOX, LEADERSHIP_INBOX, actsForUnit, holdsRole, isSystem, type Actor, type Envelope } from './actor.ts';
import { defineWorkflow } from './step.ts';
import { task, type TaskSpec, type TimerSpec } from './types.ts';

/** Working days a party has to answer unless the sender says otherwise. */
export const CONSULTATION_WORKING_DAYS = 5;

/** The office that owns a draft and decides on it: leadership, or the alliance office for alliance-wide matters. */
export type DraftOffice = 'leadership' | 'alliance';

export interface ConsultationInput {
  id: string;
  draftId: string;
  office: DraftOffice;
  sentBy: string;
  sentAt: string;
  /** who is asked (a unit id or a city coordination office) and in how many working days */
  parties: Array<{ inbox: string; workingDays: number }>;
}

export type Verdict = 'agree' | 'object';

export interface ConsultationAnswer {
  verdict: Verdict;
  reason: string;
  at: string;
  by: string;
}

export interface ConsultationParty {
  inbox: string;
  dueAt: string;
  /** the deadline crossed a year without the official holiday notice */
  provisional: boolean;
  answer: ConsultationAnswer | null;
  /** the deadline passed before an answer: escalated to the office */
  late: boolean;
}

export interface Adoption {
  version: number;
  effectiveAt: string;
  at: string;
  by: string;
  /** the inboxes told of the new version */
  notify: string[];
  acknowledged: string[];
}

interface ConsultationContext {
  draftId: string;
  office: DraftOffice;
  sentBy: string;
  sentAt: string;
  parties: ConsultationParty[];
  adoption: Adoption | null;
}

export type ConsultationCommand =
  | { type: 'ANSWER'; verdict: Verdict; reason: string }
  | { type: 'ANSWER_OVERDUE'; inbox: string }
  | { type: 'ADOPT'; version: number; effectiveAt: string; notify: string[] }
  | { type: 'TAKE_EFFECT' }
  | { type: 'ACKNOWLEDGE' }
  | { type: 'WITHDRAW' };
export type ConsultationEvent = ConsultationCommand & Envelope;

const username = (a: Actor) => (a.kind === 'user' ? a.username : a.kind);

/** Whether the actor answers for this inbox: the unit's liaison or supervisor, or the city's coordinator. */
const answersFor = (actor: Actor, inbox: string) =>
  inbox.startsWith('coordinator:') ? holdsRole(actor, 'coordinator', inbox.slice('coordinator:'.length)) : actsForUnit(actor, inbox);

/** The party, still to answer, that this actor answers for. */
const answeringParty = (c: ConsultationContext, e: ConsultationEvent) => c.parties.find((p) => p.answer === null && answersFor(e.actor, p.inbox));

const isOffice = (c: ConsultationContext, actor: Actor) => holdsRole(actor, c.office);

/** The inbox of the adopted version's notice this actor acknowledges. */
const acknowledging = (c: ConsultationContext, e: ConsultationEvent) =>
  c.adoption?.notify.find((inbox) => !c.adoption?.acknowledged.includes(inbox) && answersFor(e.actor, inbox));

export const consultationMachine = setup({
  types: {} as { context: ConsultationContext; events: ConsultationEvent; input: ConsultationInput },
  guards: {
    isPendingParty: ({ context, event }) => answeringParty(context, event) !== undefined,
    reasonIfObjecting: ({ event }) => event.type === 'ANSWER' && (event.verdict === 'agree' || event.reason.trim().length > 0),
    isSystem: ({ event }) => isSystem(event.actor),
    isPendingAndDue: ({ context, event }) =>
      event.type === 'ANSWER_OVERDUE' && context.parties.some((p) => p.inbox === event.inbox && p.answer === null && !p.late && p.dueAt <= event.at),
    isOffice: ({ context, event }) => isOffice(context, event.actor),
    laterThanNow: ({ event }) => event.type === 'ADOPT' && event.effectiveAt > event.at,
    isNotified: ({ context, event }) => acknowledging(context, event) !== undefined,
    allAcknowledged: ({ context }) => context.adoption !== null && context.adoption.notify.every((i) => context.adoption?.acknowledged.includes(i)),
  },
  actions: {
    recordAdoption: assign({
      adoption: ({ event }) =>
        event.type === 'ADOPT'
          ? { version: event.version, effectiveAt: event.effectiveAt, at: event.at, by: username(event.actor), notify: event.notify, acknowledged: [] }
          : null,
    }),
    acknowledge: assign({
      adoption: ({ context, event }) => {
        const inbox = acknowledging(context, event);
        return context.adoption && inbox ? { ...context.adoption, acknowledged: [...context.adoption.acknowledged, inbox] } : context.adoption;
      },
    }),
  },
}).createMachine({
  id: 'consultation',
  context: ({ input }) => ({
    draftId: input.draftId,
    office: input.office,
    sentBy: input.sentBy,
    sentAt: input.sentAt,
    parties: input.parties.map((p) => {
      const due = addWorkingDays(new Date(input.sentAt), p.workingDays);
      return { inbox: p.inbox, dueAt: due.dueAt.toISOString(), provisional: due.provisional, answer: null, late: false };
    }),
    adoption: null,
  }),
  initial: 'consulting',
  states: {
    consulting: {
      on: {
        ANSWER: {
          guard: and(['isPendingParty', 'reasonIfObjecting']),
          actions: assign({
            parties: ({ context, event }) => {
              const party = answeringParty(context, event);
              if (event.type !== 'ANSWER' || !party) return context.parties;
              const answer: ConsultationAnswer = { verdict: event.verdict, reason: event.reason.trim(), at: event.at, by: username(event.actor) };
              return context.parties.map((p) => (p === party ? { ...p, answer } : p));
            },
          }),
        },
        ANSWER_OVERDUE: {
          guard: and(['isSystem', 'isPendingAndDue']),
          actions: assign({
            parties: ({ context, event }) =>
              context.parties.map((p) => (event.type === 'ANSWER_OVERDUE' && p.inbox === event.inbox ? { ...p, late: true } : p)),
          }),
        },
        // The office decides whether it has heard enough: adoption closes the consultation.
        ADOPT: [
          { guard: and(['isOffice', 'laterThanNow']), target: 'adoptionScheduled', actions: 'recordAdoption' },
          { guard: 'isOffice', target: 'inForce', actions: 'recordAdoption' },
        ],
        WITHDRAW: { guard: 'isOffice', target: 'withdrawn' },
      },
    },
    // Adopted, in force from a later moment: the timer marks the moment (routing reads the version's own time).
    adoptionScheduled: {
      on: {
        TAKE_EFFECT: { guard: 'isSystem', target: 'inForce' },
        ACKNOWLEDGE: { guard: 'isNotified', actions: 'acknowledge' },
      },
    },
    inForce: {
      always: { guard: 'allAcknowledged', target: 'closed' },
      on: { ACKNOWLEDGE: { guard: 'isNotified', actions: 'acknowledge' } },
    },
    withdrawn: { type: 'final' },
    closed: { type: 'final' },
  },
});

export type ConsultationState = SnapshotFrom<typeof consultationMachine>['value'];
export const CONSULTATION_TASK_ACTIONS = ['answer-consultation', 'consultation-overdue', 'acknowledge-matrix'] as const;
export type ConsultationTaskAction = (typeof CONSULTATION_TASK_ACTIONS)[number];

/** A draft's consultation (征求意见) and adoption, as everything outside the domain sees it. */
export interface ConsultationView {
  state: ConsultationState;
  draftId: string;
  office: DraftOffice;
  sentBy: string;
  sentAt: string;
  parties: ConsultationParty[];
  adoption: Adoption | null;
}

type Snapshot = { value: ConsultationState; context: ConsultationContext };

const officeInbox = (office: DraftOffice) => (office === 'alliance' ? ALLIANCE_INBOX : LEADERSHIP_INBOX);

export const consultationWorkflow = defineWorkflow({
  kind: 'consultation',
  version: 1,
  machine: consultationMachine,
  tasks: (s: Snapshot): Array<TaskSpec<ConsultationTaskAction>> => {
    const c = s.context;
    if (s.value === 'consulting') {
      const pending = c.parties.filter((p) => p.answer === null);
      return [
        ...pending.map((p) => task({ inbox: p.inbox, role: 'party', action: 'answer-consultation', dueAt: p.dueAt, escalation: p.late ? 1 : 0 })),
        // a missed deadline goes up to the office that owns the draft, as other deadlines do
        ...pending
          .filter((p) => p.late)
          .map((p) => task({ inbox: officeInbox(c.office), role: 'oversight', action: 'consultation-overdue', dueAt: p.dueAt, escalation: 1 })),
      ].filter((t, i, all) => all.findIndex((u) => u.inbox === t.inbox && u.action === t.action) === i);
    }
    if ((s.value === 'adoptionScheduled' || s.value === 'inForce') && c.adoption) {
      const { notify, acknowledged } = c.adoption;
      return notify.filter((i) => !acknowledged.includes(i)).map((inbox) => task({ inbox, role: 'party', action: 'acknowledge-matrix' }));
    }
    return [];
  },
  timers: (s: Snapshot): Array<TimerSpec<ConsultationCommand>> => {
    const c = s.context;
    if (s.value === 'consulting') {
      return c.parties
        .filter((p) => p.answer === null && !p.late)
        .map((p) => ({ key: `answer-due:${p.inbox}`, dueAt: p.dueAt, event: { type: 'ANSWER_OVERDUE', inbox: p.inbox } }));
    }
    if (s.value === 'adoptionScheduled' && c.adoption) return [{ key: 'take-effect', dueAt: c.adoption.effectiveAt, event: { type: 'TAKE_EFFECT' } }];
    return [];
  },
  caseId: () => null,
  view: ({ value, context: c }) => ({
    state: value,
    draftId: c.draftId,
    office: c.office,
    sentBy: c.sentBy,
    sentAt: c.sentAt,
    parties: c.parties,
    adoption: c.adoption,
  }),
});
