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
import type { SessionCache } from './session-cache.ts';

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
 *
 * With a cache, a session validated in the last minute is not read again (its expiry is still
 * checked, and extending it or recording that it was seen still writes); the cache's owner makes it
 * forget a session the moment it ends or its principal changes (see `SessionCache`).
 */
export async function validateSessionToken(
  db: Database,
  clock: Clock,
  token: string,
  cache?: SessionCache,
): Promise<{ session: Session; principal: Principal } | null> {
  const id = sessionIdOf(token);
  const now = clock.now().getTime();
  const generation = cache?.generation ?? 0;
  const hit = cache?.get(id, now);
  let entry = hit;
  if (!entry) {
    const found = await findSessionWithPrincipal(db, id);
    if (!found) return null;
    entry = { session: { ...found.session, lastSeenAt: found.session.lastSeenAt ?? null }, principal: found.principal, readAt: now };
  }
  const row = entry.session;
  if (now >= row.expiresAt.getTime()) {
    cache?.forget([id]);
    await deleteSession(db, id);
    return null;
  }
  let { expiresAt, lastSeenAt } = row;
  // Either write also tells whether the session still exists: one gone unannounced is refused.
  let exists = true;
  if (now >= expiresAt.getTime() - RENEW_WITHIN_MS) {
    expiresAt = new Date(now + SESSION_MS);
    exists = await extendSession(db, id, expiresAt);
  }
  if (exists && (!lastSeenAt || now - lastSeenAt.getTime() >= SEEN_EVERY_MS)) {
    lastSeenAt = clock.now();
    exists = await touchSession(db, id, lastSeenAt);
  }
  if (!exists) {
    cache?.forget([id]);
    return null;
  }
  if (cache && (!hit || expiresAt !== row.expiresAt || lastSeenAt !== row.lastSeenAt)) {
    // a refreshed entry keeps the time it was read: the principal is no fresher than that
    cache.put({ session: { ...row, expiresAt, lastSeenAt }, principal: entry.principal, readAt: entry.readAt }, generation);
  }
  return { session: { id: row.id, userId: row.userId, expiresAt }, principal: entry.principal };
}

/** Ends a session; its live connections and cached validations (in any server process) go. */
export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await deleteSession(tx, sessionId);
    await closeLiveStreams(tx, [sessionId]);
  });
}
