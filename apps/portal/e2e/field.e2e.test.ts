import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, dispatch } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/testing';
import { systemClock, type Actor } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/** Field work on a phone (issue #14): photographs before and after, what their EXIF says, and the public pair once closed. */
let harness: Harness;
const CD = '510100';
const photo = (name: string) => fileURLToPath(new URL(`../../../packages/files/test-data/${name}`, import.meta.url));
const coordinator: Actor = {
  kind: 'user',
  userId: 'c',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: CD, departmentCode: null }],
};
const urban: Actor = { kind: 'user', userId: 'u', username: 'cd-urban', memberships: [{ role: 'liaison', cityAdcode: CD, departmentCode: 'urban' }] };

async function phone(username: string | null): Promise<Page> {
  const context = await harness.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  if (username) {
    await page.goto(`${harness.baseUrl}/login`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/inbox$/);
  }
  return page;
}

beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness?.closeContexts());
afterAll(async () => {
  await harness?.close();
});

describe('evidence photos at phone width, in Chromium', () => {
  it('the officer photographs before and after, sees the EXIF checks, and the public sees the chosen pair once closed', async () => {
    const { caseId, number } = await intakeCase(
      { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
      { matter: 'VEN-02', lon: 104.0657, lat: 30.6574, description: '商户出店经营占道', source: 'hotline' },
      coordinator,
    );
    const page = await phone('cd-urban');
    await page.goto(`${harness.baseUrl}/cases/${caseId}`);
    const box = page.getByTestId('attachments');
    await box.waitFor();
    // The file chooser stands in for the camera (the input asks for capture="environment").
    expect(await box.locator('input[type=file]').getAttribute('capture')).toBe('environment');
    await box.locator('select').selectOption('before');
    await box.locator('input[type=file]').setInputFiles(photo('before.jpg'));
    await expect.poll(() => box.locator('li.attachment').count()).toBe(1);
    await box.locator('select').selectOption('after');
    await box.locator('input[type=file]').setInputFiles(photo('after.jpg'));
    await expect.poll(() => box.locator('li.attachment').count()).toBe(2);
    const after = box.locator('li.attachment[data-step=after]');
    expect(await after.innerText()).toContain('在案件地点拍摄');
    expect(await after.innerText()).toContain('在处置前照片之后拍摄');
    // A file whose name lies is refused in words.
    await box.locator('select').selectOption('after');
    await box.locator('input[type=file]').setInputFiles(photo('not-a-photo.jpg'));
    await expect.poll(() => box.locator('.error').innerText()).toContain('只能上传照片');
    for (const item of await box.locator('li.attachment input[type=checkbox]').all()) await item.check();
    await expect
      .poll(async () => ((await harness.handle.db.execute('select count(*)::int as n from attachments where public')) as { rows: unknown[] }).rows[0])
      .toEqual({ n: 2 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}field-photos-phone.png`, fullPage: true });

    for (const event of [{ type: 'CLAIM' }, { type: 'START' }, { type: 'RESOLVE', note: '已劝导商户将货物收回店内' }] as const)
      await dispatch({ db: harness.handle.db, clock: systemClock }, { workflowId: caseId, event, actor: urban });
    await dispatch({ db: harness.handle.db, clock: systemClock }, { workflowId: caseId, event: { type: 'CONFIRM', satisfied: true }, actor: coordinator });

    const citizen = await phone(null);
    await citizen.goto(`${harness.baseUrl}/status?number=${number}`);
    const pair = citizen.getByTestId('public-photos');
    await expect.poll(() => pair.locator('img').count()).toBe(2);
    await expect
      .poll(() =>
        pair
          .locator('img')
          .first()
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      )
      .toBe(true);
    expect(await pair.innerText()).toContain('处置前');
    await citizen.screenshot({ path: `${ARTIFACTS}field-status-photos.png`, fullPage: true });
  });

  it('the officer resolves with an enforcement record outside the standard; the unit’s supervisor approves it with a reason', async () => {
    const { caseId } = await intakeCase(
      { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
      { matter: 'VEN-02', lon: 104.0657, lat: 30.6574, description: '商户再次出店经营', source: 'hotline' },
      coordinator,
    );
    for (const event of [{ type: 'CLAIM' }, { type: 'START' }] as const)
      await dispatch({ db: harness.handle.db, clock: systemClock }, { workflowId: caseId, event, actor: urban });
    const stateOf = async () =>
      ((await harness.handle.db.execute(`select state from cases where id = '${caseId}'`)) as { rows: Array<{ state: string }> }).rows[0]?.state;
    const page = await phone('cd-urban');
    await page.goto(`${harness.baseUrl}/cases/${caseId}`);
    await page.locator('button[data-action=resolve]').first().click();
    const dialog = page.locator('dialog[open]');
    await dialog.getByTestId('enforcement-form').waitFor();
    await dialog.locator('textarea').first().fill('已责令商户收回外摆并处罚款');
    await dialog.locator('select[name=measure]').selectOption('fine');
    await dialog.locator('input[name=fineAmount]').fill('800');
    await dialog.locator('select[name=severity]').selectOption('ordinary');
    await dialog.locator('input[name=firstOffence]').uncheck();
    await dialog.locator('input[name=subjectName]').fill('某某小吃店');
    // the check in words, before anything is sent
    await expect.poll(() => dialog.getByTestId('enforcement-check').innerText()).toContain('罚款 800 元高于基准 100–500 元');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${ARTIFACTS}field-enforcement-phone.png`, fullPage: true });
    await dialog.locator('button[type=submit]').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await stateOf()).toBe('inProgress');
    await expect.poll(() => page.getByTestId('enforcement-record').innerText()).toContain('等待科室负责人审批');

    const supervisor = await phone('cd-urban-supervisor');
    await supervisor.goto(`${harness.baseUrl}/cases/${caseId}`);
    const card = supervisor.getByTestId('enforcement-record');
    await card.getByRole('button', { name: '批准(须说明理由)…' }).click();
    const ask = supervisor.locator('dialog[open]');
    await ask.locator('textarea').fill('多次劝导无效,经科室集体讨论从重处罚');
    await ask.locator('button[type=submit]').click();
    await expect.poll(stateOf).toBe('awaitingConfirmation');
    await expect.poll(() => card.innerText()).toContain('多次劝导无效');
  });
});
