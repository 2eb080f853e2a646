import { DomainError, type Verdict } from '@gongzhi/domain';
import { consultationIdOf, dispatch } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf } from './access.ts';
import { consultationOf } from './drafts.ts';

async function consultationIdFor(ctx: SignedInContext, draftId: string): Promise<string> {
  if (!(await consultationOf(ctx.db, draftId))) {
    throw new DomainError('NOT_FOUND', 'WORKFLOW_UNKNOWN', `Draft ${draftId} was not sent for consultation`, { kind: 'consultation', id: draftId });
  }
  return consultationIdOf(draftId);
}

/** A consulted unit or city answers: agree, or object with a reason (the machine says who may). */
export async function answerConsultation({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { draftId: string; verdict: Verdict; reason: string } }) {
  const workflowId = await consultationIdFor(ctx, input.draftId);
  return dispatch(ctx, { workflowId, actor: actorOf(ctx.principal), event: { type: 'ANSWER', verdict: input.verdict, reason: input.reason } });
}

/** A told unit or city acknowledges the adopted version (its inbox task goes). */
export async function acknowledgeAdoption({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { draftId: string } }) {
  const workflowId = await consultationIdFor(ctx, input.draftId);
  return dispatch(ctx, { workflowId, actor: actorOf(ctx.principal), event: { type: 'ACKNOWLEDGE' } });
}
