import { parseArgs } from 'node:util';
import { backupEmbedded, BackupRefused } from '../backup.ts';
import { readEnv } from '../env.ts';
import { usageError } from './usage.ts';

/** `gongzhi backup FILE`: see backup.ts. */
export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file) return usageError('give the backup file');
  const env = readEnv();
  try {
    const done = await backupEmbedded(env, file);
    console.log(`backed up ${env.DATA_DIR} (${done.cases} cases) → ${file} (${(done.bytes / 1e6).toFixed(1)} MB, readable only by you)`);
    return 0;
  } catch (e) {
    if (!(e instanceof BackupRefused)) throw e;
    console.error(e.message);
    return 1;
  }
}
