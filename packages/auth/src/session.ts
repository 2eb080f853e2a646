import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import {
  closeLiveStreams,
  deleteSession,
  extendSession,
  findSessionWithPrincipal,
  insertSession,
  loadPrincipal,
  touchSession,
  type Database,
} from '@gongzhi/db';
import type { Clock, Principal } from '@gongzhi/domain';

export { loadPrincipal };

/** Sessions per Lucia's guide: random token to the client, its SHA-256 in the database, sliding expiry. */
export const SESSION_DAYS = 30;
const DAY = 86_400_000;
const SESSION_MS = SESSION_DAYS * DAY;
const RENEW_WITHIN_MS = 15 * DAY;
/** last seen is kept to the minute: one write a minute per active session at most */
const SEEN_EVERY_MS = 60_000;

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

/** The device a session was opened from, as its owner will recognise it (browser and system from the User-Agent). */
export function deviceOf(userAgent: string | null | undefined): string | null {
  if (!userAgent) return null;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /MicroMessenger/.test(userAgent)
      ? 'WeChat'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : null;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : null;
  const words = [browser, system].filter(Boolean).join(' · ');
  return words || userAgent.slice(0, 60);
}

export async function createSession(
  db: Database,
  clock: Clock,
  token: string,
  userId: string,
  origin: { userAgent?: string | null | undefined; clientAddress?: string | undefined } = {},
): Promise<Session> {
  const now = clock.now();
  const session = { id: sessionIdOf(token), userId, expiresAt: new Date(now.getTime() + SESSION_MS) };
  await insertSession(db, { ...session, createdAt: now, device: deviceOf(origin.userAgent), clientAddress: origin.clientAddress ?? null });
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
  if (!row.lastSeenAt || now - row.lastSeenAt.getTime() >= SEEN_EVERY_MS) await touchSession(db, id, clock.now());
  return { session, principal: found.principal };
}

/** Ends a session; its live connections (in any server process) close. */
export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, sessionId);
    await closeLiveStreams(tx, [sessionId]);
  });
}
