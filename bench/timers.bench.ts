/**
 * Timers: with 100,000 pending, firings per second and lateness when 10,000 fall due at once,
 * fired by two workers on PostgreSQL, each in a thread of its own with its own pool (as two server
 * processes run them), and again with both in one thread (BENCH_ONE_THREAD=0 leaves that out).
 * Lateness is read from the timers' `fired_at` (when their batch took them, as the peers' figures are
 * when a job is handed to its handler) and, for ours, also when their batch committed. Beside
 * them, in the same run, BullMQ delayed jobs on the local Redis (two workers, concurrency 4, a
 * trivial handler) and pg-boss 10 (two workers) with the same burst.
 * With BENCH_BEFORE=<another installed checkout>, that checkout's timer worker fires the same burst
 * on a copy of the same database, and its intake sets up cases at its own pace for comparison.
 *
 *   BENCH_BEFORE=/work/wt/perf-before pnpm --filter @gongzhi/bench bench:timers
 */
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Actor, type Clock } from '@gongzhi/domain';
import { openDatabase, seedReference, startNewWorkflow, TIMER_BATCH, type DatabaseHandle, type FiringOptions } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/use-cases';
import { percentile, scratchDatabase } from './lib.ts';
import { drain, warmUp, WARM_BATCHES, type Drained } from './timer-drain.ts';

const DUE = Number(process.env.BENCH_DUE ?? 10_000);
/** each worker's batches: timers claimed per batch, and batches in flight (the server's worker: TIMER_BATCH, one at a time) */
const LIMIT = Number(process.env.BENCH_LIMIT ?? TIMER_BATCH);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 1);
/** BENCH_PEERS=0 leaves BullMQ and pg-boss out (when trying the worker's settings) */
const PEERS = process.env.BENCH_PEERS !== '0';
/** BENCH_ONE_THREAD=0 leaves out the run with both workers in this thread */
const ONE_THREAD = process.env.BENCH_ONE_THREAD !== '0';
const PENDING = Number(process.env.BENCH_PENDING ?? 100_000);
const BEFORE_SETUP = Number(process.env.BENCH_BEFORE_SETUP ?? 1_000);
const before = process.env.BENCH_BEFORE;
const alliance = loadAlliance();
const coordinator: Actor = {
  kind: 'user',
  userId: 'bench',
  username: 'bench',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};
const t0 = new Date('2026-11-27T01:00:00Z');
const seconds = (ms: number) => (ms / 1000).toFixed(1);
/** lateness as the timers' rows say it (the time their batch took them: `fired_at`) and, for ours, when their batch committed */
const results: Array<{ name: string; perSecond: number; p50: number; p99: number; committedP99?: number }> = [];

type Intake = typeof intakeCase;
/** `n` complex cases (24 h window: a warning at 18 h, an escalation at 24 h), 50 at a time through intakeCase. */
async function setUp(handles: Array<{ db: unknown }>, n: number, intake: Intake, from = 0) {
  const setup = new ManualClock(t0);
  const started = performance.now();
  for (let i = from; i < from + n; i += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, from + n - i) }, (_, j) =>
        intake({
          ctx: { db: handles[j % handles.length]!.db as DatabaseHandle['db'], clock: setup, alliance },
          input: { input: { matter: 'FUM-01', lon: 104.0657, lat: 30.6574, description: `油烟扰民 ${i + j}`, source: 'hotline' }, actor: coordinator },
        }),
      ),
    );
  }
  return performance.now() - started;
}

/**
 * Two workers drain the burst on a copy of the set-up database, each in a thread of its own with its
 * own pool (as two server processes would run them: `bench/timer-drain.worker.ts`), or with
 * `oneThread` both in this thread (two pools, one event loop: how this bench ran before 2026-11-29).
 * Each first fires `WARM_BATCHES` batches on a copy of its own (warm, as a server that has been running);
 * then the clock stands at the 18 h warning when they start and moves with real time.
 */
