import { clearLoginFailures, findCredentials, hasThrottleKey, putThrottleKey, takeLoginAttempt, type Database } from '@gongzhi/db';
import type { Clock, Principal } from '@gongzhi/domain';
import { DomainError } from '@gongzhi/domain';
import { dummyHash, verifyPassword } from './password.ts';
import { createSession, generateSessionToken, loadPrincipal } from './session.ts';

/**
 * The sign-in throttle (documented in ARCHITECTURE.md, "Sign-in"): progressive delays, never a lock
 * a stranger can put on a colleague.
 * - per account and client address: FREE_ATTEMPTS free, then a wait that doubles from 1 s up to 15 min;
 * - per account from addresses that never signed in to it: ACCOUNT_FREE_ATTEMPTS free, then a wait
 *   doubling from 1 s up to 5 min. An address the account has signed in from before (its usual
 *   browser) is not subject to this one, so guessing elsewhere never slows the owner there.
 * Every attempt is counted before the password is verified, in one locked transaction, so
 * concurrent or batched attempts cannot all slip through.
 */
export const FREE_ATTEMPTS = 5;
export const ACCOUNT_FREE_ATTEMPTS = 20;
const progressive = (free: number, maxMs: number) => (attempts: number) => (attempts < free ? 0 : Math.min(1000 * 2 ** (attempts - free), maxMs));
const perPair = progressive(FREE_ATTEMPTS, 15 * 60_000);
const perAccount = progressive(ACCOUNT_FREE_ATTEMPTS, 5 * 60_000);

export interface LoginResult {
  token: string;
  expiresAt: Date;
  principal: Principal;
}

/**
 * Checks a username and password and opens a session. Unknown user and wrong password get the same
 * answer; failed attempts slow further ones (see above). `clientAddress` is the caller's address
 * as the edge determined it (a trusted proxy's X-Forwarded-For, else the socket).
 */
export async function login(
  db: Database,
  clock: Clock,
  username: string,
  password: string,
  clientAddress = 'unknown',
  userAgent: string | null = null,
): Promise<LoginResult> {
  const name = username.trim().toLowerCase();
  const pairKey = `pair:${clientAddress}:${name}`;
  const knownKey = `known:${clientAddress}:${name}`;
  const accountKey = `account:${name}`;
  const known = await hasThrottleKey(db, knownKey);
  const keys = [{ key: pairKey, delayOf: perPair }, ...(known ? [] : [{ key: accountKey, delayOf: perAccount }])];
  const wait = await takeLoginAttempt(db, keys, clock.now());
  if (wait !== null) {
    const seconds = Math.ceil(wait / 1000);
    throw new DomainError('TOO_MANY_REQUESTS', 'LOGIN_THROTTLED', `Too many failed logins; try again in ${seconds} s`, { seconds });
  }
  const user = await findCredentials(db, name);
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !valid) throw new DomainError('UNAUTHENTICATED', 'LOGIN_FAILED', 'Wrong username or password');
  await clearLoginFailures(db, pairKey);
  if (!known) await clearLoginFailures(db, accountKey);
  await putThrottleKey(db, knownKey, clock.now());
  const token = generateSessionToken();
  const session = await createSession(db, clock, token, user.id, { userAgent, clientAddress });
  const principal = await loadPrincipal(db, user.id);
  if (!principal) throw new Error(`user ${user.id} went away while signing in`);
  return { token, expiresAt: session.expiresAt, principal };
}
