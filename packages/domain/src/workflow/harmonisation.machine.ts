import { and, assign, setup, type SnapshotFrom } from 'xstate';
import { ALLIANCE_INBOX, coordinatorInbox, holdsRole, type Envelope } from './actor.ts';
import { defineWorkflow } from './step.ts';
import { task, type Effect, type TaskSpec } from './types.ts';

export interface HarmonisationInput {
  id: string;
  matterCode: string;
  text: string;
  proposedBy: string;
  proposedAt: string;
  cities: string[];
}

export type Position = 'pending' | 'concurred' | 'objected';

interface HarmonisationContext extends HarmonisationInput {
  round: number;
  positions: Record<string, Position>;
  objection: { city: string; reason: string; at: string } | null;
  publishedAt: string | null;
}

export type HarmonisationCommand = { type: 'CONCUR' } | { type: 'OBJECT'; reason: string } | { type: 'REVISE'; text: string } | { type: 'PUBLISH' };
export type HarmonisationEvent = HarmonisationCommand & Envelope;

/** The city a coordinator answers for, among those still to answer. */
const answeringCity = (c: HarmonisationContext, e: HarmonisationEvent) =>
  c.cities.find((city) => c.positions[city] === 'pending' && holdsRole(e.actor, 'coordinator', city));

/** The positions with the answering city's new one. */
const answer = (c: HarmonisationContext, e: HarmonisationEvent, position: Position): Record<string, Position> => {
  const city = answeringCity(c, e);
  return city === undefined ? c.positions : { ...c.positions, [city]: position };
};

export const harmonisationMachine = setup({
  types: {} as { context: HarmonisationContext; events: HarmonisationEvent; input: HarmonisationInput },
  guards: {
    isPendingCity: ({ context, event }) => answeringCity(context, event) !== undefined,
    hasReason: ({ event }) => event.type === 'OBJECT' && event.reason.trim().length > 0,
    allConcurred: ({ context }) => context.cities.every((c) => context.positions[c] === 'concurred'),
    isAllianceOffice: ({ event }) => holdsRole(event.actor, 'alliance'),
    hasText: ({ event }) => event.type === 'REVISE' && event.text.trim().length > 0,
  },
  actions: { effect: (_, _params: Effect) => {} },
}).createMachine({
  id: 'harmonisation',
  context: ({ input }) => ({
    ...input,
    round: 1,
    positions: Object.fromEntries(input.cities.map((c) => [c, 'pending' as Position])),
    objection: null,
    publishedAt: null,
  }),
  initial: 'circulating',
  states: {
    circulating: {
      always: { guard: 'allConcurred', target: 'adopted' },
      on: {
        CONCUR: {
          guard: 'isPendingCity',
          actions: assign({ positions: ({ context, event }) => answer(context, event, 'concurred') }),
        },
        // One objection sends the proposal back to draft with the reason.
        OBJECT: {
          guard: and(['isPendingCity', 'hasReason']),
          target: 'draft',
          actions: assign(({ context, event }) => {
            const city = answeringCity(context, event) ?? '';
            return {
              positions: answer(context, event, 'objected'),
              objection: { city, reason: event.type === 'OBJECT' ? event.reason : '', at: event.at },
            };
          }),
        },
      },
    },
    draft: {
      on: {
        REVISE: {
          guard: and(['isAllianceOffice', 'hasText']),
          target: 'circulating',
          actions: assign(({ context, event }) => ({
            text: event.type === 'REVISE' ? event.text : context.text,
            round: context.round + 1,
            positions: Object.fromEntries(context.cities.map((c) => [c, 'pending' as Position])),
          })),
        },
      },
    },
    adopted: {
      on: {
        PUBLISH: {
          guard: 'isAllianceOffice',
          target: 'published',
          actions: [
            assign({ publishedAt: ({ event }) => event.at }),
            {
              type: 'effect',
              params: ({ context }) => ({ type: 'publish-standard', matterCode: context.matterCode, text: context.text, proposalId: context.id }),
            },
          ],
        },
      },
    },
    published: { type: 'final' },
  },
});

export type HarmonisationState = SnapshotFrom<typeof harmonisationMachine>['value'];
export const HARMONISATION_TASK_ACTIONS = ['concur', 'revise', 'publish'] as const;
export type HarmonisationTaskAction = (typeof HARMONISATION_TASK_ACTIONS)[number];

/** A standard harmonisation proposal (标准协调) as everything outside the domain sees it. */
export interface HarmonisationView {
  state: HarmonisationState;
  matterCode: string;
  /** the proposed common standard, as last revised */
  text: string;
  proposedBy: string;
  proposedAt: string;
  cities: string[];
  round: number;
  positions: Record<string, Position>;
  objection: { city: string; reason: string; at: string } | null;
  publishedAt: string | null;
}

export const harmonisationWorkflow = defineWorkflow({
  kind: 'harmonisation',
  version: 1,
  machine: harmonisationMachine,
  tasks: (s): Array<TaskSpec<HarmonisationTaskAction>> => {
    const c = s.context;
    if (s.value === 'circulating') {
      return c.cities.filter((city) => c.positions[city] === 'pending').map((city) => task({ inbox: coordinatorInbox(city), role: 'city', action: 'concur' }));
    }
    if (s.value === 'draft') return [task({ inbox: ALLIANCE_INBOX, role: 'lead', action: 'revise' })];
    if (s.value === 'adopted') return [task({ inbox: ALLIANCE_INBOX, role: 'lead', action: 'publish' })];
    return [];
  },
  timers: () => [],
  caseId: () => null,
  view: ({ value, context: c }) => ({
    state: value,
    matterCode: c.matterCode,
    text: c.text,
    proposedBy: c.proposedBy,
    proposedAt: c.proposedAt,
    cities: c.cities,
    round: c.round,
    positions: c.positions,
    objection: c.objection,
    publishedAt: c.publishedAt,
  }),
});
