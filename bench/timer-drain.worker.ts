/**
 * One timer worker of `timers.bench.ts` in a thread of its own, as one server process runs one: its
 * own event loop and connection pool. Warms up on a copy of the database (`warmUp`), opens the burst's
 * database with the given checkout's `@gongzhi/db`, says
 * `ready`, waits for `go` (the clock's offset from real time: the burst falls due as it is sent), fires
 * due timers until none is left due, then answers how many it fired.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import type { Clock } from '@gongzhi/domain';
import type { FiringOptions } from '@gongzhi/db';
import { warmUp } from './timer-warm.ts';

export interface DrainData {
  /** the database to fire on */
  url: string;
  /** a copy of it to warm up on, and the burst's due instant there */
  warm: { url: string; dueAt: number };
  /** the `@gongzhi/db` entry to fire with (this checkout's, or BENCH_BEFORE's) */
  dbModule: string;
  options: Pick<FiringOptions, 'limit' | 'concurrency'>;
}

const data = workerData as DrainData;
const port = parentPort!;
const db = (await import(data.dbModule)) as typeof import('@gongzhi/db');
await warmUp(db, data.warm.url, data.warm.dueAt, data.options);
const handle = await db.openDatabase({ url: data.url, poolSize: 10 });

port.once('message', (go: { offsetMs: number }) => {
  const clock: Clock = { now: () => new Date(Date.now() + go.offsetMs) };
  void (async () => {
    let fired = 0;
    for (;;) {
      const r = await db.fireDueTimers({ db: handle.db, clock }, data.options);
      fired += r.fired;
      // An empty round while the other worker holds the rest is not the end: only no due timer left is.
      if (r.fired + r.stale + r.retry === 0) {
        const left = (await handle.db.execute(sql`select count(*)::int as n from timers where fired_at is null and due_at <= ${clock.now()}`)) as unknown as {
          rows: Array<{ n: number }>;
        };
        if (left.rows[0]!.n === 0) break;
      }
    }
    await handle.close();
    port.postMessage({ fired });
  })();
});
port.postMessage('ready');
