/**
 * The hourly audit checkpoint on PostgreSQL: a log of BENCH_CASES cases (20,000; five entries each)
 * of which BENCH_MOVED (200) moved in the hour. Per checkpoint: the bytes published (the JSON copy
 * kept outside the database) and stored (the heads' jsonb), and the milliseconds to write it; then
 * one verification against the checkpoints; and first what migration 0029's append lock costs a
 * single-entry append transaction. With BENCH_BEFORE=<an installed checkout of the code
 * before deltas>, that code's checkpoint (every chain's head) is measured on the same database in
 * the same rounds, alternating which goes first, each with its own key; without it, only this code.
 *
 *   pnpm --filter @gongzhi/bench bench:checkpoint
 *   BENCH_BEFORE=/work/wt/ckpt-before pnpm --filter @gongzhi/bench bench:checkpoint
 */
import { pathToFileURL } from 'node:url';
import { eq, sql } from 'drizzle-orm';
import {
  auditKeyFrom,
  chainHeads,
  lockAuditChains,
  newAuditKeyPem,
  nextAuditRow,
  openDatabase,
  verifyAudit,
  writeAuditCheckpoint,
  type AuditCheckpoint,
  type AuditKey,
  type Database,
} from '@gongzhi/db';
import { auditCheckpoints, auditLog } from '@gongzhi/db/schema';
import { scratchDatabase } from './lib.ts';

