import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { deleteSession, deleteUserSessions, extendSession, findSessionWithPrincipal, insertSession, loadPrincipal, type Database } from '@gongzhi/db';
import type { Clock, Principal } from '@gongzhi/domain';

export { loadPrincipal };

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
  await insertSession(db, { ...session, createdAt: now });
  return session;
}

/**
 * The session and user behind a token, or null when it is unknown, tampered or expired (an expired
 * session is deleted). A session used in its last 15 days is extended to a full 30 again.
 */
export async function validateSessionToken(db: Database, clock: Clock, token: string): Promise<{ session: Session; principal: Principal } | null> {
  const id = sessionIdOf(token);
  const found = await findSessionWithPrincipal(db, id);
  if (!found) return null;
  const row = found.session;
  const now = clock.now().getTime();
  if (now >= row.expiresAt.getTime()) {
    await deleteSession(db, id);
    return null;
  }
  const session: Session = { id: row.id, userId: row.userId, expiresAt: row.expiresAt };
  if (now >= row.expiresAt.getTime() - RENEW_WITHIN_MS) {
    session.expiresAt = new Date(now + SESSION_MS);
    await extendSession(db, id, session.expiresAt);
  }
  return { session, principal: found.principal };
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await deleteSession(db, sessionId);
}

export async function invalidateUserSessions(db: Database, userId: string): Promise<void> {
  await deleteUserSessions(db, userId);
}
