import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { auditCheckpoints, auditLog } from '../schema/index.ts';
import { canonicalJson } from './audit.ts';

/**
 * Signed checkpoints of the audit log, as Certificate Transparency's signed tree heads: every chain's
 * head (its last seq and hash) at a moment, digested and signed with an Ed25519 key that the database
 * does not hold. Someone who can write the database can delete a chain's last entries, a whole chain,
 * or edit an entry and recompute every hash after it — the chain alone then verifies — but cannot make
 * the latest checkpoint agree, nor sign a new one.
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

export interface AuditCheckpoint {
  id: number;
  at: string;
  heads: AuditHeads;
  digest: string;
  keyId: string;
  signature: string;
}

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

const digestOf = (at: string, heads: AuditHeads) =>
  createHash('sha256')
    .update(canonicalJson({ v: 1, at, heads }))
    .digest('hex');

/** Every chain's last entry, read in one statement. */
export async function auditHeads(db: Database): Promise<AuditHeads> {
  const rows = await db
    .selectDistinctOn([auditLog.chain], { chain: auditLog.chain, seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(asc(auditLog.chain), desc(auditLog.seq));
  return Object.fromEntries(rows.map((r) => [r.chain, [r.seq, r.hash]]));
}

/** Signs every chain's head now and stores the checkpoint. */
export async function writeAuditCheckpoint(db: Database, key: AuditKey, now: Date, options?: { onlyIfMoved?: false }): Promise<AuditCheckpoint>;
/** `onlyIfMoved`: null, and nothing written, when every head is where the latest checkpoint signed it. */
export async function writeAuditCheckpoint(db: Database, key: AuditKey, now: Date, options: { onlyIfMoved?: boolean }): Promise<AuditCheckpoint | null>;
export async function writeAuditCheckpoint(db: Database, key: AuditKey, now: Date, options: { onlyIfMoved?: boolean } = {}): Promise<AuditCheckpoint | null> {
  if (!key.privateKey) throw new Error('writing an audit checkpoint needs the private key');
  const heads = await auditHeads(db);
  if (options.onlyIfMoved) {
    const latest = await latestAuditCheckpoint(db, key);
    if (latest && canonicalJson(latest.heads) === canonicalJson(heads)) return null;
  }
  const at = now.toISOString();
  const digest = digestOf(at, heads);
  const signature = sign(null, Buffer.from(digest, 'hex'), key.privateKey).toString('base64');
  const [row] = await db.insert(auditCheckpoints).values({ at: now, heads, digest, keyId: key.id, signature }).returning({ id: auditCheckpoints.id });
  if (!row) throw new Error('the audit checkpoint was not stored');
  return { id: row.id, at, heads, digest, keyId: key.id, signature };
}

/** The newest checkpoint signed by this key (others' are ignored: a forged one names a key we do not hold). */
export async function latestAuditCheckpoint(db: Database, key: AuditKey): Promise<AuditCheckpoint | null> {
  const [row] = await db
    .select()
    .from(auditCheckpoints)
    .where(eq(auditCheckpoints.keyId, key.id))
    .orderBy(desc(auditCheckpoints.at), desc(auditCheckpoints.id))
    .limit(1);
  return row ? { ...row, at: row.at.toISOString() } : null;
}

/** Whether a checkpoint is what the key signed: its digest recomputed from its heads and time, and the signature over it. */
export function checkpointSigned(cp: Pick<AuditCheckpoint, 'at' | 'heads' | 'digest' | 'keyId' | 'signature'>, key: AuditKey): boolean {
  if (cp.keyId !== key.id || digestOf(cp.at, cp.heads) !== cp.digest) return false;
  try {
    return verify(null, Buffer.from(cp.digest, 'hex'), key.publicKey, Buffer.from(cp.signature, 'base64'));
  } catch {
    return false;
  }
}
