import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { and, asc, desc, eq, gt, isNull, lte, sql } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { auditCheckpoints, auditLog } from '../schema/index.ts';
import { canonicalJson } from './audit.ts';

/**
 * Signed checkpoints of the audit log, as Certificate Transparency's signed tree heads: chains'
 * heads (their last seq and hash), digested and signed with an Ed25519 key that the database does
 * not hold. Someone who can write the database can delete a chain's last entries, a whole chain, or
 * edit an entry and recompute every hash after it — the chain alone then verifies — but cannot make
 * the checkpoints agree, nor sign a new one.
 *
 * A checkpoint holds only the heads of the chains that moved since the checkpoint before it (read
 * from the audit entries after that one's position, `through`), and the digest of that checkpoint
 * (`prev`): every chain's head at checkpoint N is the fold of checkpoints 1..N, and none of them can
 * be dropped without breaking the next one's link. What is signed (format 2):
 *
 *   SHA-256 of canonicalJson({ v: 2, at, prev, through, heads })
 *
 * `at` an ISO instant, `prev` the previous checkpoint's digest (null for the first of a key), `through`
 * the last audit_log id covered, `heads` chain → [seq, hash]. Checkpoints written before this (format
 * 1) hold every chain's head, no `prev` and no `through`, signed as canonicalJson({ v: 1, at, heads });
 * they still verify, and the first delta after one links to it.
 */
export interface AuditKey {
  /** absent when only verifying with a public key */
  privateKey?: KeyObject | undefined;
  publicKey: KeyObject;
  /** the first 16 hex digits of the SHA-256 of the public key (SPKI DER), stored with each checkpoint */
  id: string;
}

/** chain → [seq, hash] of its last entry */
export type AuditHeads = Record<string, [number, string]>;

/**
 * A checkpoint as stored and as published outside the database (DATA_DIR/audit-checkpoint.json).
 * `prev` and `through` are absent in the full checkpoints of format 1.
 */
export interface AuditCheckpoint {
  id: number;
  at: string;
  heads: AuditHeads;
  /** format 2: the digest of the checkpoint before it (null: the first of its key) */
  prev?: string | null;
  /** format 2: the last audit_log id it covers */
  through?: number;
  digest: string;
  keyId: string;
  signature: string;
}

/** A format-2 checkpoint: the heads that moved since `prev`. */
export const isDelta = (cp: Pick<AuditCheckpoint, 'through'>): cp is { through: number } => typeof cp.through === 'number';

