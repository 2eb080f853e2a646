import { DomainError, findMatter, holdsRole } from '@gongzhi/domain';
import { caseWorkflows, findCase, loadMatrix, startNewWorkflow } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf } from './access.ts';

/**
 * A city coordinator refers an open case to another alliance city (跨市转办): that city's
 * coordinator accepts (the case moves to its units) or rejects (the alliance office decides).
 */
export async function referCase({ ctx, input }: { ctx: SignedInContext<'clock' | 'alliance'>; input: { caseId: string; city: string; reason: string } }) {
  const row = await findCase(ctx.db, input.caseId);
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', `No case ${input.caseId}`, {});
  const actor = actorOf(ctx.principal);
  if (!holdsRole(actor, 'coordinator', row.cityAdcode)) {
    throw new DomainError('FORBIDDEN', 'REFER_NOT_COORDINATOR', 'Only the coordinator of the city holding the case may refer it', {});
  }
  if (!ctx.alliance.city(input.city))
    throw new DomainError('INVALID', 'REPORTED_IN_UNKNOWN', `"${input.city}" is not an alliance city`, { adcode: input.city });
  if (input.city === row.cityAdcode) throw new DomainError('INVALID', 'REFER_SAME_CITY', 'The case is already in that city', {});
  if (row.state === 'closed' || row.state === 'triage' || row.matterCode === null) {
    throw new DomainError('CONFLICT', 'REFER_NOT_OPEN', 'Only an open, routed case can be referred', {});
  }
  const open = (await caseWorkflows(ctx.db, row.id)).find((w) => w.kind === 'crosscity' && !w.done && w.view.mode === 'referral');
  if (open) throw new DomainError('CONFLICT', 'REFER_PENDING', 'This case already has an open referral', {});
  const matter = findMatter(await loadMatrix(ctx.db), row.matterCode);
  const workflowId = await startNewWorkflow(
    ctx,
    'crosscity',
    {
      caseId: row.id,
      mode: 'referral',
      relocate: true,
      homeCity: input.city,
      otherCities: [row.cityAdcode],
      leadDepartment: matter.lead,
      supportDepartments: matter.supports,
      openedAt: ctx.clock.now().toISOString(),
      reason: input.reason,
    },
    actor,
  );
  return { workflowId };
}
