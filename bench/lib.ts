import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@gongzhi/api';
import { DEMO_PASSWORD, type Database } from '@gongzhi/db';
import { systemClock, type Actor } from '@gongzhi/domain';
import type { Alliance } from '@gongzhi/geo';
import { intakeCase } from '@gongzhi/api/use-cases';
import { createPostgresDatabase } from '@gongzhi/db/testing';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A fresh database on the local PostgreSQL server (TEST_DATABASE_URL), dropped by `drop()`. */
export const scratchDatabase = (prefix = 'gongzhi_bench') => createPostgresDatabase(prefix);

/**
 * Eight real cases taken in through intake across the four cities (the first held by Chengdu's
 * urban management), to be cloned row by row into a large database: their ids, in that order.
 */
export async function intakeTemplates(db: Database, alliance: Alliance): Promise<string[]> {
  const actor: Actor = { kind: 'user', userId: 'bench', username: 'bench', memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }] };
  const ids: string[] = [];
  for (const [matter, lon, lat] of [
    ['VEN-01', 104.0657, 30.6574],
    ['SAN-02', 104.1, 30.67],
    ['FAC-01', 104.043, 30.642],
    ['NOI-01', 103.92, 30.574],
    ['FUM-01', 104.398, 31.127],
    ['WST-02', 103.848, 30.075],
    ['CON-01', 104.627, 30.129],
    ['ADV-01', 104.41, 30.86],
  ] as const) {
    const input = { matter, lon, lat, description: '基准测试', source: 'hotline' as const };
    ids.push((await intakeCase({ ctx: { db, clock: systemClock, alliance }, input: { input, actor } })).caseId);
  }
  return ids;
}

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

/**
 * tRPC over plain keep-alive HTTP, signed in as `username`: the same requests the typed client sends
 * (`mutate`: POST /trpc/<path>, the input as the JSON body; `query`: GET /trpc/<path>?input=…; no
 * transformer), without its fetch (undici's Request, streams and abort signals cost the client as
 * much CPU as the server's whole intake). For benchmarks whose clients share the machine with the
 * server: pgbench's client is C. `query` resolves to the data, the answer's size in characters and
 * the milliseconds it took.
 */
export async function plainMutations(serverUrl: string, username: string, sockets: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const url = new URL(serverUrl);
  let cookie = '';
  const send = (method: 'GET' | 'POST', path: string, input: unknown) =>
    new Promise<{ data: unknown; bytes: number; ms: number }>((resolve, reject) => {
      const body = method === 'POST' ? Buffer.from(JSON.stringify(input)) : undefined;
      const query = method === 'GET' && input !== undefined ? `?input=${encodeURIComponent(JSON.stringify(input))}` : '';
      const started = performance.now();
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          method,
          path: `/trpc/${path}${query}`,
          headers: body ? { 'content-type': 'application/json', 'content-length': body.length, cookie } : { cookie },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - started;
            const set = res.headers['set-cookie']?.[0];
            if (set) cookie = set.split(';')[0]!;
            const text = Buffer.concat(chunks).toString();
            if (res.statusCode !== 200) return reject(new Error(`${path}: ${res.statusCode} ${text.slice(0, 200)}`));
            resolve({ data: (JSON.parse(text) as { result: { data: unknown } }).result.data, bytes: text.length, ms });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  await send('POST', 'auth.login', { username, password: DEMO_PASSWORD });
  return {
    mutate: async (path: string, input: unknown) => (await send('POST', path, input)).data,
    query: (path: string, input?: unknown) => send('GET', path, input),
    close: () => agent.destroy(),
  };
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
  /** Resolves when the server has printed a line matching `pattern` (false after `ms` without one). */
  printed(pattern: RegExp, ms: number): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Waits until the server's demo history (loaded in the background after it answers) is in, so a
 * measurement does not share the server with 18 months of generated cases being stored.
 */
export async function demoHistoryLoaded(server: ServerProcess): Promise<void> {
  if (!(await server.printed(/demo history/, 600_000))) console.warn('(the demo history was still loading after 600 s; measuring anyway)');
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
    // A loaded machine may take minutes to start a server under tsx (BENCH_START_SECONDS, 900 by default).
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), Number(process.env.BENCH_START_SECONDS ?? 900) * 1000);
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
  const printed = (pattern: RegExp, ms: number) =>
    new Promise<boolean>((resolve) => {
      if (pattern.test(output)) return resolve(true);
      const timer = setTimeout(() => done(false), ms);
      const onData = () => pattern.test(output) && done(true);
      const done = (found: boolean) => {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        resolve(found);
      };
      // Registered after the collector above, so `output` already holds the chunk.
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
    });
  return {
    url,
    pid: child.pid!,
    printed,
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

/** CPU seconds (user + system) a process has used so far, from /proc; 0 for one that is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
/** Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every platform Node runs on. */
const CLOCK_TICKS = 100;

/**
 * The CPU the PostgreSQL backends serving one database use over a stretch of work: `start()` notes
 * each backend's CPU so far, `seconds()` what they (and any opened since) used after it. Background
 * processes (WAL writer, checkpointer) are not counted.
 */
export async function databaseCpu(url: string, database: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const backends = async () =>
    (await client.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database])).rows.map((r) => r.pid);
  const before = new Map<number, number>();
  return {
    async start() {
      for (const pid of await backends()) before.set(pid, processCpuSeconds(pid));
    },
    async seconds() {
      let total = 0;
      for (const pid of await backends()) total += processCpuSeconds(pid) - (before.get(pid) ?? 0);
      await client.end();
      return total;
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
}

/**
 * A database on the local PostgreSQL server (TEST_DATABASE_URL) that outlives the run: created when
 * absent, kept by `drop()` (a large history is loaded once and measured several times).
 */
export async function keptDatabase(name: string): Promise<{ url: string; drop(): Promise<void> }> {
  const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: async () => {} };
}
