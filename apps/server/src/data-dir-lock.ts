import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PGlite is a single-process database: two processes on one data directory corrupt it. A pid file,
 * created atomically (link(2) fails if the name exists: of two processes starting together exactly
 * one creates it),
 * turns that into a clear message instead. A pid file left by a process that is gone is moved
 * aside by rename (atomic too) and the creation tried again.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'gongzhi.pid');
  for (let attempt = 0; attempt < 5; attempt++) {
    // Written whole under a name of our own, then linked into place: the pid file never exists empty.
    const mine = `${file}.${process.pid}.new`;
    writeFileSync(mine, String(process.pid));
    try {
      linkSync(mine, file);
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      rmSync(mine, { force: true });
    }
    const holder = readPid(file);
    if (holder === process.pid) return () => rmSync(file, { force: true });
    if (holder !== null && isAlive(holder)) throw inUse(dataDir, holder);
    // Stale: move it aside, then look at what was moved.
    const aside = `${file}.stale-${process.pid}-${attempt}`;
    try {
      renameSync(file, aside);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // another process moved it first
      throw e;
    }
    const moved = readPid(aside);
    if (moved !== null && moved !== holder && isAlive(moved)) {
      // A live process created its file between our read and our rename: give it back.
      try {
        linkSync(aside, file);
      } finally {
        rmSync(aside, { force: true });
      }
      throw inUse(dataDir, moved);
    }
    rmSync(aside, { force: true });
  }
  throw new Error(`Could not take the lock on the data directory ${dataDir} (gongzhi.pid keeps changing); is another process starting on it?`);
}

const inUse = (dataDir: string, pid: number) =>
  new Error(
    `The data directory ${dataDir} is in use by process ${pid} (the embedded database allows one process). ` +
      'Stop that process first, or use a PostgreSQL server through DATABASE_URL.',
  );

function readPid(file: string): number | null {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
