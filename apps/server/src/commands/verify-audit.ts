import { verifyAudit } from '@gongzhi/db';
import { readEnv } from '../env.ts';
import { openConfiguredDatabase } from '../database.ts';

/** `gongzhi verify-audit`: exit code 1 when a chain is broken. */
export async function run(): Promise<number> {
  const handle = await openConfiguredDatabase(readEnv());
  try {
    const report = await verifyAudit(handle.db);
    if (report.broken.length === 0) {
      console.log(`audit log intact: ${report.entries} entries in ${report.chains} chains`);
      return 0;
    }
    console.log(`audit log BROKEN: ${report.broken.length} of ${report.chains} chains (${report.entries} entries read)`);
    for (const b of report.broken) console.log(`  chain ${b.chain}: first broken entry id ${b.id} (seq ${b.seq}): ${b.problem}`);
    return 1;
  } finally {
    await handle.close();
  }
}
