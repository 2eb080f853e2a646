import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { hashPassword, verifyPassword } from '@gongzhi/auth';
import { findUserByUsername, passwordHashOf, seedDemoUsers, seedReference, verifyAudit, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { ManualClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import type { Administrator } from '@gongzhi/api/use-cases/administrator';
import { importPeopleFile, passwordsCsv, rejectsCsv } from './people.ts';

const dir = mkdtempSync(join(tmpdir(), 'gongzhi-people-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(testTargets())('bulk onboarding on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T08:00:00Z');
  let cdAdmin: Administrator;
  let file = '';

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, loadAlliance(), clock.now());
    await seedDemoUsers(handle.db, hashPassword, clock.now());
    const admin = (await findUserByUsername(handle.db, 'cd-admin'))!;
    cdAdmin = { userId: admin.id, username: admin.username, scopes: ['510100'] };
    const police = (await findUserByUsername(handle.db, 'cd-police'))!;
    const m = police.memberships[0]!;
    // A GBK-encoded CSV, as Excel saves one on a Chinese Windows.
    const csv = [
      '用户名,姓名,手机,城市,部门,角色',
      'cd-new1,新人一,13800000001,成都,urban,联络员',
      'cd-new2,新人二,,成都市,市场监督管理局,联络员',
      'cd-new2,新人二,,成都市,市场监督管理局,科室负责人',
      'cd-urban,城管联络员(改名),,成都,urban,supervisor',
      `cd-police,${police.displayName},,${m.cityAdcode},${m.departmentCode},${m.role}`,
      'dy-new,德阳新人,,德阳,urban,联络员',
      `"=cmd|' /C calc'!A0",公式,,成都,urban,联络员`,
      'cd-bad,部门错,,成都,教育局,联络员',
    ].join('\r\n');
    file = join(dir, `people-${target.name}.csv`);
    writeFileSync(file, iconv.encode(csv, 'gb18030'));
  });
  afterAll(async () => {
    await handle?.close();
  });

  const run = (apply: boolean) => importPeopleFile({ path: file, ctx: { db: handle.db, clock, administrator: cdAdmin }, apply, source: 'people.csv' });

  it('previews every row’s outcome, applies with exact counts and temporary passwords, and a re-import changes nothing', async () => {
    const preview = await run(false);
    expect(preview.counts).toEqual({ created: 2, updated: 1, unchanged: 1, rejected: 3 });
    expect(preview.rows.map((r) => [r.rowNumber, r.outcome, r.reason ?? r.changes?.join('+') ?? ''])).toEqual([
      [2, 'created', ''],
      [3, 'created', ''],
      [4, 'created', ''],
      [5, 'updated', 'name+memberships'],
      [6, 'unchanged', ''],
      [7, 'rejected', 'NOT_IN_SCOPE'],
      [8, 'rejected', 'USERNAME_INVALID'],
      [9, 'rejected', 'DEPARTMENT_UNKNOWN'],
    ]);
    expect(await findUserByUsername(handle.db, 'cd-new1')).toBeNull();

    const applied = await run(true);
    expect(applied.counts).toEqual(preview.counts);
    const created = (await findUserByUsername(handle.db, 'cd-new2'))!;
    expect(created).toMatchObject({ displayName: '新人二', mustChangePassword: true, active: true });
    expect(created.memberships.map((x) => x.role).sort()).toEqual(['liaison', 'supervisor']);
    expect((await findUserByUsername(handle.db, 'cd-urban'))!.memberships).toEqual([{ role: 'supervisor', cityAdcode: '510100', departmentCode: 'urban' }]);
    const sheet = passwordsCsv(applied, 'zh')!;
    const password = applied.temporaryPasswords.find((p) => p.username === 'cd-new2')!.password;
    expect(sheet).toContain(`cd-new2,新人二,`);
    expect(sheet).toContain(`,${password}\r\n`);
    expect(await verifyPassword((await passwordHashOf(handle.db, created.id))!, password)).toBe(true);
    // the rejects file: each rejected row with its reason, a formula made inert
    const rejects = rejectsCsv(applied, 'zh')!;
    expect(rejects.split('\r\n').slice(0, 4)).toEqual([
      '\uFEFF行号,用户名,原因',
      '7,dy-new,不在您的管理范围内',
      `8,'=cmd|' /C calc'!A0,用户名无效(3–32 位小写字母、数字、点、横线、下划线)`,
      '9,cd-bad,部门无法识别',
    ]);

    const again = await run(true);
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 4, rejected: 3 });
    expect(again.temporaryPasswords).toEqual([]);
    expect((await verifyAudit(handle.db)).broken).toEqual([]);
  });
});
