import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, dispatch } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/testing';
import { systemClock, type Actor } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/**
 * The portal's workflows as users live them, in headless Chromium against the real server:
 * several people at once, each in their own browser context, seeing each other's actions live.
 */
let harness: Harness;
const figures: Record<string, number | string> = {};

const coordinator: Actor = {
  kind: 'user',
  userId: 'seed',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};
const TIANFU = { lon: 104.0657, lat: 30.6574 };

async function newCase(input: { matter: string; lon: number; lat: number; description: string }) {
  return intakeCase(
    { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
    { ...input, source: 'hotline', reporterName: '王先生', reporterPhone: '13800001111' },
    coordinator,
  );
}

/** One user in their own browser context (cookies), signed in, on their inbox. */
async function as(username: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await harness.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${harness.baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.waitForURL(/\/(inbox|dashboard)$/);
  return page;
}

/** `#12` but not `#123` */
const caseTag = (number: number) => new RegExp(`#${number}(?!\\d)`);
const row = (page: Page, number: number, action?: string) => page.locator(`.task-row[data-case="${number}"]${action ? `[data-action="${action}"]` : ''}`);
const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage });

beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness?.closeContexts());
afterAll(async () => {
  writeFileSync(`${ARTIFACTS}figures.json`, JSON.stringify(figures, null, 2));
  console.log('[portal figures]', JSON.stringify(figures));
  await harness?.close();
});

