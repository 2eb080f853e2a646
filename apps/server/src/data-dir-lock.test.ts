import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { lockDataDir, type LockIo } from './data-dir-lock.ts';

const lockModule = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));

/**
 * `count` processes try the lock on one directory at the same moment; each prints "got" or "refused".
 * Every file-system call they make is slowed by 50 ms (patched into node:fs, ESM bindings synced), so
 * the gaps between one call and the next, where a lock that is not atomic lets a second process in,
 * are wide on any machine. No clock decides who is ready: each child says "ready" once loaded and
 * waits for "go" on its stdin; every child holds what it got until all have answered and "exit" comes.
 */
async function race(dir: string, count: number): Promise<string[]> {
  const script = `
    const fs = (await import('node:fs')).default;
    const { syncBuiltinESMExports } = await import('node:module');
    for (const name of ['existsSync', 'readFileSync', 'writeFileSync', 'linkSync', 'renameSync', 'rmSync', 'openSync']) {
      const real = fs[name];
      fs[name] = (...args) => { const until = Date.now() + 50; while (Date.now() < until) {} return real(...args); };
    }
    syncBuiltinESMExports();
    const { lockDataDir } = await import(${JSON.stringify(lockModule)});
    const lines = [];
    let wake = () => {};
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d) => { lines.push(...d.split('\\n').filter(Boolean)); wake(); });
    const next = (word) => new Promise((resolve) => { const check = () => (lines.includes(word) ? resolve() : (wake = check)); check(); });
    process.stdout.write('ready\\n');
    await next('go');
    let out;
    try { lockDataDir(${JSON.stringify(dir)}); out = 'got'; } catch (e) { out = /in use/.test(e.message) ? 'refused' : 'error ' + e.message; }
    process.stdout.write(out + '\\n');
    await next('exit'); // hold the lock while the others try
    process.exit(0);
  `;
  const children = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines: string[] = [];
    const waiters: Array<() => void> = [];
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      lines.push(...d.split('\n').filter(Boolean));
      for (const w of waiters.splice(0)) w();
    });
    const line = (pick: (l: string) => boolean) =>
      new Promise<string>((resolve, reject) => {
        const check = () => {
          const found = lines.find(pick);
          if (found !== undefined) resolve(found);
          else if (child.exitCode !== null) reject(new Error(`a racer exited early: ${lines.join(' ')}`));
          else waiters.push(check);
        };
        child.on('exit', check);
        check();
      });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    return { child, line, exited };
  });
  await Promise.all(children.map((c) => c.line((l) => l === 'ready')));
  for (const c of children) c.child.stdin.write('go\n');
  const outcomes = await Promise.all(children.map((c) => c.line((l) => l !== 'ready')));
  for (const c of children) c.child.stdin.end('exit\n');
  await Promise.all(children.map((c) => c.exited));
  return outcomes;
}

describe('the PGlite data-directory lock', () => {
  it('is taken by exactly one of several processes starting together, with or without a stale pid file', { timeout: 300_000 }, async () => {
    for (const stale of [false, true, false]) {
      const dir = mkdtempSync(join(tmpdir(), 'gongzhi-lock-'));
      if (stale) writeFileSync(join(dir, 'gongzhi.pid'), '2147483646'); // a pid no process has
      const outcomes = await race(dir, 4);
      expect(
        outcomes.filter((o) => o === 'got'),
        outcomes.join(', '),
      ).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'refused')).toHaveLength(3);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses while its holder lives and is free again once released', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongzhi-lock-'));
    writeFileSync(join(dir, 'gongzhi.pid'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(/in use by process/);
    rmSync(join(dir, 'gongzhi.pid'));
    const release = lockDataDir(dir);
    release();
    lockDataDir(dir)();
    rmSync(dir, { recursive: true, force: true });
  });
});

/** Thrown inside a simulated process that dies at this step: its files stay, its pid is gone. */
class Died extends Error {}
/**
 * Thrown when a simulated process would wait for another to finish breaking a stale lock. It holds
 * nothing at that point (its own files are gone, the breaker is another's), so it is set aside and
 * goes on with its next attempt once the process it interrupted has run on.
 */
