import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@gongzhi/api';
import { DEMO_PASSWORD } from '@gongzhi/db';
import { createPostgresDatabase } from '@gongzhi/db/testing';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A fresh database on the local PostgreSQL server (TEST_DATABASE_URL), dropped by `drop()`. */
export const scratchDatabase = (prefix = 'gongzhi_bench') => createPostgresDatabase(prefix);

/** A typed API client that keeps the session cookie, signed in as `username` (a demo account). */
export async function signedInClient(serverUrl: string, username: string) {
  let cookie = '';
  const api = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${serverUrl}/trpc`,
        fetch: async (input, init) => {
          const res = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } });
          const set = res.headers.get('set-cookie');
          if (set) cookie = set.split(';')[0]!;
          return res;
        },
      }),
    ],
  });
  await api.auth.login.mutate({ username, password: DEMO_PASSWORD });
  return api;
}

/** pgbench on its own scratch database: TPS of `-N` (simple updates), the baseline of a run. */
export async function pgbenchTps(seconds = 10): Promise<number> {
  const db = await scratchDatabase('gongzhi_pgbench');
  const u = new URL(db.url);
  const args = ['-h', u.hostname, '-p', u.port || '5432', '-U', u.username || 'postgres'];
  try {
    const init = spawnSync('pgbench', [...args, '-i', '-q', db.name], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`pgbench -i failed: ${init.stderr}`);
    const run = spawnSync('pgbench', [...args, '-c', '4', '-j', '2', '-T', String(seconds), '-N', db.name], { encoding: 'utf8' });
    const m = /tps = ([\d.]+)/.exec(run.stdout);
    if (!m) throw new Error(`pgbench printed no TPS: ${run.stdout} ${run.stderr}`);
    return Number(m[1]);
  } finally {
    await db.drop();
  }
}

export interface ServerProcess {
  url: string;
  pid: number;
  rssKb(): number;
  stop(): Promise<void>;
}

/**
 * The real server (apps/server/src/main.ts) as a child process on `env`, ready when it prints its URL;
 * `root` is the checkout to run it from (this one by default; BENCH_BEFORE's for a before/after run).
 */
export async function spawnServer(env: Record<string, string>, nodeArgs: string[] = [], root = ROOT): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'apps/server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 300_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /Open (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    rssKb: () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))![1]),
    stop: () =>
      new Promise((resolve) => {
        // Stopping twice (in a try and its finally) must not wait for an exit that already happened.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}
