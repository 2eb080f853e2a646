import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DEPARTMENT_CODES, unitId } from '@gongzhi/domain';
import { progressBar } from '../import/hotline-import.ts';
import { importRegister } from '../import/register-import.ts';
import { readEnv } from '../env.ts';
import { openPlatform, seedPlatform } from '../platform.ts';
import { usageError } from './usage.ts';

const RegisterArgs = z.object({
  action: z.literal('import', { error: 'usage: gongzhi register import FILE --department market [--city 510100]' }),
  file: z.string({ error: 'give the file to import' }).min(1),
  city: z.string().regex(/^(510100|510600|511400|512000)$/, '--city must be 510100, 510600, 511400 or 512000'),
  department: z.enum(DEPARTMENT_CODES, { error: '--department must be a department code such as market' }),
});

/** `gongzhi register import FILE --department market`: a business register into the unit's published register. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { city: { type: 'string', default: '510100' }, department: { type: 'string', default: 'market' }, rejects: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  // --department also takes a unit id, 510100:market
  const [cityFromUnit, deptFromUnit] = (values.department ?? '').includes(':') ? (values.department ?? '').split(':') : [undefined, values.department];
  const parsed = RegisterArgs.safeParse({ action: positionals[0], file: positionals[1], city: cityFromUnit ?? values.city, department: deptFromUnit });
  if (!parsed.success) return usageError(parsed.error.issues.map((i) => i.message).join('; '));
  const { file, city, department } = parsed.data;
  const platform = await openPlatform(readEnv());
  const report = await (async () => {
    try {
      await seedPlatform(platform, { demo: false });
      return await importRegister({
        file,
        db: platform.services.db,
        unitId: unitId(city, department),
        at: platform.services.clock.now(),
        rejectsPath: values.rejects ?? `${file}.rejects.csv`,
        onProgress: progressBar(),
      });
    } finally {
      await platform.close();
    }
  })();
  process.stderr.write('\n');
  console.log(
    `read ${report.read} rows: ${report.added} added, ${report.updated} updated, ${report.unchanged} unchanged; ` +
      `rejected ${report.rejected} → ${report.rejectsFile}; ${Math.round(report.read / Math.max(0.001, report.seconds))} rows/s`,
  );
  return 0;
}
