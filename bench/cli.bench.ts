/**
 * How long the `gongzhi` command takes to answer, hyperfine-style: each command run RUNS times
 * (after one warm-up), the runs of every variant interleaved so machine load falls on all alike;
 * mean ± sd, min and median wall time. On the embedded database (a data directory migrated and
 * seeded once per variant) and, when TEST_DATABASE_URL is set, on PostgreSQL.
 * With BENCH_BEFORE=<another installed checkout>, that checkout's CLI is run the way it ran
 * (`node --import tsx apps/server/src/cli.ts`) beside this one's executable, and ratios printed.
 *
 *   BENCH_BEFORE=/work/wt/perf-before TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
 *     pnpm --filter @gongzhi/bench bench:cli
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile, scratchDatabase } from './lib.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const before = process.env.BENCH_BEFORE;

interface Variant {
  name: string;
  argv: (args: string[]) => string[];
  cwd: string;
}
const variants: Variant[] = [{ name: 'after: node apps/server/bin/gongzhi.mjs', argv: (a) => ['apps/server/bin/gongzhi.mjs', ...a], cwd: ROOT }];
if (before)
  variants.unshift({ name: 'before: node --import tsx apps/server/src/cli.ts', argv: (a) => ['--import', 'tsx', 'apps/server/src/cli.ts', ...a], cwd: before });

const ROUTE = ['route', '--matter', 'FAC-01', '--lon', '104.0815', '--lat', '30.6555'];
const SUGGEST = ['suggest', '夜里路边烧烤摊烟熏得窗户都不敢开'];

function once(v: Variant, args: string[], env: Record<string, string>): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, v.argv(args), { cwd: v.cwd, env: { ...process.env, ...env }, encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${v.name} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function stats(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = ms.reduce((s, x) => s + x, 0) / ms.length;
  const sd = Math.sqrt(ms.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, ms.length - 1));
  return { mean, sd, min: sorted[0] ?? 0, median: percentile(sorted, 0.5) };
}

function compare(label: string, args: string[], envOf: (v: Variant) => Record<string, string>) {
  for (const v of variants) once(v, args, envOf(v)); // warm-up: migrations, seeds, the bundle
  const times = new Map(variants.map((v) => [v, [] as number[]]));
  for (let i = 0; i < RUNS; i++) for (const v of variants) times.get(v)!.push(once(v, args, envOf(v)));
  console.log(`\n${label} (${RUNS} runs each, interleaved)`);
  const summary = variants.map((v) => ({ v, s: stats(times.get(v)!) }));
  for (const { v, s } of summary) {
    console.log(
      `  ${v.name.padEnd(50)} mean ${(s.mean / 1000).toFixed(3)} s ± ${(s.sd / 1000).toFixed(3)}   min ${(s.min / 1000).toFixed(3)} s   median ${(s.median / 1000).toFixed(3)} s`,
    );
  }
  if (summary.length === 2)
    console.log(
      `  after is ${(summary[0]!.s.mean / summary[1]!.s.mean).toFixed(2)}× faster (means), ${(summary[0]!.s.median / summary[1]!.s.median).toFixed(2)}× (medians)`,
    );
}

const dirs = new Map(variants.map((v) => [v, mkdtempSync(join(tmpdir(), 'gongzhi-cli-bench-'))]));
const pglite = (v: Variant) => ({ DATA_DIR: dirs.get(v)!, DATABASE_URL: '' });
try {
  compare('gongzhi route, embedded database (PGlite)', ROUTE, pglite);
  compare('gongzhi suggest (no database)', SUGGEST, pglite);
  if (process.env.TEST_DATABASE_URL) {
    const dbs = new Map<Variant, Awaited<ReturnType<typeof scratchDatabase>>>();
    for (const v of variants) dbs.set(v, await scratchDatabase('gongzhi_cli_bench'));
    try {
      compare('gongzhi route, PostgreSQL', ROUTE, (v) => ({ DATABASE_URL: dbs.get(v)!.url }));
    } finally {
      for (const db of dbs.values()) await db.drop();
    }
  }
  console.log(
    `\nnode -e 0 on this machine: ${(stats(Array.from({ length: 5 }, () => once({ name: 'node', argv: () => ['-e', '0'], cwd: ROOT }, [], {}))).mean / 1000).toFixed(3)} s`,
  );
} finally {
  for (const dir of dirs.values()) rmSync(dir, { recursive: true, force: true });
}
