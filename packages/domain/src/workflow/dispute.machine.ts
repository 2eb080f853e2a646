import { and, assign, setup, type SnapshotFrom } from 'xstate';
import { addWorkingDays } from '../calendar.ts';
import { actsForUnit, cityOfUnit, holdsRole, isSystem, LEADERSHIP_INBOX, type Envelope } from './actor.ts';
import { defineWorkflow, type Stored } from './step.ts';
import { task, type Effect, type TaskSpec, type TimerSpec } from './types.ts';

/** Leadership rules within this many working days (official calendar, make-up days included). */
export const RULING_WORKING_DAYS = 3;

export interface DisputeInput {
  id: string;
  caseId: string;
  matterCode: string;
  cityAdcode: string;
  /** the two units that each say "not ours" */
  parties: [string, string];
  trigger: string;
  openedAt: string;
}

export interface Statement {
  text: string;
  clauses: string[];
  at: string;
  by: string;
}

export interface Ruling {
  lead: string;
  supports: string[];
  reasons: string;
  at: string;
  by: string;
}

interface DisputeContext extends DisputeInput {
  ruleBy: string;
  /** the deadline runs into a year whose official holidays are not yet published */
  provisionalDeadline: boolean;
  statements: Record<string, Statement>;
  ruling: Ruling | null;
  overdue: boolean;
  amendment: { reason: string; at: string } | null;
}

export type DisputeCommand =
  | { type: 'FILE_STATEMENT'; text: string; clauses: string[] }
  | { type: 'RULE'; lead: string; supports: string[]; reasons: string }
  | { type: 'PROMOTE'; reason: string }
  | { type: 'RULING_OVERDUE' };
export type DisputeEvent = DisputeCommand & Envelope;

const username = (e: DisputeEvent) => (e.actor.kind === 'user' ? e.actor.username : e.actor.kind);
const partyOf = (c: DisputeContext, e: DisputeEvent) => c.parties.find((p) => actsForUnit(e.actor, p) && !c.statements[p]);

export const disputeMachine = setup({
  types: {} as { context: DisputeContext; events: DisputeEvent; input: DisputeInput },
  guards: {
    isUnfiledParty: ({ context, event }) =>
      event.type === 'FILE_STATEMENT' && partyOf(context, event) !== undefined && event.clauses.length > 0 && event.text.trim().length > 0,
    bothFiled: ({ context }) => context.parties.every((p) => context.statements[p]),
    isLeadership: ({ event }) => holdsRole(event.actor, 'leadership'),
    validRuling: ({ context, event }) =>
      event.type === 'RULE' &&
      event.reasons.trim().length > 0 &&
      cityOfUnit(event.lead) === context.cityAdcode &&
      !event.supports.includes(event.lead) &&
      event.supports.every((s) => cityOfUnit(s) === context.cityAdcode),
    hasReason: ({ event }) => event.type === 'PROMOTE' && event.reason.trim().length > 0,
    isSystem: ({ event }) => isSystem(event.actor),
    notRuled: ({ context }) => context.ruling === null,
  },
  actions: {
    effect: (_, _params: Effect | Effect[]) => {},
    fileStatement: assign({
      statements: ({ context, event }) => {
        if (event.type !== 'FILE_STATEMENT') return context.statements;
        const party = partyOf(context, event);
        if (party === undefined) return context.statements;
        return { ...context.statements, [party]: { text: event.text, clauses: event.clauses, at: event.at, by: username(event) } };
      },
    }),
    recordRuling: assign({
      ruling: ({ event }) =>
        event.type === 'RULE' ? { lead: event.lead, supports: event.supports, reasons: event.reasons, at: event.at, by: username(event) } : null,
    }),
  },
}).createMachine({
  id: 'dispute',
  context: ({ input }) => {
    const deadline = addWorkingDays(new Date(input.openedAt), RULING_WORKING_DAYS);
    return {
      ...input,
      ruleBy: deadline.dueAt.toISOString(),
      provisionalDeadline: deadline.provisional,
      statements: {},
      ruling: null,
      overdue: false,
      amendment: null,
    };
  },
  initial: 'statements',
  // Leadership may rule before both statements are in (a party that stays silent cannot block it).
  on: {
    RULE: {
      guard: and(['isLeadership', 'validRuling', 'notRuled']),
      target: '.ruled',
      actions: [
        'recordRuling',
        {
          type: 'effect',
          params: ({ event }) => ({
            type: 'forward',
            to: 'case',
            event: { type: 'RULED', lead: event.type === 'RULE' ? event.lead : '', supports: event.type === 'RULE' ? event.supports : [] },
          }),
        },
      ],
    },
    RULING_OVERDUE: { guard: and(['isSystem', 'notRuled']), actions: assign({ overdue: true }) },
  },
  states: {
    statements: {
      always: { guard: 'bothFiled', target: 'awaitingRuling' },
      on: {
        FILE_STATEMENT: { guard: 'isUnfiledParty', actions: 'fileStatement' },
      },
    },
    awaitingRuling: {},
    ruled: {
      on: {
        PROMOTE: {
          guard: and(['isLeadership', 'hasReason']),
          target: 'amended',
          actions: [
            assign({ amendment: ({ event }) => (event.type === 'PROMOTE' ? { reason: event.reason, at: event.at } : null) }),
            {
              type: 'effect',
              // Only a ruled dispute is promoted: the ruling is there.
              params: ({ context: { ruling, matterCode, id }, event }) =>
                ruling
                  ? {
                      type: 'amend-matrix',
                      matterCode,
                      lead: ruling.lead,
                      supports: ruling.supports,
                      reason: event.type === 'PROMOTE' ? event.reason : '',
                      disputeId: id,
                    }
                  : [],
            },
          ],
        },
      },
    },
    amended: { type: 'final' },
  },
});

