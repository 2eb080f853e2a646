import { and, assign, setup, type SnapshotFrom } from 'xstate';
import type { DepartmentCode, Tier } from '../reference.ts';
import { coordinatorInbox, holdsRole, isSystem, LEADERSHIP_INBOX, type Envelope } from './actor.ts';
import { hoursMs, plus, task, type Effect, type TaskSpec, type TimerSpec, type WorkflowDefinition } from './types.ts';

/** How long a city's coordination office has to route a case the platform could not. */
export const TRIAGE_HOURS = 2;

/** A matter the platform guessed, with its confidence (0..1). */
export interface Suggestion {
  matterCode: string;
  confidence: number;
}

/**
 * Confidence at or above which a case is routed on the classifier's top suggestion; below it the
 * case goes to the coordinator's triage (chosen on the labelled complaints: at 0.7 about 72 % are
 * routed automatically, 93 % of those correctly).
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
}

type By<T> = T & Envelope;
export type TriageEvent = By<{ type: 'ROUTE'; route: TriageRoute }> | By<{ type: 'TRIAGE_OVERDUE' }>;

const routeEffects = (c: TriageContext, e: Extract<TriageEvent, { type: 'ROUTE' }>): Effect[] => {
  const r = e.route;
  const effects: Effect[] = [
    {
      type: 'start',
      kind: 'case',
      input: {
        id: c.caseId,
        caseId: c.caseId,
        matterCode: r.matterCode,
        cityAdcode: c.cityAdcode,
        tier: r.tier,
        lead: r.lead,
        supports: r.supports,
        offeredAt: e.at,
        confirmWindowMs: c.confirmWindowMs,
      },
    },
  ];
  if (r.borderCities.length > 0) {
    effects.push({
      type: 'start',
      kind: 'crosscity',
      input: {
        caseId: c.caseId,
        mode: 'border',
        homeCity: c.cityAdcode,
        otherCities: r.borderCities,
        leadDepartment: r.leadDepartment,
        supportDepartments: r.supportDepartments,
        openedAt: e.at,
      },
    });
  }
  return effects;
};

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

type TriageSnapshot = SnapshotFrom<typeof triageMachine>;

export const triageWorkflow: WorkflowDefinition<typeof triageMachine> = {
  kind: 'triage',
  machine: triageMachine,
  tasks: (s: TriageSnapshot): TaskSpec[] => {
    if (s.value !== 'pending') return [];
    const c = s.context;
    const escalation = c.overdue ? 1 : 0;
    const tasks = [task({ inbox: coordinatorInbox(c.cityAdcode), role: 'triage', action: 'triage', dueAt: c.triageBy, escalation })];
    if (c.overdue) tasks.push(task({ inbox: LEADERSHIP_INBOX, role: 'oversight', action: 'overdue-triage', dueAt: c.triageBy, escalation }));
    return tasks;
  },
  timers: (s: TriageSnapshot): TimerSpec[] =>
    s.value === 'pending' && !s.context.overdue ? [{ key: 'triage-overdue', dueAt: s.context.triageBy, event: { type: 'TRIAGE_OVERDUE' } }] : [],
  caseId: (s) => s.context.caseId,
};
