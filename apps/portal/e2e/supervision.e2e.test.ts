import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, dispatch } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/testing';
import { SYSTEM, systemClock, type Actor, type Membership } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/** Supervision that acts (issue 11 item 9): 催办, 督办, assigning and comments from the escalation rows, the case page and the team view. */
let harness: Harness;
const CD = '510100';
const user = (username: string, m: Membership): Actor => ({ kind: 'user', userId: username, username, memberships: [m] });
const coordinator = user('cd-coordinator', { role: 'coordinator', cityAdcode: CD, departmentCode: null });
const engine = () => ({ db: harness.handle.db, clock: systemClock });

const newCase = (description: string) =>
  intakeCase(
    { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
    { matter: 'VEN-02', lon: 104.0657, lat: 30.6574, description, source: 'hotline' },
    coordinator,
  );

async function as(username: string, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const context = await harness.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  if (lang === 'en') await context.addInitScript(() => localStorage.setItem('gongzhi.lang', 'en'));
  const page = await context.newPage();
  await page.goto(`${harness.baseUrl}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(/\/(inbox|dashboard)$/);
  return page;
}
const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
const local = (ms: number) => new Date(Date.now() + ms + 8 * 3_600_000).toISOString().slice(0, 16);

beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness?.closeContexts());
afterAll(async () => {
  await harness?.close();
});

describe('supervision that acts, in Chromium', () => {
  it('reminds from the coordinator’s escalation row; the reminder reaches the holder’s inbox live; a liaison is offered none of it', async () => {
    const { caseId, number } = await newCase('店外经营占道,多次反映无人处理');
    for (const level of [1, 2]) {
      await dispatch(engine(), { workflowId: caseId, actor: SYSTEM(`timer:escalate-${level}`), event: { type: 'ESCALATE', level } });
    }
    const urban = await as('cd-urban');
    const coordinatorPage = await as('cd-coordinator');
    await coordinatorPage.goto(`${harness.baseUrl}/inbox`);
    const row = coordinatorPage.locator(`article.task-row[data-case="${number}"][data-action="overdue"]`);
    await row.waitFor();
    await row.getByRole('button', { name: '催办' }).click();
    await coordinatorPage.locator('dialog textarea').fill('群众多次反映,请今天内签收');
    await coordinatorPage.locator('dialog button[type=submit]').click();
    await coordinatorPage.locator('dialog').waitFor({ state: 'detached' });
    await urban.locator(`article.task-row[data-case="${number}"][data-action="reminded"]`).waitFor();
    await shot(urban, 'supervision-reminded-inbox');
    // a liaison's own escalated row offers no 催办/督办
    const claimRow = urban.locator(`article.task-row[data-case="${number}"][data-action="claim"]`);
    expect(await claimRow.getByRole('button', { name: '催办' }).count()).toBe(0);
    await urban.goto(`${harness.baseUrl}/cases/${caseId}`);
    const card = urban.getByTestId('supervision');
    await expect.poll(() => card.innerText()).toContain('群众多次反映,请今天内签收');
    expect(await card.getByRole('button', { name: '督办' }).count()).toBe(0);
  });

  it('issues a supervision order with its own deadline on the case page; the holder answers it', async () => {
    const { caseId } = await newCase('夜间施工噪音扰民');
    const leadership = await as('leadership');
    await leadership.goto(`${harness.baseUrl}/cases/${caseId}`);
    const card = leadership.getByTestId('supervision');
    await card.getByRole('button', { name: '督办…' }).click();
    await leadership.locator('dialog input[type=datetime-local]').fill(local(2 * 86_400_000));
    await leadership.locator('dialog textarea').fill('两日内查明施工许可并答复');
    await leadership.locator('dialog button[type=submit]').click();
    await expect.poll(() => card.innerText()).toContain('督办令 1');
    expect(await card.innerText()).toContain('两日内查明施工许可并答复');
    await shot(leadership, 'supervision-order-case');

    const urban = await as('cd-urban');
    const row = urban.locator(`article.task-row[data-action="answer-supervision"]`).first();
    await row.waitFor();
    await row.getByRole('button', { name: '答复督办…' }).click();
    await urban.locator('dialog textarea').fill('已核查,施工方无夜间施工许可,已责令停工');
    await urban.locator('dialog button[type=submit]').click();
    await urban.locator('dialog').waitFor({ state: 'detached' });
    await urban.goto(`${harness.baseUrl}/cases/${caseId}`);
    await expect.poll(() => urban.getByTestId('supervision').innerText()).toContain('已责令停工');
  });

  it('the supervisor’s team view shows who holds what and assigns several cases to a named person at once', async () => {
    const a = await newCase('共享单车堆放占用盲道');
    const b = await newCase('店招破损存在安全隐患');
    const supervisor = await as('cd-urban-supervisor');
    await supervisor.goto(`${harness.baseUrl}/team`);
    for (const c of [a, b]) await supervisor.locator(`li[data-case="${c.number}"] input[type=checkbox]`).check();
    await supervisor.locator('select[name=assignee]').selectOption('cd-urban-2');
    await supervisor.getByRole('button', { name: '批量指派' }).click();
    await expect.poll(() => supervisor.getByRole('status').innerText()).toContain('已处理 2 件');
    const person = supervisor.locator('tr[data-person="cd-urban-2"]');
    await expect.poll(() => person.innerText()).toContain('成都城管二组联络员');
    await shot(supervisor, 'supervision-team');
    const english = await as('cd-urban-supervisor', 'en');
    await english.goto(`${harness.baseUrl}/cases/${a.caseId}`);
    await expect.poll(() => english.getByTestId('supervision').innerText()).toContain('成都城管二组联络员');
  });
});
