import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { auditKeyFrom, newAuditKeyPem, writeAuditCheckpoint, type AuditCheckpoint, type AuditKey, type Database } from '@gongzhi/db';
import type { Clock } from '@gongzhi/domain';
import type { Env } from './env.ts';

type KeyEnv = Pick<Env, 'AUDIT_SIGNING_KEY' | 'DATA_DIR'>;

/**
 * The audit signing key, from AUDIT_SIGNING_KEY or the key file under DATA_DIR — never from the
 * database, so whoever can rewrite the database cannot sign. `create`: make the key file when there
 * is none (created exclusively, mode 0600: two processes starting together keep one key).
 */
export function auditKey(env: KeyEnv, options: { create: boolean }): AuditKey | null {
  if (env.AUDIT_SIGNING_KEY) return auditKeyFrom(env.AUDIT_SIGNING_KEY.replace(/\\n/g, '\n'));
  const path = join(env.DATA_DIR, 'audit-signing-key.pem');
  if (!existsSync(path)) {
    if (!options.create) return null;
    mkdirSync(env.DATA_DIR, { recursive: true });
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, newAuditKeyPem());
      closeSync(fd);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return auditKeyFrom(readFileSync(path, 'utf8'));
}

/**
 * The newest checkpoint this installation signed, also kept outside the database (so deleting the
 * newest checkpoints there shows; one deleted between two stored ones breaks the next one's link).
 * Since migration 0029 it is a delta (format 2: `prev`, `through`, the heads that moved), verifiable
 * alone with the public key (workflow/checkpoint.ts documents what is signed); a copy from before is
 * a full checkpoint of format 1 and still verifies.
 */
const publishedPath = (env: KeyEnv) => join(env.DATA_DIR, 'audit-checkpoint.json');

export function publishedCheckpoint(env: KeyEnv): AuditCheckpoint | null {
  try {
    return JSON.parse(readFileSync(publishedPath(env), 'utf8')) as AuditCheckpoint;
  } catch {
    return null;
  }
}

/** Signs the heads that moved since the previous checkpoint, stores the checkpoint and publishes it beside the key (written whole, then renamed into place). */
export async function checkpointAudit(db: Database, clock: Clock, env: KeyEnv, options: { onlyIfMoved?: boolean } = {}): Promise<AuditCheckpoint | null> {
  const key = auditKey(env, { create: true });
  if (!key) return null;
  const cp = await writeAuditCheckpoint(db, key, clock.now(), options);
  if (!cp) return null;
  const path = publishedPath(env);
  writeFileSync(`${path}.${process.pid}`, JSON.stringify(cp));
  renameSync(`${path}.${process.pid}`, path);
  return cp;
}

/** Checkpoints at start and every AUDIT_CHECKPOINT_MINUTES while a chain moved; errors are logged, never fatal. */
export function startAuditCheckpoints(db: Database, clock: Clock, env: KeyEnv & Pick<Env, 'AUDIT_CHECKPOINT_MINUTES'>) {
  const run = () =>
    checkpointAudit(db, clock, env, { onlyIfMoved: true }).catch((e: unknown) =>
      console.warn(`[gongzhi] audit checkpoint not written: ${(e as Error).message}`),
    );
  void run();
  const timer = setInterval(run, env.AUDIT_CHECKPOINT_MINUTES * 60_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
