import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import { DomainError, SYSTEM, WORKFLOWS, isWorkflowKind, type StepResult } from '@gongzhi/domain';
import { anyOf } from '../any-of.ts';
import { timers, workflows } from '../schema/index.ts';
import { dispatch, withEngine, type EngineDeps } from './engine.ts';

export interface FiringReport {
  fired: number;
  /** timers whose event the workflow no longer takes (it moved on): recorded, not retried */
  stale: number;
  /** timers whose workflow changed under them (a user acted at the same moment): left due, fired next round */
  retry: number;
}

/**
 * Fires due timers, each exactly once, in batches: one transaction locks up to `limit` workflows
 * with due timers, earliest first, with FOR UPDATE SKIP LOCKED (another worker or a user's step holding one makes
 * the batch skip it), then those workflows' due timers, applies their events through the normal
 * transition path in due order, marks them fired in one statement and commits once. `concurrency`
 * batches run at a time. A crash before commit leaves the rows unfired for the next round.
 *
 * What the batch cannot settle alone it leaves to the one-timer path: when a workflow changed under
 * its timer (a user acted at the same moment) or an effect failed, the batch rolls back and its
 * timers are fired one by one, each in its own transaction, exactly as before batching.
 */
export interface FiringOptions {
  /** due timers claimed per batch (100) */
  limit?: number;
  /** batches at a time (1) */
  concurrency?: number;
  /** told of each batch committed: its timers, workflows, rounds (a workflow's nth timers) and the statements it sent */
  onBatch?: (batch: BatchReport) => void;
}

export interface BatchReport {
  timers: number;
  workflows: number;
  rounds: number;
  statements: number;
}

export async function fireDueTimers(deps: EngineDeps, options: FiringOptions = {}): Promise<FiringReport> {
  const reports = await Promise.all(Array.from({ length: options.concurrency ?? 1 }, () => fireBatch(deps, options)));
  return reports.reduce((a, b) => ({ fired: a.fired + b.fired, stale: a.stale + b.stale, retry: a.retry + b.retry }));
}

/** Thrown inside a batch's transaction to roll it back; its timers then go one by one. */
class OneByOne extends Error {
  constructor(readonly ids: number[]) {
    super('batch left to the one-timer path');
  }
}

