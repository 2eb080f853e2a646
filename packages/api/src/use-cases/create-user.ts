import { randomUUID } from 'node:crypto';
import { hashPassword, requireStrongPassword, temporaryPassword } from '@gongzhi/auth';
import { DomainError, scopesOf, validMemberships, validUsername, type Membership } from '@gongzhi/domain';
import { appendAdminAudit, insertUser } from '@gongzhi/db';
import { requireAdministers, type AdminContext } from './administrator.ts';

export interface NewPerson {
  username: string;
  displayName: string;
  phone?: string | null | undefined;
  memberships: ReadonlyArray<{ role: string; cityAdcode?: string | null | undefined; departmentCode?: string | null | undefined }>;
  /** a password chosen at the command line; otherwise a temporary one is made, to be changed at first sign-in */
  password?: string | undefined;
}

/**
 * Creates a person with validated memberships the administrator manages. Without a chosen password
 * they get a one-time temporary one (returned here only), which they must change at first sign-in.
 */
export async function createUser({
  ctx,
  input,
}: {
  ctx: AdminContext;
  input: NewPerson;
}): Promise<{ userId: string; username: string; temporaryPassword: string | null }> {
  const username = validUsername(input.username);
  const held: Membership[] = validMemberships(input.memberships);
  requireAdministers(ctx.administrator, held);
  if (input.password !== undefined) requireStrongPassword(input.password, username);
  const temporary = input.password === undefined ? temporaryPassword() : null;
  const passwordHash = await hashPassword(input.password ?? temporary ?? '');
  const userId = randomUUID();
  const at = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const stored = await insertUser(
      tx,
      {
        id: userId,
        username,
        displayName: input.displayName.trim(),
        phone: input.phone?.trim() || null,
        passwordHash,
        mustChangePassword: temporary !== null,
        createdAt: at,
      },
      held,
    );
    if (!stored) throw new DomainError('CONFLICT', 'USERNAME_TAKEN', `The username ${username} is taken`, { username });
    await appendAdminAudit(tx, {
      at,
      actor: ctx.administrator.username,
      action: 'user.create',
      target: { userId, username },
      scopes: scopesOf(held),
      to: { displayName: input.displayName.trim(), memberships: held },
    });
  });
  return { userId, username, temporaryPassword: temporary };
}
