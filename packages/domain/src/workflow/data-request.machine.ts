import { and, assign, setup, type SnapshotFrom } from 'xstate';
import { addWorkingDays } from '../calendar.ts';
import { actsForUnit, cityOfUnit, coordinatorInbox, isSystem, type Actor, type Envelope } from './actor.ts';
import { defineWorkflow } from './step.ts';
import { task, type Effect, type TaskSpec, type TimerSpec } from './types.ts';

/** Working days the asked unit has unless the sender says otherwise. */
export const DATA_REQUEST_WORKING_DAYS = 3;

export interface DataRequestInput {
  id: string;
  caseId: string;
  /** the unit working the case that asks, and the unit asked */
  fromUnit: string;
  toUnit: string;
  need: string;
  workingDays: number;
  sentBy: string;
  sentAt: string;
}

export interface DataRequestAnswer {
  text: string;
  attachmentIds: string[];
  at: string;
  by: string;
}

interface DataRequestContext {
  caseId: string;
  fromUnit: string;
  toUnit: string;
  need: string;
  workingDays: number;
  sentBy: string;
  sentAt: string;
  dueAt: string;
  /** the deadline crossed a year without the official holiday notice */
  provisional: boolean;
  answer: DataRequestAnswer | null;
  /** the deadline passed before an answer: escalated to the asked unit's supervisor and its city's coordinator */
  late: boolean;
}

export type DataRequestCommand =
  { type: 'ANSWER'; text: string; attachmentIds: string[] } | { type: 'ANSWER_OVERDUE' } | { type: 'ACKNOWLEDGE' } | { type: 'WITHDRAW' };
export type DataRequestEvent = DataRequestCommand & Envelope;

const username = (a: Actor) => (a.kind === 'user' ? a.username : a.kind);

/**
 * A data request (数据请求) between departments on a case: the asked unit answers in its inbox by a
 * deadline in working days, with text and attachments; a missed deadline is a durable timer that
 * escalates. The asking unit sees it waiting, then reads the answer.
 */
export const dataRequestMachine = setup({
  types: {} as { context: DataRequestContext; events: DataRequestEvent; input: DataRequestInput },
  guards: {
    isAsked: ({ context, event }) => actsForUnit(event.actor, context.toUnit),
    isAsking: ({ context, event }) => actsForUnit(event.actor, context.fromUnit),
    hasText: ({ event }) => event.type === 'ANSWER' && event.text.trim().length > 0,
    isSystem: ({ event }) => isSystem(event.actor),
    isDue: ({ context, event }) => !context.late && context.dueAt <= event.at,
  },
  actions: { effect: (_, _params: Effect) => {} },
}).createMachine({
  id: 'data-request',
  context: ({ input }) => {
    const due = addWorkingDays(new Date(input.sentAt), input.workingDays);
    return {
      caseId: input.caseId,
      fromUnit: input.fromUnit,
      toUnit: input.toUnit,
      need: input.need,
      workingDays: input.workingDays,
      sentBy: input.sentBy,
      sentAt: input.sentAt,
      dueAt: due.dueAt.toISOString(),
      provisional: due.provisional,
      answer: null,
      late: false,
    };
  },
  initial: 'open',
  states: {
    open: {
      on: {
        ANSWER: {
          guard: and(['isAsked', 'hasText']),
          target: 'answered',
          actions: assign({
            answer: ({ event }) =>
              event.type === 'ANSWER' ? { text: event.text.trim(), attachmentIds: event.attachmentIds, at: event.at, by: username(event.actor) } : null,
          }),
        },
        ANSWER_OVERDUE: {
          guard: and(['isSystem', 'isDue']),
          actions: [assign({ late: true }), { type: 'effect', params: { type: 'data-request-escalated' } }],
        },
        WITHDRAW: { guard: 'isAsking', target: 'withdrawn' },
      },
    },
    answered: { on: { ACKNOWLEDGE: { guard: 'isAsking', target: 'closed' } } },
    withdrawn: { type: 'final' },
    closed: { type: 'final' },
  },
});

export type DataRequestFlowState = SnapshotFrom<typeof dataRequestMachine>['value'];
export const DATA_REQUEST_TASK_ACTIONS = ['answer-data-request', 'await-data-request', 'data-request-overdue', 'read-data-answer'] as const;
export type DataRequestTaskAction = (typeof DATA_REQUEST_TASK_ACTIONS)[number];

/** A data request as everything outside the domain sees it. */
export interface DataRequestView {
  state: DataRequestFlowState;
  caseId: string;
  fromUnit: string;
  toUnit: string;
  need: string;
  workingDays: number;
  sentBy: string;
  sentAt: string;
  dueAt: string;
  provisional: boolean;
  answer: DataRequestAnswer | null;
  late: boolean;
  /** answered by the deadline: what the information-sharing rate counts */
  onTime: boolean | null;
}

type Snapshot = { value: DataRequestFlowState; context: DataRequestContext };

export const dataRequestWorkflow = defineWorkflow({
  kind: 'datarequest',
  version: 1,
  machine: dataRequestMachine,
  tasks: (s: Snapshot): Array<TaskSpec<DataRequestTaskAction>> => {
    const c = s.context;
    if (s.value === 'open') {
      return [
        task({ inbox: c.toUnit, role: 'party', action: 'answer-data-request', dueAt: c.dueAt, escalation: c.late ? 1 : 0 }),
        task({ inbox: c.fromUnit, role: 'party', action: 'await-data-request', dueAt: c.dueAt }),
        // a missed deadline goes up as other deadlines do: the asked city's coordination office
        ...(c.late
          ? [task({ inbox: coordinatorInbox(cityOfUnit(c.toUnit)), role: 'oversight', action: 'data-request-overdue', dueAt: c.dueAt, escalation: 1 })]
          : []),
      ];
    }
    if (s.value === 'answered') return [task({ inbox: c.fromUnit, role: 'party', action: 'read-data-answer' })];
    return [];
  },
  timers: (s: Snapshot): Array<TimerSpec<DataRequestCommand>> =>
    s.value === 'open' && !s.context.late ? [{ key: 'answer-due', dueAt: s.context.dueAt, event: { type: 'ANSWER_OVERDUE' } }] : [],
  caseId: (s: Snapshot) => s.context.caseId,
  view: ({ value, context: c }) => ({
    state: value,
    caseId: c.caseId,
    fromUnit: c.fromUnit,
    toUnit: c.toUnit,
    need: c.need,
    workingDays: c.workingDays,
    sentBy: c.sentBy,
    sentAt: c.sentAt,
    dueAt: c.dueAt,
    provisional: c.provisional,
    answer: c.answer,
    late: c.late,
    // an escalated request was not answered in time, whatever the answering server's clock says (the facts count it so too)
    onTime: c.answer ? !c.late && c.answer.at <= c.dueAt : null,
  }),
});