async function fireBatch(deps: EngineDeps, options: FiringOptions): Promise<FiringReport> {
  const limit = options.limit ?? 100;
  const report: FiringReport = { fired: 0, stale: 0, retry: 0 };
  let batch: (BatchReport & { sent: () => number }) | undefined;
  try {
    await withEngine(deps, async (engine) => {
      // One lock order everywhere: a workflow's row before its timers (the engine updates the workflow,
      // then rewrites its timers). So the due timers' workflows are locked first, skipping any a user's
      // step holds (they fire next round), and only then the due timers of the workflows locked.
      // Walked in due order (the timers_due index) and locked as found, skipping what another worker or a
      // user's step holds, until `limit` rows are locked: the claim reads no more than it takes. A
      // workflow with several due timers comes once per timer (locked by this statement already).
      const claim = async () => {
        const locked = await engine.query((tx) =>
          tx
            .select({ workflow: workflows })
            .from(timers)
            .innerJoin(workflows, eq(workflows.id, timers.workflowId))
            .where(and(isNull(timers.firedAt), lte(timers.dueAt, engine.at)))
            .orderBy(asc(timers.dueAt), asc(timers.id))
            .limit(limit)
            .for('update', { of: workflows, skipLocked: true }),
        );
        const stored = [...new Map(locked.map(({ workflow }) => [workflow.id, workflow])).values()];
        if (stored.length === 0) return { stored, claimed: [] };
        // Every due timer of a locked workflow is this batch's: another worker holds none of them.
        const claimed = await engine.query((tx) =>
          tx
            .select({ id: timers.id, workflowId: timers.workflowId, key: timers.key, dueAt: timers.dueAt, event: timers.event })
            .from(timers)
            .where(
              and(
                anyOf(
                  timers.workflowId,
                  stored.map((w) => w.id),
                ),
                isNull(timers.firedAt),
                lte(timers.dueAt, engine.at),
              ),
            )
            .orderBy(asc(timers.dueAt), asc(timers.id))
            .for('update'),
        );
        return { stored, claimed };
      };
      // A claim can lock workflows whose timers another worker fired and committed while the claim ran
      // (its snapshot still saw them due): none of their timers is due any more. Claimed again, in a
      // fresh snapshot, rather than reported as an empty round (which would idle the worker).
      let { stored, claimed } = await claim();
      for (let again = 0; again < 3 && stored.length > 0 && claimed.length === 0; again++) ({ stored, claimed } = await claim());
      if (claimed.length === 0) return;
      const claimedIds = claimed.map((t) => t.id);
      const before = (a: { dueAt: Date; id: number }, b: { dueAt: Date; id: number }) =>
        a.dueAt < b.dueAt || (a.dueAt.getTime() === b.dueAt.getTime() && a.id < b.id);
      // Each workflow's timers stepped purely first, in order: which ones its states still take
      // (stale otherwise), and which an earlier one cancelled or moved (its row is deleted then).
      const state = new Map(stored.map((w) => [w.id, { kind: w.kind, snapshot: w.snapshot, version: w.definitionVersion, row: w.version }]));
      const fire: Array<(typeof claimed)[number] & { stepped: { from: number; result: StepResult } }> = [];
      const cancelled = new Set<number>();
      const stale = new Map<string, number[]>();
      const at = engine.at.toISOString();
      // Each workflow's claimed timers, in due order: a step judges only its own workflow's later ones.
      const ofWorkflow = new Map<string, typeof claimed>();
      for (const t of claimed) {
        const own = ofWorkflow.get(t.workflowId);
        if (own) own.push(t);
        else ofWorkflow.set(t.workflowId, [t]);
      }
      for (const t of claimed) {
        const w = state.get(t.workflowId);
        if (!w || cancelled.has(t.id)) continue;
        if (!isWorkflowKind(w.kind)) throw new Error(`Workflow ${t.workflowId} is of an unknown kind: ${w.kind}`);
        const definition = WORKFLOWS[w.kind];
        let result: ReturnType<typeof definition.step>;
        try {
          result = definition.step(w.snapshot, w.version, { ...t.event, actor: SYSTEM(`timer:${t.key}`), at });
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          // The workflow does not move: its later timers are judged against the same state.
          stale.set(e.reason, [...(stale.get(e.reason) ?? []), t.id]);
          continue;
        }
        fire.push({ ...t, stepped: { from: w.row, result } });
        state.set(t.workflowId, { kind: w.kind, snapshot: result.snapshot, version: definition.version, row: w.row + 1 });
        for (const o of ofWorkflow.get(t.workflowId) ?? []) {
          if (!before(t, o)) continue;
          if (!result.timers.some((x) => x.key === o.key && new Date(x.dueAt).getTime() === o.dueAt.getTime())) cancelled.add(o.id);
        }
      }
      // Marked (fired, or stale with the reason) before the events run, in one statement sent before
      // the reads below: the projection then counts them gone.
      const firedIds = fire.map((t) => t.id);
      for (const id of firedIds) engine.writes.update(timers, timers.id, id, { firedAt: engine.at, outcome: 'fired' });
      for (const [reason, ids] of stale) {
        report.stale += ids.length;
        for (const id of ids) engine.writes.update(timers, timers.id, id, { firedAt: engine.at, outcome: `stale: ${reason}` });
      }
      // In rounds: each workflow's first timer, then each one's second, and so on (a workflow's timers
      // keep their order). What a round's steps read is read for all of them at once, after the writes
      // of the round before; their writes then go out together, at the next round or at the commit.
      const rounds: Array<typeof fire> = [];
      const nth = new Map<string, number>();
      for (const t of fire) {
        const n = nth.get(t.workflowId) ?? 0;
        nth.set(t.workflowId, n + 1);
        (rounds[n] ??= []).push(t);
      }
      batch = { timers: claimed.length, workflows: stored.length, rounds: rounds.length, statements: 0, sent: () => engine.writes.statements };
      for (const [n, round] of rounds.entries()) {
        // the first round's workflows stand as the claim read them; later rounds' were changed by the rounds before
        await engine.preload(
          round.map((t) => t.workflowId),
          n === 0 ? stored : undefined,
        );
        for (const t of round) {
          try {
            await engine.dispatch({ workflowId: t.workflowId, event: t.event, actor: SYSTEM(`timer:${t.key}`), stepped: t.stepped });
          } catch (e) {
            if (e instanceof DomainError) throw new OneByOne(claimedIds); // changed under us, or an effect refused
            throw e;
          }
        }
      }
      // The pure steps above hold only if nothing else in this transaction moved these workflows (an
      // effect of another timer, say): each must stand exactly as many versions on as it was stepped.
      const stepped = new Map<string, number>();
      for (const t of fire) stepped.set(t.workflowId, (stepped.get(t.workflowId) ?? 0) + 1);
      const staleIds = new Set([...stale.values()].flat());
      const judged = [...new Set([...fire, ...claimed.filter((t) => staleIds.has(t.id))].map((t) => t.workflowId))];
      const now = await engine.query((tx) => tx.select({ id: workflows.id, version: workflows.version }).from(workflows).where(anyOf(workflows.id, judged)));
      const was = new Map(stored.map((w) => [w.id, w.version]));
      if (now.some((w) => w.version !== (was.get(w.id) ?? 0) + (stepped.get(w.id) ?? 0))) throw new OneByOne(claimedIds);
      report.fired = firedIds.length;
    });
    if (batch) options.onBatch?.({ timers: batch.timers, workflows: batch.workflows, rounds: batch.rounds, statements: batch.sent() });
    return report;
  } catch (e) {
    if (!(e instanceof OneByOne)) throw e;
    return fireOneByOne(deps, e.ids);
  }
}

