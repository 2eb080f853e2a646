import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockDataDir } from './data-dir-lock.ts';

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