/** A new Ed25519 private key as PKCS#8 PEM, for a key file or AUDIT_SIGNING_KEY. */
export function newAuditKeyPem(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/** The key from a PEM: a private key (signs and verifies) or a public one (verifies only). */
export function auditKeyFrom(pem: string): AuditKey {
  const isPrivate = pem.includes('PRIVATE KEY');
  const privateKey = isPrivate ? createPrivateKey(pem) : undefined;
  const publicKey = privateKey ? createPublicKey(privateKey) : createPublicKey(pem);
  if (publicKey.asymmetricKeyType !== 'ed25519') throw new Error('the audit signing key must be an Ed25519 key');
  const id = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
  return { privateKey, publicKey, id };
}

const digestOf = (cp: Pick<AuditCheckpoint, 'at' | 'heads' | 'prev' | 'through'>) =>
  createHash('sha256')
    .update(
      canonicalJson(isDelta(cp) ? { v: 2, at: cp.at, prev: cp.prev ?? null, through: cp.through, heads: cp.heads } : { v: 1, at: cp.at, heads: cp.heads }),
    )
    .digest('hex');

/** Two-key advisory locks (a space apart from the one-key locks of the chains): appending to the log, writing a checkpoint. */
const APPEND_LOCK = sql`hashtext('gongzhi.audit_log'), 0`;
const WRITER_LOCK = sql`hashtext('gongzhi.audit_checkpoints'), 0`;

/**
 * The audit log's position for a checkpoint: its last entry's id, with no entry below it still to
 * commit. Every insert into audit_log holds APPEND_LOCK shared to the end of its transaction
 * (migration 0029's statement trigger, taken before its rows draw their ids), so holding it
 * exclusively for one read waits for the appends in flight and sees all of them; appends wait that
 * moment, then go on with higher ids.
 *
 * While the exclusive request waits, PostgreSQL queues every new append behind it: so it waits at
 * most `waitMs` (an append transaction still open, a long import batch say, would otherwise hold up
 * every append of every user for as long), then lets the appends through for `pauseMs` and asks again,
 * `attempts` times in all, and then gives up with an error (the next checkpoint tries again).
 */
export async function auditPosition(db: Database, { waitMs = 200, pauseMs = 500, attempts = 10 } = {}): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('lock_timeout', ${`${waitMs}ms`}, true)`);
        await tx.execute(sql`select pg_advisory_xact_lock(${APPEND_LOCK})`);
        const [row] = await tx.select({ id: sql<string | null>`max(${auditLog.id})` }).from(auditLog);
        return Number(row?.id ?? 0);
      });
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      if (attempt >= attempts)
        throw new Error(`the audit log stayed busy: an append transaction held it through ${attempts} waits of ${waitMs} ms`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

/** PostgreSQL's lock_not_available (a lock_timeout ran out), however the driver wraps it. */
function isLockTimeout(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) if ((e as { code?: unknown }).code === '55P03') return true;
  return false;
}

/**
 * The last entry of each chain that has entries in (after, through] of the audit log's ids: the
 * chains that moved since a checkpoint at `after`. Read by the primary key's range, so it reads the
 * entries appended since, not the log.
 */
export function movedHeadsQuery(db: Database, after: number, through: number) {
  return db
    .selectDistinctOn([auditLog.chain], { chain: auditLog.chain, seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(and(gt(auditLog.id, after), lte(auditLog.id, through)))
    .orderBy(asc(auditLog.chain), desc(auditLog.seq));
}

const headsOf = (rows: Array<{ chain: string; seq: number; hash: string }>): AuditHeads => Object.fromEntries(rows.map((r) => [r.chain, [r.seq, r.hash]]));

/** Every chain's last entry up to `through` (all of them without it), read in one statement: the whole log. */
export async function auditHeads(db: Database, through?: number): Promise<AuditHeads> {
  const rows = await db
    .selectDistinctOn([auditLog.chain], { chain: auditLog.chain, seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(through === undefined ? undefined : lte(auditLog.id, through))
    .orderBy(asc(auditLog.chain), desc(auditLog.seq));
  return headsOf(rows);
}

/**
 * The heads a checkpoint after `prev` signs. After a delta: the chains with entries past its
 * position. After a full checkpoint of format 1 (its position unknown): once, from every chain's
 * head, those past the seq it signed (a chain whose head is at the signed seq but not the signed
 * hash is left for verification to name, not signed over).
 */
async function headsSince(tx: Database, prev: { through: number | null; id: number } | null, through: number): Promise<AuditHeads> {
  if (!prev) return headsOf(await movedHeadsQuery(tx, 0, through));
  if (prev.through !== null) return headsOf(await movedHeadsQuery(tx, prev.through, through));
  const [full] = await tx.select({ heads: auditCheckpoints.heads }).from(auditCheckpoints).where(eq(auditCheckpoints.id, prev.id));
  const signed = full?.heads ?? {};
  return Object.fromEntries(Object.entries(await auditHeads(tx, through)).filter(([chain, [seq]]) => seq > (signed[chain]?.[0] ?? 0)));
}

/** Signs the heads of the chains that moved since the key's previous checkpoint, linked to it, and stores the checkpoint. */
export async function writeAuditCheckpoint(db: Database, key: AuditKey, now: Date, options?: { onlyIfMoved?: false }): Promise<AuditCheckpoint>;
/** `onlyIfMoved`: null, and nothing written, when no chain moved since the previous checkpoint. */
export async function writeAuditCheckpoint(db: Database, key: AuditKey, now: Date, options: { onlyIfMoved?: boolean }): Promise<AuditCheckpoint | null>;
export async function writeAuditCheckpoint(db: Database, key: AuditKey, now: Date, options: { onlyIfMoved?: boolean } = {}): Promise<AuditCheckpoint | null> {
  const privateKey = key.privateKey;
  if (!privateKey) throw new Error('writing an audit checkpoint needs the private key');
  const position = await auditPosition(db);
  return db.transaction(async (tx) => {
    // One writer at a time (several server processes checkpoint on the same timer): each links to the newest.
    await tx.execute(sql`select pg_advisory_xact_lock(${WRITER_LOCK})`);
    const [prev] = await tx
      .select({ id: auditCheckpoints.id, digest: auditCheckpoints.digest, through: auditCheckpoints.throughId })
      .from(auditCheckpoints)
      .where(eq(auditCheckpoints.keyId, key.id))
      .orderBy(desc(auditCheckpoints.id))
      .limit(1);
    // Another process may have checkpointed past this position meanwhile: then nothing is new.
    const through = Math.max(position, prev?.through ?? 0);
    const heads = prev && prev.through !== null && prev.through >= position ? {} : await headsSince(tx, prev ?? null, through);
    if (options.onlyIfMoved && Object.keys(heads).length === 0) return null;
    const cp = { at: now.toISOString(), heads, prev: prev?.digest ?? null, through };
    const digest = digestOf(cp);
    const signature = sign(null, Buffer.from(digest, 'hex'), privateKey).toString('base64');
    const [row] = await tx
      .insert(auditCheckpoints)
      .values({ at: now, heads, digest, keyId: key.id, signature, prevDigest: cp.prev, throughId: through })
      .returning({ id: auditCheckpoints.id });
    if (!row) throw new Error('the audit checkpoint was not stored');
    return { id: row.id, ...cp, digest, keyId: key.id, signature };
  });
}

type CheckpointRow = typeof auditCheckpoints.$inferSelect;

const fromRow = ({ prevDigest, throughId, ...row }: CheckpointRow): AuditCheckpoint => ({
  ...row,
  at: row.at.toISOString(),
  ...(throughId === null ? {} : { prev: prevDigest, through: throughId }),
});

/** The newest checkpoint signed by this key (others' are ignored: a forged one names a key we do not hold). */
export async function latestAuditCheckpoint(db: Database, key: AuditKey): Promise<AuditCheckpoint | null> {
  const [row] = await db.select().from(auditCheckpoints).where(eq(auditCheckpoints.keyId, key.id)).orderBy(desc(auditCheckpoints.id)).limit(1);
  return row ? fromRow(row) : null;
}

/**
 * The checkpoints signed by this key in the order they were written, a page at a time, from the
 * newest full one (format 1: it signed every head then, so those before it add nothing; an old
 * database's hourly full checkpoints are not read again).
 */
export async function* auditCheckpointsOf(db: Database, key: AuditKey, page = 500): AsyncGenerator<AuditCheckpoint> {
  const [full] = await db
    .select({ id: auditCheckpoints.id })
    .from(auditCheckpoints)
    .where(and(eq(auditCheckpoints.keyId, key.id), isNull(auditCheckpoints.throughId)))
    // by time, the first stored of a time: an old full one stored again under a new id (a replay) is not the newest
    .orderBy(desc(auditCheckpoints.at), asc(auditCheckpoints.id))
    .limit(1);
  let after = full ? full.id - 1 : 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditCheckpoints)
      .where(and(eq(auditCheckpoints.keyId, key.id), gt(auditCheckpoints.id, after)))
      .orderBy(asc(auditCheckpoints.id))
      .limit(page);
    for (const row of rows) yield fromRow(row);
    const last = rows.at(-1);
    if (!last || rows.length < page) return;
    after = last.id;
  }
}

/** Whether a checkpoint is what the key signed: its digest recomputed from what it holds, and the signature over it. */
export function checkpointSigned(cp: Pick<AuditCheckpoint, 'at' | 'heads' | 'prev' | 'through' | 'digest' | 'keyId' | 'signature'>, key: AuditKey): boolean {
  if (cp.keyId !== key.id || digestOf(cp) !== cp.digest) return false;
  try {
    return verify(null, Buffer.from(cp.digest, 'hex'), key.publicKey, Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}

/** What folding a key's checkpoints found. */
export interface CheckpointFold {
  /**
   * verified; none (no checkpoint yet); bad-signature (a stored one is not what the key signed: its
   * heads are left out); gap (a stored one does not link to the one stored before it: checkpoints
   * between were deleted); deleted (the copy published outside the database is newer than any
   * stored: the newest were deleted)
   */
  status: 'verified' | 'none' | 'bad-signature' | 'gap' | 'deleted';
  /** the newest checkpoint folded (stored, or the published copy) */
  newest: AuditCheckpoint | null;
  /** every chain's signed head: the fold of the checkpoints, each a chain's newer head over an older one */
  heads: Map<string, [number, string]>;
  /** how many checkpoints were folded */
  checkpoints: number;
  /** the first checkpoint that failed its signature or its link */
  firstBad: number | null;
}

/**
 * Folds the key's checkpoints, oldest first from the newest full one: each one's signature checked,
 * each delta's link to the checkpoint stored before it (the first delta after a full one links to
 * it), and its heads laid over the fold; then the copy published outside the database, which must be
 * stored too.
 */
export async function foldAuditCheckpoints(db: Database, key: AuditKey, published: AuditCheckpoint | null = null): Promise<CheckpointFold> {
  const fold: CheckpointFold = { status: 'none', newest: null, heads: new Map(), checkpoints: 0, firstBad: null };
  const worse = (status: 'bad-signature' | 'gap' | 'deleted', id: number) => {
    const rank = { verified: 0, none: 0, deleted: 1, gap: 2, 'bad-signature': 3 } as const;
    if (rank[status] > rank[fold.status]) fold.status = status;
    fold.firstBad ??= id;
  };
  const lay = (cp: AuditCheckpoint) => {
    for (const [chain, head] of Object.entries(cp.heads)) {
      const before = fold.heads.get(chain);
      // A delta signs chains that moved on since: a head not past the one signed before was cut back
      // and grown again. The earlier head stands, and the chain is checked against it.
      if (isDelta(cp) && before && head[0] <= before[0]) continue;
      fold.heads.set(chain, head);
    }
    fold.newest = cp;
    fold.checkpoints++;
    if (fold.status === 'none') fold.status = 'verified';
  };
  let prevDigest: string | null = null;
  let prevAt = '';
  let publishedStored = false;
  for await (const cp of auditCheckpointsOf(db, key)) {
    if (published && cp.digest === published.digest) publishedStored = true;
    if (!checkpointSigned(cp, key)) {
      worse('bad-signature', cp.id);
      prevDigest = cp.digest;
      continue;
    }
    if (isDelta(cp)) {
      // its link says what came before it; its time is the signing process's clock, read before it
      // waited for the position and the writer's lock, so another process's may be later
      if ((cp.prev ?? null) !== prevDigest) worse('gap', cp.id);
    } else if (cp.at < prevAt) {
      // a full one (no link) older than the one stored before it: stored again (a replay), not folded
      worse('gap', cp.id);
      continue;
    }
    prevDigest = cp.digest;
    prevAt = cp.at;
    lay(cp);
  }
  if (published && !publishedStored && checkpointSigned(published, key)) {
    worse('deleted', published.id);
    if (!fold.newest || published.at > fold.newest.at) lay(published);
  }
  return fold;
}
