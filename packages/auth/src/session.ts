import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import type { Database } from '@gongzhi/db';
import { memberships, sessions, users } from '@gongzhi/db/schema';
import type { Clock, DepartmentCode, Principal, Role } from '@gongzhi/domain';

/** Sessions per Lucia's guide: random token to the client, its SHA-256 in the database, sliding expiry. */
export const SESSION_DAYS = 30;
const DAY = 86_400_000;
const SESSION_MS = SESSION_DAYS * DAY;
const RENEW_WITHIN_MS = 15 * DAY;

export interface Session {
  id: string;
  userId: string;
  expiresAt: Date;
}

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export const sessionIdOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export async function createSession(db: Database, clock: Clock, token: string, userId: string): Promise<Session> {
  const now = clock.now();
  const session = { id: sessionIdOf(token), userId, expiresAt: new Date(now.getTime() + SESSION_MS) };
  await db.insert(sessions).values({ ...session, createdAt: now });
  return session;
}

function toPrincipal(user: typeof users.$inferSelect, rows: Array<typeof memberships.$inferSelect>): Principal {
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    memberships: rows.map((m) => ({ role: m.role as Role, cityAdcode: m.cityAdcode, departmentCode: m.departmentCode as DepartmentCode | null })),
  };
}

export async function loadPrincipal(db: Database, userId: string): Promise<Principal | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return null;
  return toPrincipal(user, await db.select().from(memberships).where(eq(memberships.userId, userId)));
}

/**
 * The session and user behind a token, or null when it is unknown, tampered or expired (an expired
 * session is deleted). A session used in its last 15 days is extended to a full 30 again.
 */
export async function validateSessionToken(db: Database, clock: Clock, token: string): Promise<{ session: Session; principal: Principal } | null> {
  const id = sessionIdOf(token);
  // Session, user and memberships in one round trip: this runs on every request.
  const rows = await db
    .select({ session: sessions, user: users, membership: memberships })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, eq(memberships.userId, sessions.userId))
    .where(eq(sessions.id, id));
  const found = rows[0];
  if (!found) return null;
  const row = found.session;
  const now = clock.now().getTime();
  if (now >= row.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const session: Session = { id: row.id, userId: row.userId, expiresAt: row.expiresAt };
  if (now >= row.expiresAt.getTime() - RENEW_WITHIN_MS) {
    session.expiresAt = new Date(now + SESSION_MS);
    await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, id));
  }
  const held = rows.flatMap((r) => (r.membership ? [r.membership] : []));
  return { session, principal: toPrincipal(found.user, held) };
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Database, userId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}
