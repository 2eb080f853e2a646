import { sql } from 'drizzle-orm';
import type { Clock } from '@gongzhi/domain';
import type { BatchReport, DatabaseHandle, FiringOptions } from '@gongzhi/db';

type Db = typeof import('@gongzhi/db');

/** Batches each worker fires on a copy of the burst's database before the burst: its code compiled and optimised, as in a server that has been running. */
export const WARM_BATCHES = 3;

/** Fires `WARM_BATCHES` batches of the burst on `url` (a copy made for it) with the given checkout's `@gongzhi/db`. */
export async function warmUp(db: Db, url: string, dueAt: number, options: FiringOptions): Promise<void> {
  const handle = await db.openDatabase({ url, poolSize: 10 });
  try {
    for (let i = 0; i < WARM_BATCHES; i++) await db.fireDueTimers({ db: handle.db, clock: { now: () => new Date(dueAt) } }, options);
  } finally {
    await handle.close();
  }
}

export interface Drained {
  fired: number;
  /** for each timer a batch took, how late its batch committed (ms after `dueAt`): when its effects could be seen */
  committed: number[];
}

/** One worker's part of the burst: fires due timers until none is left due. */
export async function drain(db: Db, handle: DatabaseHandle, clock: Clock, dueAt: number, options: FiringOptions): Promise<Drained> {
  const committed: number[] = [];
  const onBatch = (batch: BatchReport) => {
    const late = clock.now().getTime() - dueAt;
    for (let i = 0; i < batch.timers; i++) committed.push(late);
  };
  let fired = 0;
  for (;;) {
    const r = await db.fireDueTimers({ db: handle.db, clock }, { ...options, onBatch });
    fired += r.fired;
    // An empty round while the other worker holds the rest is not the end: only no due timer left is.
    if (r.fired + r.stale + r.retry === 0) {
      const left = (await handle.db.execute(sql`select count(*)::int as n from timers where fired_at is null and due_at <= ${clock.now()}`)) as unknown as {
        rows: Array<{ n: number }>;
      };
      if (left.rows[0]!.n === 0) return { fired, committed };
    }
  }
}
