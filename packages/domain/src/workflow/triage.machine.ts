import { and, assign, setup, type SnapshotFrom } from 'xstate';
import type { DepartmentCode, ResolutionLimit, Tier } from '../reference.ts';
import { coordinatorInbox, holdsRole, isSystem, LEADERSHIP_INBOX, type Envelope } from './actor.ts';
import { routedCaseStarts } from './routed-case.ts';
import { defineWorkflow, type Stored } from './step.ts';
import { hoursMs, plus, task, type Effect, type TaskSpec, type TimerSpec } from './types.ts';

/** How long a city's coordination office has to route a case the platform could not. */
export const TRIAGE_HOURS = 2;

/** A matter the platform guessed, with its confidence (0..1). */
export interface Suggestion {
  matterCode: string;
  confidence: number;
}

/** Guesses a complaint's matter (the classifier of @gongzhi/nlp), likeliest first. */
export interface MatterSuggester {
  suggest(text: string): Suggestion[];
  /** the confidence at or above which its top guess routes a case (chosen with the model) */
  readonly threshold?: number;
  /** the guesses with the words that drove the top one and the clause taken as the request */
  explain?(text: string): { suggestions: Suggestion[]; explanation: SuggestionExplanation };
}

/** Why the classifier suggested its top matter, for the operator. */
export interface SuggestionExplanation {
  /** the words that counted most for the top suggestion, strongest first */
  terms: string[];
  /** the clause taken as the request when the text rules something out ("不是 X，是 Y") */
  request: string | null;
  /** clauses the caller ruled out, whose words were discounted */
  ruledOut: string[];
}

/** A case's triage workflow has a fixed id, so the coordinator's routing finds it from the case. */
export const triageWorkflowId = (caseId: string) => `${caseId}:triage`;

/**
 * Confidence at or above which a case is routed on the top suggestion of a classifier that brings no
 * threshold of its own (the shipped model brings the one chosen on its validation split for 98 %
 * precision, and that one is used); below it the case goes to the coordinator's triage.
 */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.7;

/** Whether to route on the top suggestion or send the case to triage. */
export function decideMatter(
  suggestions: readonly Suggestion[],
  threshold = DEFAULT_CONFIDENCE_THRESHOLD,
): { matter: string } | { triage: 'low-confidence' | 'no-matter' } {
  const top = suggestions[0];
  if (!top) return { triage: 'no-matter' };
  return top.confidence >= threshold ? { matter: top.matterCode } : { triage: 'low-confidence' };
}

export interface TriageInput {
  id: string;
  caseId: string;
  cityAdcode: string;
  /** why the case was not routed automatically */
  reason: 'no-matter' | 'low-confidence';
  suggestions: Suggestion[];
  openedAt: string;
  confirmWindowMs: number;
}

interface TriageContext extends TriageInput {
  triageBy: string;
  overdue: boolean;
  routed: { matterCode: string; by: string; at: string } | null;
}

/** The route the server computed for the matter the coordinator chose (routing needs the matrix and the map). */
export interface TriageRoute {
  matterCode: string;
  tier: Tier;
  lead: string;
  supports: string[];
  leadDepartment: DepartmentCode;
  supportDepartments: DepartmentCode[];
  borderCities: string[];
  resolutionLimit: ResolutionLimit;
}

export type TriageCommand = { type: 'ROUTE'; route: TriageRoute } | { type: 'TRIAGE_OVERDUE' };
export type TriageEvent = TriageCommand & Envelope;

/** The coordinator named the matter: the case starts as any routed case does, from the city where it is. */
const routeEffects = (c: TriageContext, e: Extract<TriageEvent, { type: 'ROUTE' }>): Effect[] =>
  routedCaseStarts({ ...e.route, caseId: c.caseId, cityAdcode: c.cityAdcode, at: e.at, confirmWindowMs: c.confirmWindowMs });

