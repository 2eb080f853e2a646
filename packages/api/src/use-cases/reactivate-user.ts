import { scopesOf } from '@gongzhi/domain';
import { appendAdminAudit, setUserActive } from '@gongzhi/db';
import type { AdminContext } from './administrator.ts';
import { loadManagedUser } from './load-managed-user.ts';

/** Lets a deactivated person sign in again (with the memberships they had). */
export async function reactivateUser({ ctx, input }: { ctx: AdminContext; input: { userId: string } }): Promise<{ active: true }> {
  const user = await loadManagedUser(ctx, input.userId);
  if (user.active) return { active: true };
  await ctx.db.transaction(async (tx) => {
    const at = ctx.clock.now();
    await setUserActive(tx, user.id, true, at);
    await appendAdminAudit(tx, {
      at,
      actor: ctx.administrator.username,
      action: 'user.reactivate',
      target: { userId: user.id, username: user.username },
      scopes: scopesOf(user.memberships),
      from: { active: false },
      to: { active: true },
    });
  });
  return { active: true };
}
