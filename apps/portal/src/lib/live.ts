import { api } from './trpc.ts';
import { principal, refreshPrincipal } from './session.ts';

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
 * The server ends a stream when its session ended (deactivated, password reset, signed out
 * elsewhere) or its memberships changed: ask who is signed in, then reconnect, or take the tab to
 * the sign-in page saying why.
 */
async function streamEnded(): Promise<void> {
  subscription = null;
  // A visitor who never signed in (a public page such as the standards) has no session to end: they stay where they are.
  const signedIn = principal() !== null;
  const me = await refreshPrincipal().catch(() => undefined);
  if (me === null) {
    if (signedIn) location.assign('/login?ended=1');
    return;
  }
  if (listeners.size > 0) setTimeout(connect, me === undefined ? 5_000 : 0);
}

function connect(): void {
  subscription ??= api.inbox.changes.subscribe(undefined, {
    onData: (message) => {
      const change = (message as { data: InboxChange }).data;
      for (const l of listeners) l(change);
    },
    onComplete: () => void streamEnded(),
    onError: () => void streamEnded(),
  });
}
/**
 * Calls `listener` whenever a task of the signed-in user's inboxes appears, changes or goes away
 * (server-sent events; one connection shared by every page). Returns the way to stop listening.
 */
export function onInboxChange(listener: Listener): () => void {
  listeners.add(listener);
  connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      subscription?.unsubscribe();
      subscription = null;
    }
  };
}
