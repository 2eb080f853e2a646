import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, caseWorkflows, dispatch } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/testing';
import { systemClock, type Actor, type Membership } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/** The daily work without dead ends (issue 11): each page honest about errors, every state actionable somewhere. */
let harness: Harness;
const CD = '510100';
const TIANFU = { lon: 104.0657, lat: 30.6574 };
const user = (username: string, m: Membership): Actor => ({ kind: 'user', userId: username, username, memberships: [m] });
const coordinator = user('cd-coordinator', { role: 'coordinator', cityAdcode: CD, departmentCode: null });
const liaison = (d: 'urban' | 'market') => user(`cd-${d}`, { role: 'liaison', cityAdcode: CD, departmentCode: d });
const engine = () => ({ db: harness.handle.db, clock: systemClock });

async function newCase(input: { matter?: string; description: string; triage?: boolean }) {
  const { matter, triage, description } = input;
  return intakeCase(
    { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
    {
      ...(triage ? { triageReason: 'no-matter' as const, suggestions: [] } : { matter: matter ?? 'VEN-02' }),
      ...TIANFU,
      description,
      source: 'hotline',
      reporterName: '王先生',
      reporterPhone: '13800001111',
    },
    coordinator,
  );
}

async function as(username: string | null, options: { lang?: 'zh' | 'en' } = {}): Promise<Page> {
  const context = await harness.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  if (options.lang === 'en') await context.addInitScript(() => localStorage.setItem('gongzhi.lang', 'en'));
  const page = await context.newPage();
  if (username) {
    await page.goto(`${harness.baseUrl}/login`);
    await page.locator('input[name=username]').fill(username);
    await page.locator('input[name=password]').fill(DEMO_PASSWORD);
    await page.locator('form button[type=submit]').click();
    await page.waitForURL(/\/(inbox|dashboard)$/);
  }
  return page;
}
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage });

beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness?.closeContexts());
afterAll(async () => {
  await harness?.close();
});

