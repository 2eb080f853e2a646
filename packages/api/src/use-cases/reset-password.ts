import { hashPassword, temporaryPassword } from '@gongzhi/auth';
import { scopesOf } from '@gongzhi/domain';
import { appendAdminAudit, closeLiveStreams, deleteSessionsOf, setPasswordHash } from '@gongzhi/db';
import type { AdminContext } from './administrator.ts';
import { loadManagedUser } from './load-managed-user.ts';

/**
 * Gives someone a one-time temporary password (returned here only, never stored or audited in
 * clear): their sessions end, and at the next sign-in nothing but changing it is allowed.
 */
export async function resetPassword({ ctx, input }: { ctx: AdminContext; input: { userId: string } }): Promise<{ temporaryPassword: string }> {
  const user = await loadManagedUser(ctx, input.userId);
  const temporary = temporaryPassword();
  const hash = await hashPassword(temporary);
  await ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    await setPasswordHash(tx, user.id, hash, { mustChange: true, at });
    await closeLiveStreams(tx, await deleteSessionsOf(tx, user.id));
    await appendAdminAudit(tx, {
      at,
      actor: ctx.administrator.username,
      action: 'user.resetPassword',
      target: { userId: user.id, username: user.username },
      scopes: scopesOf(user.memberships),
    });
  });
  return { temporaryPassword: temporary };
}
