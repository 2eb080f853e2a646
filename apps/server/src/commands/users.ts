import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { OPERATOR } from '@gongzhi/api/use-cases/administrator';
import { readEnv } from '../env.ts';
import { importPeopleFile, passwordsCsv, rejectsCsv } from '../import/people.ts';
import { openPlatform, seedPlatform } from '../platform.ts';
import { usageError } from './usage.ts';

/**
 * `gongzhi users import FILE [--apply] [--rejects PATH] [--passwords PATH] [--lang zh|en]`: the
 * preview of a people spreadsheet (what each row would do), or with --apply the import itself; the
 * rejects file beside it, and the new people's temporary passwords in a sheet readable only by the
 * operator (mode 600), to hand out and then delete.
 */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'import') return usageError('gongzhi users import FILE');
  const { values, positionals } = parseArgs({
    args: rest,
    options: {
      apply: { type: 'boolean', default: false },
      rejects: { type: 'string' },
      passwords: { type: 'string' },
      lang: { type: 'string', default: 'zh' },
    },
    allowPositionals: true,
    strict: true,
  });
  const file = positionals[0];
  if (!file) return usageError('give the file to import');
  if (values.lang !== 'zh' && values.lang !== 'en') return usageError('--lang is zh or en');
  const lang = values.lang;
  const platform = await openPlatform(readEnv());
  try {
    await seedPlatform(platform, { demo: false });
    const started = performance.now();
    const result = await importPeopleFile({ path: file, ctx: { ...platform.services, administrator: OPERATOR }, apply: values.apply, source: file });
    const seconds = (performance.now() - started) / 1000;
    const { created, updated, unchanged, rejected } = result.counts;
    const rejects = rejectsCsv(result, lang);
    const rejectsPath = values.rejects ?? `${file}.rejects.csv`;
    if (rejects) await writeFile(rejectsPath, rejects);
    console.log(
      `${result.applied ? 'imported' : 'preview (nothing stored; add --apply)'}: ${created} created, ${updated} updated, ${unchanged} unchanged, ` +
        `${rejected} rows rejected${rejects ? ` → ${rejectsPath}` : ''}; ${seconds.toFixed(1)} s`,
    );
    const sheet = passwordsCsv(result, lang);
    if (sheet) {
      const passwordsPath = values.passwords ?? `${file}.passwords.csv`;
      await writeFile(passwordsPath, sheet, { mode: 0o600 });
      console.log(
        `temporary passwords of the ${created} new people → ${passwordsPath} (hand them out, then delete the file; each must be changed at first sign-in)`,
      );
    }
    return 0;
  } finally {
    await platform.close();
  }
}
