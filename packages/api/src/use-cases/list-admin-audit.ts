import { findUsersByUsername, listAdminAudit as list } from '@gongzhi/db';
import type { AdminContext } from './administrator.ts';

/** The administrative actions in the administrator's scopes, newest first, filtered. */
export async function listAdminAudit({
  ctx,
  input,
}: {
  ctx: AdminContext;
  input: { actor?: string | undefined; target?: string | undefined; action?: string | undefined; from?: string | undefined; to?: string | undefined };
}) {
  const rows = await list(ctx.db, {
    scopes: ctx.administrator.scopes,
    actor: input.actor?.trim().toLowerCase() || undefined,
    target: input.target?.trim().toLowerCase() || undefined,
    action: input.action || undefined,
    from: input.from ? new Date(input.from) : undefined,
    to: input.to ? new Date(input.to) : undefined,
    limit: 500,
  });
  // people by their names on screen (a username is no name); the command line has none
  const names = await findUsersByUsername(ctx.db, [...new Set(rows.flatMap((r) => [r.actor, r.payload.target?.username ?? '']))].filter(Boolean));
  return rows.map((r) => ({
    ...r,
    at: r.at.toISOString(),
    actorName: names.get(r.actor)?.displayName ?? null,
    targetName: r.payload.target ? (names.get(r.payload.target.username)?.displayName ?? null) : null,
  }));
}
