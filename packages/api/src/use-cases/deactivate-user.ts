import { requireNotLastAdmin, scopesOf, SYSTEM } from '@gongzhi/domain';
import { appendAdminAudit, closeLiveStreams, deleteSessionsOf, openClaimsOf, otherActiveAdmins, setUserActive, withEngine } from '@gongzhi/db';
import type { AdminContext } from './administrator.ts';
import { loadManagedUser } from './load-managed-user.ts';

/**
 * Cuts someone off at once: the account is deactivated, every session of theirs ends (their live
 * connections close, in every server process, when this commits), and each case whose latest claim
 * was theirs is marked back with the unit, with the reason, on its timeline and in the unit's inbox.
 * One transaction. The last administrator of a scope cannot deactivate themselves.
 */
export async function deactivateUser({
  ctx,
  input,
}: {
  ctx: AdminContext;
  input: { userId: string; reason: string };
}): Promise<{ sessionsEnded: number; casesReturned: number }> {
  const user = await loadManagedUser(ctx, input.userId);
  if (!user.active) return { sessionsEnded: 0, casesReturned: 0 };
  if (user.id === ctx.administrator.userId) requireNotLastAdmin(user.memberships, [], await otherActiveAdmins(ctx.db, user.id));
  const reason = input.reason.trim();
  return withEngine(ctx, async (engine) => {
    const ended = await engine.query(async (tx) => {
      await setUserActive(tx, user.id, false, engine.at);
      const ids = await deleteSessionsOf(tx, user.id);
      await closeLiveStreams(tx, ids);
      return ids;
    });
    const claims = await engine.query((tx) => openClaimsOf(tx, user.username));
    for (const workflowId of claims) {
      await engine.dispatch({ workflowId, event: { type: 'RETURNED_TO_UNIT', reason }, actor: SYSTEM('administration') });
    }
    await engine.query((tx) =>
      appendAdminAudit(tx, {
        at: engine.at,
        actor: ctx.administrator.username,
        action: 'user.deactivate',
        target: { userId: user.id, username: user.username },
        scopes: scopesOf(user.memberships),
        from: { active: true },
        to: { active: false },
        detail: { reason, sessionsEnded: ended.length, casesReturned: claims.length },
      }),
    );
    return { sessionsEnded: ended.length, casesReturned: claims.length };
  });
}