class Waits extends Error {}

/** Where a simulated process is interrupted: before its own step `start`s, the next process runs. */
interface Plan {
  starts: number[];
  /** Before this step of its own the process dies: its files stay, its pid is gone. */
  dies?: number;
}

/**
 * Several processes on one in-memory file system, run on one stack: a process starts the next one
 * before the steps its plan names and runs it to its end right there, so every process can land in
 * any gap between any other's steps. Returns each process's outcome and whether two live processes
 * ever held the lock at once.
 */
function simulate(plans: Plan[], stalePid: boolean) {
  const files = new Map<string, string>();
  if (stalePid) files.set('/data/gongzhi.pid', '999');
  const dead = new Set<number>([999]);
  const outcomes = new Map<number, string>();
  let started = 0;
  let overlap = false;
  const holders = () => [...outcomes].filter(([pid, o]) => o === 'got' && !dead.has(pid)).length;
  const waiting: Array<() => void> = [];
  const run = (index: number) => {
    started++;
    const pid = 101 + index;
    const plan = plans[index]!;
    let step = 0;
    const before = () => {
      const now = step++;
      if (now === plan.dies) {
        dead.add(pid);
        throw new Died();
      }
      for (const at of plan.starts) if (at === now && started < plans.length) run(started);
    };
    const io: LockIo = {
      pid,
      mkdir: () => before(),
      write: (file, text) => (before(), void files.set(file, text)),
      link(from, to) {
        before();
        if (files.has(to)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
        const text = files.get(from);
        if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
        files.set(to, text);
      },
      read: (file) => (before(), files.get(file) ?? null),
      remove: (file) => (before(), void files.delete(file)),
      alive: (other) => !dead.has(other),
      pause() {
        before();
        throw new Waits();
      },
    };
    const attempt = () => {
      try {
        lockDataDir('/data', io);
        outcomes.set(pid, 'got');
      } catch (e) {
        if (e instanceof Waits) waiting.push(attempt);
        else if (e instanceof Died) outcomes.set(pid, 'died');
        else outcomes.set(pid, /in use/.test((e as Error).message) ? 'refused' : `error ${(e as Error).message}`);
      }
      if (holders() > 1) overlap = true;
    };
    attempt();
  };
  for (let turns = 0; started < plans.length || waiting.length > 0; turns++) {
    if (turns > 1000) throw new Error('the simulated processes wait for each other forever');
    const resume = waiting.shift();
    if (resume) resume();
    else run(started);
  }
  return { outcomes: [...outcomes.values()], overlap };
}

describe('the PGlite data-directory lock, step by step', () => {
  it('is never held by two live processes, whatever the interleaving, with or without a stale pid file', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ starts: fc.array(fc.nat(14), { maxLength: 3 }), dies: fc.option(fc.nat(20), { freq: 4, nil: undefined }) }), {
          minLength: 2,
          maxLength: 4,
        }),
        fc.boolean(),
        (plans, stale) => {
          const { outcomes, overlap } = simulate(plans, stale);
          expect(overlap, outcomes.join(', ')).toBe(false);
          expect(
            outcomes.filter((o) => o.startsWith('error')),
            outcomes.join(', '),
          ).toEqual([]);
          if (!outcomes.includes('died')) {
            expect(
              outcomes.filter((o) => o === 'got'),
              outcomes.join(', '),
            ).toHaveLength(1);
          }
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('lets a third process in only once a stale pid file is gone (the interleaving that let two processes hold it)', () => {
    // The first reads the stale pid; the second takes the lock; the first acts on what it read;
    // the third comes in at the first's next step.
    const { outcomes, overlap } = simulate([{ starts: [5, 7] }, { starts: [] }, { starts: [] }], true);
    expect(overlap).toBe(false);
    expect(outcomes.filter((o) => o === 'got')).toHaveLength(1);
  });

  it('takes over from a process that died between taking the lock and anything else', () => {
    // The first process dies right after its link: its pid file stays behind; the next takes over.
    const { outcomes } = simulate([{ starts: [], dies: 3 }, { starts: [] }], false);
    expect(outcomes).toEqual(['died', 'got']);
  });
});
