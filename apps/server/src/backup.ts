import { existsSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { countCases, openDatabase, verifyAudit } from '@gongzhi/db';
import type { Env } from './env.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { openConfiguredDatabase } from './database.ts';

export class BackupRefused extends Error {}

const PG_DUMP_HINT = 'On PostgreSQL use pg_dump and pg_restore (README, "Backups"): the server keeps running meanwhile.';

/**
 * A consistent copy of the embedded database: this process takes the data directory's lock (so no
 * server is writing; a running server makes it a clear refusal naming its pid) and PGlite writes the
 * directory as a gzipped tarball. Answers the cases it holds.
 */
export async function backupEmbedded(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>, file: string): Promise<{ cases: number; bytes: number }> {
  if (env.DATABASE_URL) throw new BackupRefused(`gongzhi backup copies the embedded database only. ${PG_DUMP_HINT}`);
  if (!existsSync(env.DATA_DIR)) throw new BackupRefused(`There is no embedded database in ${env.DATA_DIR}.`);
  const handle = await openConfiguredDatabase(env);
  try {
    if (!handle.dumpDataDir) throw new BackupRefused(PG_DUMP_HINT);
    const n = await countCases(handle.db);
    const tarball = Buffer.from(await (await handle.dumpDataDir()).arrayBuffer());
    await writeFile(file, tarball, { mode: 0o600 });
    return { cases: n, bytes: tarball.byteLength };
  } finally {
    await handle.close();
  }
}

/**
 * A backup made by `backupEmbedded` unpacked into an empty (or absent) data directory, migrated to
 * this version and its audit chains verified. Never over an existing database.
 */
export async function restoreEmbedded(env: Pick<Env, 'DATABASE_URL' | 'DATA_DIR'>, file: string): Promise<{ cases: number; brokenChains: number }> {
  if (env.DATABASE_URL) throw new BackupRefused(`gongzhi restore fills the embedded database only. ${PG_DUMP_HINT}`);
  if (existsSync(env.DATA_DIR) && readdirSync(env.DATA_DIR).length > 0) {
    throw new BackupRefused(`${env.DATA_DIR} is not empty: move it aside (or set DATA_DIR to a new directory) before restoring into it.`);
  }
  const tarball = new Blob([await readFile(file)]);
  const unlock = lockDataDir(env.DATA_DIR);
  try {
    const handle = await openDatabase({ dataDir: env.DATA_DIR, loadDataDir: tarball });
    try {
      await handle.migrate();
      const n = await countCases(handle.db);
      const { broken } = await verifyAudit(handle.db);
      return { cases: n, brokenChains: broken.length };
    } finally {
      await handle.close();
    }
  } finally {
    unlock();
  }
}
