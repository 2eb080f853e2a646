import type { Actor } from '@gongzhi/domain';
import type { Database } from '@gongzhi/db';
import { intakeCase, intakeCases, type IntakeContext, type IntakeInput, type IntakeResult } from './use-cases/intake-cases.ts';

interface Waiting {
  input: IntakeInput;
  actor: Actor;
  resolve: (r: IntakeResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for intake: while batches are being written, the cases that arrive wait and then
 * go together in the next transaction. A lone case goes at once (no added latency); under load,
 * one transaction carries many cases, and up to `maxInFlight` transactions are written at once so
 * the database commits them together instead of one after another. If a batch fails as a whole,
 * each of its cases is retried on its own, so one bad case never sinks the others.
 */
export class IntakeQueue {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  private writing = 0;

  constructor(
    private readonly ctx: IntakeContext,
    private readonly maxBatch = 64,
    private readonly maxInFlight = 4,
  ) {}

  /** Cases waiting for a transaction, and cases being written now (for /metrics). */
  get depth(): { waiting: number; writing: number } {
    return { waiting: this.waiting.length, writing: this.writing };
  }

  submit(input: IntakeInput, actor: Actor): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, actor, resolve, reject });
      this.drain();
    });
  }

  private drain(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      this.inFlight++;
      void this.write(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    this.writing += batch.length;
    try {
      const outcomes = await intakeCases({ ctx: this.ctx, input: batch.map(({ input, actor }) => ({ input, actor })) });
      batch.forEach((w, i) => {
        const o = outcomes[i];
        if (o?.ok) w.resolve(o.result);
        else w.reject(o?.error);
      });
    } catch {
      for (const w of batch) await intakeCase({ ctx: this.ctx, input: { input: w.input, actor: w.actor } }).then(w.resolve, w.reject);
    } finally {
      this.writing -= batch.length;
    }
  }
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
const intakeContextOf = (ctx: IntakeContext): IntakeContext => ({
  db: ctx.db,
  clock: ctx.clock,
  alliance: ctx.alliance,
  confirmWindowMs: ctx.confirmWindowMs,
  classifier: ctx.classifier,
  confidenceThreshold: ctx.confidenceThreshold,
  repeatWindowDays: ctx.repeatWindowDays,
});
