/**
 * The inbox of 10,000 tasks against the same inbox of 30, in Debian's Chromium, from the same server
 * in this run, the two taking turns: the time from navigating to the inbox to its first rows, the
 * page's own figure from asking for the list to the rows on screen (`data-rendered-ms`), the rows the
 * page holds, and a scroll to the last task. The portal's end-to-end test proves the list is
 * virtualised with 1,000 tasks; this measures what 10,000 cost.
 *
 *   pnpm --filter @gongzhi/portal build && pnpm --filter @gongzhi/bench bench:inbox      (BENCH_RUNS, 5 by default)
 */
import { sql } from 'drizzle-orm';
import { chromium, type Page } from 'playwright-core';
import { hashPassword } from '@gongzhi/auth';
import { DEMO_PASSWORD, openDatabase, seedDemoUsers, seedReference, type Database } from '@gongzhi/db';
import { systemClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../apps/portal/e2e/chromium.ts';
import { percentile, scratchDatabase, spawnServer } from './lib.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** the large inbox and the small one, each a unit's with a demo account */
const INBOXES = [
  { username: 'cd-water', unit: '510100:water', tasks: 10_000 },
  { username: 'cd-ecology', unit: '510100:ecology', tasks: 30 },
] as const;

/** `tasks` open cases of the unit, written straight into the projection tables as the e2e test does, a tenth overdue. */
async function fill(db: Database, unit: string, tasks: number) {
  const id = sql.raw(`'${unit.replace(/\W/g, '-')}-' || g`);
  const overdue = Math.round(tasks / 10);
  await db.execute(sql`
    insert into cases (id, matter_code, matrix_version, city_adcode, county_adcode, lon, lat, description, source, border_cities, cross_city, tier, created_at, state, holder_unit)
    select ${id}, 'SAN-04', 1, '510100', '510104', 104.08, 30.65, '府南河锦江段水面漂浮物较多,第 ' || g || ' 号工单', 'hotline', '{}', false, 'simple', now(), 'offered', ${unit}
    from generate_series(1, ${tasks}) g`);
  await db.execute(sql`
    insert into workflows (id, kind, case_id, matter_code, state, done, snapshot, version, created_at, updated_at)
    select ${id}, 'case', ${id}, 'SAN-04', 'offered', false, '{"context":{"transferLocked":false}}'::jsonb, 1, now(), now()
    from generate_series(1, ${tasks}) g`);
  await db.execute(sql`
    insert into tasks (workflow_id, kind, case_id, inbox, role, action, due_at, warn_at, escalation, since)
    select ${id}, 'case', ${id}, ${unit}, 'lead', 'claim', now() + (g - ${overdue}) * interval '1 minute', now() + (g - ${overdue} - 30) * interval '1 minute', 0, now()
    from generate_series(1, ${tasks}) g`);
}

interface Sample {
  firstRowsMs: number;
  renderedMs: number;
  rows: number;
  scrollToEndMs: number;
}

/** One visit to the inbox from another page, as a person coming back to it. */
async function visit(page: Page, url: string, tasks: number): Promise<Sample> {
  await page.goto(`${url}/matrix`);
  const started = performance.now();
  await page.goto(`${url}/inbox`);
  await page.locator('.task-row').first().waitFor();
  const firstRowsMs = performance.now() - started;
  const count = page.locator('.count:not([data-rendered-ms=""])');
  await count.waitFor();
  const renderedMs = Number(await count.getAttribute('data-rendered-ms'));
  const rows = await page.locator('.task-row').count();
  const scrolled = performance.now();
  await page.locator('.virtual').evaluate((el) => (el.scrollTop = el.scrollHeight));
  await page.locator('.task-row', { hasText: `第 ${tasks} 号工单` }).waitFor();
  return { firstRowsMs, renderedMs, rows, scrollToEndMs: performance.now() - scrolled };
}

const alliance = loadAlliance();
const database = await scratchDatabase();
const handle = await openDatabase({ url: database.url });
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: CHROMIUM_ARGS,
});
let server: Awaited<ReturnType<typeof spawnServer>> | undefined;
try {
  await handle.migrate();
  await seedReference(handle.db, alliance, systemClock.now());
  await seedDemoUsers(handle.db, hashPassword, systemClock.now());
  for (const inbox of INBOXES) await fill(handle.db, inbox.unit, inbox.tasks);
  server = await spawnServer({ DATABASE_URL: database.url, PORT: '0', SEED_DEMO: 'false' });
  const url = server.url;

  const pages = await Promise.all(
    INBOXES.map(async (inbox) => {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' })).newPage();
      await page.goto(`${url}/login`);
      await page.locator('input[name=username]').fill(inbox.username);
      await page.locator('input[name=password]').fill(DEMO_PASSWORD);
      await page.locator('form button[type=submit]').click();
      await page.waitForURL(/\/inbox$/);
      return page;
    }),
  );
  const samples: Sample[][] = INBOXES.map(() => []);
  // a visit each unmeasured, then the two in turn
  for (let run = -1; run < RUNS; run++) {
    for (const [i, inbox] of INBOXES.entries()) {
      const sample = await visit(pages[i]!, url, inbox.tasks);
      if (run >= 0) samples[i]!.push(sample);
    }
  }

  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      0.5,
    );
  const summary = INBOXES.map((inbox, i) => {
    const s = samples[i]!;
    return {
      tasks: inbox.tasks,
      firstRowsMs: median(s.map((x) => x.firstRowsMs)),
      renderedMs: median(s.map((x) => x.renderedMs)),
      rows: Math.max(...s.map((x) => x.rows)),
      scrollToEndMs: median(s.map((x) => x.scrollToEndMs)),
    };
  });
  for (const s of summary) {
    console.log(
      `inbox of ${String(s.tasks).padStart(6)} tasks: first rows ${s.firstRowsMs.toFixed(0).padStart(5)} ms, asked to on screen ${s.renderedMs.toFixed(0).padStart(5)} ms, ` +
        `${s.rows} rows in the page, scroll to the last ${s.scrollToEndMs.toFixed(0).padStart(4)} ms (medians of ${RUNS})`,
    );
  }
  const [large, small] = summary as [(typeof summary)[number], (typeof summary)[number]];
  console.log(
    `10,000 against 30: first rows ×${(large.firstRowsMs / small.firstRowsMs).toFixed(2)}, asked to on screen ×${(large.renderedMs / small.renderedMs).toFixed(2)}, ` +
      `rows in the page ×${(large.rows / small.rows).toFixed(2)} for ×${(large.tasks / small.tasks).toFixed(0)} the tasks`,
  );
} finally {
  await browser.close();
  await server?.stop();
  await handle.close();
  await database.drop();
}
