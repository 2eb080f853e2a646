import { DomainError, MAX_SUSPENSION_REVIEW_DAYS } from '@gongzhi/domain';
import type { SignedInContext } from '../context.ts';
import { actOnWorkflow } from './act-on-workflow.ts';
import { caseInScope } from './access.ts';

type Ctx = SignedInContext<'clock'>;

/** Who before what: a caller who may not read the case learns nothing of its dates. */
const caseRow = (ctx: Ctx, caseId: string) => caseInScope(ctx.db, ctx.principal, caseId);

/** A review date must lie ahead, and no further than the longest a suspension may go unreviewed. */
function checkReviewDate(ctx: Ctx, reviewAt: string) {
  const now = ctx.clock.now().getTime();
  const at = new Date(reviewAt).getTime();
  if (at <= now || at > now + MAX_SUSPENSION_REVIEW_DAYS * 86_400_000) {
    throw new DomainError('INVALID', 'REVIEW_DATE_INVALID', `The review date must be within the next ${MAX_SUSPENSION_REVIEW_DAYS} days`, {
      days: MAX_SUSPENSION_REVIEW_DAYS,
    });
  }
}

/** 延期申请: the holder asks its supervisor for a later resolution deadline than the one it has. */
export async function requestExtension({ ctx, input }: { ctx: Ctx; input: { caseId: string; version?: number | undefined; reason: string; until: string } }) {
  const row = await caseRow(ctx, input.caseId);
  const floor = Math.max(ctx.clock.now().getTime(), row.resolveBy?.getTime() ?? 0);
  if (new Date(input.until).getTime() <= floor) {
    throw new DomainError('INVALID', 'EXTENSION_NOT_LATER', 'The new deadline must be later than the current one', {
      resolveBy: row.resolveBy?.toISOString() ?? '',
    });
  }
  const until = new Date(input.until).toISOString();
  return actOnWorkflow({
    ctx,
    input: { kind: 'case', workflowId: row.id, version: input.version, event: { type: 'REQUEST_EXTENSION', reason: input.reason, until } },
  });
}

/** 挂账申请: the holder asks the city's coordinator to suspend a case that cannot be solved now, naming a review date. */
export async function requestSuspension({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { caseId: string; version?: number | undefined; reason: string; reviewAt: string };
}) {
  const row = await caseRow(ctx, input.caseId);
  checkReviewDate(ctx, input.reviewAt);
  const reviewAt = new Date(input.reviewAt).toISOString();
  return actOnWorkflow({
    ctx,
    input: { kind: 'case', workflowId: row.id, version: input.version, event: { type: 'REQUEST_SUSPENSION', reason: input.reason, reviewAt } },
  });
}

/** The coordinator reviewed a suspended case and keeps it suspended until the next review. */
export async function continueSuspension({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { caseId: string; version?: number | undefined; note: string; reviewAt: string };
}) {
  const row = await caseRow(ctx, input.caseId);
  checkReviewDate(ctx, input.reviewAt);
  const reviewAt = new Date(input.reviewAt).toISOString();
  return actOnWorkflow({
    ctx,
    input: { kind: 'case', workflowId: row.id, version: input.version, event: { type: 'CONTINUE_SUSPENSION', note: input.note, reviewAt } },
  });
}
