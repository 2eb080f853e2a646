/**
 * The command centre on PostgreSQL with a large history: p95 of every dashboard query (goal < 300 ms),
 * a month bulletin end to end (compile + XLSX + HTML; goal < 3 s), and the early warning's backtest
 * over the held-back last 8 weeks. The history is the demo's generator scaled by COMMAND_SCALE
 * (default 4: about 200,000 cases over 18 months; 20 gives about 1,000,000). COMMAND_DB=pglite runs the
 * same on the embedded database (default scale 1: the demo history itself). Each query is timed twice:
 * computed every time (no cache: the figure a new day or a new fact costs), and through the server's
 * FigureCache (the same question again on the same day with no new facts).
 */
import { sql } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCallerFactory, appRouter, compileBulletin, FigureCache, InboxBus, type Context } from '@gongzhi/api';
import { demoCounties, generateDemoHistory, insertFacts, loadMatrix, openDatabase, seedReference } from '@gongzhi/db';
import { backtest, dayOf, ManualClock, type Principal } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { cellDays } from '@gongzhi/db';
import { bulletinHtml } from '../apps/server/src/reports/bulletin-html.ts';
import { bulletinXlsx } from '../apps/server/src/reports/bulletin-xlsx.ts';
import { keptDatabase, percentile, scratchDatabase } from './lib.ts';

const EMBEDDED = process.env.COMMAND_DB === 'pglite';
const SCALE = Number(process.env.COMMAND_SCALE ?? (EMBEDDED ? 1 : 4));
const RUNS = Number(process.env.COMMAND_RUNS ?? 20);
/** COMMAND_KEEP=<name>: load the history into database gongzhi_command_<name> once and keep it for the next runs (PostgreSQL) */
const KEEP = EMBEDDED ? undefined : process.env.COMMAND_KEEP;
const alliance = loadAlliance();
const clock = new ManualClock('2026-11-28T04:00:00Z');
const dataDir = EMBEDDED ? mkdtempSync(join(tmpdir(), 'gongzhi-command-bench-')) : '';
const scratch = EMBEDDED
  ? { url: undefined, drop: async () => rmSync(dataDir, { recursive: true, force: true }) }
  : KEEP
    ? await keptDatabase(`gongzhi_command_${KEEP}`)
    : await scratchDatabase();
const handle = await openDatabase(EMBEDDED ? { dataDir } : { url: scratch.url });
console.log(`command centre on ${EMBEDDED ? 'PGlite (embedded)' : 'PostgreSQL'}, history scale ${SCALE}`);
const factCount = async () =>
  Number(((await handle.db.execute(sql`select count(*)::int as n from case_facts`)) as unknown as { rows: Array<{ n: number }> }).rows[0]?.n ?? 0);
