import { hashPassword } from '@gongzhi/auth';
import { INBOX_CHANNEL, backfillFacts, backfillSubjectKeys, seedDemoUsers, seedReference, watchMatrix, type DatabaseHandle } from '@gongzhi/db';
import { CONFIRM_WINDOW_HOURS, hoursMs, systemClock, type Clock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { FigureCache, InboxBus, seedDemoCases, seedDemoRegisters, sessionCacheOn, type Services } from '@gongzhi/api';
import { defaultClassifier, LiveClassifier } from '@gongzhi/nlp';
import { refreshClassifier } from '@gongzhi/api/use-cases/retrain-classifier';
import type { Env } from './env.ts';
import { openConfiguredDatabase } from './database.ts';

export interface Platform {
  handle: DatabaseHandle;
  services: Services;
  close(): Promise<void>;
}

/** Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR) and migrates it. */
export async function openPlatform(
  env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'> & Partial<Pick<Env, 'CONFIRM_WINDOW_HOURS' | 'CONFIDENCE_THRESHOLD' | 'REPEAT_WINDOW_DAYS'>>,
  clock: Clock = systemClock,
): Promise<Platform> {
  const handle = await openConfiguredDatabase(env);
  try {
    return await openPlatformOn(handle, clock, {
      confirmWindowMs: hoursMs(env.CONFIRM_WINDOW_HOURS ?? CONFIRM_WINDOW_HOURS),
      confidenceThreshold: env.CONFIDENCE_THRESHOLD,
      repeatWindowDays: env.REPEAT_WINDOW_DAYS,
    });
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** The services over an open, migrated database; inbox changes committed by any process reach this one. */
export async function openPlatformOn(
  handle: DatabaseHandle,
  clock: Clock,
  settings: Pick<Services, 'confirmWindowMs' | 'confidenceThreshold' | 'repeatWindowDays'> = {},
): Promise<Platform> {
  const bus = new InboxBus();
  // The shipped model until a retrain stores a version; the newest stored version from then on.
  const classifier = new LiveClassifier(defaultClassifier());
  await refreshClassifier({ ctx: { db: handle.db, models: classifier } });
  // Notifications sent while the LISTEN connection was down are lost: every live client refetches.
  const unlisten = await handle.listen(
    INBOX_CHANNEL,
    (payload) => bus.publishPayload(payload),
    () => bus.resync(),
  );
  // Sessions are validated from memory while the LISTEN connection is up; ended ones are forgotten on its signal.
  const sessions = sessionCacheOn(bus, () => handle.listenerState() === 'listening');
  // Intake routes by the version in force, remembered until any process amends the matrix.
  const unwatchMatrix = await watchMatrix(handle);
  return {
    handle,
    services: {
      db: handle.db,
      clock,
      alliance: loadAlliance(),
      bus,
      figureCache: new FigureCache(),
      sessions,
      listenerState: () => handle.listenerState(),
      classifier,
      models: classifier,
      // Unless CONFIDENCE_THRESHOLD is set, intake routes at the threshold chosen with the model in use.
      ...settings,
    },
    async close() {
      await unlisten();
      await unwatchMatrix();
      await handle.close();
    },
  };
}

/** What `seedPlatform` adds: the demo when asked, with `demoCases` cases (the demo's few hundred unless given). */
export interface SeedOptions {
  demo: boolean;
  demoCases?: number | undefined;
}

/** Reference data always; demo accounts and demo cases when asked (each only once). */
export async function seedPlatform(platform: Platform, options: SeedOptions): Promise<{ demoUsersCreated: string[]; demoCasesCreated: number }> {
  // Several processes starting together on one PostgreSQL seed in turn: the first seeds, the others find it done.
  return platform.handle.exclusively(SEED_LOCK, () => seedOnce(platform, options));
}

// Any fixed number works: it only has to be the same for every process seeding one database.
const SEED_LOCK = 730_212;

async function seedOnce(platform: Platform, options: SeedOptions): Promise<{ demoUsersCreated: string[]; demoCasesCreated: number }> {
  const { db, alliance, clock, classifier } = platform.services;
  await seedReference(db, alliance, clock.now());
  // cases stored before the command centre existed get their facts from their history (once)
  await backfillFacts(db);
  // enforcement records kept before the violation history had subject keys get theirs (once)
  await backfillSubjectKeys(db);
  if (!options.demo) return { demoUsersCreated: [], demoCasesCreated: 0 };
  const demoUsersCreated = await seedDemoUsers(db, hashPassword, clock.now());
  const demoCasesCreated = await seedDemoCases({ db, alliance, now: clock.now(), classifier }, { count: options.demoCases });
  await seedDemoRegisters({ db, alliance, now: clock.now() });
  return { demoUsersCreated, demoCasesCreated };
}
