import { and, assign, setup, type SnapshotFrom } from 'xstate';
import { ALLIANCE_INBOX, coordinatorInbox, holdsRole, type Envelope } from './actor.ts';
import { task, type Effect, type TaskSpec, type WorkflowDefinition } from './types.ts';

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

type By<T> = T & Envelope;
export type HarmonisationEvent =
  By<{ type: 'CONCUR' }> | By<{ type: 'OBJECT'; reason: string }> | By<{ type: 'REVISE'; text: string }> | By<{ type: 'PUBLISH' }>;

/** The city a coordinator answers for, among those still to answer. */
const answeringCity = (c: HarmonisationContext, e: HarmonisationEvent) =>
  c.cities.find((city) => c.positions[city] === 'pending' && holdsRole(e.actor, 'coordinator', city));

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
          actions: assign({ positions: ({ context, event }) => ({ ...context.positions, [answeringCity(context, event)!]: 'concurred' }) }),
        },
        // One objection sends the proposal back to draft with the reason.
        OBJECT: {
          guard: and(['isPendingCity', 'hasReason']),
          target: 'draft',
          actions: assign(({ context, event }) => {
            const city = answeringCity(context, event)!;
            return {
              positions: { ...context.positions, [city]: 'objected' as Position },
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

export type HarmonisationSnapshot = SnapshotFrom<typeof harmonisationMachine>;

export const harmonisationWorkflow: WorkflowDefinition<typeof harmonisationMachine> = {
  kind: 'harmonisation',
  machine: harmonisationMachine,
  tasks: (s: HarmonisationSnapshot): TaskSpec[] => {
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
};
