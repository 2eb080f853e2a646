import { DomainError, applyDraft, affectedDepartments, diffMatrices, requireCurrentBase } from '@gongzhi/domain';
import { consultationIdOf, findDraft, insertMatrixVersion, loadMatrix, matrixChanged, updateDraft, withEngine } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf } from './access.ts';
import { consultationOf, defaultCities, partiesOf, requireOffice } from './drafts.ts';

/**
 * Adopts a draft: the next matrix version (who, why, based on, the draft), in force at once or from
 * `effectiveAt`; intake routes each case by the version in force when it arrives, so open cases keep
 * theirs. The consulted (or, without a consultation, the affected) units and cities are told in their
 * inboxes; the consultation's timer marks the scheduled moment. A draft whose base is no longer the
 * latest version is refused until rebased.
 */
export async function adoptDraft({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock' | 'alliance' | 'models'>;
  input: { draftId: string; reason: string; effectiveAt?: string | undefined };
}): Promise<{ version: number; effectiveAt: string }> {
  const draft = await findDraft(ctx.db, input.draftId);
  requireOffice(ctx.principal, draft.office);
  if (draft.state !== 'open') throw new DomainError('CONFLICT', 'DRAFT_CLOSED', `Draft ${draft.id} is ${draft.state}`, { draft: draft.id });
  const latest = await loadMatrix(ctx.db);
  requireCurrentBase(draft, latest.version);
  const matters = applyDraft(latest, draft.operations);
  if (diffMatrices(latest, { ...latest, matters }).length === 0) {
    throw new DomainError('INVALID', 'DRAFT_EMPTY', `Draft ${draft.id} changes nothing`, { draft: draft.id });
  }
  const now = ctx.clock.now();
  const effectiveAt = input.effectiveAt === undefined ? now : new Date(input.effectiveAt);
  if (effectiveAt.getTime() < now.getTime()) {
    throw new DomainError('INVALID', 'EFFECTIVE_IN_PAST', `A version cannot take effect in the past (${effectiveAt.toISOString()})`, {
      effectiveAt: effectiveAt.toISOString(),
    });
  }
  const consultation = await consultationOf(ctx.db, draft.id);
  const notify = consultation?.view.parties.map((p) => p.inbox) ?? partiesOf(affectedDepartments(latest, matters), defaultCities(draft.office, ctx.alliance));
  const version = latest.version + 1;
  const actor = actorOf(ctx.principal);
  await withEngine(ctx, async (engine) => {
    await engine.query((tx) =>
      insertMatrixVersion(tx, {
        version,
        basedOn: latest.version,
        createdBy: ctx.principal.username,
        reason: input.reason.trim(),
        draftId: draft.id,
        at: now,
        effectiveAt,
        matters,
      }),
    );
    await engine.query((tx) => updateDraft(tx, draft.id, draft.revision, { state: 'adopted', adoptedVersion: version, at: now }));
    const workflowId = consultationIdOf(draft.id);
    if (!consultation) {
      await engine.start(
        'consultation',
        { id: workflowId, draftId: draft.id, office: draft.office, sentBy: ctx.principal.username, sentAt: now.toISOString(), parties: [] },
        actor,
      );
    }
    await engine.dispatch({ workflowId, actor, event: { type: 'ADOPT', version, effectiveAt: effectiveAt.toISOString(), notify } });
  });
  // The version was stored inside the engine's transaction: the one place that forgets the version in force, once it is committed.
  matrixChanged();
  // A new matter, or new example complaints, are learned at once rather than at the next check.
  ctx.models?.markStale();
  return { version, effectiveAt: effectiveAt.toISOString() };
}
