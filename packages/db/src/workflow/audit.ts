import { hash as oneShotHash } from 'node:crypto';
import { asc, desc, eq, sql, type SQLWrapper } from 'drizzle-orm';
import { arrayParam } from '../any-of.ts';
import { rowsOf, type Database } from '../client.ts';
import { auditLog } from '../schema/index.ts';
import { foldAuditCheckpoints, type AuditCheckpoint, type AuditKey, type CheckpointFold } from './checkpoint.ts';

export const GENESIS = '0'.repeat(64);

/** JSON with keys sorted at every level, so a payload hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  // plain loops: every audit entry is written through this (Object.entries, filter and map were a tenth of a timer's firing)
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const v = record[key];
    if (v === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + canonicalJson(v);
  }
  return `${out}}`;
}

export interface AuditFields {
  chain: string;
  seq: number;
  at: Date;
  actor: string;
  unit: string | null;
  action: string;
  workflowId: string | null;
  payload: unknown;
  prevHash: string;
}

export function hashEntry(e: AuditFields): string {
  const body = canonicalJson({
    chain: e.chain,
    seq: e.seq,
    at: e.at.toISOString(),
    actor: e.actor,
    unit: e.unit,
    action: e.action,
    workflowId: e.workflowId,
    payload: e.payload,
    prevHash: e.prevHash,
  });
  // one-shot: a hash object per entry cost several times the hashing itself (a step appends one or more)
  return oneShotHash('sha256', body, 'hex');
}

/** The last entry of each chain this transaction appended to (it holds their locks). */
export type ChainHeads = Map<string, { seq: number; hash: string }>;

/**
 * The last entry of a chain, read under an advisory lock per chain (held to the end of the caller's
 * transaction), so concurrent appenders each see the entry before theirs.
 */
export async function lockAuditHead(tx: Database, chain: string): Promise<{ seq: number; hash: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${chain}))`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.chain, chain))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return { seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS };
}

/**
 * Takes the append locks of several chains (as `lockAuditHead` does one), in the chains' sorted
 * order, so two batches sharing chains never wait on each other in a cycle. Read their heads with
 * `chainHeads` after this, in a later statement (one that began before a lock was granted could
 * miss the entry committed just before).
 */
export async function lockAuditChains(tx: Database, chains: readonly string[]): Promise<void> {
  const sorted = [...new Set(chains)].sort();
  if (sorted.length === 0) return;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(c)) from unnest(${arrayParam(sorted, 'text')}) with ordinality as u(c, n) order by n`);
}

/** The last entry of each chain (seq 0 and the genesis hash for one with none yet). */
export async function chainHeads(tx: Database, chains: readonly string[]): Promise<ChainHeads> {
  const heads: ChainHeads = new Map();
  if (chains.length === 0) return heads;
  const rows = rowsOf<{ chain: string; seq: number | null; hash: string | null }>(
    await tx.execute(
      sql`select u.c as chain, h.seq, h.hash from unnest(${arrayParam(chains, 'text')}) as u(c)
          left join lateral (select seq, hash from audit_log where chain = u.c order by seq desc limit 1) h on true`,
    ),
  );
  for (const r of rows) heads.set(r.chain, { seq: r.seq ?? 0, hash: r.hash ?? GENESIS });
  return heads;
}

/**
 * The next entry of a chain whose head this transaction knows (`heads`: it locked or created the
 * chain), as the row for the caller to insert; `heads` moves on to it. A chain being created now
 * (an id nobody else can know before the commit) starts from the genesis hash.
 */
export function nextAuditRow(entry: Omit<AuditFields, 'seq' | 'prevHash'>, heads: ChainHeads, options: { newChain?: boolean } = {}) {
  const head = heads.get(entry.chain) ?? (options.newChain ? { seq: 0, hash: GENESIS } : undefined);
  if (!head) throw new Error(`The head of audit chain ${entry.chain} is not known in this transaction`);
  const full: AuditFields = { ...entry, seq: head.seq + 1, prevHash: head.hash };
  const hash = hashEntry(full);
  heads.set(entry.chain, { seq: full.seq, hash });
  return { ...full, payload: full.payload as object, hash };
}

/** `nextAuditRow` as an insert for the caller to send. */
export function nextAuditEntry(
  tx: Database,
  entry: Omit<AuditFields, 'seq' | 'prevHash'>,
  heads: ChainHeads,
  options: { newChain?: boolean } = {},
): SQLWrapper {
  return tx.insert(auditLog).values(nextAuditRow(entry, heads, options));
}

