import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lockDataDir } from './data-dir-lock.ts';

const lockModule = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));

/**
 * `count` processes try the lock on one directory at the same instant; each prints "got" or "refused".
 * Every file-system call they make is slowed by 50 ms (patched into node:fs, ESM bindings synced), so
 * the gaps between one call and the next, where a lock that is not atomic lets a second process in,
 * are wide on any machine.
 */
async function race(dir: string, count: number): Promise<string[]> {
  const at = Date.now() + 2500; // all started and loaded by then, on a busy machine too
  const script = `
    const fs = (await import('node:fs')).default;
    const { syncBuiltinESMExports } = await import('node:module');
    for (const name of ['existsSync', 'readFileSync', 'writeFileSync', 'linkSync', 'renameSync', 'rmSync', 'openSync']) {
      const real = fs[name];
      fs[name] = (...args) => { const until = Date.now() + 50; while (Date.now() < until) {} return real(...args); };
    }
    syncBuiltinESMExports();
    const { lockDataDir } = await import(${JSON.stringify(lockModule)});
    while (Date.now() < ${at}) {}
    let out;
    try { lockDataDir(${JSON.stringify(dir)}); out = 'got'; } catch (e) { out = /in use/.test(e.message) ? 'refused' : 'error ' + e.message; }
    process.stdout.write(out);
    setTimeout(() => process.exit(0), 1500); // hold the lock while the others try
  `;
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<string>((resolve, reject) => {
          const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (d: Buffer) => (out += d.toString()));
          child.on('error', reject);
          child.on('exit', () => resolve(out));
        }),
    ),
  );
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