/** The one-timer path: each timer its own transaction; a workflow's later timers wait when one must retry. */
async function fireOneByOne(deps: EngineDeps, ids: number[]): Promise<FiringReport> {
  const report: FiringReport = { fired: 0, stale: 0, retry: 0 };
  const retried = new Set<string>();
  const rows = await deps.db.select({ id: timers.id, workflowId: timers.workflowId }).from(timers).where(anyOf(timers.id, ids));
  const workflowOf = new Map(rows.map((r) => [r.id, r.workflowId]));
  for (const id of ids) {
    const workflowId = workflowOf.get(id);
    if (workflowId === undefined || retried.has(workflowId)) continue;
    const outcome = await fireOne(deps, id);
    if (outcome === 'fired') report.fired++;
    if (outcome === 'stale') report.stale++;
    if (outcome === 'retry') {
      report.retry++;
      retried.add(workflowId);
    }
  }
  return report;
}

async function fireOne(deps: EngineDeps, id: number): Promise<'fired' | 'stale' | 'taken' | 'retry'> {
  try {
    return await deps.db.transaction(async (tx) => {
      // The workflow first, then its timer: the engine's lock order.
      const [of] = await tx.select({ workflowId: timers.workflowId }).from(timers).where(eq(timers.id, id));
      if (!of) return 'taken';
      await tx.select({ id: workflows.id }).from(workflows).where(eq(workflows.id, of.workflowId)).for('update');
      const [row] = await tx
        .select({ workflowId: timers.workflowId, key: timers.key, event: timers.event })
        .from(timers)
        .where(and(eq(timers.id, id), isNull(timers.firedAt)))
        .for('update');
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

/**
 * Timers a server's worker claims per batch. Bigger batches cost fewer statements and round trips per
 * timer (bench:timers, 10,000 due at once on 2 cores: 100 → 3,807/s, 200 → 4,410/s, 500 → 4,929/s,
 * 800 → 5,154/s); a batch holds its workflows' rows for its transaction (about a tenth of a second at
 * 500), during which a person's step on one of them waits.
 */
export const TIMER_BATCH = 500;

/** Runs `fireDueTimers` until stopped: immediately, then every `intervalMs`, draining backlogs at once. */
export function startTimerWorker(deps: EngineDeps, options: { intervalMs?: number; limit?: number; onError?: (e: unknown) => void } = {}) {
  let stopped = false;
  let timeout: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const loop = async () => {
    if (stopped) return;
    try {
      for (;;) {
        const report = await fireDueTimers(deps, { limit: options.limit ?? TIMER_BATCH });
        if (stopped || (report.retry === 0 && report.fired + report.stale < (options.limit ?? TIMER_BATCH))) break;
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
