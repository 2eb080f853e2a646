import { randomBytes } from 'node:crypto';
import { ALLIANCE_SCOPE, DomainError } from '@gongzhi/domain';
import { appendAdminAudit, insertApiClient } from '@gongzhi/db';
import type { AdminContext, Administrator } from './administrator.ts';
import { hashApiKey } from '../open311/api-keys.ts';

/** Requests per minute a key gets unless its issuer says otherwise. */
export const DEFAULT_KEY_RATE = 60;

/**
 * An api_key opens intake for the whole alliance, so the alliance's administrators (and the
 * operator at the command line) issue and revoke them; a city's administrator is refused.
 */
export function requireKeyAdministrator(admin: Administrator): void {
  if (!admin.scopes.includes(ALLIANCE_SCOPE)) {
    throw new DomainError('FORBIDDEN', 'API_KEYS_ALLIANCE_ONLY', 'Only the alliance’s administrators manage Open311 keys');
  }
}

/** A new key for a civic-reporting client; shown once, stored only as its SHA-256; issuing it is audited. */
export async function issueApiKey({
  ctx,
  input,
}: {
  ctx: AdminContext;
  input: { name: string; ratePerMinute?: number | undefined };
}): Promise<{ id: number; name: string; apiKey: string; ratePerMinute: number }> {
  requireKeyAdministrator(ctx.administrator);
  const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
  const name = input.name.trim();
  const ratePerMinute = input.ratePerMinute ?? DEFAULT_KEY_RATE;
  const at = ctx.clock.now();
  const id = await ctx.db.transaction(async (tx) => {
    const id = await insertApiClient(tx, { name, keyHash: hashApiKey(apiKey), createdBy: ctx.administrator.username, createdAt: at, ratePerMinute });
    await appendAdminAudit(tx, {
      at,
      actor: ctx.administrator.username,
      action: 'apiKey.issue',
      scopes: [ALLIANCE_SCOPE],
      to: { name, ratePerMinute: String(ratePerMinute) },
      detail: { keyId: id },
    });
    return id;
  });
  return { id, name, apiKey, ratePerMinute };
}