const CASES = Number(process.env.BENCH_CASES ?? 20_000);
const ENTRIES = 5;
const MOVED = Number(process.env.BENCH_MOVED ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const chain = (i: number) => `case-${String(i).padStart(7, '0')}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

type Writer = (db: Database, key: AuditKey, now: Date) => Promise<AuditCheckpoint>;
type Verifier = (
  db: Database,
  options: { checkpoint: { key: AuditKey; published: AuditCheckpoint } },
) => Promise<{ broken: unknown[]; checkpoint?: { status: string } }>;
interface Variant {
  name: string;
  key: AuditKey;
  write: Writer;
  verify: Verifier;
  bytes: number[];
  stored: number[];
  ms: number[];
  chains: number[];
  last: AuditCheckpoint | null;
}

const scratch = await scratchDatabase('gongzhi_checkpoint_bench');
const handle = await openDatabase({ url: scratch.url });
try {
  await handle.migrate();
  const { db } = handle;
  let now = new Date('2026-11-27T00:00:00Z');
  const tick = () => (now = new Date(now.getTime() + 3_600_000));

  async function append(chains: string[]): Promise<void> {
    const heads = await chainHeads(db, chains);
    const rows = chains.map((c) =>
      nextAuditRow({ chain: c, at: now, actor: 'bench', unit: null, action: 'case.NOTE', workflowId: c, payload: { note: '基准测试' } }, heads),
    );
    for (let i = 0; i < rows.length; i += 2_000) await db.insert(auditLog).values(rows.slice(i, i + 2_000));
  }

  const started = performance.now();
  const all = Array.from({ length: CASES }, (_, i) => chain(i));
  for (let e = 0; e < ENTRIES; e++) await append(all);
  await db.execute(sql`vacuum analyze audit_log`);
  console.log(
    `${CASES.toLocaleString('en')} cases, ${(CASES * ENTRIES).toLocaleString('en')} audit entries, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );

  // What the append lock costs a write: single-entry transactions (each locks its chain, as the engine
  // does) with migration 0029's trigger and with it disabled, alternating.
  const APPENDS = Number(process.env.BENCH_APPENDS ?? 2_000);
  const perSecond: Record<'with' | 'without', number[]> = { with: [], without: [] };
  for (let round = 0; round < 4; round++) {
    const mode = round % 2 === 0 ? 'with' : 'without';
    await db.execute(sql.raw(`alter table audit_log ${mode === 'with' ? 'enable' : 'disable'} trigger audit_log_append_lock`));
    const t0 = performance.now();
    for (let i = 0; i < APPENDS; i++) {
      const c = chain((round * APPENDS + i) % CASES);
      await db.transaction(async (tx) => {
        await lockAuditChains(tx, [c]);
        const heads = await chainHeads(tx, [c]);
        await tx
          .insert(auditLog)
          .values(nextAuditRow({ chain: c, at: now, actor: 'bench', unit: null, action: 'case.NOTE', workflowId: c, payload: {} }, heads));
      });
    }
    perSecond[mode].push(APPENDS / ((performance.now() - t0) / 1000));
  }
  await db.execute(sql`alter table audit_log enable trigger audit_log_append_lock`);
  const appends = { with: median(perSecond.with), without: median(perSecond.without) };
  console.log(
    `single-entry append transactions: ${appends.with.toFixed(0)}/s with the append lock, ${appends.without.toFixed(0)}/s without (${(appends.with / appends.without).toFixed(2)}×)\n`,
  );

  const variants: Variant[] = [
    {
      name: 'deltas (this code)',
      key: auditKeyFrom(newAuditKeyPem()),
      write: writeAuditCheckpoint,
      verify: verifyAudit,
      bytes: [],
      stored: [],
      ms: [],
      chains: [],
      last: null,
    },
  ];
  const before = process.env.BENCH_BEFORE;
  if (before) {
    const old = (await import(pathToFileURL(`${before}/packages/db/src/index.ts`).href)) as { writeAuditCheckpoint: Writer; verifyAudit: Verifier };
    variants.push({
      name: `every head (${before})`,
      key: auditKeyFrom(newAuditKeyPem()),
      write: old.writeAuditCheckpoint,
      verify: old.verifyAudit,
      bytes: [],
      stored: [],
      ms: [],
      chains: [],
      last: null,
    });
  }
  // each key's first checkpoint signs every chain: the state the hourly ones start from
  for (const v of variants) v.last = await v.write(db, v.key, tick());

  let seed = 20261127;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let round = 0; round < ROUNDS; round++) {
    const moved = new Set<string>();
    while (moved.size < MOVED) moved.add(chain(Math.floor(random() * CASES)));
    await append([...moved]);
    const at = tick();
    for (const v of round % 2 === 0 ? variants : [...variants].reverse()) {
      const t0 = performance.now();
      const cp = await v.write(db, v.key, at);
      v.ms.push(performance.now() - t0);
      v.bytes.push(Buffer.byteLength(JSON.stringify(cp)));
      const [row] = await db
        .select({ n: sql<number>`pg_column_size(${auditCheckpoints.heads})::int` })
        .from(auditCheckpoints)
        .where(eq(auditCheckpoints.id, cp.id));
      v.stored.push(row!.n);
      v.chains.push(Object.keys(cp.heads).length);
      v.last = cp;
    }
  }

  console.log(`per hourly checkpoint, ${MOVED} of ${CASES.toLocaleString('en')} cases moved (medians of ${ROUNDS} rounds):`);
  for (const v of variants) {
    console.log(
      `  ${v.name.padEnd(44)} ${String(median(v.chains)).padStart(6)} heads  ${median(v.bytes).toLocaleString('en').padStart(10)} B published  ${median(v.stored).toLocaleString('en').padStart(9)} B stored  ${median(v.ms).toFixed(1).padStart(7)} ms`,
    );
  }
  for (const v of variants) {
    const t0 = performance.now();
    const report = await v.verify(db, { checkpoint: { key: v.key, published: v.last! } });
    const ms = performance.now() - t0;
    console.log(`  verify-audit against ${v.name}: ${report.checkpoint?.status}, ${report.broken.length} broken, ${ms.toFixed(0)} ms`);
  }
  const [after, old] = variants;
  if (after && old) {
    console.log(
      `\nafter/before: ${(median(after.bytes) / median(old.bytes)).toFixed(4)}× the bytes published, ${(median(after.stored) / median(old.stored)).toFixed(4)}× stored, ${(median(after.ms) / median(old.ms)).toFixed(3)}× the time`,
    );
  }
} finally {
  await handle.close();
  await scratch.drop();
}
