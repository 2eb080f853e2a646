/**
 * First start of `npm start` on a new embedded database (PGlite, empty DATA_DIR, demo seeded): seconds
 * until the server answers, and until the command centre's 18 months of demo history are in (they
 * load after it answers). With BENCH_BEFORE=<an installed checkout of the commit before the demo
 * history (3b06055)>, that checkout's first start in the same run, first.
 *
 *   BENCH_BEFORE=/work/wt/command-pre-history pnpm --filter @gongzhi/bench bench:first-start
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnServer } from './lib.ts';

async function firstStart(label: string, root?: string, demoHistory = true) {
  const dataDir = mkdtempSync(join(tmpdir(), 'gongzhi-first-start-'));
  const t = performance.now();
  const server = await spawnServer({ PORT: '0', DATA_DIR: dataDir, SEED_DEMO: 'true', DATABASE_URL: '' }, [], root);
  const answers = (performance.now() - t) / 1000;
  let history = '';
  try {
    if (demoHistory && (await server.printed(/loaded \d+ cases of demo history/, 900_000)))
      history = `, demo history in after ${((performance.now() - t) / 1000).toFixed(1)} s`;
    const health = await fetch(`${server.url}/health`);
    console.log(`${label}: answers after ${answers.toFixed(1)} s (/health ${health.status})${history}`);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (1, 5, 15 min)`,
);
const before = process.env.BENCH_BEFORE;
// the before checkout has no demo history to wait for (BENCH_BEFORE_HISTORY=true if it has)
if (before) await firstStart(`before (${before})`, before, process.env.BENCH_BEFORE_HISTORY === 'true');
await firstStart('now');
console.log(
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (1, 5, 15 min)`,
);
