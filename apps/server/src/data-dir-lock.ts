import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the lock does to the file system, and what it asks about processes. The server passes the
 * real ones; a test passes its own to play out an interleaving of several processes step by step.
 */
export interface LockIo {
  readonly pid: number;
  mkdir(dir: string): void;
  write(file: string, text: string): void;
  /** Creates `to` as a second name of `from`; fails with code EEXIST if `to` exists (atomically). */
  link(from: string, to: string): void;
  /** The file's text, or null if there is no such file. */
  read(file: string): string | null;
  remove(file: string): void;
  alive(pid: number): boolean;
  /** Waits a moment while another process breaks a stale lock. */
  pause(): void;
}

/**
 * PGlite is a single-process database: two processes on one data directory corrupt it. A pid file,
 * created atomically (link(2) fails if the name exists: of two processes starting together exactly
 * one creates it), turns that into a clear message instead.
 *
 * A pid file left by a process that is gone is removed, but only by the process that holds the
 * file's breaker, `gongzhi.pid.breaking-<its text>`, itself taken the same way, and only if the pid
 * file still holds that text. Nobody else removes a pid file (its live holder aside), so between
 * that check and the removal nothing can put another process's pid in its place. (Moving a stale
 * file aside and handing it back when it turned out live was not enough: between the two, a third
 * process could take the lock, and two processes held it.)
 */
export function lockDataDir(dataDir: string, io: LockIo = nodeLockIo): () => void {
  io.mkdir(dataDir);
  return take(join(dataDir, 'gongzhi.pid'), io, (holder) => inUse(dataDir, holder));
}

/** Thrown by `take` on a breaker another live process holds: wait and look again. */
class Breaking extends Error {}

function take(file: string, io: LockIo, held: (holder: number) => Error): () => void {
  const release = () => io.remove(file);
  for (let attempt = 0; attempt < 1000; attempt++) {
    // Written whole under a name of our own, then linked into place: the pid file never exists empty.
    const mine = `${file}.${io.pid}.new`;
    io.write(mine, String(io.pid));
    try {
      io.link(mine, file);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      io.remove(mine);
    }
    const text = io.read(file);
    if (text === null) continue; // released or broken since: try again
    const holder = pidIn(text);
    if (holder === io.pid) return release;
    if (holder !== null && io.alive(holder)) throw held(holder);
    let releaseBreaker: () => void;
    try {
      releaseBreaker = take(`${file}.breaking-${holder ?? 'unreadable'}`, io, () => new Breaking());
    } catch (e) {
      if (!(e instanceof Breaking)) throw e;
      io.pause();
      continue;
    }
    try {
      if (io.read(file) === text) io.remove(file);
    } finally {
      releaseBreaker();
    }
  }
  throw new Error(`Could not take the lock ${file} (it keeps changing); is another process starting on the same data directory?`);
}

const inUse = (dataDir: string, pid: number) =>
  new Error(
    `The data directory ${dataDir} is in use by process ${pid} (the embedded database allows one process). ` +
      'Stop that process first, or use a PostgreSQL server through DATABASE_URL.',
  );

function pidIn(text: string): number | null {
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

const pauseCell = new Int32Array(new SharedArrayBuffer(4));

export const nodeLockIo: LockIo = {
  pid: process.pid,
  mkdir: (dir) => mkdirSync(dir, { recursive: true }),
  write: (file, text) => writeFileSync(file, text),
  link: (from, to) => linkSync(from, to),
  read(file) {
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  },
  remove: (file) => rmSync(file, { force: true }),
  alive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  pause: () => void Atomics.wait(pauseCell, 0, 0, 20),
};
