import { hashPassword } from '@gongzhi/auth';
import { openDatabase, seedDemoUsers, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { systemClock, type Clock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import type { Services } from '@gongzhi/api';
import type { Env } from './env.ts';
import { lockDataDir } from './data-dir-lock.ts';

export interface Platform {
  handle: DatabaseHandle;
  services: Services;
  close(): Promise<void>;
}

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR) and migrates it. */
export async function openPlatform(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>, clock: Clock = systemClock): Promise<Platform> {
  const unlock = env.DATABASE_URL ? () => {} : lockDataDir(env.DATA_DIR);
  try {
    const handle = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
    await handle.migrate();
    return {
      handle,
      services: { db: handle.db, clock, alliance: loadAlliance() },
      async close() {
        await handle.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}

/** Reference data always; demo accounts when asked. Returns the demo usernames created now. */
export async function seedPlatform(platform: Platform, options: { demo: boolean }): Promise<{ demoUsersCreated: string[] }> {
  const { db, alliance, clock } = platform.services;
  await seedReference(db, alliance, clock.now());
  const demoUsersCreated = options.demo ? await seedDemoUsers(db, hashPassword, clock.now()) : [];
  return { demoUsersCreated };
}
