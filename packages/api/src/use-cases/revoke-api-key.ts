import { ALLIANCE_SCOPE, DomainError } from '@gongzhi/domain';
import { appendAdminAudit, findApiClientById, revokeApiClient } from '@gongzhi/db';
import type { AdminContext } from './administrator.ts';
import { requireKeyAdministrator } from './issue-api-key.ts';

/** Revokes a key at once (every Open311 request reads its row); revoking is audited; a second revocation changes nothing. */
export async function revokeApiKey({ ctx, input }: { ctx: AdminContext; input: { id: number } }): Promise<{ revoked: true }> {
  requireKeyAdministrator(ctx.administrator);
  await ctx.db.transaction(async (tx) => {
    const client = await findApiClientById(tx, input.id);
    if (!client) throw new DomainError('NOT_FOUND', 'API_KEY_UNKNOWN', 'No such api key');
    const at = ctx.clock.now();
    if (!(await revokeApiClient(tx, client.id, at))) return;
    await appendAdminAudit(tx, {
      at,
      actor: ctx.administrator.username,
      action: 'apiKey.revoke',
      scopes: [ALLIANCE_SCOPE],
      from: { name: client.name },
      to: { name: client.name, revoked: true },
      detail: { keyId: client.id, requestCount: client.requestCount },
    });
  });
  return { revoked: true };
}
