import { and, assign, setup, type SnapshotFrom } from 'xstate';
import { unitId, type DepartmentCode } from '../reference.ts';
import { ALLIANCE_INBOX, coordinatorInbox, holdsRole, isSystem, type Envelope } from './actor.ts';
import { defineWorkflow, type Stored } from './step.ts';
import { hoursMs, plus, present, task, type Effect, type TaskSpec, type TimerSpec } from './types.ts';

/** How long the receiving city's coordinator has to accept or reject a referral. */
export const REFERRAL_HOURS = 24;

export interface CrossCityInput {
  id: string;
  caseId: string;
  /** referral: reported in one alliance city about a place in another; border: within 2 km of another city */
  mode: 'referral' | 'border';
  /** where the case is (and whose units hold it) */
  homeCity: string;
  /** referral: the city that received the report; border: the neighbouring cities */
  otherCities: string[];
  leadDepartment: DepartmentCode;
  supportDepartments: DepartmentCode[];
  openedAt: string;
  /**
   * A coordinator referred the case away (转办 to another alliance city): it sits with the units of
   * the referring city (otherCities[0]) until the receiving city accepts, then moves to its units.
   */
  relocate?: boolean;
  /** why the referring coordinator sent it */
  reason?: string;
}

interface CrossCityContext extends CrossCityInput {
  respondBy: string;
  overdue: boolean;
  rejection: string | null;
  cityRuling: { city: string; reason: string; at: string } | null;
  joinedPatrol: string[];
  closureConfirmed: string[];
}

export type CrossCityCommand =
  | { type: 'ACCEPT' }
  | { type: 'REJECT'; reason: string }
  | { type: 'REFERRAL_OVERDUE' }
  | { type: 'RULE_CITY'; city: string; reason: string }
  | { type: 'JOIN_PATROL' }
  | { type: 'CONFIRM_CLOSURE' };
export type CrossCityEvent = CrossCityCommand & Envelope;

const involvedCities = (c: CrossCityContext) => [c.homeCity, ...c.otherCities];
/** The city whose units hold the case while the referral is open. */
const sitsIn = (c: CrossCityContext) => (c.relocate ? (c.otherCities[0] ?? c.homeCity) : c.homeCity);
const unitsOf = (c: CrossCityContext, city: string) => ({ lead: unitId(city, c.leadDepartment), supports: c.supportDepartments.map((d) => unitId(city, d)) });
const coordinatedCity = (c: CrossCityContext, e: CrossCityEvent, among: string[]) => among.find((city) => holdsRole(e.actor, 'coordinator', city));

export const crossCityMachine = setup({
  types: {} as { context: CrossCityContext; events: CrossCityEvent; input: CrossCityInput },
  guards: {
    isReferral: ({ context }) => context.mode === 'referral',
    // The receiving end of a referral is the city where the case is: its coordinator accepts or rejects.
    isHomeCoordinator: ({ context, event }) => holdsRole(event.actor, 'coordinator', context.homeCity),
    hasReason: ({ event }) => (event.type === 'REJECT' || event.type === 'RULE_CITY') && event.reason.trim().length > 0,
    isAllianceOffice: ({ context, event }) => event.type === 'RULE_CITY' && holdsRole(event.actor, 'alliance') && involvedCities(context).includes(event.city),
    isSystem: ({ event }) => isSystem(event.actor),
    namesOtherCity: ({ context, event }) => event.type === 'RULE_CITY' && event.city !== sitsIn(context),
    relocates: ({ context }) => context.relocate === true,
    isNeighbourNotJoined: ({ context, event }) => {
      const city = coordinatedCity(context, event, context.otherCities);
      return city !== undefined && !context.joinedPatrol.includes(city);
    },
    canConfirmClosure: ({ context, event }) => {
      const city = coordinatedCity(
        context,
        event,
        involvedCities(context).filter((x) => !context.closureConfirmed.includes(x)),
      );
      return city !== undefined;
    },
    allConfirmed: ({ context }) => involvedCities(context).every((c) => context.closureConfirmed.includes(c)),
  },
  actions: {
    effect: (_, _params: Effect) => {},
    recordCityRuling: assign({ cityRuling: ({ event }) => (event.type === 'RULE_CITY' ? { city: event.city, reason: event.reason, at: event.at } : null) }),
  },
}).createMachine({
  id: 'crosscity',
  context: ({ input }) => ({
    ...input,
    respondBy: plus(input.openedAt, hoursMs(REFERRAL_HOURS)),
    overdue: false,
    rejection: null,
    cityRuling: null,
    joinedPatrol: [],
    closureConfirmed: [],
  }),
  initial: 'start',
  states: {
    start: { always: [{ guard: 'isReferral', target: 'referred' }, { target: 'informed' }] },
    referred: {
      on: {
        ACCEPT: [
          // Accepting a referral made by a coordinator moves the case to this city's units.
          {
            guard: and(['isHomeCoordinator', 'relocates']),
            target: 'accepted',
            actions: {
              type: 'effect',
              params: ({ context }) => ({ type: 'forward', to: 'case', event: { type: 'RELOCATED', ...unitsOf(context, context.homeCity) } }),
            },
          },
          { guard: 'isHomeCoordinator', target: 'accepted' },
        ],
        REJECT: {
          guard: and(['isHomeCoordinator', 'hasReason']),
          target: 'allianceReview',
          actions: assign({ rejection: ({ event }) => (event.type === 'REJECT' ? event.reason : null) }),
        },
        REFERRAL_OVERDUE: { guard: 'isSystem', target: 'allianceReview', actions: assign({ overdue: true }) },
      },
    },
    // City against city: the alliance office decides which city's units take the case.
    allianceReview: {
      on: {
        RULE_CITY: [
          // Ruled to the other city: the case moves to that city's units.
          {
            guard: and(['isAllianceOffice', 'hasReason', 'namesOtherCity']),
            target: 'ruled',
            actions: [
              'recordCityRuling',
              {
                type: 'effect',
                params: ({ context, event }) => ({
                  type: 'forward',
                  to: 'case',
                  event: { type: 'RULED', ...unitsOf(context, event.type === 'RULE_CITY' ? event.city : context.homeCity) },
                }),
              },
            ],
          },
          // Ruled to the city where it is: it stays with the units that already hold it.
          { guard: and(['isAllianceOffice', 'hasReason']), target: 'ruled', actions: 'recordCityRuling' },
        ],
      },
    },
    accepted: { type: 'final' },
    ruled: { type: 'final' },
    informed: {
      always: { guard: 'allConfirmed', target: 'closed' },
      on: {
        JOIN_PATROL: {
          guard: 'isNeighbourNotJoined',
          actions: assign({
            joinedPatrol: ({ context, event }) => [...context.joinedPatrol, ...present(coordinatedCity(context, event, context.otherCities))],
          }),
        },
        CONFIRM_CLOSURE: {
          guard: 'canConfirmClosure',
          actions: assign({
            closureConfirmed: ({ context, event }) => [
              ...context.closureConfirmed,
              ...present(
                coordinatedCity(
                  context,
                  event,
                  involvedCities(context).filter((x) => !context.closureConfirmed.includes(x)),
                ),
              ),
            ],
          }),
        },
      },
    },
    closed: { type: 'final' },
  },
});

