import { z } from 'zod';
import { inboxesOf } from '@gongzhi/domain';
import { listInbox, loadMatrix, routeTriagedCase } from '@gongzhi/db';
import { intakeDepsOf } from '../context.ts';
import { CaseLookup, Confirmation, InboxInput, IntakeInput, Note, Reason, SuggestInput, TransferInput, TriageRouteInput } from '../inputs.ts';
import { takeInCase } from '../use-cases/take-in-case.ts';
import { authedProcedure, roleProcedure, router } from '../trpc.ts';
import { caseAction } from './workflow-action.ts';
import { actorOf } from '../use-cases/access.ts';
import { getCase } from '../use-cases/get-case.ts';
import { transferCase } from '../use-cases/transfer-case.ts';

export const caseRouter = router({
  intake: roleProcedure('liaison', 'supervisor', 'coordinator', 'admin')
    .input(IntakeInput)
    .mutation(({ ctx, input }) => takeInCase(ctx, ctx.principal, input)),
  /** The three likeliest matters of a complaint text, for the operator taking it. */
  suggest: authedProcedure.input(SuggestInput).query(({ ctx, input }) => ctx.classifier?.suggest(input.text) ?? []),
  /** The signed-in user's inboxes (or one of them), soonest deadline first. */
  inbox: authedProcedure.input(InboxInput).query(async ({ ctx, input }) => {
    const mine = inboxesOf(ctx.principal.memberships);
    const inboxes = input.inbox ? mine.filter((i) => i === input.inbox) : mine;
    const matterCodes = input.domain ? (await loadMatrix(ctx.db)).matters.filter((m) => m.domain === input.domain).map((m) => m.code) : undefined;
    return listInbox(ctx.db, { ...input, inboxes, matterCodes });
  }),
  myInboxes: authedProcedure.query(({ ctx }) => inboxesOf(ctx.principal.memberships)),
  get: authedProcedure.input(CaseLookup).query(({ ctx, input }) => getCase({ db: ctx.db, clock: ctx.clock, principal: ctx.principal, ...input })),
  timeline: authedProcedure
    .input(z.object({ caseId: z.string().min(1).max(64) }))
    .query(async ({ ctx, input }) => (await getCase({ db: ctx.db, clock: ctx.clock, principal: ctx.principal, caseId: input.caseId })).timeline),
  claim: caseAction('CLAIM', {}),
  start: caseAction('START', {}),
  progress: caseAction('PROGRESS', Note),
  resolve: caseAction('RESOLVE', Note),
  reopen: caseAction('REOPEN', Reason),
  /** A coordinator records the reporter's answer to the callback (回访). */
  confirm: caseAction('CONFIRM', Confirmation),
  /** A coordinator names the matter of a case waiting in triage; it is routed from there. */
  route: roleProcedure('coordinator')
    .input(TriageRouteInput)
    .mutation(({ ctx, input }) =>
      routeTriagedCase(intakeDepsOf(ctx), {
        caseId: input.caseId,
        matterCode: input.matterCode,
        actor: actorOf(ctx.principal),
        expectedVersion: input.version,
      }),
    ),
  transfer: authedProcedure.input(TransferInput).mutation(({ ctx, input }) =>
    transferCase({
      db: ctx.db,
      clock: ctx.clock,
      principal: ctx.principal,
      caseId: input.caseId,
      expectedVersion: input.version,
      to: input.to,
      citedMatter: input.citedMatter,
      reason: input.reason,
    }),
  ),
});