export interface AuditBreak {
  /** the first broken entry (null: the chain is gone) */
  id: number | null;
  chain: string;
  seq: number;
  /**
   * hash-mismatch, broken-link, sequence-gap: the chain does not hold together; truncated (its last
   * entries gone), chain-missing (gone whole), rewritten (its entry at the checkpoint's seq is not the
   * one signed): it holds together but disagrees with the latest signed checkpoint
   */
  problem: 'hash-mismatch' | 'broken-link' | 'sequence-gap' | 'truncated' | 'chain-missing' | 'rewritten';
}

export interface AuditReport {
  chains: number;
  entries: number;
  broken: AuditBreak[];
  /**
   * the signed checkpoints the chains were checked against, folded (`foldAuditCheckpoints`): status
   * verified, none yet, bad-signature (a stored one is not what the key signed), gap (one does not
   * link to the one stored before it: checkpoints between were deleted), deleted (the copy published
   * outside the database is newer than any stored: the newest were deleted); id and at of the newest
   * folded, `chains` the heads they sign, `checkpoints` how many; absent when verified without a key
   */
  checkpoint?: { status: CheckpointFold['status']; id: number | null; at: string | null; chains: number; checkpoints: number; firstBad: number | null };
}

/**
 * Recomputes every chain; names the first broken entry of each chain that is broken. With the key
 * (and the checkpoint published outside the database, if any), also checks every chain against the
 * signed checkpoints folded: none shorter than signed, none missing, each signed head still there.
 */
export async function verifyAudit(
  db: Database,
  options: { batch?: number; checkpoint?: { key: AuditKey; published?: AuditCheckpoint | null } } = {},
): Promise<AuditReport> {
  const batch = options.batch ?? 5_000;
  const report: AuditReport = { chains: 0, entries: 0, broken: [] };
  const fold = options.checkpoint ? await foldAuditCheckpoints(db, options.checkpoint.key, options.checkpoint.published ?? null) : null;
  const signed = fold?.heads ?? new Map<string, [number, string]>();
  if (fold) {
    const { status, newest, checkpoints, firstBad } = fold;
    report.checkpoint = { status, id: newest?.id ?? null, at: newest?.at ?? null, chains: signed.size, checkpoints, firstBad };
  }
  let current: { chain: string; seq: number; hash: string; id: number; broken: boolean } | null = null;
  const endOfChain = () => {
    if (!current) return;
    const head = signed.get(current.chain);
    signed.delete(current.chain);
    if (head && !current.broken && current.seq < head[0]) report.broken.push({ id: current.id, chain: current.chain, seq: current.seq, problem: 'truncated' });
  };
  let afterId: { chain: string; seq: number } | null = null;
  for (;;) {
    const rows: Array<typeof auditLog.$inferSelect> = await db
      .select()
      .from(auditLog)
      .where(afterId ? sql`(${auditLog.chain}, ${auditLog.seq}) > (${afterId.chain}, ${afterId.seq})` : undefined)
      .orderBy(asc(auditLog.chain), asc(auditLog.seq))
      .limit(batch);
    if (rows.length === 0) break;
    for (const row of rows) {
      report.entries++;
      if (!current || current.chain !== row.chain) {
        endOfChain();
        report.chains++;
        current = { chain: row.chain, seq: 0, hash: GENESIS, id: row.id, broken: false };
      }
      if (!current.broken) {
        let problem: AuditBreak['problem'] | null = null;
        const head = signed.get(row.chain);
        if (row.seq !== current.seq + 1) problem = 'sequence-gap';
        else if (row.prevHash !== current.hash) problem = 'broken-link';
        else if (hashEntry({ ...row, payload: row.payload }) !== row.hash) problem = 'hash-mismatch';
        else if (head && head[0] === row.seq && head[1] !== row.hash) problem = 'rewritten';
        if (problem) {
          report.broken.push({ id: row.id, chain: row.chain, seq: row.seq, problem });
          current.broken = true;
        }
      }
      current.seq = row.seq;
      current.hash = row.hash;
      current.id = row.id;
    }
    const last = rows.at(-1);
    if (!last) break;
    afterId = { chain: last.chain, seq: last.seq };
  }
  endOfChain();
  for (const [chain, [seq]] of signed) report.broken.push({ id: null, chain, seq, problem: 'chain-missing' });
  return report;
}
