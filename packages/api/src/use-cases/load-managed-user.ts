import { DomainError } from '@gongzhi/domain';
import { findUser, type UserRecord } from '@gongzhi/db';
import { requireAdministers, type AdminContext } from './administrator.ts';

/** A person this administrator manages (every membership they hold), or NOT_FOUND / FORBIDDEN. */
export async function loadManagedUser(ctx: AdminContext, userId: string): Promise<UserRecord> {
  const user = await findUser(ctx.db, userId);
  if (!user) throw new DomainError('NOT_FOUND', 'USER_UNKNOWN', 'No such person');
  requireAdministers(ctx.administrator, user.memberships);
  return user;
}
