import { hashPassword, requireStrongPassword, verifyPassword } from '@gongzhi/auth';
import { DomainError } from '@gongzhi/domain';
import { closeLiveStreams, deleteSessionsOf, passwordHashOf, setPasswordHash } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';

/**
 * Changes one's own password: the current one is required, the new one must be long enough and not
 * a common one. Every other session of the person ends; this one stays signed in.
 */
export async function changePassword({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'> & { session: { id: string } };
  input: { current: string; next: string };
}): Promise<{ otherSessionsEnded: number }> {
  const hash = await passwordHashOf(ctx.db, ctx.principal.userId);
  if (!hash || !(await verifyPassword(hash, input.current))) throw new DomainError('FORBIDDEN', 'PASSWORD_CURRENT_WRONG', 'The current password is wrong');
  if (input.next === input.current) throw new DomainError('INVALID', 'PASSWORD_SAME', 'The new password must differ from the current one');
  requireStrongPassword(input.next, ctx.principal.username);
  const next = await hashPassword(input.next);
  const ended = await ctx.db.transaction(async (tx) => {
    await setPasswordHash(tx, ctx.principal.userId, next, { mustChange: false, at: ctx.clock.now() });
    const ids = await deleteSessionsOf(tx, ctx.principal.userId, ctx.session.id);
    // This session stays, but a principal that had to change its password no longer has to: every
    // process forgets what it knew of this session too.
    await closeLiveStreams(tx, ctx.principal.mustChangePassword ? [...ids, ctx.session.id] : ids);
    return ids.length;
  });
  return { otherSessionsEnded: ended };
}
