import { SessionCache, type SessionCacheOptions } from '@gongzhi/auth';
import type { InboxBus } from './inbox-bus.ts';

/**
 * This process's cache of validated sessions, kept true by the signal that closes live connections
 * (`closeLiveStreams`: a NOTIFY from any process on PostgreSQL, in-process on PGlite): a session
 * whose streams close is forgotten too, and everything is forgotten when that signal may have been
 * missed (the bus resyncs after the LISTEN connection is reopened). `listening` says whether the
 * signal is heard now; while it is not, every request reads its session from the database.
 */
export function sessionCacheOn(bus: InboxBus, listening: () => boolean, options: Omit<SessionCacheOptions, 'serving'> = {}): SessionCache {
  const cache = new SessionCache({ ...options, serving: listening });
  bus.onSessionsClosing((ids) => (ids ? cache.forget(ids) : cache.clear()));
  bus.onResync(() => cache.clear());
  return cache;
}