describe('no dead ends, in Chromium', () => {
  it('rules a dispute from the desk once both parties have filed, and names its state on the case page', async () => {
    const { caseId, number } = await newCase({ description: '商户门前摆摊,双方均认为不归本部门' });
    const cited = { matterCode: 'VEN-03', leadUnit: `${CD}:market` };
    await dispatch(engine(), { workflowId: caseId, actor: liaison('urban'), event: { type: 'TRANSFER', to: `${CD}:market`, reason: '疑似无照经营', cited } });
    const transfer = (await caseWorkflows(harness.handle.db, caseId)).find((w) => w.kind === 'transfer')!;
    await dispatch(engine(), { workflowId: transfer.id, actor: liaison('market'), event: { type: 'REJECT', reason: '持照经营,属出店经营' } });
    const dispute = (await caseWorkflows(harness.handle.db, caseId)).find((w) => w.kind === 'dispute')!;
    await dispatch(engine(), {
      workflowId: dispute.id,
      actor: liaison('urban'),
      event: { type: 'FILE_STATEMENT', text: '应由市场监管主办', clauses: ['VEN-03'] },
    });
    await dispatch(engine(), {
      workflowId: dispute.id,
      actor: liaison('market'),
      event: { type: 'FILE_STATEMENT', text: '应由城管主办', clauses: ['VEN-02'] },
    });
    expect((await caseWorkflows(harness.handle.db, caseId)).find((w) => w.kind === 'dispute')!.state).toBe('awaitingRuling');

    const leadership = await as('leadership');
    await leadership.goto(`${harness.baseUrl}/cases/${caseId}`);
    await expect.poll(() => leadership.locator('.case-page').innerText()).toContain('待领导裁定');
    expect(await leadership.locator('.case-page').innerText()).not.toContain('awaitingRuling');
    await leadership.goto(`${harness.baseUrl}/disputes`);
    const card = leadership.locator(`article.dispute[data-dispute="${dispute.id}"]`);
    await card.waitFor();
    expect(await card.getAttribute('data-state')).toBe('awaitingRuling');
    await card.getByRole('button', { name: '开始裁定' }).click();
    await card.locator('select[name=lead]').selectOption('urban');
    await card.locator('textarea[name=reasons]').fill('出店经营由城管主办');
    await shot(leadership, 'dispute-awaiting-ruling');
    await card.locator('.ruling-form button[type=submit]').click();
    await leadership.locator(`article.dispute[data-dispute="${dispute.id}"][data-state="ruled"]`).waitFor();
    expect(number).toBeGreaterThan(0);
  });

  it('says so when a case does not exist or is not the user’s, in either language', async () => {
    const { caseId } = await newCase({ description: '店外经营占道' });
    const market = await as('cd-police');
    await market.goto(`${harness.baseUrl}/cases/no-such-case`);
    await expect.poll(() => market.getByRole('alert').innerText()).toBe('案件不存在。');
    expect(await market.locator('[aria-busy=true]').count()).toBe(0);
    await market.goto(`${harness.baseUrl}/cases/${caseId}`);
    await expect.poll(() => market.getByRole('alert').innerText()).toBe('您的单位在此案件上没有任务,无权查看。');
    await shot(market, 'case-not-yours');
    const english = await as('cd-police', { lang: 'en' });
    await english.goto(`${harness.baseUrl}/cases/${caseId}`);
    await expect.poll(() => english.getByRole('alert').innerText()).toBe('Your unit has no task on this case.');
    await english.goto(`${harness.baseUrl}/cases/${caseId}/joint/none`);
    await expect.poll(() => english.getByRole('alert').innerText()).toBe('Your unit has no task on this case.');
  });

  it('on /status: an unknown number is explained, later searches work, and a found case is read afresh', async () => {
    const { caseId, number } = await newCase({ description: '人行道被占用' });
    const page = await as(null);
    await page.goto(`${harness.baseUrl}/status`);
    await page.locator('input[name=number]').fill('99999999');
    await page.locator('form.inline-form button[type=submit]').click();
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('案件不存在。');
    await page.locator('input[name=number]').fill(String(number));
    await page.locator('form.inline-form button[type=submit]').click();
    const status = page.getByTestId('public-status');
    await expect.poll(() => status.innerText()).toContain('待签收');
    await dispatch(engine(), { workflowId: caseId, actor: liaison('urban'), event: { type: 'CLAIM' } });
    await dispatch(engine(), { workflowId: caseId, actor: liaison('urban'), event: { type: 'START' } });
    await dispatch(engine(), { workflowId: caseId, actor: liaison('urban'), event: { type: 'RESOLVE', note: '已劝离,恢复通行' } });
    await page.locator('form.inline-form button[type=submit]').click();
    await expect.poll(() => status.innerText()).toContain('待回访确认');
    expect(await page.getByRole('alert').count()).toBe(0);
    // Rated once, the form is no longer offered.
    expect(await page.locator('form.rating-form').count()).toBe(1);
    await dispatch(engine(), { workflowId: caseId, actor: { kind: 'reporter' }, event: { type: 'CONFIRM', satisfied: true, comment: '满意' } });
    await page.locator('form.inline-form button[type=submit]').click();
    await expect.poll(() => status.innerText()).toContain('已办结');
    expect(await page.locator('form.rating-form').count()).toBe(0);
    await shot(page, 'status-rated');
  });

  it('shows suggestions on a triage item stored without any', async () => {
    const { number } = await newCase({ triage: true, description: '门头招牌松动,随时可能掉下来砸到行人' });
    const page = await as('cd-coordinator');
    await page.goto(`${harness.baseUrl}/triage`);
    const item = page.locator(`.triage-item[data-case="${number}"]`);
    await expect.poll(() => item.getByTestId('suggestions').innerText()).toMatch(/ADV-\d\d/);
    // The words behind the top suggestion are shown with it.
    await expect.poll(() => item.getByTestId('suggestion-why').innerText()).toMatch(/依据[\s\S]*松动/);
    await shot(page, 'triage-suggestions');
  });

  it('explains a contrastive complaint at intake and shows leadership the classifier and its corrections', async () => {
    const page = await as('cd-coordinator');
    await page.goto(`${harness.baseUrl}/intake`);
    await page.locator('textarea[name=description]').fill('路灯是好的，问题是灯杆上挂满了横幅');
    const why = page.getByTestId('suggestion-why');
    await expect.poll(() => why.innerText()).toContain('按这句理解诉求');
    expect(await why.innerText()).toContain('灯杆上挂满了横幅');
    await shot(page, 'intake-why');

    const leader = await as('leadership');
    await leader.goto(`${harness.baseUrl}/classifier`);
    await expect.poll(() => leader.getByTestId('versions').innerText()).toContain('发布版');
    expect(await leader.getByTestId('correction-counts').innerText()).toMatch(/分拨 \d+/);
    expect(await leader.getByRole('button', { name: '立即重新训练' }).isEnabled()).toBe(true);
    await shot(leader, 'classifier', true);
  });

  it('sends `/` to the signed-in user’s home after a reload', async () => {
    const page = await as('cd-urban');
    await page.goto(`${harness.baseUrl}/`);
    await page.waitForURL(/\/inbox$/);
    await page.reload();
    await page.goto(`${harness.baseUrl}/`);
    await page.waitForURL(/\/inbox$/);
    const anonymous = await as(null);
    await anonymous.goto(`${harness.baseUrl}/`);
    await anonymous.waitForURL(/\/matrix$/);
  });
});
