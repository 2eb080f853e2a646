/**
 * One timer worker of `timers.bench.ts` in a thread of its own, as one server process runs one: its
 * own event loop and connection pool. Warms up on a copy of the database (`warmUp`), opens the burst's
 * database with the given checkout's `@gongzhi/db`, says `ready`, waits for `go` (the clock's offset
 * from real time: the burst falls due as it is sent), fires due timers until none is left due, then
 * answers what it fired (`Drained`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Clock } from '@gongzhi/domain';
import type { FiringOptions } from '@gongzhi/db';
import { drain, warmUp } from './timer-drain.ts';

export interface DrainData {
  /** the database to fire on */
  url: string;
  /** a copy of it to warm up on, and the burst's due instant */
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
    const drained = await drain(db, handle, clock, data.warm.dueAt, data.options);
    await handle.close();
    port.postMessage(drained);
  })();
});
port.postMessage('ready');
