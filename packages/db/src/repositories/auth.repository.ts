import { and, eq, sql } from 'drizzle-orm';
import type { DepartmentCode, Principal, Role } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { loginThrottle, memberships, sessions, users } from '../schema/index.ts';

export interface SessionRow {
  id: string;
  userId: string;
  expiresAt: Date;
  lastSeenAt?: Date | null;
}

function toPrincipal(user: typeof users.$inferSelect, rows: Array<typeof memberships.$inferSelect>): Principal {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    memberships: rows.map((m) => ({ role: m.role as Role, cityAdcode: m.cityAdcode, departmentCode: m.departmentCode as DepartmentCode | null })),
    ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}

export async function insertSession(
  db: Database,
  session: SessionRow & { createdAt: Date; device?: string | null; clientAddress?: string | null },
): Promise<void> {
  await db.insert(sessions).values({ ...session, lastSeenAt: session.createdAt });
}

/** Records that a session was used (the owner's session list shows it); false when it no longer exists. */
export async function touchSession(db: Database, sessionId: string, at: Date): Promise<boolean> {
  const rows = await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.id, sessionId)).returning({ id: sessions.id });
  return rows.length > 0;
}

export async function loadPrincipal(db: Database, userId: string): Promise<Principal | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  return toPrincipal(user, await db.select().from(memberships).where(eq(memberships.userId, userId)));
}

/** A session with its (active) user and memberships, in one round trip (on every request whose session is not cached). */
export async function findSessionWithPrincipal(db: Database, sessionId: string): Promise<{ session: SessionRow; principal: Principal } | null> {
  const rows = await db
    .select({ session: sessions, user: users, membership: memberships })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, eq(memberships.userId, sessions.userId))
    .where(and(eq(sessions.id, sessionId), eq(users.active, true)));
  const found = rows[0];
  if (!found) return null;
  const { id, userId, expiresAt, lastSeenAt } = found.session;
  const held = rows.flatMap((r) => (r.membership ? [r.membership] : []));
  return { session: { id, userId, expiresAt, lastSeenAt }, principal: toPrincipal(found.user, held) };
}

/** Moves a session's expiry; false when it no longer exists. */
export async function extendSession(db: Database, sessionId: string, expiresAt: Date): Promise<boolean> {
  const rows = await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, sessionId)).returning({ id: sessions.id });
  return rows.length > 0;
}

export async function deleteSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** The password hash of an active account (a deactivated one cannot sign in, and is told so no differently). */
export async function findCredentials(db: Database, username: string): Promise<{ id: string; passwordHash: string } | null> {
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.username, username), eq(users.active, true)));
  return user ?? null;
}

/** Until when a username is locked out after failed logins, if it is. */
export async function loginLockedUntil(db: Database, username: string): Promise<Date | null> {
  const [row] = await db.select({ lockedUntil: loginThrottle.lockedUntil }).from(loginThrottle).where(eq(loginThrottle.username, username));
  return row?.lockedUntil ?? null;
}

/** Counts a failed login; the number of failures so far. */
export async function recordLoginFailure(db: Database, username: string, at: Date): Promise<number> {
  const [row] = await db
    .insert(loginThrottle)
    .values({ username, failures: 1, lastFailureAt: at })
    .onConflictDoUpdate({ target: loginThrottle.username, set: { failures: sql`${loginThrottle.failures} + 1`, lastFailureAt: at } })
    .returning({ failures: loginThrottle.failures });
  return row?.failures ?? 1;
}

export async function lockLogin(db: Database, username: string, until: Date): Promise<void> {
  await db.update(loginThrottle).set({ lockedUntil: until }).where(eq(loginThrottle.username, username));
}

export async function clearLoginFailures(db: Database, username: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.username, username));
}

/**
 * Counts a sign-in attempt against each throttle key *before* the password is verified, atomically
 * (the rows are locked for the decision): an attempt that finds a key waiting is refused and not
 * counted; otherwise every key counts it and gets the wait `delayOf` gives for its new count.
 * Returns the milliseconds still to wait when refused, else null.
 */
export async function takeLoginAttempt(db: Database, keys: Array<{ key: string; delayOf: (attempts: number) => number }>, now: Date): Promise<number | null> {
  return db.transaction(async (tx) => {
    const rows = new Map<string, { failures: number; lockedUntil: Date | null }>();
    for (const { key } of [...keys].sort((a, b) => a.key.localeCompare(b.key))) {
      await tx.insert(loginThrottle).values({ username: key, failures: 0, lastFailureAt: now }).onConflictDoNothing();
      const [row] = await tx
        .select({ failures: loginThrottle.failures, lockedUntil: loginThrottle.lockedUntil })
        .from(loginThrottle)
        .where(eq(loginThrottle.username, key))
        .for('update');
      rows.set(key, row ?? { failures: 0, lockedUntil: null });
    }
    const wait = Math.max(0, ...[...rows.values()].map((r) => (r.lockedUntil ? r.lockedUntil.getTime() - now.getTime() : 0)));
    if (wait > 0) return wait;
    for (const { key, delayOf } of keys) {
      const failures = (rows.get(key)?.failures ?? 0) + 1;
      const delay = delayOf(failures);
      await tx
        .update(loginThrottle)
        .set({ failures, lastFailureAt: now, lockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null })
        .where(eq(loginThrottle.username, key));
    }
    return null;
  });
}

/** Whether a key exists (a client address that has signed in to an account before). */
export async function hasThrottleKey(db: Database, key: string): Promise<boolean> {
  const [row] = await db.select({ key: loginThrottle.username }).from(loginThrottle).where(eq(loginThrottle.username, key));
  return row !== undefined;
}

/** Marks a key as present (no failures, never waiting). */
export async function putThrottleKey(db: Database, key: string, now: Date): Promise<void> {
  await db
    .insert(loginThrottle)
    .values({ username: key, failures: 0, lastFailureAt: now })
    .onConflictDoUpdate({ target: loginThrottle.username, set: { lastFailureAt: now } });
}
