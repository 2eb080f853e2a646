import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, demoCounties, generateDemoHistory, insertFacts, loadMatrix } from '@gongzhi/db';
import { periodOf, systemClock } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/** The command centre (issue 13) in Chromium: tiles, charts, drill-down, scope, phone width, both languages. */
let harness: Harness;

/** Signs in as `username`; `watch` is given the page before anything loads (so no response escapes it). */
async function as(username: string, options: { lang?: 'zh' | 'en'; width?: number; watch?: (page: Page) => void } = {}): Promise<Page> {
  const width = options.width ?? 1280;
  const context = await harness.newContext({ viewport: { width, height: 900 }, locale: 'zh-CN' });
  if (options.lang === 'en') await context.addInitScript(() => localStorage.setItem('gongzhi.lang', 'en'));
  const page = await context.newPage();
  options.watch?.(page);
  await page.goto(`${harness.baseUrl}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  return page;
}
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage });
const rows = async <T>(q: ReturnType<typeof sql>) => ((await harness.handle.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  harness = await startHarness();
  // The demo's history, 4 months of it rather than 18: enough for every figure, chart and drill-down here
  // (the early warning reads the last 12 weeks: a 4-week window and 8 held back for its backtest), at a
  // quarter of the rows to store.
  const facts = generateDemoHistory({
    counties: demoCounties(harness.alliance.counties),
    matters: (await loadMatrix(harness.handle.db)).matters,
    until: systemClock.now(),
    months: 4,
  });
  await insertFacts(harness.handle.db, facts);
});
afterEach(() => harness?.closeContexts());
afterAll(async () => {
  await harness?.close();
});

describe('command centre in Chromium', () => {
  it('sends leadership to the dashboard: tiles first, then the chart chunk, then four charts; a figure drills to exactly its cases', async () => {
    const loaded: Array<{ what: string; at: number }> = [];
    // Watched from before the sign-in: the tiles may arrive before `as` returns.
    const page = await as('leadership', {
      watch: (p) => {
        p.on('response', (r) => {
          if (r.url().includes('/trpc/command.tiles')) loaded.push({ what: 'tiles', at: Date.now() });
        });
        p.on('request', (r) => {
          if (/DashboardCharts-[\w-]+\.js/.test(r.url())) loaded.push({ what: 'charts', at: Date.now() });
        });
      },
    });
    await page.waitForURL(/\/dashboard$/);
    const intake = page.locator('[data-tile=intake] .tile-value');
    await expect.poll(() => intake.textContent()).toMatch(/^[\d,]+$/);
    for (const chart of ['trend', 'ranking', 'districts', 'heatmap']) {
      await expect.poll(() => page.locator(`[data-chart=${chart}] canvas`).count(), { message: chart }).toBeGreaterThan(0);
    }
    // the demo history carries resolution deadlines: 按期结案率 is a figure, not a dash
    await expect.poll(() => page.locator('[data-tile=resolvedOnTime] .tile-value').textContent()).toMatch(/^\d+(\.\d)?%$/);
    // and enforcement records: 柔性执法占比 and 自由裁量偏差率 are figures with their targets
    for (const code of ['flexibleEnforcement', 'discretionDeviation']) {
      await expect.poll(() => page.locator(`[data-tile=${code}] .tile-value`).textContent(), { message: code }).toMatch(/^\d+(\.\d)?%$/);
    }
    await expect.poll(() => page.locator('[data-tile=flexibleEnforcement]').textContent()).toContain('柔性执法占比');
    // the chart chunk was asked for only after the tiles had arrived
    expect(loaded.map((l) => l.what)).toEqual(['tiles', 'charts']);
    await page.waitForTimeout(800); // let the charts finish their entry animation before the picture
    await shot(page, 'dashboard', true);
    await page.locator('.tiles').screenshot({ path: `${ARTIFACTS}dashboard-tiles.png` });
    await page.locator('.dashboard-charts').screenshot({ path: `${ARTIFACTS}dashboard-charts.png` });

    // the tile's count is the month's cases, and its drill-down lists exactly them
    const month = periodOf(systemClock.now(), 'month');
    const [count] = await rows<{ n: number }>(
      sql`select count(*)::int as n from case_facts where reported_at >= ${month.from.toISOString()} and reported_at < ${month.to.toISOString()}`,
    );
    expect(Number((await intake.textContent())?.replace(/,/g, ''))).toBe(count?.n);
    await intake.click();
    const drill = page.locator('#drill');
    await expect.poll(() => drill.locator('[data-drill-total]').getAttribute('data-drill-total')).toBe(String(count?.n));
    const newest = await rows<{ case_id: string }>(
      sql`select case_id from case_facts where reported_at >= ${month.from.toISOString()} and reported_at < ${month.to.toISOString()} order by reported_at desc, case_id limit 100`,
    );
    const listed = await drill.locator('[data-drill-case]').evaluateAll((els) => els.map((e) => e.getAttribute('data-drill-case')));
    expect(listed).toEqual(newest.map((r) => r.case_id));
    // the next hundred, page by page
    const next = await rows<{ case_id: string }>(
      sql`select case_id from case_facts where reported_at >= ${month.from.toISOString()} and reported_at < ${month.to.toISOString()} order by reported_at desc, case_id limit 100 offset 100`,
    );
    await drill.getByRole('button', { name: '下 100 件' }).click();
    await expect.poll(() => drill.locator('[data-drill-case]').first().getAttribute('data-drill-case')).toBe(next[0]?.case_id);
    expect(await drill.locator('[data-drill-case]').evaluateAll((els) => els.map((e) => e.getAttribute('data-drill-case')))).toEqual(
      next.map((r) => r.case_id),
    );
    expect(await drill.locator('.count').textContent()).toContain(`显示第 101–${100 + next.length} 件`);
    await drill.scrollIntoViewIfNeeded();
    await shot(page, 'dashboard-drill-page-2');
    // and back to the first hundred; the total stays, counted once with the first page
    await drill.getByRole('button', { name: '上 100 件' }).click();
    await expect.poll(() => drill.locator('[data-drill-case]').first().getAttribute('data-drill-case')).toBe(newest[0]?.case_id);
    expect(await drill.locator('.count').textContent()).toContain(`显示第 1–100 件`);
    expect(await drill.locator('[data-drill-total]').getAttribute('data-drill-total')).toBe(String(count?.n));

    // a lower-is-better rate: its cases that missed are the deviating records (the numerator), not the rest
    const [deviating] = await rows<{ n: number }>(
      sql`select count(*)::int as n from case_facts where enforcement_deviating and resolved_at >= ${month.from.toISOString()} and resolved_at < ${month.to.toISOString()}`,
    );
    const missed = page.locator('[data-tile=discretionDeviation] button.link-button');
    expect(await missed.textContent()).toBe(`未达标 ${deviating?.n}`);
    await missed.click();
    await expect.poll(() => drill.locator('[data-drill-total]').getAttribute('data-drill-total')).toBe(String(deviating?.n));
    await expect.poll(() => drill.locator('h2').textContent()).toContain('自由裁量偏差率 · 未达标');

    // a unit of the ranking drills to the cases charged to it (the month's intake: the closing unit, or
    // the holder while open); the first ranked unit with any, since a unit may rank on cases reported
    // earlier and closed this month, and have none
    const charged = new Map(
      (
        await rows<{ unit: string; n: number }>(
          sql`select coalesce(closing_unit, holder_unit) as unit, count(*)::int as n from case_facts where reported_at >= ${month.from.toISOString()} and reported_at < ${month.to.toISOString()} group by 1`,
        )
      ).map((r) => [r.unit, r.n]),
    );
    const ranked = await page.locator('[data-ranking] li[data-unit]').evaluateAll((els) => els.map((e) => e.getAttribute('data-unit') ?? ''));
    const unit = ranked.find((u) => (charged.get(u) ?? 0) > 0);
    expect(unit).toBeDefined();
    const line = page.locator(`[data-ranking] li[data-unit="${unit}"] button`).first();
    await line.click();
    await expect.poll(() => drill.locator('h2').textContent()).toContain(await line.textContent());
    await expect.poll(() => drill.locator('[data-drill-total]').getAttribute('data-drill-total')).toBe(String(charged.get(unit ?? '')));
    await shot(page, 'dashboard-drill');
  });

  it('shows a coordinator their city only, at phone width, in English too', async () => {
    const page = await as('cd-coordinator', { width: 390 });
    await page.waitForURL(/\/dashboard$/);
    await expect.poll(() => page.locator('[data-tile=intake] .tile-value').textContent()).toMatch(/^[\d,]+$/);
    await expect.poll(() => page.locator('[data-chart=districts] canvas').count()).toBeGreaterThan(0);
    await page.waitForTimeout(800);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'dashboard-phone', true);
    // the early warning: sentences for the coordinator's own city, the backtest beside them
    const warning = page.locator('[data-section=early-warning]');
    await expect.poll(() => warning.locator('[data-warning-cell]').count()).toBeGreaterThan(0);
    const cells = await warning.locator('[data-warning-cell]').evaluateAll((els) => els.map((e) => e.getAttribute('data-warning-cell') ?? ''));
    expect(cells.every((c) => c.startsWith('5101'))).toBe(true);
    await expect.poll(() => warning.locator('li').first().textContent()).toMatch(/^.+ · .+ · 周[一二三四五六日].* 预计 [\d.]+ 件/);
    expect(await warning.locator('[data-backtest=hit-rate]').textContent()).toMatch(/^\d+\.\d%$/);
    await warning.screenshot({ path: `${ARTIFACTS}dashboard-warning-phone.png` });
    const month = periodOf(systemClock.now(), 'month');
    const [count] = await rows<{ n: number }>(
      sql`select count(*)::int as n from case_facts where city_adcode = '510100' and reported_at >= ${month.from.toISOString()} and reported_at < ${month.to.toISOString()}`,
    );
    expect(Number((await page.locator('[data-tile=intake] .tile-value').textContent())?.replace(/,/g, ''))).toBe(count?.n);

    const en = await as('cd-coordinator', { lang: 'en' });
    await en.waitForURL(/\/dashboard$/);
    await expect.poll(() => en.locator('h1').textContent()).toBe('Command centre');
    await expect.poll(() => en.locator('[data-tile=responseHours] .tile-name').textContent()).toBe('Mean response time (hours)');
    await expect.poll(() => en.locator('[data-chart=heatmap] canvas').count()).toBeGreaterThan(0);
    await shot(en, 'dashboard-en');
  });

  it('opens the month bulletin from the dashboard as a printable A4 page, and downloads it as a workbook', async () => {
    const page = await as('cd-coordinator');
    await page.waitForURL(/\/dashboard$/);
    await page.locator('select[name=city]').selectOption('510100');
    const month = periodOf(systemClock.now(), 'month').label;
    const [bulletin] = await Promise.all([page.context().waitForEvent('page'), page.locator('a[data-bulletin=html]').click()]);
    await bulletin.waitForLoadState();
    await expect.poll(() => bulletin.locator('[data-bulletin-title]').textContent()).toBe(`成都市月通报${month}`);
    expect(await bulletin.locator('[data-bulletin-period]').textContent()).toBe(month);
    const ranked = await bulletin.locator('table.ranking tbody tr').count();
    expect(ranked).toBeGreaterThan(3);
    expect(await bulletin.locator('table.ranking tbody tr td:nth-child(2)').first().textContent()).toMatch(/^成都市/);
    await bulletin.emulateMedia({ media: 'print' });
    await shot(bulletin, 'bulletin-print');
    const pdf = await bulletin.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const href = await page.locator('a[data-bulletin=xlsx]').getAttribute('href');
    const xlsx = await page.request.get(`${harness.baseUrl}${href}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
  });

  it('gives a liaison no dashboard', async () => {
    const page = await as('cd-urban');
    await page.waitForURL(/\/inbox$/);
    expect(await page.locator('nav a[href="/dashboard"]').count()).toBe(0);
    await page.goto(`${harness.baseUrl}/dashboard`);
    await expect.poll(() => page.locator('.notice').textContent()).toContain('指挥中心仅向');
    expect(await page.locator('[data-tile]').count()).toBe(0);
    const refused = await page.request.get(`${harness.baseUrl}/reports/bulletin?period=2026-10&format=xlsx`);
    expect(refused.status()).toBe(403);
  });
});
