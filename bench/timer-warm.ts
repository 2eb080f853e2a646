import type { FiringOptions } from '@gongzhi/db';

/** Batches each worker fires on a copy of the burst's database before the burst: its code compiled and optimised, as in a server that has been running. */
export const WARM_BATCHES = 3;

/** Fires `WARM_BATCHES` batches of the burst on `url` (a copy made for it) with the given checkout's `@gongzhi/db`. */
export async function warmUp(db: typeof import('@gongzhi/db'), url: string, dueAt: number, options: FiringOptions): Promise<void> {
  const handle = await db.openDatabase({ url, poolSize: 10 });
  try {
    for (let i = 0; i < WARM_BATCHES; i++) await db.fireDueTimers({ db: handle.db, clock: { now: () => new Date(dueAt) } }, options);
  } finally {
    await handle.close();
  }
}
