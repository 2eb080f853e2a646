import { createHash } from 'node:crypto';
import { asc, desc, eq, sql, type SQLWrapper } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { auditLog } from '../schema/index.ts';

export const GENESIS = '0'.repeat(64);

/** JSON with keys sorted at every level, so a payload hashes the same after a jsonb round trip. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
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
  return createHash('sha256').update(body).digest('hex');
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
 * The next entry of a chain whose head this transaction knows (`heads`: it locked or created the
 * chain), as an insert for the caller to send; `heads` moves on to it. A chain being created now
 * (an id nobody else can know before the commit) starts from the genesis hash.
 */
export function nextAuditEntry(
  tx: Database,
  entry: Omit<AuditFields, 'seq' | 'prevHash'>,
  heads: ChainHeads,
  options: { newChain?: boolean } = {},
): SQLWrapper {
  const head = heads.get(entry.chain) ?? (options.newChain ? { seq: 0, hash: GENESIS } : undefined);
  if (!head) throw new Error(`The head of audit chain ${entry.chain} is not known in this transaction`);
  const full: AuditFields = { ...entry, seq: head.seq + 1, prevHash: head.hash };
  const hash = hashEntry(full);
  heads.set(entry.chain, { seq: full.seq, hash });
  return tx.insert(auditLog).values({ ...full, payload: full.payload as object, hash });
}

export interface AuditBreak {
  id: number;
  chain: string;
  seq: number;
  problem: 'hash-mismatch' | 'broken-link' | 'sequence-gap';
}

export interface AuditReport {
  chains: number;
  entries: number;
  broken: AuditBreak[];
}

/** Recomputes every chain; names the first broken entry of each chain that is broken. */
export async function verifyAudit(db: Database, options: { batch?: number } = {}): Promise<AuditReport> {
  const batch = options.batch ?? 5_000;
  const report: AuditReport = { chains: 0, entries: 0, broken: [] };
  let current: { chain: string; seq: number; hash: string; broken: boolean } | null = null;
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
        report.chains++;
        current = { chain: row.chain, seq: 0, hash: GENESIS, broken: false };
      }
      if (!current.broken) {
        let problem: AuditBreak['problem'] | null = null;
        if (row.seq !== current.seq + 1) problem = 'sequence-gap';
        else if (row.prevHash !== current.hash) problem = 'broken-link';
        else if (hashEntry({ ...row, payload: row.payload }) !== row.hash) problem = 'hash-mismatch';
        if (problem) {
          report.broken.push({ id: row.id, chain: row.chain, seq: row.seq, problem });
          current.broken = true;
        }
      }
      current.seq = row.seq;
      current.hash = row.hash;
    }
    const last = rows.at(-1);
    if (!last) break;
    afterId = { chain: last.chain, seq: last.seq };
  }
  return report;
}
