import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DomainError, systemClock } from '@gongzhi/domain';
import { seedReference } from '@gongzhi/db';
import { loadAlliance } from '@gongzhi/geo';
import { previewRoute } from '@gongzhi/api/use-cases/preview-route';
import { readEnv } from '../env.ts';
import { openConfiguredDatabase } from '../database.ts';
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

/** `gongzhi route`: the database (for the latest matrix), the domain and the boundaries; nothing else. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { matter: { type: 'string' }, lon: { type: 'string' }, lat: { type: 'string' }, crs: { type: 'string' }, 'reported-in': { type: 'string' } },
    strict: true,
  });
  const parsed = RouteArgs.safeParse(values);
  if (!parsed.success) return usageError(parsed.error.issues.map((i) => i.message).join('; '));
  const a = parsed.data;
  const handle = await openConfiguredDatabase(readEnv());
  try {
    const ctx = { db: handle.db, alliance: loadAlliance(), clock: systemClock };
    const input = { matter: a.matter, lon: a.lon, lat: a.lat, crs: a.crs, reportedIn: a['reported-in'] };
    const route = await previewRoute({ ctx, input }).catch(async (e: unknown) => {
      // A new database: seed the reference data once, then route.
      if (!(e instanceof DomainError && e.reason === 'MATRIX_NOT_SEEDED')) throw e;
      await seedReference(handle.db, ctx.alliance, ctx.clock.now());
      return previewRoute({ ctx, input });
    });
    console.log(JSON.stringify(route, null, 2));
    return 0;
  } finally {
    await handle.close();
  }
}
