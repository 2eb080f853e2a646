import { findUsersByUsername, listApiClients } from '@gongzhi/db';
import type { AdminContext } from './administrator.ts';
import { requireKeyAdministrator } from './issue-api-key.ts';

/** The Open311 clients with their use (never their keys: only hashes are stored). */
export async function listApiKeys({ ctx }: { ctx: AdminContext }) {
  requireKeyAdministrator(ctx.administrator);
  const clients = await listApiClients(ctx.db);
  const names = await findUsersByUsername(ctx.db, [...new Set(clients.map((c) => c.createdBy))]);
  return clients.map((c) => ({
    id: c.id,
    name: c.name,
    /** the issuer's name; null for the command line */
    createdByName: names.get(c.createdBy)?.displayName ?? null,
    createdAt: c.createdAt.toISOString(),
    lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    requestCount: c.requestCount,
    ratePerMinute: c.ratePerMinute,
  }));
}
