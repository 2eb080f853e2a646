import { openDatabase, type DatabaseHandle } from '@gongzhi/db';
import type { Env } from './env.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { StartupError, unreachableDatabaseMessage } from './database-unreachable.ts';

/**
 * The configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR, locked to
 * this process), migrated; closing it releases the lock. No services: commands that only read
 * (route) start with this alone.
 */
export async function openConfiguredDatabase(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>): Promise<DatabaseHandle> {
  const unlock = env.DATABASE_URL ? () => {} : lockDataDir(env.DATA_DIR);
  try {
    const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
    await handle.migrate();
    return {
      ...handle,
      async close() {
        await handle.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    const message = env.DATABASE_URL ? unreachableDatabaseMessage(e, redactedUrl(env.DATABASE_URL)) : null;
    throw message ? new StartupError(message, { cause: e }) : e;
  }
}

function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'DATABASE_URL';
  }
}
