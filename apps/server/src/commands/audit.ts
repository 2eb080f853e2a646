import { systemClock } from '@gongzhi/domain';
import { readEnv } from '../env.ts';
import { openConfiguredDatabase } from '../database.ts';
import { checkpointAudit } from '../audit-checkpoints.ts';
import { usageError } from './usage.ts';

/** `gongzhi audit checkpoint`: signs the heads of the chains that moved since the previous checkpoint, now. */
export async function run(args: string[]): Promise<number> {
  if (args.length !== 1 || args[0] !== 'checkpoint') return usageError('audit takes one subcommand: checkpoint');
  const env = readEnv();
  const handle = await openConfiguredDatabase(env);
  try {
    const cp = await checkpointAudit(handle.db, systemClock, env);
    if (!cp) throw new Error('no checkpoint written');
    console.log(
      `audit checkpoint ${cp.id} signed at ${cp.at}: ${Object.keys(cp.heads).length} chains, key ${cp.keyId} (the heads that moved since the previous checkpoint)`,
    );
    return 0;
  } finally {
    await handle.close();
  }
}
