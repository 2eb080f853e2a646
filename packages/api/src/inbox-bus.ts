import { EventEmitter } from 'node:events';

/** A change the engine announced (pg_notify on commit): each inbox it touched, with the cases whose tasks changed there. */
export interface InboxChange {
  inboxes: Record<string, string[]>;
}

/** What one subscriber is told: its own inboxes that changed and their cases, never another inbox's. */
export interface InboxChangeFor {
  inboxes: string[];
  cases: string[];
  /** changes may have been missed (the server's LISTEN connection was reopened): refetch everything shown */
  resync?: true;
}

/**
 * The part of a change a reader with these inboxes may see (the visibility rule's `inboxes`,
 * `caseScopeOf`): a case appears only if it changed in one of them. Null when none of them changed.
 */
export function changeFor(change: InboxChange, mine: ReadonlySet<string>): InboxChangeFor | null {
  const inboxes = Object.keys(change.inboxes).filter((i) => mine.has(i));
  if (inboxes.length === 0) return null;
  return { inboxes, cases: [...new Set(inboxes.flatMap((i) => change.inboxes[i] ?? []))] };
}

/**
 * Fans announced inbox changes out to the subscriptions of this process. Fed by LISTEN on the
 * database, so a change made by any server process reaches the users connected to this one.
 */
const ALL = Symbol('all live connections');

export class InboxBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private seq = 0;

  /** How many changes (and resyncs) have been announced: a stamp that moves whenever facts may have changed. */
  get changes(): number {
    return this.seq;
  }

  publish(change: InboxChange): void {
    this.seq++;
    this.emitter.emit('change', { id: this.seq, ...change });
  }

  /** How many live-inbox streams of this process are listening now (for /metrics). */
  get subscribers(): number {
    return this.emitter.listenerCount('change');
  }

  /** Calls `listener` for each change until the returned function is called. */
  subscribe(listener: (change: InboxChange & { id: number }) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  /** Changes may have been missed (the LISTEN connection was lost and is back): every subscriber is told to refetch. */
  resync(): void {
    this.seq++;
    this.emitter.emit('resync', this.seq);
  }

  /** Calls `listener` on each resync until the returned function is called. */
  onResync(listener: (id: number) => void): () => void {
    this.emitter.on('resync', listener);
    return () => this.emitter.off('resync', listener);
  }

  /** Closes the live connections of these sessions (ended, or their memberships changed). */
  closeStreams(sessionIds: readonly string[]): void {
    this.emitter.emit('close', new Set(sessionIds));
  }

  /**
   * Calls `listener` with the sessions whose live connections are to close (null: all of them),
   * until the returned function is called: what else a process holds for a session lets go on
   * the same signal.
   */
  onSessionsClosing(listener: (sessionIds: ReadonlySet<string> | null) => void): () => void {
    const handler = (ids: Set<string> | typeof ALL) => listener(ids === ALL ? null : ids);
    this.emitter.on('close', handler);
    return () => this.emitter.off('close', handler);
  }

  /** Ends every live connection (the server is shutting down): each client reconnects, to another process or once this one is back. */
  closeAll(): void {
    this.emitter.emit('close', ALL);
  }

  /** Live connections open now (each registers here once, for the metrics). */
  get connections(): number {
    return this.open;
  }
  private open = 0;

  /** Calls `listener` when the live connections of a session are to close, until the returned function is called. */
  onClose(sessionId: string, listener: () => void): () => void {
    const handler = (ids: Set<string> | typeof ALL) => (ids === ALL || ids.has(sessionId)) && listener();
    this.emitter.on('close', handler);
    this.open++;
    let registered = true;
    return () => {
      if (registered) this.open--;
      registered = false;
      this.emitter.off('close', handler);
    };
  }

  /** Parses a NOTIFY payload; a malformed one is dropped (it cannot come from the engine). */
  publishPayload(payload: string): void {
    try {
      const change = JSON.parse(payload) as Partial<InboxChange> & { closeStreams?: unknown };
      if (Array.isArray(change.closeStreams)) this.closeStreams(change.closeStreams.filter((id): id is string => typeof id === 'string'));
      const inboxes = change.inboxes;
      if (inboxes && typeof inboxes === 'object' && !Array.isArray(inboxes) && Object.values(inboxes).every((c) => Array.isArray(c))) {
        this.publish({ inboxes });
      }
    } catch {
      // ignore
    }
  }
}
