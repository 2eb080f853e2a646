import { TRPCError } from '@trpc/server';
import type { Actor, Principal } from '@gongzhi/domain';
import { trainHere, type MatterModelJson, type Trainer } from '@gongzhi/nlp';
import type { Context, Services } from './context.ts';
import { appRouter } from './root.ts';
import { createCallerFactory } from './trpc.ts';
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

/**
 * A tRPC caller as `principal` over the given services, as the HTTP adapter would build its context
 * (a session for a signed-in principal, none for anonymous): the integration tests call procedures through it.
 */
const createCaller = createCallerFactory(appRouter);

export const callerAs = (services: () => Services) => (principal: Principal | null) =>
  createCaller({
    ...services(),
    principal,
    session: principal ? { id: 'test', userId: principal.userId, expiresAt: new Date('2027-01-01') } : null,
    secureCookies: false,
    requestId: 'test',
    clientAddress: 'test',
    setCookie: () => {},
  } satisfies Context);

/** The tRPC code a call was refused with, or OK. */
export async function codeOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (e) {
    if (e instanceof TRPCError) return e.code;
    throw e;
  }
}

/** The domain reason a call was refused with (its tRPC code when it has none), or OK. */
export async function reasonOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return 'OK';
  } catch (e) {
    if (e instanceof TRPCError) return (e.cause as { reason?: string } | undefined)?.reason ?? e.code;
    throw e;
  }
}

const trained = new Map<string, Promise<MatterModelJson>>();

/**
 * A real retrain on a few texts per matter (the corrections all kept, the matters' examples too), so
 * it takes a second or two. Training is deterministic (a seeded shuffle): the same matters, texts and
 * time make the same model, so one trained on the same inputs before, by a test of this process on
 * either database, is handed out again (a copy) instead of trained twice.
 */
export const quickTrainer: Trainer = (matters, texts, now) => {
  const seen = new Map<string, number>();
  const few = texts.filter((t) => t.kind === 'correction' || (seen.set(t.matter, (seen.get(t.matter) ?? 0) + 1).get(t.matter) ?? 0) <= 6);
  const key = JSON.stringify([matters, few, now]);
  let model = trained.get(key);
  if (!model) trained.set(key, (model = trainHere(matters, few, now)));
  return model.then((m) => structuredClone(m));
};
