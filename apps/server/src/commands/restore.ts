import { parseArgs } from 'node:util';
import { restoreEmbedded, BackupRefused } from '../backup.ts';
import { readEnv } from '../env.ts';
import { usageError } from './usage.ts';

/** `gongzhi restore FILE`: see backup.ts. */
export async function run(args: string[]): Promise<number> {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file) return usageError('give the backup file');
  const env = readEnv();
  try {
    const done = await restoreEmbedded(env, file);
    console.log(
      `restored ${file} → ${env.DATA_DIR}: ${done.cases} cases; audit chains ${done.brokenChains === 0 ? 'all valid' : `${done.brokenChains} broken (gongzhi verify-audit names them)`}`,
    );
    return done.brokenChains === 0 ? 0 : 1;
  } catch (e) {
    if (!(e instanceof BackupRefused)) throw e;
    console.error(e.message);
    return 1;
  }
}
