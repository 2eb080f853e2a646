import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CASE_SOURCES } from '@gongzhi/domain';
import { progressBar } from '../import/hotline-import.ts';
import { importHistory } from '../import/history-import.ts';
import { readEnv } from '../env.ts';
import { openPlatform, seedPlatform } from '../platform.ts';
import { usageError } from './usage.ts';

const Args = z.object({
  file: z.string({ error: 'give the file to import' }).min(1),
  source: z.enum(CASE_SOURCES, { error: `--source must be one of ${CASE_SOURCES.join(', ')}` }),
});

/** `gongzhi import-history FILE`: closed work orders of earlier years, for year-on-year comparisons. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { rejects: { type: 'string' }, source: { type: 'string', default: 'hotline' } },
    allowPositionals: true,
    strict: true,
  });
  const parsed = Args.safeParse({ file: positionals[0], source: values.source });
  if (!parsed.success) return usageError(parsed.error.issues.map((i) => i.message).join('; '));
  const { file, source } = parsed.data;
  const platform = await openPlatform(readEnv());
  const report = await (async () => {
    try {
      await seedPlatform(platform, { demo: false });
      return await importHistory({
        file,
        db: platform.services.db,
        alliance: platform.services.alliance,
        rejectsPath: values.rejects ?? `${file}.rejects.csv`,
        defaultSource: source,
        onProgress: progressBar(),
      });
    } finally {
      await platform.close();
    }
  })();
  process.stderr.write('\n');
  console.log(
    `read ${report.read} rows: imported ${report.imported}, rejected ${report.rejected} ` +
      `(${report.alreadyImported} already imported) → ${report.rejectsFile}; ${Math.round(report.read / Math.max(report.seconds, 0.001))} rows/s`,
  );
  return 0;
}