describe('portal workflows in Chromium', () => {
  it('a claim by one liaison takes the task out of a colleague’s inbox without a reload', async () => {
    const { number } = await newCase({ matter: 'VEN-02', ...TIANFU, description: '春熙路商户出店经营占用人行道' });
    const liaison = await as('cd-urban');
    const colleague = await as('cd-urban-supervisor');
    await row(liaison, number, 'claim').waitFor();
    await row(colleague, number, 'claim').waitFor();
    await expect.poll(() => row(colleague, number, 'claim').locator('.countdown').getAttribute('data-urgency')).toBe('normal');
    await shot(liaison, 'inbox');
    const clicked = Date.now();
    await row(liaison, number, 'claim').getByRole('button', { name: '签收', exact: true }).click();
    await row(colleague, number, 'claim').waitFor({ state: 'detached' });
    figures.claimToDisappearMs = Date.now() - clicked;
    // Still the unit's case, now in progress: no claim button left for anyone.
    await row(colleague, number, 'work').waitFor();
    expect(await row(colleague, number).getByRole('button', { name: '签收', exact: true }).count()).toBe(0);
    await shot(colleague, 'inbox-after-claim');
  });

  it('transfer → reject → dispute on the leadership desk → ruling → the ruled unit gets the case with transfer disabled', async () => {
    const { number } = await newCase({ matter: 'VEN-02', ...TIANFU, description: '商户在门前摆摊售卖,疑似无营业执照' });
    const urban = await as('cd-urban');
    await row(urban, number, 'claim').getByRole('button', { name: '转办…' }).click();
    const dialog = urban.getByRole('dialog', { name: '转办案件' });
    await dialog.getByLabel('依据条款(事项)').selectOption('VEN-03');
    await expect.poll(() => dialog.textContent()).toContain('市场监督管理局');
    await dialog.getByLabel('转办理由').fill('无照经营属市场监管职责');
    await shot(urban, 'transfer-dialog');
    await dialog.getByRole('button', { name: '确认转办' }).click();
    await row(urban, number, 'await-transfer').waitFor();

    const market = await as('cd-market');
    await row(market, number, 'accept-transfer').getByRole('button', { name: '退回…' }).click();
    const reject = market.getByRole('dialog');
    await reject.getByLabel('理由').fill('商户持有营业执照,属出店经营,应由城管处理');
    await reject.getByRole('button', { name: '提交' }).click();
    await row(market, number, 'accept-transfer').waitFor({ state: 'detached' });

    const leadership = await as('leadership');
    await leadership.goto(`${harness.baseUrl}/disputes`);
    const card = leadership.locator('article.dispute', { hasText: caseTag(number) });
    await card.waitFor();
    await card.getByRole('button', { name: '开始裁定' }).click();
    expect(await card.textContent()).toContain('商户持有营业执照');
    await expect.poll(() => card.locator('[role=timer]').textContent()).toMatch(/剩余/);
    await card.getByLabel('主办部门').selectOption('market');
    await card.getByRole('checkbox', { name: '城市管理委员会(综合行政执法)' }).check();
    await card.getByLabel('裁定理由').fill('经核实为无照经营,由市场监管主办,城管协办');
    await shot(leadership, 'dispute-desk', true);
    await card.getByRole('button', { name: '作出裁定' }).click();
    await leadership.locator('article.dispute[data-state="ruled"]', { hasText: caseTag(number) }).waitFor();

    // The ruled unit sees it live, to claim, and cannot transfer it away again.
    const ruled = row(market, number, 'claim');
    await ruled.waitFor();
    expect(await ruled.getByRole('button', { name: '转办…' }).isDisabled()).toBe(true);
    await shot(market, 'inbox-ruled');

    // Leadership promotes the ruling; the matrix history shows the amendment and the diff.
    await leadership
      .locator('article.dispute[data-state="ruled"]', { hasText: caseTag(number) })
      .getByRole('button', { name: '将裁定转为职责矩阵修订…' })
      .click();
    const promote = leadership.getByRole('dialog');
    await promote.getByLabel('理由').fill('同类出店无照经营一律由市场监管主办');
    await promote.getByRole('button', { name: '确认' }).click();
    await leadership
      .locator('article.dispute', { hasText: caseTag(number) })
      .getByText('已写入职责矩阵')
      .waitFor();
    await leadership.goto(`${harness.baseUrl}/matrix`);
    await leadership.getByRole('heading', { name: '版本历史' }).waitFor();
    await leadership.getByRole('form', { name: '版本对比' }).getByRole('button', { name: '对比' }).click();
    const diff = leadership.getByTestId('matrix-diff');
    await diff.waitFor();
    expect(await diff.locator('tr[data-matter="VEN-02"]').count()).toBeGreaterThan(0);
    await leadership.getByRole('heading', { name: '版本历史' }).scrollIntoViewIfNeeded();
    await shot(leadership, 'matrix-history-diff', true);
  });

  it('a joint action co-signed by every department', async () => {
    const { number, caseId } = await newCase({ matter: 'FUM-02', ...TIANFU, description: '夜间露天烧烤油烟大,占道严重' });
    const urban = await as('cd-urban');
    await row(urban, number, 'claim').getByRole('button', { name: '签收', exact: true }).click();
    await urban.goto(`${harness.baseUrl}/cases/${caseId}`);
    await urban.getByRole('button', { name: '发起联合执法' }).click();
    const dialog = urban.getByRole('dialog', { name: '发起联合执法' });
    await dialog.getByLabel('市场监督管理局').check();
    await dialog.getByLabel('生态环境局').check();
    await dialog.getByLabel('行动内容').fill('联合整治夜间露天烧烤:城管清理占道,市场监管查验证照,生态环境监测油烟');
    await dialog.getByRole('button', { name: '发起' }).click();
    const jointLink = urban.getByRole('link', { name: '联合执法' }).first();
    await jointLink.waitFor();
    await jointLink.click();
    await urban.waitForURL(/\/joint\//);
    await expect.poll(() => urban.getByTestId('joint-state').textContent()).toBe('会签中');

    for (const name of ['cd-market', 'cd-ecology']) {
      const page = await as(name);
      const cosign = row(page, number, 'cosign');
      await cosign.getByRole('button', { name: '会签同意' }).click();
      await cosign.waitFor({ state: 'detached' });
    }
    // The lead's page follows live: every department signed, the action is scheduled.
    await expect.poll(() => urban.getByTestId('joint-state').textContent()).toBe('已排期');
    expect(await urban.locator('table.parts .badge.cosign-signed').count()).toBe(2);
    await shot(urban, 'joint-action', true);
  });

  it('a border case shows both cities’ standards side by side, conflicts named', async () => {
    const { caseId } = await newCase({ matter: 'FUM-02', lon: 104.2, lat: 30.9128, description: '青白江区与德阳交界处露天烧烤' });
    const urban = await as('cd-urban');
    await urban.goto(`${harness.baseUrl}/cases/${caseId}`);
    const standards = urban.getByTestId('case-standards');
    await standards.waitFor();
    expect(await standards.locator('.standard').evaluateAll((els) => els.map((e) => e.getAttribute('data-city')))).toEqual(['510100', '510600']);
    expect(await standards.textContent()).toContain('政策冲突');
    expect(await urban.getByTestId('border-cities').textContent()).toBe('德阳市');
    await urban.locator('svg.city-map .marker').waitFor();
    expect(await urban.locator('svg.city-map path.city').count()).toBe(2);
    await shot(urban, 'case-border', true);
  });

  it('the coordinator triages an unrouted case and sees referrals; the standards page highlights conflicts', async () => {
    const triaged = await intakeCase(
      { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
      { ...TIANFU, description: '小区门口有人长期堆放杂物还搭了棚子', source: 'hotline' },
      coordinator,
    );
    const coord = await as('cd-coordinator');
    await coord.goto(`${harness.baseUrl}/triage`);
    const item = coord.locator(`.triage-item[data-case="${triaged.number}"]`);
    await item.waitFor();
    await shot(coord, 'triage', true);
    await item.getByLabel('选择事项').selectOption('CON-01');
    await item.getByRole('button', { name: '派单' }).click();
    await item.waitFor({ state: 'detached' });
    const urban = await as('cd-urban');
    await row(urban, triaged.number, 'claim').waitFor();

    await coord.goto(`${harness.baseUrl}/standards`);
    const ven05 = coord.locator('section.matter-standards[data-matter="VEN-05"]');
    await ven05.waitFor();
    expect(await ven05.getAttribute('data-conflicts')).toContain('policy');
    expect(await ven05.locator('.standard[data-city="510100"] .badge.policy').textContent()).toBe('允许');
    expect(await ven05.locator('.standard[data-city="510600"] .badge.policy').textContent()).toBe('禁止');
    await coord.getByLabel(/只看有冲突的事项/).check();
    await shot(coord, 'standards', true);
  });

  it('switches every page element to English, and back', async () => {
    const { caseId } = await newCase({ matter: 'VEN-05', lon: 104.2, lat: 30.9128, description: '便民点占道' });
    const urban = await as('cd-urban');
    await urban.goto(`${harness.baseUrl}/cases/${caseId}`);
    await urban.getByTestId('case-standards').waitFor();
    await urban.getByRole('button', { name: '语言' }).click();
    await expect.poll(() => urban.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Case \d+$/);
    await urban.getByRole('heading', { name: "Both cities' standards · Temporary convenience trading points" }).waitFor();
    // Everything the portal itself writes is English; what people typed (complaint, address) stays as typed.
    const chrome = await urban.evaluate(() =>
      [...document.querySelectorAll('header nav, h1, h2, h3, h4, button, label, dt, th, .badge, .countdown, .standard .conditions')]
        .map((e) => (e as HTMLElement).innerText)
        .join('\n'),
    );
    expect(chrome.replace('中文', '').match(/[\u4e00-\u9fff]+/g)).toBeNull();
    await shot(urban, 'case-en', true);
    for (const path of ['/inbox', '/standards', '/disputes']) {
      await urban.goto(`${harness.baseUrl}${path}`);
      await urban.getByRole('heading', { level: 1 }).waitFor();
      expect((await urban.getByRole('heading', { level: 1 }).textContent())!.match(/[\u4e00-\u9fff]/)).toBeNull();
    }
    await shot(urban, 'disputes-en');
    await urban.getByRole('button', { name: 'Language' }).click();
    await expect.poll(() => urban.getByRole('heading', { level: 1 }).textContent()).toBe('争议裁定台');
  });

  it('shows the public status by number without personal data; an unsatisfied rating reopens the case; repeats are flagged', async () => {
    const taken = await intakeCase(
      { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
      {
        matter: 'FAC-01',
        lon: 104.09,
        lat: 30.66,
        description: '我家楼下(赵家巷 3 号)路灯坏了一周',
        address: '锦江区赵家巷 3 号',
        source: 'hotline',
        reporterName: '赵女士',
        reporterPhone: '13922223333',
      },
      coordinator,
    );
    const repeat = await newCase({ matter: 'FAC-01', lon: 104.0902, lat: 30.6601, description: '路灯还是不亮' });
    expect(repeat.repeatOf).toBe(taken.caseId);
    const urban = await as('cd-urban');
    await expect.poll(() => row(urban, taken.number).locator('.badge.repeat').textContent()).toBe('重复投诉 ×1');
    const worker: Actor = {
      kind: 'user',
      userId: 'w',
      username: 'cd-urban',
      memberships: [{ role: 'liaison', cityAdcode: '510100', departmentCode: 'urban' }],
    };
    for (const event of [{ type: 'CLAIM' }, { type: 'START' }, { type: 'RESOLVE', note: '已更换路灯灯头,恢复照明' }] as const) {
      await dispatch({ db: harness.handle.db, clock: systemClock }, { workflowId: taken.caseId, actor: worker, event });
    }
    const context = await harness.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const anyone = await context.newPage();
    await anyone.goto(`${harness.baseUrl}/status`);
    await anyone.getByLabel('案件编号').fill(String(taken.number));
    await anyone.getByRole('button', { name: '查询' }).click();
    const card = anyone.getByTestId('public-status');
    await card.waitFor();
    expect(await card.getByTestId('published-result').textContent()).toBe('已更换路灯灯头,恢复照明');
    const page = await anyone.locator('body').innerText();
    for (const secret of ['赵女士', '13922223333', '赵家巷', '我家楼下']) expect(page).not.toContain(secret);
    await anyone.getByLabel(/查询码/).fill('WRONG123');
    await anyone.getByLabel(/不满意/).check();
    await anyone.getByRole('button', { name: '提交评价' }).click();
    await expect.poll(() => anyone.getByRole('alert').textContent()).toBe('案件编号与查询码不匹配。');
    await anyone.getByLabel(/查询码/).fill(taken.publicCode);
    await anyone.getByLabel('意见(可选)').fill('灯还是时亮时不亮');
    await anyone.getByRole('button', { name: '提交评价' }).click();
    await card.getByText('已进入二次督办').waitFor();
    expect(await card.textContent()).toContain('不满意');
    await shot(anyone, 'public-status', true);
    // The unit sees it back in its inbox, under supervision, without a reload.
    await row(urban, taken.number, 'work-supervised').waitFor();
  });

  it('an operator takes a complaint with live matter suggestions and reads out the number and code', async () => {
    const coord = await as('cd-coordinator');
    await coord.goto(`${harness.baseUrl}/intake`);
    await coord.getByLabel('诉求内容').fill('每天晚上小区门口有人支起炭火炉烤串,烟雾很大,窗户都不敢开');
    const suggestions = coord.getByTestId('suggestions');
    await suggestions.waitFor();
    expect(await suggestions.textContent()).toContain('露天烧烤');
    await suggestions.getByRole('button', { name: /露天烧烤/ }).click();
    expect(await coord.getByLabel('事项').inputValue()).toBe('FUM-02');
    await coord.getByLabel('事发地址').fill('成都市武侯区玉林北路 12 号');
    await coord.getByRole('button', { name: '登记并派单' }).click();
    const result = coord.getByTestId('intake-result');
    await result.waitFor();
    const text = (await result.textContent())!;
    expect(text).toMatch(/案件编号 #\d+/);
    expect(text).toMatch(/查询码:[A-Z2-9]{8}/);
    expect(text).toContain('已派给:成都市 城市管理委员会(综合行政执法)');
    await shot(coord, 'intake');
    // Without an address or coordinates the operator is told, in Chinese.
    await coord.getByLabel('事发地址').fill('');
    await coord.getByRole('button', { name: '登记并派单' }).click();
    await expect.poll(() => coord.getByRole('alert').textContent()).toBe('请填写坐标或地址。');
  });

  it('renders a 1,000-task inbox, virtualised, and shows a server error in the user’s language', async () => {
    // A thousand open cases for the water bureau, written straight into the projection tables: with
    // at most 60 rows in the page, the list is virtualised many times over (bench/inbox.bench.ts
    // renders 10,000 and compares them with 30).
    await harness.handle.db.execute(sql`
      insert into cases (id, matter_code, matrix_version, city_adcode, county_adcode, lon, lat, description, source, border_cities, cross_city, tier, created_at, state, holder_unit)
      select 'bulk-' || g, 'SAN-04', 1, '510100', '510104', 104.08, 30.65, '府南河锦江段水面漂浮物较多,第 ' || g || ' 号工单', 'hotline', '{}', false, 'simple', now(), 'offered', '510100:water'
      from generate_series(1, 1000) g`);
    await harness.handle.db.execute(sql`
      insert into workflows (id, kind, case_id, matter_code, state, done, snapshot, version, created_at, updated_at)
      select 'bulk-' || g, 'case', 'bulk-' || g, 'SAN-04', 'offered', false, '{"context":{"transferLocked":false}}'::jsonb, 1, now(), now()
      from generate_series(1, 1000) g`);
    await harness.handle.db.execute(sql`
      insert into tasks (workflow_id, kind, case_id, inbox, role, action, due_at, warn_at, escalation, since)
      select 'bulk-' || g, 'case', 'bulk-' || g, '510100:water', 'lead', 'claim', now() + (g - 300) * interval '1 minute', now() + (g - 330) * interval '1 minute', case when g < 300 then 1 else 0 end, now()
      from generate_series(1, 1000) g`);
    const water = await as('cd-water');
    await water.goto(`${harness.baseUrl}/matrix`);
    const started = Date.now();
    await water.goto(`${harness.baseUrl}/inbox`);
    await water.locator('.task-row').first().waitFor();
    figures.inbox1kFirstRowsMs = Date.now() - started;
    await expect.poll(() => water.locator('.count').getAttribute('data-rendered-ms')).not.toBe('');
    figures.inbox1kFetchAndRenderMs = Number(await water.locator('.count').getAttribute('data-rendered-ms'));
    // 299 tasks are overdue when written, one more each minute after: the count names them, most overdue first.
    expect(await water.locator('.count').textContent()).toMatch(/^共 1000 项任务 · 其中 \d{3} 项已超时/);
    expect(await water.locator('.task-row').count()).toBeLessThan(60);
    expect(await water.locator('.countdown.breached').count()).toBeGreaterThan(0);
    await shot(water, 'inbox-1k');
    // Scroll to the very end: the last task is there, still only a screenful of rows in the page.
    const scrolled = Date.now();
    await water.locator('.virtual').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await water.locator('.task-row', { hasText: '第 1000 号工单' }).waitFor();
    figures.inbox1kScrollToEndMs = Date.now() - scrolled;
    expect(await water.locator('.task-row').count()).toBeLessThan(60);

    // Claiming one of these synthetic rows has no real workflow behind it: the error is shown in Chinese.
    await water.locator('.virtual').evaluate((el) => (el.scrollTop = 0));
    const first = water.locator('.task-row').first();
    await first.getByRole('button', { name: '签收', exact: true }).click();
    await expect.poll(() => first.getByRole('alert').textContent()).toMatch(/[\u4e00-\u9fff]/);

    const phone = await as('cd-water', { width: 390, height: 844 });
    await phone.locator('.task-row').first().waitFor();
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(phone, 'inbox-phone');
  });
});
