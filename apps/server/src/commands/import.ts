import { parseArgs } from 'node:util';
import { z } from 'zod';
import { importOrders, progressBar } from '../import/hotline-import.ts';
import { readEnv } from '../env.ts';
import { openPlatform, seedPlatform } from '../platform.ts';
import { usageError } from './usage.ts';

const ImportArgs = z.object({
  file: z.string({ error: 'give the file to import' }).min(1),
  city: z.string().regex(/^(510100|510600|511400|512000)$/, '--city must be 510100, 510600, 511400 or 512000'),
  batch: z.coerce.number().int().min(1).max(5000),
});

/** `gongzhi import FILE`: a 12345 export through the common intake. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { city: { type: 'string', default: '510100' }, rejects: { type: 'string' }, batch: { type: 'string', default: '500' } },
    allowPositionals: true,
    strict: true,
  });
  const parsed = ImportArgs.safeParse({ file: positionals[0], city: values.city, batch: values.batch });
  if (!parsed.success) return usageError(parsed.error.issues.map((i) => i.message).join('; '));
  const { file, city, batch } = parsed.data;
  const platform = await openPlatform(readEnv());
  const report = await (async () => {
    try {
      await seedPlatform(platform, { demo: false });
      return await importOrders({
        file,
        deps: platform.services,
        reportedIn: city,
        rejectsPath: values.rejects ?? `${file}.rejects.csv`,
        batchSize: batch,
        onProgress: progressBar(),
      });
    } finally {
      await platform.close();
    }
  })();
  process.stderr.write('\n');
  console.log(
    `read ${report.read} rows: imported ${report.imported} ` +
      `(${report.classified} matched by the classifier, ${report.triaged} left to triage, ${report.repeats} repeats), ` +
      `rejected ${report.rejected} (${report.alreadyImported} already imported) → ${report.rejectsFile}; ` +
      `${Math.round(report.read / report.seconds)} rows/s`,
  );
  return 0;
}
