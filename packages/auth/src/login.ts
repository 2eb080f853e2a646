import { eq, sql } from 'drizzle-orm';
import type { Database } from '@gongzhi/db';
import { loginThrottle, users } from '@gongzhi/db/schema';
import type { Clock, Principal } from '@gongzhi/domain';
import { DomainError } from '@gongzhi/domain';
import { dummyHash, verifyPassword } from './password.ts';
import { createSession, generateSessionToken, loadPrincipal } from './session.ts';

/** Failures allowed before a lock; each failure past it doubles the lock, up to an hour. */
export const FREE_ATTEMPTS = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 3_600_000;

export interface LoginResult {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

async function checkThrottle(db: Database, clock: Clock, username: string): Promise<void> {
  const [row] = await db.select().from(loginThrottle).where(eq(loginThrottle.username, username));
  if (row?.lockedUntil && row.lockedUntil.getTime() > clock.now().getTime()) {
    const seconds = Math.ceil((row.lockedUntil.getTime() - clock.now().getTime()) / 1000);
    throw new DomainError('TOO_MANY_REQUESTS', 'LOGIN_THROTTLED', `Too many failed logins; try again in ${seconds} s`, { seconds });
  }
}

async function recordFailure(db: Database, clock: Clock, username: string): Promise<void> {
  const now = clock.now();
  const [row] = await db
    .insert(loginThrottle)
    .values({ username, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({ target: loginThrottle.username, set: { failures: sql`${loginThrottle.failures} + 1`, lastFailureAt: now } })
    .returning({ failures: loginThrottle.failures });
  const failures = row!.failures;
  if (failures >= FREE_ATTEMPTS) {
    const lockMs = Math.min(FIRST_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_LOCK_MS);
    await db
      .update(loginThrottle)
      .set({ lockedUntil: new Date(now.getTime() + lockMs) })
      .where(eq(loginThrottle.username, username));
  }
}

/**
 * Checks a username and password and opens a session. Unknown user and wrong password get the same
 * answer; repeated failures for one username lock it out for a growing time.
 */
export async function login(db: Database, clock: Clock, username: string, password: string): Promise<LoginResult> {
  const name = username.trim().toLowerCase();
  await checkThrottle(db, clock, name);
  const [user] = await db.select({ id: users.id, passwordHash: users.passwordHash }).from(users).where(eq(users.username, name));
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !valid) {
    await recordFailure(db, clock, name);
    throw new DomainError('UNAUTHENTICATED', 'LOGIN_FAILED', 'Wrong username or password');
  }
  await db.delete(loginThrottle).where(eq(loginThrottle.username, name));
  const token = generateSessionToken();
  const session = await createSession(db, clock, token, user.id);
  const principal = (await loadPrincipal(db, user.id))!;
  return { token, expiresAt: session.expiresAt, principal };
}
