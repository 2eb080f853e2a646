import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MatrixVersion } from '@gongzhi/domain';

/**
 * The matrix in force, kept beside the embedded database's own files for `gongzhi route`, so a
 * route is answered without starting PGlite. It holds only while the data directory is as it was
 * when the file was written: any process that opens the database and writes to it (an amendment,
 * a migration, a server's day of work, a restore) changes its WAL or its control file, and the
 * file is then ignored and written again from the database.
 */
const FILE = 'route-matrix.json';
/** Bumped when what the file holds changes shape. */
const FORMAT = 1;

/** The data directory's state on disk: the control file's bytes and every WAL file's size and time. */
function stampOf(dataDir: string): string | null {
  try {
    const hash = createHash('sha256').update(readFileSync(join(dataDir, 'global', 'pg_control')));
    const wal = join(dataDir, 'pg_wal');
    for (const name of readdirSync(wal).sort()) {
      const s = statSync(join(wal, name));
      hash.update(`${name} ${s.size} ${s.mtimeMs}\n`);
    }
    return hash.digest('hex');
  } catch {
    return null;
  }
}

/** The matrix kept for this data directory, if the directory has not changed since (call holding its lock). */
export function readRouteMatrix(dataDir: string, now: Date): MatrixVersion | null {
  try {
    const kept = JSON.parse(readFileSync(join(dataDir, FILE), 'utf8')) as { format: number; stamp: string; until: string | null; matrix: MatrixVersion };
    // A version adopted for a later moment takes over then, with nothing written to the directory.
    const current = kept.until === null || now < new Date(kept.until);
    return kept.format === FORMAT && current && kept.stamp === stampOf(dataDir) ? kept.matrix : null;
  } catch {
    return null;
  }
}

/**
 * Keeps `matrix`, in force until `until` (the next scheduled version's moment, or null), for this data
 * directory as it is now (call after closing the database, still holding its lock).
 */
export function writeRouteMatrix(dataDir: string, matrix: MatrixVersion, until: Date | null): void {
  const stamp = stampOf(dataDir);
  if (!stamp) return;
  const file = join(dataDir, FILE);
  writeFileSync(`${file}.${process.pid}.new`, JSON.stringify({ format: FORMAT, stamp, until: until?.toISOString() ?? null, matrix }));
  renameSync(`${file}.${process.pid}.new`, file);
}
