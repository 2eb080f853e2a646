import { verifyAudit } from '@gongzhi/db';
import { readEnv } from '../env.ts';
import { openConfiguredDatabase } from '../database.ts';
import { auditKey, publishedCheckpoint } from '../audit-checkpoints.ts';

const CHECKPOINT = {
  verified: 'checked against the signed checkpoint',
  none: 'no signed checkpoint yet (gongzhi audit checkpoint writes one)',
  'bad-signature': 'a stored checkpoint is NOT what the audit key signed',
  gap: 'checkpoints were DELETED from the database (a stored one does not follow the one stored before it)',
  deleted: 'checkpoints were DELETED from the database (the copy kept outside it is newer)',
} as const;

/** `gongzhi verify-audit`: exit code 1 when a chain is broken or the checkpoint does not hold. */
export async function run(): Promise<number> {
  const env = readEnv();
  const handle = await openConfiguredDatabase(env);
  try {
    const key = auditKey(env, { create: false });
    const report = await verifyAudit(handle.db, key ? { checkpoint: { key, published: publishedCheckpoint(env) } } : {});
    const cp = report.checkpoint;
    const checkpoint = cp
      ? `${CHECKPOINT[cp.status]}${cp.firstBad === null ? '' : ` (checkpoint ${cp.firstBad})`}${cp.at ? `; the newest ${cp.id ?? '(outside copy)'} of ${cp.at}, ${cp.checkpoints} checkpoints folded, ${cp.chains} chains` : ''}`
      : 'no audit key here (AUDIT_SIGNING_KEY or DATA_DIR/audit-signing-key.pem): chains checked on their own';
    const checkpointBad = cp?.status === 'bad-signature' || cp?.status === 'gap' || cp?.status === 'deleted';
    if (report.broken.length === 0 && !checkpointBad) {
      console.log(`audit log intact: ${report.entries} entries in ${report.chains} chains; ${checkpoint}`);
      return 0;
    }
    console.log(`audit log BROKEN: ${report.broken.length} of ${report.chains} chains (${report.entries} entries read); ${checkpoint}`);
    for (const b of report.broken) console.log(`  chain ${b.chain}: ${b.id === null ? 'gone' : `first broken entry id ${b.id}`} (seq ${b.seq}): ${b.problem}`);
    return 1;
  } finally {
    await handle.close();
  }
}
