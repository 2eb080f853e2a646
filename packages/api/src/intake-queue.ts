import type { Actor } from '@gongzhi/domain';
import { intakeCase, intakeCases, type Database, type IntakeDeps, type IntakeInput, type IntakeResult } from '@gongzhi/db';

interface Waiting {
  input: IntakeInput;
  actor: Actor;
  resolve: (r: IntakeResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for intake: while one batch is being written, the cases that arrive wait and
 * then go together in the next transaction. A lone case goes at once (no added latency); under
 * load, one transaction carries many cases. If a batch fails as a whole, each of its cases is
 * retried on its own, so one bad case never sinks the others.
 */
export class IntakeQueue {
  private waiting: Waiting[] = [];
  private busy = false;

  constructor(
    private readonly deps: IntakeDeps,
    private readonly maxBatch = 64,
  ) {}

  submit(input: IntakeInput, actor: Actor): Promise<IntakeResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ input, actor, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.maxBatch);
        await this.write(batch);
      }
    } finally {
      this.busy = false;
    }
  }

  private async write(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await intakeCases(
        this.deps,
        batch.map(({ input, actor }) => ({ input, actor })),
      );
      outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.result) : batch[i]!.reject(o.error)));
    } catch {
      for (const w of batch) await intakeCase(this.deps, w.input, w.actor).then(w.resolve, w.reject);
    }
  }
}

const queues = new WeakMap<Database, IntakeQueue>();

/** The process's intake queue for a database (one per database handle). */
export function intakeQueueFor(deps: IntakeDeps): IntakeQueue {
  let queue = queues.get(deps.db);
  if (!queue) queues.set(deps.db, (queue = new IntakeQueue(deps)));
  return queue;
}
