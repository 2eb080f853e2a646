import { tracked } from '@trpc/server';
import { inboxesOf } from '@gongzhi/domain';
import { authedProcedure, router } from '../trpc.ts';
import type { InboxChange } from '../inbox-bus.ts';

export const inboxRouter = router({
  /**
   * Server-sent events: one message whenever a task of one of the user's inboxes appears,
   * changes or goes away, from any server process. The client then refetches its inbox.
   */
  changes: authedProcedure.subscription(async function* ({ ctx, signal }) {
    const mine = new Set(inboxesOf(ctx.principal.memberships));
    const queue: Array<InboxChange & { id: number }> = [];
    let wake: (() => void) | null = null;
    const unsubscribe = ctx.bus.subscribe((change) => {
      if (!change.inboxes.some((i) => mine.has(i))) return;
      queue.push(change);
      wake?.();
    });
    const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    try {
      while (!signal?.aborted) {
        const change = queue.shift();
        if (!change) {
          await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
          wake = null;
          continue;
        }
        yield tracked(String(change.id), { inboxes: change.inboxes.filter((i) => mine.has(i)), cases: change.cases });
      }
    } finally {
      unsubscribe();
    }
  }),
});
