import { DomainError, applyDraft, affectedDepartments, CONSULTATION_WORKING_DAYS } from '@gongzhi/domain';
import { consultationIdOf, findDraft, loadMatrix, startNewWorkflow } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf } from './access.ts';
import { consultationOf, defaultCities, partiesOf, requireOffice } from './drafts.ts';

/**
 * Sends a draft for consultation (征求意见) to the departments it affects (from its diff) in the
 * cities concerned, and those cities' coordination offices, each with a deadline in working days.
 */
export async function sendDraft({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock' | 'alliance'>;
  input: { draftId: string; workingDays?: number | undefined; cities?: string[] | undefined };
}) {
  const draft = await findDraft(ctx.db, input.draftId);
  requireOffice(ctx.principal, draft.office);
  if (draft.state !== 'open') throw new DomainError('CONFLICT', 'DRAFT_CLOSED', `Draft ${draft.id} is ${draft.state}`, { draft: draft.id });
  if (await consultationOf(ctx.db, draft.id)) {
    throw new DomainError('CONFLICT', 'DRAFT_IN_CONSULTATION', `Draft ${draft.id} has been sent already`, { draft: draft.id });
  }
  const base = await loadMatrix(ctx.db, draft.basedOn);
  const departments = affectedDepartments(base, applyDraft(base, draft.operations));
  if (departments.length === 0) throw new DomainError('INVALID', 'DRAFT_EMPTY', `Draft ${draft.id} changes nothing yet`, { draft: draft.id });
  const known = new Set(ctx.alliance.cities.map((c) => c.adcode));
  const cities = (input.cities ?? defaultCities(draft.office, ctx.alliance)).filter((c) => known.has(c));
  const workingDays = input.workingDays ?? CONSULTATION_WORKING_DAYS;
  const workflowId = await startNewWorkflow(
    ctx,
    'consultation',
    {
      id: consultationIdOf(draft.id),
      draftId: draft.id,
      office: draft.office,
      sentBy: ctx.principal.username,
      sentAt: ctx.clock.now().toISOString(),
      parties: partiesOf(departments, cities).map((inbox) => ({ inbox, workingDays })),
    },
    actorOf(ctx.principal),
  );
  return { workflowId };
}
