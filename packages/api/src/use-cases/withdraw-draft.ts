import { DomainError } from '@gongzhi/domain';
import { consultationIdOf, findDraft, updateDraft, withEngine } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf } from './access.ts';
import { consultationOf, requireOffice } from './drafts.ts';

/** The office gives a draft up; a consultation still open ends with it (the parties' tasks go). */
export async function withdrawDraft({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { draftId: string } }) {
  const draft = await findDraft(ctx.db, input.draftId);
  requireOffice(ctx.principal, draft.office);
  if (draft.state !== 'open') throw new DomainError('CONFLICT', 'DRAFT_CLOSED', `Draft ${draft.id} is ${draft.state}`, { draft: draft.id });
  const consulting = (await consultationOf(ctx.db, draft.id))?.view.state === 'consulting';
  await withEngine(ctx, async (engine) => {
    await engine.query((tx) => updateDraft(tx, draft.id, draft.revision, { state: 'withdrawn', at: ctx.clock.now() }));
    if (consulting) await engine.dispatch({ workflowId: consultationIdOf(draft.id), actor: actorOf(ctx.principal), event: { type: 'WITHDRAW' } });
  });
  return { withdrawn: true };
}
