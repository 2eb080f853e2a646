import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@gongzhi/db';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

let harness: Harness;
let context: BrowserContext;
let page: Page;

async function signIn(p: Page, username: string, password = DEMO_PASSWORD) {
  await p.goto(`${harness.baseUrl}/login`);
  await p.getByLabel('用户名').fill(username);
  await p.getByLabel('密码').fill(password);
  await p.getByRole('button', { name: '登录', exact: true }).click();
}

beforeAll(async () => {
  harness = await startHarness();
  context = await harness.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
});
afterAll(async () => {
  await harness?.close();
});

describe('portal in Chromium', () => {
  it('shows the 12 × 8 responsibility matrix in Chinese and drills down to a matter', async () => {
    await page.goto(`${harness.baseUrl}/`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('职责矩阵');
    const table = page.locator('table.matrix');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(12);
    expect(await table.locator('thead th').count()).toBe(9);
    expect(await table.locator('thead').textContent()).toContain('餐饮油烟与露天烧烤');
    await page.getByRole('button', { name: /主办\s*餐饮油烟扰民/ }).click();
    const detail = page.getByRole('complementary');
    await expect.poll(() => detail.textContent()).toContain('生态环境局');
    const text = (await detail.textContent())!;
    expect(text).toContain('《中华人民共和国大气污染防治法》第八十一条');
    expect(text).toContain('城市管理委员会');
    expect(text).toContain('市场监督管理局');
    expect(page.url()).toContain('matter=FUM-01');
    await page.screenshot({ path: `${ARTIFACTS}matrix.png`, fullPage: false });
  });

  it('refuses a wrong password in the user’s language, then signs in', async () => {
    await signIn(page, 'cd-urban', 'wrong-password');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('用户名或密码错误。');
    await page.screenshot({ path: `${ARTIFACTS}login-error.png` });
    await signIn(page, 'cd-urban');
    await page.waitForURL(/\/inbox$/);
    await expect.poll(() => page.locator('.who').textContent()).toContain('成都城市管理委员会联络员');
  });

  it('previews the route of a border case and explains a location outside the alliance', async () => {
    await page.goto(`${harness.baseUrl}/route?matter=FUM-02`);
    await page.getByLabel('经度').fill('104.2');
    await page.getByLabel('纬度').fill('30.9128');
    await page.getByLabel('受理城市(可选)').selectOption('510600');
    await page.getByRole('button', { name: '预览路由' }).click();
    const result = page.getByRole('article');
    await expect.poll(() => result.textContent()).toContain('青白江区');
    const text = (await result.textContent())!;
    expect(text).toContain('成都市 · 城市管理委员会(综合行政执法)');
    expect(text).toContain('德阳市 (0.3 公里)');
    expect(text).toContain('跨城案件');
    await page.screenshot({ path: `${ARTIFACTS}route.png`, fullPage: true });

    await page.getByLabel('经度').fill('116.4');
    await page.getByLabel('纬度').fill('39.9');
    await page.getByRole('button', { name: '预览路由' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('坐标(116.400000, 39.900000)不在成都、德阳、眉山、资阳四市范围内。');
  });

  it('switches the whole page to English and back', async () => {
    await page.goto(`${harness.baseUrl}/matrix?matter=ADV-01`);
    await page.getByRole('button', { name: '语言' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Responsibility matrix');
    await page.locator('table.matrix').waitFor();
    await expect.poll(() => page.getByRole('complementary').innerText()).toContain('Outdoor advertisement or signboard set up without approval');
    const body = (await page.locator('body').innerText())!;
    expect(body).toContain('Urban Management & Comprehensive Enforcement');
    expect(body).toContain('Outdoor advertisement or signboard set up without approval');
    expect(body).toContain('Sign out');
    // Navigation and the whole grid are English; only the user's own display name and the switch back (中文) stay Chinese.
    const chrome =
      (await page.locator('header').innerText()).replace('成都城市管理委员会联络员', '').replace('中文', '') + (await page.locator('table.matrix').innerText());
    expect(chrome.match(/[\u4e00-\u9fff]+/g)).toBeNull();
    await page.screenshot({ path: `${ARTIFACTS}matrix-en.png` });
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Responsibility matrix');
    await page.getByRole('button', { name: 'Language' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('职责矩阵');
  });

  it('works at phone width', async () => {
    const phone = await harness.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const p = await phone.newPage();
    await p.goto(`${harness.baseUrl}/matrix?matter=VEN-05`);
    await expect.poll(() => p.getByRole('complementary').textContent()).toContain('商务局');
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await p.screenshot({ path: `${ARTIFACTS}matrix-phone.png`, fullPage: true });
    await phone.close();
  });
});
