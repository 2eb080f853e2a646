import { clearLoginFailures, findCredentials, lockLogin, loginLockedUntil, recordLoginFailure, type Database } from '@gongzhi/db';
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
  const lockedUntil = await loginLockedUntil(db, username);
  if (lockedUntil && lockedUntil.getTime() > clock.now().getTime()) {
    const seconds = Math.ceil((lockedUntil.getTime() - clock.now().getTime()) / 1000);
    throw new DomainError('TOO_MANY_REQUESTS', 'LOGIN_THROTTLED', `Too many failed logins; try again in ${seconds} s`, { seconds });
  }
}

async function recordFailure(db: Database, clock: Clock, username: string): Promise<void> {
  const now = clock.now();
  const failures = await recordLoginFailure(db, username, now);
  if (failures >= FREE_ATTEMPTS) {
    const lockMs = Math.min(FIRST_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS), MAX_LOCK_MS);
    await lockLogin(db, username, new Date(now.getTime() + lockMs));
  }
}

/**
 * Checks a username and password and opens a session. Unknown user and wrong password get the same
 * answer; repeated failures for one username lock it out for a growing time.
 */
export async function login(db: Database, clock: Clock, username: string, password: string): Promise<LoginResult> {
  const name = username.trim().toLowerCase();
  await checkThrottle(db, clock, name);
  const user = await findCredentials(db, name);
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !valid) {
    await recordFailure(db, clock, name);
    throw new DomainError('UNAUTHENTICATED', 'LOGIN_FAILED', 'Wrong username or password');
  }
  await clearLoginFailures(db, name);
  const token = generateSessionToken();
  const session = await createSession(db, clock, token, user.id);
  const principal = await loadPrincipal(db, user.id);
  if (!principal) throw new Error(`user ${user.id} went away while signing in`);
  return { token, expiresAt: session.expiresAt, principal };
}
