import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, dispatch } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/testing';
import { systemClock, type Actor } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/**
 * The officer's view on a phone (issue #14 item 4), in Chromium at 390 × 844 with touch: the inbox,
 * claim, "I am here", progress, resolve with before/after photos (a file chooser stands in for the
 * camera) and an enforcement record; then the same offline, queued on the phone and sent once when
 * the connection returns.
 */
let harness: Harness;
const CD = '510100';
const PLACE = { lon: 104.0657, lat: 30.6574 };
const photo = (name: string) => fileURLToPath(new URL(`../../../packages/files/test-data/${name}`, import.meta.url));
const coordinator: Actor = {
  kind: 'user',
  userId: 'c',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: CD, departmentCode: null }],
};
const urban: Actor = { kind: 'user', userId: 'u', username: 'cd-urban', memberships: [{ role: 'liaison', cityAdcode: CD, departmentCode: 'urban' }] };

async function officer(): Promise<{ page: Page; context: BrowserContext }> {
  const context = await harness.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    // 11 m north of the case's place
    geolocation: { longitude: PLACE.lon, latitude: PLACE.lat + 0.0001, accuracy: 12 },
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  await page.goto(`${harness.baseUrl}/login`);
  await page.locator('input[name=username]').fill('cd-urban');
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/inbox$/);
  return { page, context };
}

const rows = async <T>(sql: string): Promise<T[]> => ((await harness.handle.db.execute(sql)) as { rows: T[] }).rows;
const stateOf = async (caseId: string) => (await rows<{ state: string }>(`select state from cases where id = '${caseId}'`))[0]?.state;
const count = async (sql: string) => (await rows<{ n: number }>(sql))[0]?.n;
const newCase = (description: string) =>
  intakeCase(
    { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
    { matter: 'VEN-02', ...PLACE, description, source: 'hotline' },
    coordinator,
  );

/** Every control on screen a finger presses is at least 44 px tall. */
async function smallTargets(page: Page, scope: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(`${selector} button, ${selector} .button, ${selector} select, ${selector} a.case-link`)) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height < 44) out.push(`${el.textContent?.trim() ?? el.tagName} ${Math.round(r.height)}px`);
    }
    return out;
  }, scope);
}

async function fillRecord(page: Page) {
  const dialog = page.locator('dialog[open]');
  await dialog.getByTestId('enforcement-form').waitFor();
  await dialog.locator('select[name=measure]').selectOption('order');
  await dialog.locator('select[name=severity]').selectOption('minor');
  await dialog.locator('input[name=subjectName]').fill('某某小吃店');
  await dialog.locator('input[name=photo-before]').setInputFiles(photo('before.jpg'));
  await dialog.locator('input[name=photo-after]').setInputFiles(photo('after.jpg'));
  await expect.poll(() => dialog.locator('.chosen-photos li').count()).toBe(2);
  return dialog;
}

beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness?.closeContexts());
afterAll(async () => {
  await harness?.close();
});

