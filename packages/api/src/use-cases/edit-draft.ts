import { DomainError, applyDraft, rebaseDraft as rebase, type DraftOperation } from '@gongzhi/domain';
import { findDraft, loadMatrix, updateDraft } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { consultationOf, requireOffice } from './drafts.ts';

/** Refuses a change to a draft that is out for consultation: the parties answer what they were sent. */
async function requireEditable(ctx: SignedInContext, draftId: string, duringConsultation = false) {
  const draft = await findDraft(ctx.db, draftId);
  requireOffice(ctx.principal, draft.office);
  if (draft.state !== 'open') throw new DomainError('CONFLICT', 'DRAFT_CLOSED', `Draft ${draftId} is ${draft.state}`, { draft: draftId });
  if (!duringConsultation && (await consultationOf(ctx.db, draftId))?.view.state === 'consulting') {
    throw new DomainError('CONFLICT', 'DRAFT_IN_CONSULTATION', `Draft ${draftId} is out for consultation`, { draft: draftId });
  }
  return draft;
}

/** The draft's operations replaced by the office's edit (each must apply to the base version), seen at `revision`. */
export async function editDraft({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { draftId: string; revision: number; operations: DraftOperation[] } }) {
  const draft = await requireEditable(ctx, input.draftId);
  applyDraft(await loadMatrix(ctx.db, draft.basedOn), input.operations);
  const revision = await updateDraft(ctx.db, draft.id, input.revision, { operations: input.operations, at: ctx.clock.now() });
  return { revision };
}

/**
 * The draft moved onto the latest version; the operations that clash with it are dropped and named.
 * Allowed while consulting: a version adopted meanwhile must not leave the draft stuck.
 */
export async function rebaseDraft({ ctx, input }: { ctx: SignedInContext<'clock'>; input: { draftId: string; revision: number } }) {
  const draft = await requireEditable(ctx, input.draftId, true);
  const [base, latest] = await Promise.all([loadMatrix(ctx.db, draft.basedOn), loadMatrix(ctx.db)]);
  const { operations, dropped } = rebase(base, latest, draft.operations);
  const revision = await updateDraft(ctx.db, draft.id, input.revision, { operations, basedOn: latest.version, at: ctx.clock.now() });
  return { revision, basedOn: latest.version, dropped };
}