async function burst(name: string, url: string, warmUrl: string, dbModule: string, options: FiringOptions, oneThread = false) {
  const dueAt = t0.getTime() + 18 * 3_600_000;
  let drained: Drained[];
  let took: number;
  let cpu: NodeJS.CpuUsage;
  if (oneThread) {
    const db = (await import(dbModule)) as typeof import('@gongzhi/db');
    await warmUp(db, warmUrl, dueAt, options);
    const handles = [await db.openDatabase({ url, poolSize: 10 }), await db.openDatabase({ url, poolSize: 10 })];
    const offset = dueAt - Date.now();
    const clock: Clock = { now: () => new Date(Date.now() + offset) };
    cpu = process.cpuUsage();
    const start = performance.now();
    drained = await Promise.all(handles.map((h) => drain(db, h, clock, dueAt, options)));
    took = (performance.now() - start) / 1000;
    for (const h of handles) await h.close();
  } else {
    // (tsx's hooks registered in the thread first: on Node 20 a worker does not take them from `--import`)
    const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
    const script = JSON.stringify(new URL('./timer-drain.worker.ts', import.meta.url).href);
    const entry = `import(${tsx}).then((tsx) => { tsx.register(); return import(${script}); })`;
    const workers = [0, 1].map(() => new Worker(entry, { eval: true, workerData: { url, warm: { url: warmUrl, dueAt }, dbModule, options } }));
    // each warms up and opens its database, then both are told to go at the moment the burst falls due
    const ready = workers.map((w) => once(w, 'message'));
    await Promise.all(ready);
    const done = workers.map((w) => once(w, 'message').then(([m]) => m as Drained));
    cpu = process.cpuUsage(); // the whole process: both threads
    const start = performance.now();
    const offset = dueAt - Date.now();
    for (const w of workers) w.postMessage({ offsetMs: offset });
    drained = await Promise.all(done);
    took = (performance.now() - start) / 1000;
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const used = process.cpuUsage(cpu);
  const check = await openDatabase({ url, poolSize: 1 });
  const late = (await check.db.execute(
    sql`select extract(epoch from (fired_at - due_at)) * 1000 as ms from timers where key = 'response-warning' and fired_at is not null`,
  )) as unknown as { rows: Array<{ ms: string }> };
  await check.close();
  const lateness = late.rows.map((r) => Number(r.ms)).sort((x, y) => x - y);
  const committed = drained.flatMap((d) => d.committed).sort((x, y) => x - y);
  const fired = drained.map((d) => d.fired);
  const total = fired[0]! + fired[1]!;
  results.push({
    name,
    perSecond: total / took,
    p50: percentile(lateness, 0.5),
    p99: percentile(lateness, 0.99),
    ...(committed.length > 0 ? { committedP99: percentile(committed, 0.99) } : {}),
  });
  console.log(
    `${name}: fired ${total} (A ${fired[0]}, B ${fired[1]}) in ${took.toFixed(1)} s, this process busy ${seconds((used.user + used.system) / 1000)} s of it`,
  );
}

/** A copy of the set-up database for one burst (made while nothing is connected to it), dropped by `drop()`. */
async function copyOf(template: { url: string; name: string }) {
  const copy = await scratchDatabase('gongzhi_bench_burst');
  const admin = new pg.Client({ connectionString: template.url.replace(/\/[^/]+$/, '/postgres') });
  await admin.connect();
  await admin.query(`drop database ${copy.name}`);
  await admin.query(`create database ${copy.name} template ${template.name}`);
  await admin.end();
  return copy;
}

const thisDb = import.meta.resolve('@gongzhi/db');
const dbA = await scratchDatabase();
const dbSetupBefore = before ? await scratchDatabase('gongzhi_bench_setup') : undefined;
const a = await openDatabase({ url: dbA.url, poolSize: 10 });
const b = await openDatabase({ url: dbA.url, poolSize: 10 });
try {
  try {
    await a.migrate();
    await seedReference(a.db, alliance, t0);
    const firstMs = await setUp([a, b], Math.min(BEFORE_SETUP, DUE), intakeCase);
    const restMs = DUE > BEFORE_SETUP ? await setUp([a, b], DUE - BEFORE_SETUP, intakeCase, BEFORE_SETUP) : 0;
    console.log(
      `set-up: ${DUE} cases through intakeCase, 50 at a time, in ${seconds(firstMs + restMs)} s (${Math.round(DUE / ((firstMs + restMs) / 1000))}/s; goal < 30 s)`,
    );
    const holder = await startNewWorkflow(
      { db: a.db, clock: new ManualClock(t0) },
      'harmonisation',
      { matterCode: 'FUM-01', text: 'x', proposedBy: 'bench', proposedAt: t0.toISOString(), cities: ['510100'] },
      coordinator,
    );
    await a.db.execute(
      sql`insert into timers (workflow_id, key, due_at, event) select ${holder}, 'bench-' || g, ${new Date(t0.getTime() + 30 * 86_400_000)}::timestamptz + g * interval '1 second', '{"type":"NOOP"}'::jsonb from generate_series(1, ${PENDING - 2 * DUE}) g`,
    );
    await a.db.execute(sql`analyze timers`);
    const pending = (await a.db.execute(sql`select count(*)::int as n from timers where fired_at is null`)) as unknown as { rows: Array<{ n: number }> };
    console.log(`pending timers: ${pending.rows[0]!.n}`);
    if (before && dbSetupBefore) {
      // The old intake, the same first cases on an empty database.
      const old = (await import(pathToFileURL(`${before}/packages/db/src/index.ts`).href)) as typeof import('@gongzhi/db');
      const oldApi = (await import(pathToFileURL(`${before}/packages/api/src/use-cases/index.ts`).href)) as typeof import('@gongzhi/api/use-cases');
      const sa = await old.openDatabase({ url: dbSetupBefore.url, poolSize: 10 });
      const sb = await old.openDatabase({ url: dbSetupBefore.url, poolSize: 10 });
      await sa.migrate();
      await old.seedReference(sa.db, alliance, t0);
      const oldMs = await setUp([sa, sb], Math.min(BEFORE_SETUP, DUE), oldApi.intakeCase as unknown as Intake);
      await sa.close();
      await sb.close();
      console.log(
        `set-up of the first ${Math.min(BEFORE_SETUP, DUE)} cases: before ${seconds(oldMs)} s, after ${seconds(firstMs)} s: ${(oldMs / firstMs).toFixed(1)}× faster`,
      );
    }
  } finally {
    await a.close();
    await b.close();
  }
  // Each burst on its own copy of the same database, alternating when there is a before checkout.
  const settings = { limit: LIMIT, concurrency: IN_FLIGHT };
  const shown = `batches of ${LIMIT}${IN_FLIGHT === 1 ? '' : ` × ${IN_FLIGHT}`}`;
  const runs: Array<[string, string, FiringOptions, boolean]> = [[`after: ${shown}, a thread each`, thisDb, settings, false]];
  if (before) {
    const oldDb = pathToFileURL(`${before}/packages/db/src/index.ts`).href;
    const old = (await import(oldDb)) as typeof import('@gongzhi/db');
    // the same settings as this checkout's run when the old one has them (before TIMER_BATCH: 200, two at a time)
    const oldSettings = 'TIMER_BATCH' in old ? settings : { limit: 200, concurrency: 2 };
    runs.unshift([`before: BENCH_BEFORE checkout, a thread each`, oldDb, oldSettings, false]);
  }
  if (ONE_THREAD) runs.push([`after: ${shown}, both in one thread`, thisDb, settings, true]);
  for (const [name, dbModule, options, oneThread] of runs) {
    const copy = await copyOf(dbA);
    const warm = await copyOf(dbA);
    try {
      await burst(name, copy.url, warm.url, dbModule, options, oneThread);
    } finally {
      await copy.drop();
      await warm.drop();
    }
  }
} finally {
  await dbA.drop();
  await dbSetupBefore?.drop();
}

// BullMQ: the same burst as delayed jobs on the local Redis.
if (PEERS)
  try {
    const { Queue, Worker } = await import('bullmq');
    const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
    const name = `gongzhi-bench-${process.pid}`;
    const queue = new Queue(name, { connection });
    const burstAt = Date.now() + 30_000 + DUE; // time to add them all
    const far = 30 * 86_400_000;
    for (let i = 0; i < PENDING; i += 5_000) {
      await queue.addBulk(
        Array.from({ length: Math.min(5_000, PENDING - i) }, (_, j) => {
          const k = i + j;
          const due = k < DUE ? burstAt : Date.now() + far + k * 1000;
          return { name: 'deadline', data: { k, due }, opts: { delay: due - Date.now(), removeOnComplete: true } };
        }),
      );
    }
    if (Date.now() > burstAt) console.log('BullMQ: adding took longer than the lead time; lateness includes it');
    const workers: Array<{ close(): Promise<void> }> = [];
    const lateness: number[] = [];
    let first = Infinity;
    let last = 0;
    const done = new Promise<void>((resolve) => {
      const handler = async (job: { data: unknown }) => {
        const { due } = job.data as { due: number };
        const now = Date.now();
        lateness.push(now - due);
        first = Math.min(first, now);
        last = Math.max(last, now);
        if (lateness.length === DUE) resolve();
      };
      workers.push(new Worker(name, handler, { connection, concurrency: 4 }), new Worker(name, handler, { connection, concurrency: 4 }));
    });
    await done;
    lateness.sort((x, y) => x - y);
    results.push({
      name: 'BullMQ (Redis, 2 workers × 4)',
      perSecond: DUE / Math.max(0.001, (last - Math.max(first, burstAt)) / 1000 || 0.001),
      p50: percentile(lateness, 0.5),
      p99: percentile(lateness, 0.99),
    });
    await Promise.all(workers.map((w) => w.close()));
    await queue.obliterate({ force: true });
    await queue.close();
  } catch (e) {
    console.log(`BullMQ not measured: ${(e as Error).message}`);
  }

// pg-boss 10: the same burst as jobs with startAfter, on its own scratch database.
if (PEERS)
  try {
    const { default: PgBoss } = await import('pg-boss');
    const db = await scratchDatabase('gongzhi_pgboss');
    const bosses = [new PgBoss({ connectionString: db.url, max: 5 }), new PgBoss({ connectionString: db.url, max: 5 })];
    try {
      for (const boss of bosses) {
        boss.on('error', () => {});
        await boss.start();
      }
      const [boss] = bosses as [InstanceType<typeof PgBoss>];
      await boss.createQueue('deadline');
      const burstAt = Date.now() + 60_000;
      const far = 30 * 86_400_000;
      for (let i = 0; i < PENDING; i += 5_000) {
        await boss.insert(
          Array.from({ length: Math.min(5_000, PENDING - i) }, (_, j) => {
            const k = i + j;
            const due = k < DUE ? burstAt : burstAt + far + k * 1000;
            return { name: 'deadline', data: { due }, startAfter: new Date(due) };
          }),
        );
      }
      if (Date.now() > burstAt) console.log('pg-boss: adding took longer than the lead time; lateness includes it');
      const lateness: number[] = [];
      let last = 0;
      await new Promise<void>((resolve) => {
        for (const b of bosses) {
          void b.work<{ due: number }>('deadline', { batchSize: 50, pollingIntervalSeconds: 0.5 }, async (jobs) => {
            const now = Date.now();
            for (const job of jobs) lateness.push(now - job.data.due);
            last = Math.max(last, now);
            if (lateness.length >= DUE) resolve();
          });
        }
      });
      lateness.sort((x, y) => x - y);
      results.push({
        name: 'pg-boss 10 (PostgreSQL, 2 workers, batches of 50)',
        perSecond: DUE / Math.max(0.001, (last - burstAt) / 1000),
        p50: percentile(lateness, 0.5),
        p99: percentile(lateness, 0.99),
      });
    } finally {
      for (const boss of bosses) await boss.stop({ graceful: false, wait: true }).catch(() => {});
      await db.drop();
    }
  } catch (e) {
    console.log(`pg-boss not measured: ${(e as Error).message}`);
  }

console.log(
  `\n${DUE.toLocaleString('en')} due at once among ${PENDING.toLocaleString('en')} pending, two workers, each warmed up by ${WARM_BATCHES} batches first (one run):`,
);
for (const r of results) {
  console.log(
    `  ${r.name.padEnd(52)} ${Math.round(r.perSecond).toLocaleString('en').padStart(7)} firings/s   lateness p50 ${seconds(r.p50)} s   p99 ${seconds(r.p99)} s${r.committedP99 === undefined ? '' : `, committed p99 ${seconds(r.committedP99)} s`}`,
  );
}
const old = results.find((r) => r.name.startsWith('before'));
const now = results.find((r) => r.name.startsWith('after'));
if (old && now)
  console.log(`after/before: ${(now.perSecond / old.perSecond).toFixed(1)}× the firings per second, p99 lateness ${(old.p99 / now.p99).toFixed(1)}× lower`);