export type CrossCitySnapshot = Stored<typeof crossCityMachine>;
export type CrossCityState = SnapshotFrom<typeof crossCityMachine>['value'];
export const CROSS_CITY_TASK_ACTIONS = ['accept-referral', 'rule-city', 'confirm-closure', 'border-informed'] as const;
export type CrossCityTaskAction = (typeof CROSS_CITY_TASK_ACTIONS)[number];

/** Cross-city work (跨市协同: a referral, or a border case) as everything outside the domain sees it. */
export interface CrossCityView {
  state: CrossCityState;
  caseId: string;
  mode: CrossCityInput['mode'];
  /** where the case is (and whose units hold it, once accepted) */
  homeCity: string;
  /** referral: the city that received the report or referred it; border: the neighbouring cities */
  otherCities: string[];
  /** a coordinator referred it away: acceptance moves it to the home city's units */
  relocate: boolean;
  /** why the referring coordinator sent it */
  reason: string | null;
  openedAt: string;
  respondBy: string;
  overdue: boolean;
  rejection: string | null;
  cityRuling: { city: string; reason: string; at: string } | null;
  joinedPatrol: string[];
  closureConfirmed: string[];
}

function crossCityTasks(s: CrossCitySnapshot): Array<TaskSpec<CrossCityTaskAction>> {
  const c = s.context;
  switch (s.value) {
    case 'referred':
      return [task({ inbox: coordinatorInbox(c.homeCity), role: 'referral', action: 'accept-referral', dueAt: c.respondBy })];
    case 'allianceReview':
      return [task({ inbox: ALLIANCE_INBOX, role: 'ruling', action: 'rule-city', escalation: c.overdue ? 1 : 0 })];
    case 'informed':
      return involvedCities(c)
        .filter((city) => !c.closureConfirmed.includes(city))
        .map((city) =>
          task({
            inbox: coordinatorInbox(city),
            role: city === c.homeCity ? 'city' : 'neighbour',
            action: city === c.homeCity || c.joinedPatrol.includes(city) ? 'confirm-closure' : 'border-informed',
          }),
        );
    default:
      return [];
  }
}

export const crossCityWorkflow = defineWorkflow({
  kind: 'crosscity',
  version: 1,
  machine: crossCityMachine,
  tasks: crossCityTasks,
  timers: (s: CrossCitySnapshot): Array<TimerSpec<CrossCityCommand>> =>
    s.value === 'referred' ? [{ key: 'referral-due', dueAt: s.context.respondBy, event: { type: 'REFERRAL_OVERDUE' } }] : [],
  caseId: (s) => s.context.caseId,
  view: ({ value, context: c }) => ({
    state: value,
    caseId: c.caseId,
    mode: c.mode,
    homeCity: c.homeCity,
    otherCities: c.otherCities,
    relocate: c.relocate === true,
    reason: c.reason ?? null,
    openedAt: c.openedAt,
    respondBy: c.respondBy,
    overdue: c.overdue,
    rejection: c.rejection,
    cityRuling: c.cityRuling,
    joinedPatrol: c.joinedPatrol,
    closureConfirmed: c.closureConfirmed,
  }),
});