export type DisputeSnapshot = SnapshotFrom<typeof disputeMachine>;
export type DisputeState = DisputeSnapshot['value'];
export const DISPUTE_TASK_ACTIONS = ['statement', 'rule'] as const;
export type DisputeTaskAction = (typeof DISPUTE_TASK_ACTIONS)[number];

/** A jurisdiction dispute (职责争议) as everything outside the domain sees it (the dispute desk). */
export interface DisputeView {
  state: DisputeState;
  caseId: string;
  matterCode: string;
  cityAdcode: string;
  /** the two units that each say "not ours" */
  parties: [string, string];
  /** what started it: the rejection's reason, or "second transfer" */
  trigger: string;
  openedAt: string;
  /** leadership rules by then (working days) */
  ruleBy: string;
  /** the deadline runs into a year whose official holidays are not yet published */
  provisionalDeadline: boolean;
  overdue: boolean;
  /** by party unit */
  statements: Record<string, Statement>;
  ruling: Ruling | null;
  /** the ruling was promoted to a matrix amendment */
  amendment: { reason: string; at: string } | null;
}

type Snapshot = Stored<typeof disputeMachine>;

export const disputeWorkflow = defineWorkflow({
  kind: 'dispute',
  version: 1,
  machine: disputeMachine,
  tasks: (s: Snapshot) => {
    const c = s.context;
    const escalation = c.overdue ? 1 : 0;
    const tasks: Array<TaskSpec<DisputeTaskAction>> = [];
    if (s.value === 'statements') {
      for (const p of c.parties) if (!c.statements[p]) tasks.push(task({ inbox: p, role: 'party', action: 'statement', dueAt: c.ruleBy, escalation }));
    }
    if (s.value === 'statements' || s.value === 'awaitingRuling') {
      tasks.push(task({ inbox: LEADERSHIP_INBOX, role: 'ruling', action: 'rule', dueAt: c.ruleBy, escalation }));
    }
    return tasks;
  },
  timers: (s: Snapshot): Array<TimerSpec<DisputeCommand>> =>
    (s.value === 'statements' || s.value === 'awaitingRuling') && !s.context.overdue
      ? [{ key: 'ruling-due', dueAt: s.context.ruleBy, event: { type: 'RULING_OVERDUE' } }]
      : [],
  caseId: (s) => s.context.caseId,
  view: ({ value, context: c }) => ({
    state: value,
    caseId: c.caseId,
    matterCode: c.matterCode,
    cityAdcode: c.cityAdcode,
    parties: c.parties,
    trigger: c.trigger,
    openedAt: c.openedAt,
    ruleBy: c.ruleBy,
    provisionalDeadline: c.provisionalDeadline,
    overdue: c.overdue,
    statements: c.statements,
    ruling: c.ruling,
    amendment: c.amendment,
  }),
});
