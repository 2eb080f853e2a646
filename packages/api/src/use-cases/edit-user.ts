import { DomainError, membershipKey, requireNotLastAdmin, scopesOf, validMemberships, type Membership } from '@gongzhi/domain';
import { appendAdminAudit, closeLiveStreams, findUser, otherActiveAdmins, sessionsOf, setMemberships, updateUserDetails } from '@gongzhi/db';
import { requireAdministers, type AdminContext } from './administrator.ts';
import { toSummary, type UserSummary } from './list-users.ts';
import { loadManagedUser } from './load-managed-user.ts';

/**
 * Changes a person's name, phone or memberships. The administrator must manage the memberships both
 * before and after; giving up the last administration of one's own scope is refused. Their live
 * connections reconnect with the new memberships (or name), and their next request is served with them.
 */
export async function editUser({
  ctx,
  input,
}: {
  ctx: AdminContext;
  input: {
    userId: string;
    displayName?: string | undefined;
    phone?: string | null | undefined;
    memberships?: ReadonlyArray<{ role: string; cityAdcode?: string | null | undefined; departmentCode?: string | null | undefined }> | undefined;
  };
}): Promise<UserSummary> {
  const before = await loadManagedUser(ctx, input.userId);
  const after: Membership[] = input.memberships ? validMemberships(input.memberships) : before.memberships;
  requireAdministers(ctx.administrator, after);
  if (before.id === ctx.administrator.userId) requireNotLastAdmin(before.memberships, after, await otherActiveAdmins(ctx.db, before.id));
  const changedMemberships = before.memberships.map(membershipKey).sort().join(',') !== after.map(membershipKey).sort().join(',');
  const details = {
    ...(input.displayName !== undefined && input.displayName.trim() !== before.displayName ? { displayName: input.displayName.trim() } : {}),
    ...(input.phone !== undefined && (input.phone?.trim() || null) !== before.phone ? { phone: input.phone?.trim() || null } : {}),
  };
  if (!changedMemberships && Object.keys(details).length === 0) return toSummary(before, ctx.administrator.scopes);
  await ctx.db.transaction(async (tx) => {
    if (Object.keys(details).length > 0) await updateUserDetails(tx, before.id, details);
    if (changedMemberships) await setMemberships(tx, before.id, after);
    // Their sessions' principal changed (the name is part of it, the phone is not): every process lets go of what it holds.
    if (changedMemberships || details.displayName !== undefined) {
      await closeLiveStreams(
        tx,
        (await sessionsOf(tx, before.id)).map((s) => s.id),
      );
    }
    await appendAdminAudit(tx, {
      at: ctx.clock.now(),
      actor: ctx.administrator.username,
      action: changedMemberships ? 'user.memberships' : 'user.details',
      target: { userId: before.id, username: before.username },
      scopes: scopesOf([...before.memberships, ...after]),
      from: { ...(changedMemberships ? { memberships: before.memberships } : {}), ...pick(before, details) },
      to: { ...(changedMemberships ? { memberships: after } : {}), ...details },
    });
  });
  const updated = await findUser(ctx.db, before.id);
  if (!updated) throw new DomainError('NOT_FOUND', 'USER_UNKNOWN', 'No such person');
  return toSummary(updated, ctx.administrator.scopes);
}

const pick = (user: { displayName: string; phone: string | null }, keys: object) =>
  Object.fromEntries(Object.keys(keys).map((k) => [k, user[k as 'displayName' | 'phone']]));
