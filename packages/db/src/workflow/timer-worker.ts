import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { DomainError, SYSTEM } from '@gongzhi/domain';
import { timers } from '../schema/index.ts';
import { dispatch, type EngineDeps } from './engine.ts';

export interface FiringReport {
  fired: number;
  /** timers whose event the workflow no longer takes (it moved on): recorded, not retried */
  stale: number;
  /** timers whose workflow changed under them (a user acted at the same moment): left due, fired next round */
  retry: number;
}

/**
 * Fires due timers, each exactly once: a row is claimed with FOR UPDATE SKIP LOCKED (so another
 * worker skips it), marked fired and its event applied through the normal transition path, all in
 * one transaction. A crash before commit leaves the row unfired for the next round.
 */
export async function fireDueTimers(deps: EngineDeps, options: { limit?: number; concurrency?: number } = {}): Promise<FiringReport> {
  const limit = options.limit ?? 100;
  const now = deps.clock.now();
  const due = await deps.db
    .select({ id: timers.id, workflowId: timers.workflowId })
    .from(timers)
    .where(and(isNull(timers.firedAt), lte(timers.dueAt, now)))
    .orderBy(asc(timers.dueAt))
    .limit(limit);
  // A few workflows at a time, each timer its own transaction: a burst of deadlines drains faster
  // than one by one. The timers of one workflow go in due order, one after the other.
  const byWorkflow = new Map<string, number[]>();
  for (const t of due) byWorkflow.set(t.workflowId, [...(byWorkflow.get(t.workflowId) ?? []), t.id]);
  const groups = [...byWorkflow.values()];
  const report: FiringReport = { fired: 0, stale: 0, retry: 0 };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? 4, groups.length) }, async () => {
      for (let group = groups[next++]; group; group = groups[next++]) {
        for (const id of group) {
          const outcome = await fireOne(deps, id);
          if (outcome === 'fired') report.fired++;
          if (outcome === 'stale') report.stale++;
          if (outcome === 'retry') report.retry++;
          if (outcome === 'retry') break; // the later timers of this workflow wait for the next round
        }
      }
    }),
  );
  return report;
}

async function fireOne(deps: EngineDeps, id: number): Promise<'fired' | 'stale' | 'taken' | 'retry'> {
  try {
    return await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ workflowId: timers.workflowId, key: timers.key, event: timers.event })
        .from(timers)
        .where(and(eq(timers.id, id), isNull(timers.firedAt)))
        .for('update', { skipLocked: true });
      if (!row) return 'taken';
      const firedAt = deps.clock.now();
      await tx.update(timers).set({ firedAt, outcome: 'fired' }).where(eq(timers.id, id));
      try {
        await tx.transaction((sp) =>
          dispatch({ db: sp, clock: deps.clock }, { workflowId: row.workflowId, event: row.event, actor: SYSTEM(`timer:${row.key}`) }),
        );
        return 'fired';
      } catch (e) {
        // Changed under us: roll the whole firing back, so the timer stays due.
        if (!(e instanceof DomainError) || e.reason === 'STALE_VERSION') throw e;
        await tx
          .update(timers)
          .set({ outcome: `stale: ${e.reason}` })
          .where(eq(timers.id, id));
        return 'stale';
      }
    });
  } catch (e) {
    if (e instanceof DomainError && e.reason === 'STALE_VERSION') return 'retry';
    throw e;
  }
}

/** Runs `fireDueTimers` until stopped: immediately, then every `intervalMs`, draining backlogs at once. */
export function startTimerWorker(deps: EngineDeps, options: { intervalMs?: number; limit?: number; onError?: (e: unknown) => void } = {}) {
  let stopped = false;
  let timeout: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const loop = async () => {
    if (stopped) return;
    try {
      for (;;) {
        const report = await fireDueTimers(deps, { limit: options.limit ?? 100 });
        if (stopped || (report.retry === 0 && report.fired + report.stale < (options.limit ?? 100))) break;
      }
    } catch (e) {
      (options.onError ?? console.error)(e);
    }
    if (!stopped) timeout = setTimeout(() => (running = loop()), options.intervalMs ?? 1_000);
  };
  running = loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timeout);
      await running;
    },
  };
}
