import { EventEmitter } from 'node:events';

/** A change the engine announced (pg_notify on commit): which inboxes and cases it touched. */
export interface InboxChange {
  inboxes: string[];
  cases: string[];
}

/**
 * Fans announced inbox changes out to the subscriptions of this process. Fed by LISTEN on the
 * database, so a change made by any server process reaches the users connected to this one.
 */
export class InboxBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private seq = 0;

  publish(change: InboxChange): void {
    this.seq++;
    this.emitter.emit('change', { id: this.seq, ...change });
  }

  /** Calls `listener` for each change until the returned function is called. */
  subscribe(listener: (change: InboxChange & { id: number }) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }

  /** Parses a NOTIFY payload; a malformed one is dropped (it cannot come from the engine). */
  publishPayload(payload: string): void {
    try {
      const change = JSON.parse(payload) as InboxChange;
      if (Array.isArray(change.inboxes)) this.publish({ inboxes: change.inboxes, cases: change.cases ?? [] });
    } catch {
      // ignore
    }
  }
}
