import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('./main.ts', import.meta.url));

/** Starts the server as `pnpm start` does and collects what it prints until it exits. */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', main], {
      env: { ...process.env, PORT: '0', TIMER_WORKER: 'false', SEED_DEMO: 'false', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

describe('an unreachable PostgreSQL at start', () => {
  it('is said in words, with what to do, and no stack', { timeout: 300_000 }, async () => {
    const refused = await start({ DATABASE_URL: 'postgres://gongzhi:secret@127.0.0.1:1/gongzhi' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Could not reach PostgreSQL at postgres://gongzhi:***@127.0.0.1:1/gongzhi: nothing accepts connections there');
    expect(refused.stderr).toContain('Check DATABASE_URL');
    expect(refused.stderr).not.toMatch(/^\s+at /m);
    expect(refused.stderr).not.toContain('secret');

    const unresolved = await start({ DATABASE_URL: 'postgres://postgres@no-such-host.invalid:5432/gongzhi' });
    expect(unresolved.code).toBe(1);
    expect(unresolved.stderr).toContain('the host name does not resolve');
    expect(unresolved.stderr).not.toMatch(/^\s+at /m);
  });
});
