import { classifierStatus } from '@gongzhi/api/use-cases/classifier-status';
import { retrainClassifier } from '@gongzhi/api/use-cases/retrain-classifier';
import type { Principal } from '@gongzhi/domain';
import { readEnv } from '../env.ts';
import { openPlatform, seedPlatform } from '../platform.ts';
import { usageError } from './usage.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Whoever runs the command line holds the database itself: they read as an administrator does. */
const OPERATOR: Principal = { userId: 'cli', username: 'cli', displayName: 'cli', memberships: [{ role: 'admin', cityAdcode: null, departmentCode: null }] };

/**
 * `gongzhi classifier retrain`: a new model version from the written texts and every correction,
 * stored and used by every server at its next check (within a minute).
 * `gongzhi classifier status`: the versions and their figures on the labelled test set.
 */
export async function run(args: string[]): Promise<number> {
  const [sub] = args;
  if (sub !== 'retrain' && sub !== 'status') return usageError('classifier: say retrain or status');
  const platform = await openPlatform(readEnv());
  try {
    await seedPlatform(platform, { demo: false });
    if (sub === 'status') {
      const s = await classifierStatus({ ctx: { ...platform.services, principal: OPERATOR } });
      console.log(`in use: ${s.inUse === null ? 'the shipped model' : `version ${s.inUse}`} (threshold ${s.threshold})`);
      console.log(`corrections: ${JSON.stringify(s.corrections)}`);
      for (const v of s.versions)
        console.log(
          `  v${v.version} ${v.trainedAt} by ${v.trainedBy}: test top-1 ${pct(v.test.top1)}, precision ${pct(v.test.precision)} at coverage ${pct(v.test.coverage)}, ECE ${v.test.ece.toFixed(3)}`,
        );
      return 0;
    }
    const started = performance.now();
    const r = await retrainClassifier({ ctx: platform.services, input: { by: 'cli' } });
    console.log(
      `version ${r.version} trained on ${r.corrections} corrections in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `test top-1 ${pct(r.test.top1)} top-3 ${pct(r.test.top3)}, precision ${pct(r.test.precision)} at coverage ${pct(r.test.coverage)}, ECE ${r.test.ece.toFixed(3)}`,
    );
    for (const c of r.changed) console.log(`  ${c.matterCode}: ${c.before === null ? 'new' : pct(c.before)} → ${pct(c.after)}`);
    return 0;
  } finally {
    await platform.close();
  }
}
