import type { SessionRow } from '@gongzhi/db';
import type { Principal } from '@gongzhi/domain';

/** A validated session as the database last answered for it, and when (by the injected clock). */
export interface CachedSession {
  session: Required<SessionRow>;
  principal: Principal;
  readAt: number;
}

export interface SessionCacheOptions {
  /**
   * Whether the signal that ends sessions is being received now (the LISTEN connection is up).
   * While it is not, nothing is served from the cache or put in it: every request reads the database.
   */
  serving: () => boolean;
  /** entries older than this are read again (a safety net: ended sessions are forgotten when signalled) */
  maxAgeMs?: number;
  /** the least recently used entry goes first beyond this many */
  maxEntries?: number;
}

export const SESSION_CACHE_MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 10_000;

/**
 * Validated sessions of this process, keyed by session id (the token's SHA-256, never the token),
 * so a request need not read its session from the database. Correct only while it hears every
 * ending: the owner calls `forget` with the sessions whose principal changed or that ended (the
 * same signal that closes their live connections, from any process) and `clear` when that signal
 * may have been missed.
 *
 * A read that started before a `forget` or `clear` is not stored (it may have seen the session
 * before it ended): each read takes a `generation` and `put` refuses a stale one.
 */
export class SessionCache {
  private readonly entries = new Map<string, CachedSession>();
  private readonly maxAgeMs: number;
  private readonly maxEntries: number;
  private gen = 0;

  constructor(private readonly options: SessionCacheOptions) {
    this.maxAgeMs = options.maxAgeMs ?? SESSION_CACHE_MAX_AGE_MS;
    this.maxEntries = options.maxEntries ?? MAX_ENTRIES;
  }

  /** Moves on every forget or clear: take it before reading the database, hand it to `put`. */
  get generation(): number {
    return this.gen;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The entry for this session if it may be served now (signal heard, read less than max age ago). */
  get(id: string, now: number): CachedSession | undefined {
    if (!this.options.serving()) return undefined;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (now - entry.readAt >= this.maxAgeMs || now < entry.readAt) {
      this.entries.delete(id);
      return undefined;
    }
    // most recently used last: the oldest use is evicted first
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry;
  }

  /** Remembers an entry read at `generation`; refused if anything was forgotten since. */
  put(entry: CachedSession, generation: number): void {
    if (generation !== this.gen || !this.options.serving()) return;
    const id = entry.session.id;
    this.entries.delete(id);
    this.entries.set(id, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  /** These sessions ended or their principal changed. */
  forget(ids: Iterable<string>): void {
    this.gen++;
    for (const id of ids) this.entries.delete(id);
  }

  /** Endings may have been missed (the signal's connection was reopened): nothing cached is trusted. */
  clear(): void {
    this.gen++;
    this.entries.clear();
  }
}
