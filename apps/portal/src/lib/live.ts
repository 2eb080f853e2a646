import { api } from './trpc.ts';

export interface InboxChange {
  inboxes: string[];
  /** the cases that changed; empty with `resync` */
  cases: string[];
  /** the server's database connection was lost and is back: changes may have been missed, refetch all that is shown */
  resync?: boolean;
}

type Listener = (change: InboxChange) => void;
const listeners = new Set<Listener>();
let subscription: { unsubscribe(): void } | null = null;

/**
 * Calls `listener` whenever a task of the signed-in user's inboxes appears, changes or goes away
 * (server-sent events; one connection shared by every page). Returns the way to stop listening.
 */
export function onInboxChange(listener: Listener): () => void {
  listeners.add(listener);
  subscription ??= api.inbox.changes.subscribe(undefined, {
    onData: (message) => {
      const change = (message as { data: InboxChange }).data;
      for (const l of listeners) l(change);
    },
    onError: () => {
      subscription = null;
    },
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      subscription?.unsubscribe();
      subscription = null;
    }
  };
}
