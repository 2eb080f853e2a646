import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, dispatch, upsertBusinesses } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/testing';
import { ManualClock, SYSTEM, creditCodeCheck, systemClock, type Actor } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/**
 * 信息共享 on a phone (issue #14 item 3), in Chromium at 390 × 844: the officer on a case looks a
 * business up by its credit code and sends a data request to market regulation, whose liaison
 * answers it late (it was escalated: both sides see the mark) with a photo attached; the officer
 * reads the answer and opens the photo.
 */
let harness: Harness;
const CD = '510100';
const body = '92510104MA0099001';
const CODE = body + creditCodeCheck(body);
const coordinator: Actor = {
  kind: 'user',
  userId: 'c',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: CD, departmentCode: null }],
};
const urban: Actor = { kind: 'user', userId: 'u', username: 'cd-urban', memberships: [{ role: 'liaison', cityAdcode: CD, departmentCode: 'urban' }] };

async function signIn(username: string): Promise<Page> {
  const context = await harness.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${harness.baseUrl}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/inbox$/);
  return page;
}

const photo = (name: string) => fileURLToPath(new URL(`../../../packages/files/test-data/${name}`, import.meta.url));
const rows = async <T>(sql: string): Promise<T[]> => ((await harness.handle.db.execute(sql)) as { rows: T[] }).rows;

beforeAll(async () => {
  harness = await startHarness();
  await upsertBusinesses(
    harness.handle.db,
    `${CD}:market`,
    [{ name: '成都春熙路老街烧烤店', creditCode: CODE, address: '春熙路88号', scope: '餐饮服务', status: 'active' }],
    systemClock.now(),
  );
});
afterEach(() => harness?.closeContexts());
afterAll(async () => {
  await harness?.close();
});

describe('shared registers on a phone, in Chromium at 390 × 844', () => {
  it('looks a business up on a case, sends a data request; market regulation loads its register and answers it', async () => {
    const { caseId } = await intakeCase(
      { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
      { matter: 'VEN-02', lon: 104.0657, lat: 30.6574, description: '烧烤店出店经营', source: 'hotline' },
      coordinator,
    );
    for (const event of [{ type: 'CLAIM' }, { type: 'START' }] as const)
      await dispatch({ db: harness.handle.db, clock: systemClock }, { workflowId: caseId, event, actor: urban });

    const officer = await signIn('cd-urban');
    await officer.goto(`${harness.baseUrl}/cases/${caseId}`);
    const card = officer.getByTestId('registers');
    await card.getByTestId('register-query').fill(CODE);
    await card.getByRole('button', { name: '查询', exact: true }).click();
    await expect.poll(() => card.getByTestId('register-hits').innerText()).toContain('成都春熙路老街烧烤店');
    expect(await card.getByTestId('licence-status').innerText()).toBe('存续');

    await card.getByTestId('data-request-to').selectOption('market');
    await card.getByTestId('data-request-need').fill('请提供该店营业执照及近一年处罚记录');
    await card.getByRole('button', { name: '发出数据请求' }).click();
    await expect.poll(async () => (await rows<{ n: number }>(`select count(*)::int as n from data_requests where case_id = '${caseId}'`))[0]?.n).toBe(1);
    await expect.poll(() => card.getByTestId('data-requests').innerText()).toContain('待答复');
    // its deadline passes unanswered: the timer's event escalates it, and both sides see the mark
    const [asked] = await rows<{ id: string; due_at: string }>(`select id, due_at from data_requests where case_id = '${caseId}'`);
    const late = new ManualClock(new Date(new Date(asked!.due_at).getTime() + 60_000));
    await dispatch({ db: harness.handle.db, clock: late }, { workflowId: asked!.id, event: { type: 'ANSWER_OVERDUE' }, actor: SYSTEM('timer:answer-due') });
    await officer.reload();
    await expect.poll(() => card.getByTestId('data-request-escalated').innerText()).toMatch(/^已逾期 · .+ 已升级至协调办$/);
    await officer.screenshot({ path: `${ARTIFACTS}registers-phone.png`, fullPage: true });

    const market = await signIn('cd-market');
    // market regulation loads two more businesses (and one bad row) from its inbox page
    const more = ['92510104MA0099002', '92510104MA0099003'].map((x) => x + creditCodeCheck(x));
    const csv = `企业名称,统一社会信用代码,住所,经营范围,登记状态\n红星路火锅店,${more[0]},红星路1号,餐饮服务,存续\n玉林小吃店,${more[1]},玉林西路2号,餐饮服务,停业\n,,,,\n无名店,123,,,存续\n`;
    await market
      .getByTestId('register-upload')
      .locator('input[type=file]')
      .setInputFiles({ name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(() => market.getByTestId('register-report').innerText()).toContain('新增 2');
    expect(await market.getByTestId('register-report').innerText()).toContain('拒收 1');
    await market.goto(`${harness.baseUrl}/cases/${caseId}`);
    const theirs = market.getByTestId('registers');
    // market regulation asks another department by default, never itself
    expect(await theirs.getByTestId('data-request-to').inputValue()).toBe('urban');
    await theirs.getByTestId('data-answer-text').fill('营业执照存续,近一年无处罚');
    // the licence photographed: uploaded to the case as its other files are, tied to this request
    await theirs.getByTestId('data-answer-attach').setInputFiles(photo('before.jpg'));
    await expect.poll(() => theirs.getByTestId('data-answer-attached').innerText()).toContain('before.jpg');
    expect(await theirs.getByTestId('data-request-escalated').innerText()).toContain('已升级至协调办');
    // it is one of the case's files, labelled as a data request's answer
    await expect.poll(() => market.getByTestId('attachments').innerText()).toContain('数据请求答复材料');
    await theirs.getByTestId('data-requests').scrollIntoViewIfNeeded();
    await market.screenshot({ path: `${ARTIFACTS}registers-answer-form.png` });
    await theirs.getByRole('button', { name: '答复', exact: true }).click();
    await expect.poll(async () => (await rows<{ n: number }>(`select count(*)::int as n from data_requests where answered_at is not null`))[0]?.n).toBe(1);
    const [answered] = await rows<{ ids: string[] }>(`select attachment_ids as ids from data_requests where case_id = '${caseId}'`);
    expect(answered?.ids).toHaveLength(1);
    const [file] = await rows<{ step: string; workflow_id: string }>(`select step, workflow_id from attachments where id = '${answered?.ids[0]}'`);
    expect(file?.step).toBe('data-answer');

    await officer.reload();
    await expect.poll(() => officer.getByTestId('data-answer').innerText()).toContain('营业执照存续,近一年无处罚');
    const link = officer.getByTestId('data-answer-files').getByRole('link', { name: 'before.jpg' });
    expect(await link.getAttribute('href')).toBe(`/files/${answered?.ids[0]}`);
    // the asking officer may open it: it is a file of a case they work
    const opened = await officer.request.get(`${harness.baseUrl}/files/${answered?.ids[0]}`);
    expect(opened.status()).toBe(200);
    expect(opened.headers()['content-type']).toBe('image/jpeg');
    await officer.getByTestId('data-requests').screenshot({ path: `${ARTIFACTS}registers-answer-phone.png` });
  });
});