describe('the officer on a phone, in Chromium at 390 × 844', () => {
  it('claims from the inbox, is at the place, starts, reports progress and resolves with before/after photos and an enforcement record', async () => {
    const { caseId, number } = await newCase('商户出店经营,货架摆到人行道');
    const { page } = await officer();
    const row = page.locator(`article[data-case="${number}"]`);
    await row.waitFor();
    expect(await smallTargets(page, `article[data-case="${number}"]`)).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}officer-inbox-phone.png` });
    await row.getByRole('button', { name: '签收', exact: true }).click();
    await expect.poll(() => stateOf(caseId)).toBe('claimed');

    await page.goto(`${harness.baseUrl}/cases/${caseId}`);
    await page.getByRole('button', { name: '我在现场' }).click();
    await expect.poll(() => page.getByTestId('where-am-i').innerText()).toContain('您在案件地点附近:相距约 11 米');
    await page.getByRole('button', { name: '开始办理' }).click();
    await expect.poll(() => stateOf(caseId)).toBe('inProgress');
    await page.getByRole('button', { name: '报告进展…' }).first().click();
    await page.locator('dialog[open] textarea').fill('已到现场,正在劝导商户收回货架');
    await page.locator('dialog[open] button[type=submit]').click();
    await expect.poll(() => count(`select count(*)::int as n from audit_log where workflow_id = '${caseId}' and action = 'case.PROGRESS'`)).toBe(1);
    expect(await smallTargets(page, '.case-page')).toEqual([]);

    await page.locator('button[data-action=resolve]').first().click();
    const dialog = await fillRecord(page);
    await dialog.locator('textarea').first().fill('已责令商户收回货架,人行道已清理');
    expect(await smallTargets(page, 'dialog[open]')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}officer-resolve-phone.png` });
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => stateOf(caseId)).toBe('awaitingConfirmation');
    expect(await rows(`select step from attachments where case_id = '${caseId}' order by step`)).toEqual([{ step: 'after' }, { step: 'before' }]);
    expect(await rows(`select measure, deviations from enforcement_records where case_id = '${caseId}'`)).toEqual([{ measure: 'order', deviations: [] }]);
    await expect.poll(() => page.getByTestId('outbox').innerText()).toContain('已发送');
    await page.screenshot({ path: `${ARTIFACTS}officer-case-phone.png`, fullPage: true });
  });

  it('offline: the inbox stays readable, the resolution waits on the phone (待发送) and is sent once when the connection returns', async () => {
    const { caseId, number } = await newCase('商户再次出店经营');
    for (const event of [{ type: 'CLAIM' }, { type: 'START' }] as const)
      await dispatch({ db: harness.handle.db, clock: systemClock }, { workflowId: caseId, event, actor: urban });
    const { page, context } = await officer();
    await page.locator(`article[data-case="${number}"]`).waitFor();
    // more actions than fit scroll sideways in the row, every one of them within reach (the first was left of the scroll origin)
    const reach = await page.locator(`article[data-case="${number}"] .task-actions`).evaluate((strip) => {
      const left = strip.getBoundingClientRect().left;
      return { first: (strip.firstElementChild?.getBoundingClientRect().left ?? 0) - left, overflow: strip.scrollWidth > strip.clientWidth };
    });
    expect(reach.overflow).toBe(true);
    expect(reach.first).toBeGreaterThanOrEqual(0);
    // the installable app: a manifest named 共治 and a service worker in control
    const manifest = (await (await page.request.get(`${harness.baseUrl}/manifest.webmanifest`)).json()) as { short_name: string; icons: unknown[] };
    expect(manifest).toMatchObject({ short_name: '共治' });
    expect(manifest.icons.length).toBeGreaterThanOrEqual(2);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
    await page.locator(`article[data-case="${number}"]`).waitFor();
    await page.goto(`${harness.baseUrl}/cases/${caseId}`);
    await page.getByTestId('attachments').waitFor();

    await page.locator('button[data-action=resolve]').first().click();
    const dialog = await fillRecord(page);
    await dialog.locator('textarea').first().fill('已劝导商户收回外摆');
    await context.setOffline(true);
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
    const outbox = page.getByTestId('outbox');
    await expect.poll(() => outbox.innerText()).toContain('待发送');
    await page.getByTestId('offline').waitFor();
    expect(await stateOf(caseId)).toBe('inProgress');
    expect(await count(`select count(*)::int as n from attachments where case_id = '${caseId}'`)).toBe(0);

    // the inbox, opened afresh while offline, is the last one read (from the service worker's cache)
    await page.goto(`${harness.baseUrl}/inbox`);
    await page.locator(`article[data-case="${number}"]`).waitFor();
    await expect.poll(() => page.getByTestId('outbox').innerText()).toContain('待发送');
    await page.screenshot({ path: `${ARTIFACTS}officer-offline-inbox-phone.png` });

    await context.setOffline(false);
    await expect.poll(() => stateOf(caseId)).toBe('awaitingConfirmation');
    await expect.poll(() => page.getByTestId('outbox').innerText()).toContain('已发送');
    // a reload sends whatever is left: nothing is, and nothing went twice
    await page.reload();
    await page.locator('p.count').waitFor();
    expect(await count(`select count(*)::int as n from audit_log where workflow_id = '${caseId}' and action = 'case.RESOLVE'`)).toBe(1);
    expect(await count(`select count(*)::int as n from request_keys where case_id = '${caseId}'`)).toBe(1);
    expect(await count(`select count(*)::int as n from enforcement_records where case_id = '${caseId}'`)).toBe(1);
    expect(await count(`select count(*)::int as n from attachments where case_id = '${caseId}'`)).toBe(2);
    await page.screenshot({ path: `${ARTIFACTS}officer-sent-phone.png` });
  });
});
