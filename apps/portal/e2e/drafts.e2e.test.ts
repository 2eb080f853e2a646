import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/testing';
import { systemClock, type Actor } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/** Matrix governance (issue #17) at phone width in Chromium: draft, what-if, consultation, an objection, scheduled adoption. */
let harness: Harness;
const PHONE = { width: 390, height: 844 };
const coordinator: Actor = {
  kind: 'user',
  userId: 'c',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};

async function signedIn(username: string, lang: 'zh' | 'en' = 'zh'): Promise<Page> {
  const context = await harness.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN' });
  await context.addInitScript((l) => localStorage.setItem('gongzhi.lang', l), lang);
  const page = await context.newPage();
  await page.goto(`${harness.baseUrl}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(DEMO_PASSWORD);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL((url) => url.pathname !== '/login');
  return page;
}

const noSideways = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
/** `YYYY-MM-DDTHH:mm` in the browser's own time zone, as a datetime-local input takes it. */
const localInput = (page: Page, at: Date) =>
  page.evaluate((ms) => {
    const d = new Date(ms);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
  }, at.getTime());

beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness?.closeContexts());
afterAll(async () => {
  await harness?.close();
});

describe('a draft amendment from drafting to scheduled adoption, in Chromium at 390 px', () => {
  it('leadership changes a lead, sees the workload shift, consults, the police object, and leadership adopts it for a later time', async () => {
    // Some history: three cases of 占用机动车道影响通行, led by the police of Chengdu.
    for (const description of ['三轮车占了机动车道', '货车卸货占道影响通行', '摊贩占用机动车道']) {
      await intakeCase(
        { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
        { matter: 'VEN-04', lon: 104.0657, lat: 30.6574, description, source: 'hotline' },
        coordinator,
      );
    }
    // Leadership drafts: 占用机动车道影响通行 led by urban management instead of the police.
    const lead = await signedIn('leadership');
    await lead.goto(`${harness.baseUrl}/matrix`);
    await lead.getByRole('link', { name: '修订草案' }).click();
    await lead.locator('input[name=title]').fill('占用机动车道影响通行改由城管主办');
    await lead.getByRole('button', { name: '新建草案' }).click();
    await lead.waitForURL(/\/matrix\/drafts\/[0-9a-f-]+$/);
    const draftUrl = lead.url();
    const form = lead.locator('form.draft-form');
    await form.locator('select[name=matter]').selectOption('VEN-04');
    await form.locator('select[name=lead]').selectOption('urban');
    await form.locator('input[name=supports][value=police]').check();
    await form.getByRole('button', { name: '加入草案' }).click();
    await expect.poll(() => lead.getByTestId('draft-operation').count()).toBe(1);
    expect(await lead.getByTestId('draft-operation').innerText()).toContain('主办改为');
    const diff = lead.getByTestId('draft-diff');
    await diff.waitFor();
    expect(await diff.locator('tr[data-matter="VEN-04"][data-field=lead] td.after').innerText()).toContain('城市管理');

    // The what-if figures sit beside the consultation.
    const shift = lead.getByTestId('what-if-units');
    await shift.waitFor();
    expect(await shift.locator('tr[data-unit="510100:police"]').innerText()).toContain('3 → 0');
    expect(await shift.locator('tr[data-unit="510100:urban"]').innerText()).toMatch(/\d+ → \d+/);
    // a change of lead leaves automatic classification alone, and the page says so
    const triage = lead.getByTestId('what-if-triage');
    await triage.getByText('自动定性和分拣队列不变').waitFor();
    await noSideways(lead);
    await lead.screenshot({ path: `${ARTIFACTS}draft-phone.png`, fullPage: true });

    // Sent for consultation, 5 working days: Chengdu is ticked for leadership; Deyang is added. The
    // urban and police units of both cities and their coordination offices are asked.
    const picker = lead.getByTestId('consultation-cities');
    expect(await picker.getByLabel('成都市').isChecked()).toBe(true);
    expect(await picker.getByLabel('德阳市').isChecked()).toBe(false);
    await picker.getByLabel('德阳市').check();
    await lead.getByRole('button', { name: '发出征求意见' }).click();
    const parties = lead.getByTestId('consultation-parties');
    await parties.waitFor();
    expect(await parties.locator('tbody tr').count()).toBe(6);
    expect(await parties.locator('tr[data-party="510600:police"]').count()).toBe(1);

    // The police find it in their inbox and object with a reason on the draft page.
    const police = await signedIn('cd-police');
    await police.goto(`${harness.baseUrl}/inbox`);
    await police.getByText('修订草案征求意见待答复').first().waitFor();
    await police.goto(draftUrl);
    await police.locator('textarea[name=reason]').fill('交警警力有限,但占道影响通行仍需交警到场处置');
    await police.getByRole('button', { name: '提交反对意见' }).click();
    await expect.poll(() => police.locator('tr[data-party="510100:police"]').innerText()).toContain('反对');
    await noSideways(police);

    // Leadership sees the objection beside the figures and adopts it from tomorrow 08:00.
    await lead.reload();
    const row = lead.locator('tr[data-party="510100:police"]');
    await row.waitFor();
    expect(await row.innerText()).toContain('交警警力有限');
    expect(await row.locator('[data-user]').count()).toBe(1);
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    tomorrow.setMinutes(0, 0, 0);
    await lead.locator('textarea[name=adoptReason]').fill('综合各方意见,自明日起由城管主办');
    await lead.locator('input[name=when][value=scheduled]').check();
    await lead.locator('input[name=effectiveAt]').fill(await localInput(lead, tomorrow));
    await lead.getByRole('button', { name: '通过并生成新版本' }).click();
    await lead.getByTestId('draft-adopted').waitFor();
    expect(await lead.getByTestId('draft-adopted').innerText()).toContain('第 2 版');
    const stored = (await harness.handle.db.execute('select version, effective_at, draft_id from matrix_versions order by version')) as {
      rows: Array<{ version: number; effective_at: string | Date; draft_id: string | null }>;
    };
    expect(stored.rows.map((r) => r.version)).toEqual([1, 2]);
    expect(new Date(stored.rows[1]?.effective_at ?? 0).toISOString()).toBe(tomorrow.toISOString());
    expect(stored.rows[1]?.draft_id).toBe(draftUrl.split('/').pop());
    await noSideways(lead);
    await lead.screenshot({ path: `${ARTIFACTS}draft-adopted-phone.png`, fullPage: true });

    // The same page in English says it all in English (people's words aside).
    const en = await signedIn('leadership', 'en');
    await en.goto(draftUrl);
    await en.getByTestId('draft-adopted').waitFor();
    expect(await en.getByTestId('draft-adopted').innerText()).toContain('Adopted as version 2');
    await noSideways(en);
  });
});
