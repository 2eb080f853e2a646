import { DomainError, holdsRole } from '@gongzhi/domain';
import { loadMatrix, openWorkflowsOfMatter, startNewWorkflow } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf } from './access.ts';

/** The alliance office circulates a proposed common standard for one matter to the four cities (one open proposal per matter). */
export async function proposeStandard({ ctx, input }: { ctx: SignedInContext<'clock' | 'alliance'>; input: { matterCode: string; text: string } }) {
  const actor = actorOf(ctx.principal);
  if (!holdsRole(actor, 'alliance')) throw new DomainError('FORBIDDEN', 'ROLE_REQUIRED', 'Only the alliance office proposes standards', { roles: 'alliance' });
  const matrix = await loadMatrix(ctx.db);
  if (!matrix.matters.some((m) => m.code === input.matterCode)) {
    throw new DomainError('INVALID', 'MATTER_UNKNOWN', `Unknown matter "${input.matterCode}"`, { matter: input.matterCode });
  }
  // One open proposal per matter: cities answer one text at a time.
  if ((await openWorkflowsOfMatter(ctx.db, 'harmonisation', input.matterCode)).length > 0) {
    throw new DomainError('CONFLICT', 'PROPOSAL_OPEN', `Matter ${input.matterCode} already has an open proposal`, { matter: input.matterCode });
  }
  const workflowId = await startNewWorkflow(
    ctx,
    'harmonisation',
    {
      matterCode: input.matterCode,
      text: input.text,
      proposedBy: ctx.principal.username,
      proposedAt: ctx.clock.now().toISOString(),
      cities: ctx.alliance.cities.map((c) => c.adcode),
    },
    actor,
  );
  return { workflowId };
}