/**
 * Triage (分拨): a case whose matter is unknown or uncertain waits in the coordination office of the
 * city where it is; the coordinator picks the matter and the case is routed from there as any other.
 */
export const triageMachine = setup({
  types: {} as { context: TriageContext; events: TriageEvent; input: TriageInput },
  guards: {
    isCoordinator: ({ context, event }) => holdsRole(event.actor, 'coordinator', context.cityAdcode),
    routesHere: ({ context, event }) => event.type === 'ROUTE' && event.route.lead.startsWith(`${context.cityAdcode}:`),
    isSystem: ({ event }) => isSystem(event.actor),
  },
  actions: {
    effect: (_, _params: Effect | Effect[]) => {},
  },
}).createMachine({
  id: 'triage',
  context: ({ input }) => ({ ...input, triageBy: plus(input.openedAt, hoursMs(TRIAGE_HOURS)), overdue: false, routed: null }),
  initial: 'pending',
  states: {
    pending: {
      on: {
        ROUTE: {
          guard: and(['isCoordinator', 'routesHere']),
          target: 'routed',
          actions: [
            assign({
              routed: ({ event }) =>
                event.type === 'ROUTE'
                  ? { matterCode: event.route.matterCode, by: event.actor.kind === 'user' ? event.actor.username : event.actor.kind, at: event.at }
                  : null,
            }),
            { type: 'effect', params: ({ context, event }) => routeEffects(context, event as Extract<TriageEvent, { type: 'ROUTE' }>) },
          ],
        },
        TRIAGE_OVERDUE: { guard: 'isSystem', actions: assign({ overdue: true }) },
      },
    },
    routed: { type: 'final' },
  },
});

type TriageSnapshot = Stored<typeof triageMachine>;
export type TriageState = SnapshotFrom<typeof triageMachine>['value'];
export const TRIAGE_TASK_ACTIONS = ['triage', 'overdue-triage'] as const;
export type TriageTaskAction = (typeof TRIAGE_TASK_ACTIONS)[number];

/** A case waiting in its city's triage queue (分拨), as everything outside the domain sees it. */
export interface TriageView {
  state: TriageState;
  caseId: string;
  cityAdcode: string;
  /** why the case was not routed automatically */
  reason: TriageInput['reason'];
  /** the classifier's guesses, likeliest first */
  suggestions: Suggestion[];
  openedAt: string;
  triageBy: string;
  overdue: boolean;
  routed: { matterCode: string; by: string; at: string } | null;
}

export const triageWorkflow = defineWorkflow({
  kind: 'triage',
  version: 1,
  machine: triageMachine,
  tasks: (s: TriageSnapshot): Array<TaskSpec<TriageTaskAction>> => {
    if (s.value !== 'pending') return [];
    const c = s.context;
    const escalation = c.overdue ? 1 : 0;
    const tasks: Array<TaskSpec<TriageTaskAction>> = [
      task({ inbox: coordinatorInbox(c.cityAdcode), role: 'triage', action: 'triage', dueAt: c.triageBy, escalation }),
    ];
    if (c.overdue) tasks.push(task({ inbox: LEADERSHIP_INBOX, role: 'oversight', action: 'overdue-triage', dueAt: c.triageBy, escalation }));
    return tasks;
  },
  timers: (s: TriageSnapshot): Array<TimerSpec<TriageCommand>> =>
    s.value === 'pending' && !s.context.overdue ? [{ key: 'triage-overdue', dueAt: s.context.triageBy, event: { type: 'TRIAGE_OVERDUE' } }] : [],
  caseId: (s) => s.context.caseId,
  view: ({ value, context: c }) => ({
    state: value,
    caseId: c.caseId,
    cityAdcode: c.cityAdcode,
    reason: c.reason,
    suggestions: c.suggestions,
    openedAt: c.openedAt,
    triageBy: c.triageBy,
    overdue: c.overdue,
    routed: c.routed,
  }),
});