try {
  await handle.migrate();
  if (!KEEP || (await factCount()) === 0) await seedReference(handle.db, alliance, clock.now());
  const matrix = await loadMatrix(handle.db);
  const counties = demoCounties(alliance.counties).map((c) => ({ ...c, perDay: c.perDay * SCALE }));
  let t = performance.now();
  const kept = await factCount();
  if (kept > 0) console.log(`history: ${kept.toLocaleString('en')} cases kept in case_facts from an earlier run (COMMAND_KEEP)`);
  else {
    const facts = generateDemoHistory({ counties, matters: matrix.matters, until: clock.now() });
    for (let i = 0; i < facts.length; i += 2000) await insertFacts(handle.db, facts.slice(i, i + 2000));
    await handle.db.execute(sql`analyze case_facts`);
    console.log(`history: ${facts.length.toLocaleString('en')} cases over 18 months in case_facts (${((performance.now() - t) / 1000).toFixed(1)} s to load)`);
  }

  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (1, 5, 15 min)`,
  );
  const principal: Principal = {
    userId: 'b',
    username: 'b',
    displayName: 'b',
    memberships: [{ role: 'leadership', cityAdcode: '510100', departmentCode: null }],
  };
  const ctx = {
    db: handle.db,
    clock,
    alliance,
    bus: new InboxBus(),
    principal,
    session: { id: 's', userId: 'b', expiresAt: new Date('2027-01-01T00:00:00Z') },
    secureCookies: false,
    setCookie: () => {},
    requestId: 'bench',
    clientAddress: 'bench',
  } as unknown as Context;
  const api = createCallerFactory(appRouter)(ctx).command;
  const period = '2026-10';
  type Api = typeof api;
  const queriesOf = (api: Api): Array<[string, () => Promise<unknown>]> => [
    ['tiles (all indicators, 3 periods)', () => api.tiles({ period })],
    ['tiles, Chengdu, vending', () => api.tiles({ period, city: '510100', domain: 'vending' })],
    ['trend (13 months)', () => api.trend({ period, code: 'responseHours', points: 13 })],
    ['ranking (composite score)', () => api.ranking({ period })],
    ['districts', () => api.districts({ period })],
    ['heatmap (hour × weekday)', () => api.heatmap({ period, domain: 'vending' })],
    ['drill (first 100 of a district)', () => api.drill({ period, code: 'intake', group: { kind: 'county', key: '510104' }, limit: 100 })],
    ['quarter tiles', () => api.tiles({ period: '2026-Q3' })],
    ['forecast + backtest', () => api.forecast({ city: '510100' })],
  ];
  const queries = queriesOf(api);

  // BENCH_BEFORE=<another installed checkout>: its router answers the same questions on the same
  // database, query by query alternated with this one's (same run, same load)
  const before = process.env.BENCH_BEFORE;
  const oldApi = before
    ? ((await import(pathToFileURL(`${before}/packages/api/src/index.ts`).href)) as {
        createCallerFactory: typeof createCallerFactory;
        appRouter: typeof appRouter;
        compileBulletin: typeof compileBulletin;
      })
    : null;
  const oldQueries = oldApi ? queriesOf(oldApi.createCallerFactory(oldApi.appRouter)(ctx).command) : [];
  const time = async (run: () => Promise<unknown>) => {
    await run();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    return times.sort((a, b) => a - b);
  };
  for (const [k, [name, run]] of queries.entries()) {
    const old = oldQueries[k] ? await time(oldQueries[k][1]) : null;
    const times = await time(run);
    console.log(
      `${name.padEnd(34)} p50 ${percentile(times, 0.5).toFixed(0).padStart(5)} ms  p95 ${percentile(times, 0.95).toFixed(0).padStart(5)} ms  (${RUNS} runs, computed each time; goal p95 < 300 ms)` +
        (old ? `; before p50 ${percentile(old, 0.5).toFixed(0)} ms p95 ${percentile(old, 0.95).toFixed(0)} ms` : ''),
    );
  }
  // the same through the server's cache: the first asking computes, the rest of the day is answered from memory
  const cachedApi = createCallerFactory(appRouter)({ ...ctx, figureCache: new FigureCache() }).command;
  const cachedQueries = queriesOf(cachedApi);
  for (const [name, run] of cachedQueries) {
    t = performance.now();
    await run();
    const first = performance.now() - t;
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      t = performance.now();
      await run();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      `${(name + ', cached').padEnd(34)} first ${first.toFixed(0).padStart(5)} ms  then p95 ${percentile(times, 0.95).toFixed(1).padStart(6)} ms  (drill is never cached)`,
    );
  }

  for (const city of ['510100', undefined]) {
    let old = '';
    if (oldApi) {
      t = performance.now();
      const b = await oldApi.compileBulletin({ ctx: { db: handle.db, clock, alliance, scope: { all: true } }, input: { period, city } });
      await bulletinXlsx(b);
      bulletinHtml(b);
      old = `; before ${((performance.now() - t) / 1000).toFixed(2)} s`;
    }
    t = performance.now();
    const b = await compileBulletin({ ctx: { db: handle.db, clock, alliance, scope: { all: true } }, input: { period, city } });
    const xlsx = await bulletinXlsx(b);
    const html = bulletinHtml(b);
    console.log(
      `month bulletin ${city ?? 'alliance'} end to end: ${((performance.now() - t) / 1000).toFixed(2)} s (goal < 3 s); ${b.summary[0]?.numerator} cases, XLSX ${(xlsx.length / 1024).toFixed(0)} kB, HTML ${(html.length / 1024).toFixed(0)} kB${old}`,
    );
  }
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (1, 5, 15 min)`,
  );

  // the early warning's backtest over the held-back last 8 weeks (the figures shown beside the forecast)
  const today = dayOf(clock.now().getTime() + 8 * 3_600_000);
  const to = new Date(new Date(`${today}T00:00:00Z`).getTime() - 8 * 3_600_000);
  for (const [label, filters] of [
    ['alliance, every domain', {}],
    ['Chengdu, street vending', { city: '510100', domain: 'vending' as const }],
  ] as const) {
    const history = await cellDays(handle.db, { scope: { all: true }, filters, from: new Date(to.getTime() - 12 * 7 * 86_400_000), to });
    const b = backtest(history, today, { weeks: 8, window: 4 });
    console.log(
      `backtest ${label}: top-10 hit rate ${(b.top10HitRate * 100).toFixed(1)} %, MAE ${b.mae.toFixed(2)} complaints per cell-day (baseline "usual mean" MAE ${b.baselineMae.toFixed(2)}), over ${b.cellDays} cell-days of 8 weeks`,
    );
  }
} finally {
  await handle.close();
  await scratch.drop();
}
