import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DomainError, routeCase, systemClock, type MatrixVersion, type RouteRequest } from '@gongzhi/domain';
import { loadAlliance, type Alliance } from '@gongzhi/geo';
import { readEnv } from '../env.ts';
import { lockDataDir } from '../data-dir-lock.ts';
import { readRouteMatrix, writeRouteMatrix } from '../route-matrix-file.ts';
import { usageError } from './usage.ts';

const RouteArgs = z.object({
  matter: z.string({ error: '--matter is required' }).min(1),
  lon: z.coerce.number({ error: '--lon must be a number' }),
  lat: z.coerce.number({ error: '--lat must be a number' }),
  crs: z.enum(['wgs84', 'gcj02'], { error: '--crs must be wgs84 or gcj02' }).default('wgs84'),
  'reported-in': z
    .string()
    .regex(/^\d{6}$/, '--reported-in must be a 6-digit city code')
    .optional(),
});

/**
 * `gongzhi route`: the matrix in force, the domain and the boundaries; nothing else. On the embedded
 * database the matrix is read from the file kept beside it while the directory is unchanged
 * (route-matrix-file.ts), so PGlite is started only when something wrote to it since.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { matter: { type: 'string' }, lon: { type: 'string' }, lat: { type: 'string' }, crs: { type: 'string' }, 'reported-in': { type: 'string' } },
    strict: true,
  });
  const parsed = RouteArgs.safeParse(values);
  if (!parsed.success) return usageError(parsed.error.issues.map((i) => i.message).join('; '));
  const a = parsed.data;
  const input: RouteRequest = { matter: a.matter, lon: a.lon, lat: a.lat, crs: a.crs, reportedIn: a['reported-in'] };
  const env = readEnv();
  const alliance = loadAlliance();
  const now = systemClock.now();
  let matrix: MatrixVersion;
  if (env.DATABASE_URL) matrix = (await matrixFromDatabase(env, alliance, now)).matrix;
  else {
    // Held while the file is read, and while it is written after the database is closed: no other process writes in between.
    const unlock = lockDataDir(env.DATA_DIR);
    try {
      const kept = readRouteMatrix(env.DATA_DIR, now);
      if (kept) matrix = kept;
      else {
        const read = await matrixFromDatabase(env, alliance, now);
        matrix = read.matrix;
        writeRouteMatrix(env.DATA_DIR, matrix, read.until);
      }
    } finally {
      unlock();
    }
  }
  console.log(JSON.stringify(routeCase({ matrix, alliance, clock: systemClock }, input), null, 2));
  return 0;
}

/** The matrix in force and until when, from the configured database (migrated; the reference data seeded on a new one). */
async function matrixFromDatabase(env: ReturnType<typeof readEnv>, alliance: Alliance, now: Date): Promise<{ matrix: MatrixVersion; until: Date | null }> {
  const [{ loadMatrixInForce, nextMatrixInForceAt, openDatabase, seedReference }, { openConfiguredDatabase }] = await Promise.all([
    import('@gongzhi/db'),
    import('../database.ts'),
  ]);
  // The data directory is already locked by this process (PGlite), so open it directly.
  const handle = env.DATABASE_URL ? await openConfiguredDatabase(env) : await openDatabase({ dataDir: env.DATA_DIR });
  try {
    if (!env.DATABASE_URL) await handle.migrate();
    const matrix = await loadMatrixInForce(handle.db, now).catch(async (e: unknown) => {
      // A new database: seed the reference data once.
      if (!(e instanceof DomainError && e.reason === 'MATRIX_NOT_SEEDED')) throw e;
      await seedReference(handle.db, alliance, now);
      return loadMatrixInForce(handle.db, now);
    });
    return { matrix, until: await nextMatrixInForceAt(handle.db, now) };
  } finally {
    await handle.close();
  }
}
