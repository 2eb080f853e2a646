import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { sql } from 'drizzle-orm';
import { DEMO_PASSWORD } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/testing';
import { systemClock, type Actor } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/** Find any case and notifications (issue 11, items 10 and 11), in Chromium: one server, one browser. */
let harness: Harness;
const coordinator: Actor = {
  kind: 'user',
  userId: 'cd-coordinator',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};

const newCase = (description: string) =>
  intakeCase(
    { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
    { matter: 'VEN-02', lon: 104.0657, lat: 30.6574, address: '天府大道北段1700号', description, source: 'hotline' },
    coordinator,
  );

async function as(username: string, width = 1280): Promise<Page> {
  const context = await harness.newContext({ viewport: { width, height: 844 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${harness.baseUrl}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/(inbox|dashboard)$/);
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png` });

beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness?.closeContexts());
afterAll(async () => {
  await harness?.close();
});

describe('finding a case and what changed for me, in Chromium', () => {
  it('counts a new task live in the header and the tab title, lists it with its link, marks it read; #number opens a case', async () => {
    const urban = await as('cd-urban');
    await urban.locator('.task-row, .empty-state').first().waitFor();
    const { caseId, number } = await newCase('商户出店经营占用人行道');
    const badge = urban.getByTestId('unread');
    await expect.poll(() => badge.textContent()).toBe('1');
    await expect.poll(() => urban.title()).toMatch(/^\(1\) 共治/);

    await urban.getByRole('button', { name: '1 条未读' }).click();
    const item = urban.locator('.notification-panel li.unread', { hasText: `#${number}` });
    expect(await item.innerText()).toContain('新任务');
    await shot(urban, 'notifications-panel');
    await item.getByRole('link').click();
    await urban.waitForURL(`**/cases/${caseId}`);
    await badge.waitFor({ state: 'detached' });
    expect(await urban.title()).toMatch(/^共治/);

    // the header's search: an address finds it, #number goes straight to it
    await urban.goto(`${harness.baseUrl}/inbox`);
    const search = urban.getByRole('search').getByRole('searchbox');
    await search.fill('天府大道北段');
    await search.press('Enter');
    await urban.locator('.search-results li', { hasText: `#${number}` }).waitFor();
    await shot(urban, 'search-results');
    await search.fill(`#${number}`);
    await search.press('Enter');
    await urban.waitForURL(`**/cases/${caseId}`);
  });

  it('fits the header’s search and notifications at phone width', async () => {
    const phone = await as('cd-urban', 390);
    await phone.getByRole('search').waitFor();
    await phone.getByRole('button', { name: '通知' }).click();
    await phone.locator('.notification-panel').waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(phone, 'notifications-phone');
  });

  it('shows the newest 30 notifications, then older ones on asking, each once, in both languages', async () => {
    const numbers: number[] = [];
    for (let i = 0; i < 32; i++) numbers.push((await newCase(`门店占道经营第 ${i + 1} 次`)).number);
    const counted = (await harness.handle.db.execute(sql`select count(*)::int as n from notifications where inbox = '510100:urban'`)) as unknown as {
      rows: Array<{ n: number }>;
    };
    const total = Number(counted.rows[0]?.n);
    expect(total).toBeGreaterThan(30);
    const colleague = await as('cd-urban-2');
    const badge = colleague.getByTestId('unread');
    await expect.poll(() => badge.textContent()).toBe(total >= 100 ? '99+' : String(total));
    await colleague.getByRole('button', { name: /条未读/ }).click();
    const panel = colleague.locator('.notification-panel');
    const listed = () => panel.locator('li').evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    await expect.poll(async () => (await listed()).length).toBe(30);
    expect((await listed())[0]).toContain(`#${numbers.at(-1)}`);
    const olderButton = panel.getByRole('button', { name: '更早的通知' });
    await olderButton.scrollIntoViewIfNeeded();
    await shot(colleague, 'notifications-older-button');
    await olderButton.click();
    await expect.poll(async () => (await listed()).length).toBe(total);
    const texts = await listed();
    expect(new Set(texts).size).toBe(total);
    expect(texts.filter((x) => x.includes(`#${numbers[0]} `))).toHaveLength(1);
    await expect(panel.getByRole('button', { name: '更早的通知' }).count()).resolves.toBe(0);
    expect(await panel.innerText()).not.toMatch(/notifications\.|undefined|\bnull\b/);
    await shot(colleague, 'notifications-older');
    // New ones arriving while the older pages are open push the newest page's last ones down: they stay listed
    for (let i = 0; i < 5; i++) numbers.push((await newCase(`门店占道经营又一次 ${i + 1}`)).number);
    await expect.poll(async () => (await listed()).length, { timeout: 30_000 }).toBe(total + 5);
    expect(new Set(await listed()).size).toBe(total + 5);
    expect((await listed())[0]).toContain(`#${numbers.at(-1)}`);
    // English: the same list, the button in English while older ones remain
    await colleague.evaluate(() => localStorage.setItem('gongzhi.lang', 'en'));
    await colleague.reload();
    await colleague.getByRole('button', { name: /unread/ }).click();
    await colleague.locator('.notification-panel').getByRole('button', { name: 'Older notifications' }).scrollIntoViewIfNeeded();
    expect(await colleague.locator('.notification-panel').innerText()).not.toMatch(/notifications\.|undefined|\bnull\b/);
    await shot(colleague, 'notifications-older-en');
  });
});
