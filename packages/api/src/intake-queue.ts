import type { Actor } from '@gongzhi/domain';
import type { Database } from '@gongzhi/db';
import { intakeCases, type IntakeContext, type IntakeInput, type IntakeResult } from './use-cases/intake-cases.ts';

interface Waiting {
  ctx: IntakeContext;
  input: IntakeInput;
  actor: Actor;
  resolve: (r: IntakeResult) => void;
  reject: (e: unknown) => void;
}

/**
 * How long, at most, a batch waits under load for the callers of the batch just stored to send
 * their next cases (see `drain`). On two cores with 8 HTTP clients: 0 ms 333-343 intakes/s, 2 ms
 * 384, 4 ms 427-449, 6 ms 425, 8 ms 358-377 (one run each, 2026-11-29).
 */
const LINGER_MS = 4;

/** The services a batch is written with: cases share a transaction only when these are the same. */
const INTAKE_SERVICES = ['db', 'clock', 'alliance', 'confirmWindowMs', 'classifier', 'confidenceThreshold', 'repeatWindowDays'] as const;
const sameServices = (a: IntakeContext, b: IntakeContext) => a === b || INTAKE_SERVICES.every((k) => a[k] === b[k]);

/**
 * Group commit for intake: while batches are being written, the cases that arrive wait and then
 * go together in the next transaction. A case arriving at an idle queue goes at once; under load,
 * one transaction carries many cases. A second transaction starts beside the one being written only
 * for a full batch (`maxBatch` waiting), up to `maxInFlight` at once: batches stay as big as the
 * load makes them (on two cores, 8 clients took in 404 cases/s with one transaction at a time
 * against 275/s with four, whose batches held one or two cases), and a load beyond one
 * transaction's worth has its next batch decided while the one before is stored (batches are
 * written in turns, see `intakeCases`). Under load, once a batch of several cases is
 * stored, the next one waits (at most `lingerMs`) for as many cases as were just answered, since
 * those callers send their next ones a moment later: with 8 HTTP clients, batches had been two
 * half-full ones taking turns. If a batch fails as a whole,
 * each of its cases is retried on its own, so one bad case never sinks the others. Cases given
 * with other services (another clock, say) wait for a batch of their own.
 */
export class IntakeQueue {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  private writing = 0;
  private scheduled = false;
  /** the next batch waits until this many cases wait, or the timer ends the wait */
  private linger: { until: number; timer: ReturnType<typeof setTimeout> } | undefined;

  constructor(
    private readonly ctx: IntakeContext,
    private readonly maxBatch = 64,
    private readonly maxInFlight = 4,
    private readonly lingerMs = LINGER_MS,
  ) {}

  /** Cases waiting for a transaction, and cases being written now (for /metrics). */
  get depth(): { waiting: number; writing: number } {
    return { waiting: this.waiting.length, writing: this.writing };
  }

  submit(input: IntakeInput, actor: Actor, ctx: IntakeContext = this.ctx): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ctx, input, actor, resolve, reject });
      // Cases submitted in the same turn of the event loop (a caller's Promise.all) start one batch.
      if (this.scheduled) return;
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.drain();
      });
    });
  }

  private drain(): void {
    if (this.linger && this.waiting.length >= this.linger.until) this.endLinger();
    const mayStart = () => (this.inFlight === 0 && !this.linger) || (this.inFlight < this.maxInFlight && this.waiting.length >= this.maxBatch);
    for (let first = this.waiting[0]; first && mayStart(); first = this.waiting[0]) {
      const batch: Waiting[] = [];
      const rest: Waiting[] = [];
      for (const w of this.waiting) (batch.length < this.maxBatch && sameServices(w.ctx, first.ctx) ? batch : rest).push(w);
      this.waiting = rest;
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        // Under load (this batch held several cases), the callers just answered send their next
        // cases a moment later: the next batch waits for them (as many as were answered, besides
        // those already waiting), at most `lingerMs`, rather than going half full while they queue
        // behind it. After a lone case, the next goes at once.
        if (batch.length > 1 && this.inFlight === 0 && this.lingerMs > 0) {
          const until = Math.min(this.waiting.length + batch.length, this.maxBatch);
          this.linger = { until, timer: setTimeout(() => this.endLinger(true), this.lingerMs) };
        }
        this.drain();
      });
    }
  }

  private endLinger(drain = false): void {
    if (!this.linger) return;
    clearTimeout(this.linger.timer);
    this.linger = undefined;
    if (drain) this.drain();
  }

  private async write(batch: Waiting[]): Promise<void> {
    const ctx = batch[0]?.ctx;
    if (!ctx) return;
    this.writing += batch.length;
    try {
      const outcomes = await intakeCases({ ctx, input: batch.map(({ input, actor }) => ({ input, actor })) });
      batch.forEach((w, i) => {
        const o = outcomes[i];
        if (o?.ok) w.resolve(o.result);
        else w.reject(o?.error);
      });
    } catch {
      for (const w of batch) await alone(ctx, w).then(w.resolve, w.reject);
    } finally {
      this.writing -= batch.length;
    }
  }
}

async function alone(ctx: IntakeContext, w: Waiting): Promise<IntakeResult> {
  const [outcome] = await intakeCases({ ctx, input: [{ input: w.input, actor: w.actor }] });
  if (!outcome?.ok) throw outcome?.error;
  return outcome.result;
}

const queues = new WeakMap<Database, IntakeQueue>();

/** The process's intake queue for a database (one per database handle). */
export function intakeQueueFor(ctx: IntakeContext): IntakeQueue {
  let queue = queues.get(ctx.db);
  if (!queue) queues.set(ctx.db, (queue = new IntakeQueue(intakeContextOf(ctx))));
  return queue;
}

/** The intake queue's depth for a database: nothing waits where no case was taken in yet. */
export function intakeQueueDepth(db: Database): { waiting: number; writing: number } {
  return queues.get(db)?.depth ?? { waiting: 0, writing: 0 };
}

/** Only what intake uses: the queue outlives the request whose context created it. */
export const intakeContextOf = (ctx: IntakeContext): IntakeContext => ({
  db: ctx.db,
  clock: ctx.clock,
  alliance: ctx.alliance,
  confirmWindowMs: ctx.confirmWindowMs,
  classifier: ctx.classifier,
  confidenceThreshold: ctx.confidenceThreshold,
  repeatWindowDays: ctx.repeatWindowDays,
});
