import { DomainError, holdsRole } from '@gongzhi/domain';
import { loadMatrix, startNewWorkflow } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf } from './access.ts';

/** The alliance office circulates a proposed common standard for one matter to the four cities. */
export async function proposeStandard({ ctx, input }: { ctx: SignedInContext<'clock' | 'alliance'>; input: { matterCode: string; text: string } }) {
  const actor = actorOf(ctx.principal);
  if (!holdsRole(actor, 'alliance')) throw new DomainError('FORBIDDEN', 'ROLE_REQUIRED', 'Only the alliance office proposes standards', { roles: 'alliance' });
  const matrix = await loadMatrix(ctx.db);
  if (!matrix.matters.some((m) => m.code === input.matterCode)) {
    throw new DomainError('INVALID', 'MATTER_UNKNOWN', `Unknown matter "${input.matterCode}"`, { matter: input.matterCode });
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
