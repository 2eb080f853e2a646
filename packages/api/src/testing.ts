import type { Actor, Principal } from '@gongzhi/domain';
import { intakeCase as takeIn, intakeCases as takeInAll, type IntakeContext, type IntakeInput, type IntakeItem } from './use-cases/intake-cases.ts';
import { routeTriagedCase as route } from './use-cases/route-triaged-case.ts';

/**
 * The intake use cases called positionally, as the integration tests of the engine, the timers and
 * the channels call them: the services, the case, who brings it.
 */
export const intakeCase = (ctx: IntakeContext, input: IntakeInput, actor: Actor) => takeIn({ ctx, input: { input, actor } });
export const intakeCases = (ctx: IntakeContext, items: IntakeItem[]) => takeInAll({ ctx, input: items });

const principalOf = (actor: Actor): Principal =>
  actor.kind === 'user'
    ? { userId: actor.userId, username: actor.username, displayName: actor.username, memberships: actor.memberships }
    : { userId: actor.kind, username: actor.kind, displayName: actor.kind, memberships: [] };

export const routeTriagedCase = (ctx: IntakeContext, input: { caseId: string; matterCode: string; actor: Actor; expectedVersion?: number | undefined }) =>
  route({
    ctx: { ...ctx, principal: principalOf(input.actor) },
    input: { caseId: input.caseId, matterCode: input.matterCode, version: input.expectedVersion },
  });
