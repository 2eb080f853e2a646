import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '@gongzhi/db';
import { intakeCase } from '@gongzhi/api/testing';
import { systemClock, type Actor } from '@gongzhi/domain';
import { ARTIFACTS, startHarness, type Harness } from './harness.ts';

/** Administration (issue 12): onboarding a real person, and cutting them off at once. */
let harness: Harness;
const coordinator: Actor = {
  kind: 'user',
  userId: 'cd-coordinator',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};

async function browserAt(width: number): Promise<Page> {
  const context = await harness.newContext({ viewport: { width, height: 844 }, locale: 'zh-CN' });
  return context.newPage();
}
async function signIn(page: Page, username: string, password: string) {
  await page.goto(`${harness.baseUrl}/login`);
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
}
const shot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => harness?.closeContexts());
afterAll(async () => {
  await harness?.close();
});

describe('administration, in Chromium', () => {
  it('an administrator onboards a liaison, who signs in and claims a case; deactivated, their open tab is signed out', async () => {
    const { caseId } = await intakeCase(
      { db: harness.handle.db, clock: systemClock, alliance: harness.alliance },
      { matter: 'FAC-01', lon: 104.0815, lat: 30.6555, description: '锦江区路灯不亮', source: 'hotline' },
      coordinator,
    );

    // Chengdu's administrator, at phone width
    const admin = await browserAt(390);
    await signIn(admin, 'cd-admin', DEMO_PASSWORD);
    await admin.waitForURL(/\/admin$/);
    await admin.getByRole('button', { name: '新增人员…' }).click();
    const dialog = admin.locator('dialog[open]');
    await dialog.locator('input[name=username]').fill('cd-urban-wang');
    await dialog.locator('input[name=displayName]').fill('王晓明');
    await dialog.locator('input[name=phone]').fill('13912345678');
    // the new row starts as a liaison of the administrator's city; the department is 城管
    await dialog.locator('.membership-row select').last().selectOption('urban');
    await shot(admin, 'admin-create-390');
    await dialog.getByRole('button', { name: '创建' }).click();
    const temporary = (await admin.locator('[data-temporary-password]').innerText()).trim();
    expect(temporary).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    await expect.poll(() => admin.locator('[data-person="cd-urban-wang"]').innerText()).toContain('部门联络员');
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(admin, 'admin-list-390');

    // The liaison signs in with the temporary password and must choose their own first
    const liaison = await browserAt(1280);
    await signIn(liaison, 'cd-urban-wang', temporary);
    await liaison.waitForURL(/\/account$/);
    await liaison.locator('input[name=current]').fill(temporary);
    await liaison.locator('input[name=next]').fill('password2026');
    await liaison.locator('input[name=again]').fill('password2026');
    await liaison.getByRole('button', { name: '修改密码' }).last().click();
    await expect.poll(() => liaison.locator('.account-page').innerText()).toContain('过于常见');
    await liaison.locator('input[name=next]').fill('Jinjiang-lamps-42');
    await liaison.locator('input[name=again]').fill('Jinjiang-lamps-42');
    await liaison.getByRole('button', { name: '修改密码' }).last().click();
    await liaison.waitForURL(/\/inbox$/);
    // claims the case from the unit's inbox
    await liaison.goto(`${harness.baseUrl}/cases/${caseId}`);
    await liaison.getByRole('button', { name: '签收' }).first().click();
    await expect.poll(() => liaison.locator('.case-page').innerText()).toContain('已签收');
    await liaison.goto(`${harness.baseUrl}/inbox`);
    await expect.poll(() => liaison.locator('main').innerText()).toContain('路灯');

    // The administrator deactivates them: the liaison's open tab is signed out
    await admin.reload();
    await admin.locator('[data-person="cd-urban-wang"]').getByRole('button', { name: '停用…' }).click();
    await admin.locator('dialog[open] textarea[name=reason]').fill('调离岗位');
    const t0 = Date.now();
    await admin.locator('dialog[open]').getByRole('button', { name: '停用', exact: true }).click();
    await expect.poll(() => admin.locator('[role=status]').first().innerText()).toContain('1 件案件退回本单位');
    await liaison.waitForURL(/\/login\?ended=1$/);
    console.log(`deactivation → the liaison's tab on the sign-in page: ${Date.now() - t0} ms`);
    await expect.poll(() => liaison.locator('[data-signed-out]').innerText()).toContain('登录已结束');
    await shot(liaison, 'admin-liaison-signed-out');

    // the audit page has it, in words
    await admin.getByRole('tab', { name: '操作记录' }).click();
    await expect.poll(() => admin.locator('.audit-list').innerText()).toContain('停用');
    const audit = await admin.locator('.audit-list').innerText();
    expect(audit).toContain('王晓明');
    expect(audit).toContain('原因:调离岗位');
    expect(audit).not.toContain('cd-urban-wang');
    await shot(admin, 'admin-audit-390');
  });
});
