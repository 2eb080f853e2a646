import { tracked } from '@trpc/server';
import { caseScopeOf } from '@gongzhi/domain';
import { authedProcedure, router } from '../trpc.ts';
import { changeFor, type InboxChangeFor } from '../inbox-bus.ts';

export const inboxRouter = router({
  /**
   * Server-sent events: one message whenever a task of one of the user's inboxes appears,
   * changes or goes away, from any server process, naming only the cases that changed in those
   * inboxes (the visibility rule's inboxes). The client then refetches what it shows.
   */
  changes: authedProcedure.subscription(async function* ({ ctx, signal }) {
    const mine = new Set(caseScopeOf(ctx.principal).inboxes);
    // The stream ends when its session does (deactivation, password reset, sign-out) or its
    // memberships change: the client then asks who is signed in and reconnects or signs out.
    let closed = false;
    let stopClosing = () => {};
    const queue: Array<InboxChangeFor & { id: number }> = [];
    let wake: (() => void) | null = null;
    const unsubscribe = ctx.bus.subscribe((change) => {
      const own = changeFor(change, mine);
      if (!own) return;
      queue.push({ id: change.id, ...own });
      wake?.();
    });
    const stopResync = ctx.bus.onResync((id) => {
      queue.push({ id, inboxes: [...mine], cases: [], resync: true });
      wake?.();
    });
    const aborted = new Promise<void>((resolve) => {
      signal?.addEventListener('abort', () => resolve(), { once: true });
      stopClosing = ctx.bus.onClose(ctx.session.id, () => {
        closed = true;
        resolve();
      });
    });
    try {
      while (!signal?.aborted && !closed) {
        const change = queue.shift();
        if (!change) {
          await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
          wake = null;
          continue;
        }
        yield tracked(String(change.id), { inboxes: change.inboxes, cases: change.cases, ...(change.resync ? { resync: true as const } : {}) });
      }
    } finally {
      unsubscribe();
      stopResync();
      stopClosing();
    }
  }),
});
