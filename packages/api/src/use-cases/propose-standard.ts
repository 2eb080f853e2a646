import { DomainError, holdsRole, type Clock, type Principal } from '@gongzhi/domain';
import { loadMatrix, startNewWorkflow, type Database } from '@gongzhi/db';
import type { Alliance } from '@gongzhi/geo';
import { actorOf } from './access.ts';

/** The alliance office circulates a proposed common standard for one matter to the four cities. */
export async function proposeStandard(options: { db: Database; clock: Clock; alliance: Alliance; principal: Principal; matterCode: string; text: string }) {
  const actor = actorOf(options.principal);
  if (!holdsRole(actor, 'alliance')) throw new DomainError('FORBIDDEN', 'ROLE_REQUIRED', 'Only the alliance office proposes standards', { roles: 'alliance' });
  const matrix = await loadMatrix(options.db);
  if (!matrix.matters.some((m) => m.code === options.matterCode)) {
    throw new DomainError('INVALID', 'MATTER_UNKNOWN', `Unknown matter "${options.matterCode}"`, { matter: options.matterCode });
  }
  const workflowId = await startNewWorkflow(
    { db: options.db, clock: options.clock },
    'harmonisation',
    {
      matterCode: options.matterCode,
      text: options.text,
      proposedBy: options.principal.username,
      proposedAt: options.clock.now().toISOString(),
      cities: options.alliance.cities.map((c) => c.adcode),
    },
    actor,
  );
  return { workflowId };
}
