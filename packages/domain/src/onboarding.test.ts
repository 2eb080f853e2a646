import { describe, expect, it } from 'vitest';
import { mapPeopleHeader, peopleOf, readPersonRow, sameMemberships } from './onboarding.ts';

describe('bulk onboarding rows', () => {
  const { columns, missing } = mapPeopleHeader(['用户名', '姓名', '手机', '城市', '部门', '角色']);
  const read = (rowNumber: number, ...fields: string[]) => readPersonRow({ rowNumber, fields }, columns);

  it('maps Chinese or English headers and names the required ones missing', () => {
    expect(missing).toEqual([]);
    expect(mapPeopleHeader(['Username', 'Name', 'Role']).missing).toEqual([]);
    expect(mapPeopleHeader(['username', 'phone']).missing).toEqual(['displayName', 'role']);
  });

  it('reads cities, departments and roles by code or by their Chinese names', () => {
    expect(read(2, 'CD-Li', '李华', '138 0000 1111', '成都市', '市场监督管理局', '联络员')).toMatchObject({
      ok: true,
      username: 'cd-li',
      phone: '13800001111',
      membership: { role: 'liaison', cityAdcode: '510100', departmentCode: 'market' },
    });
    expect(read(3, 'dy-wang', '王强', '', 'deyang', '', 'coordinator')).toMatchObject({
      ok: true,
      membership: { role: 'coordinator', cityAdcode: '510600', departmentCode: null },
    });
    expect(read(4, 'lead-1', '赵', '', '', '', '领导小组')).toMatchObject({ ok: true, membership: { role: 'leadership', cityAdcode: null } });
  });

  it('gives each refused row its reason', () => {
    expect(read(2, '张', '张三', '', '成都', 'urban', 'liaison')).toMatchObject({ ok: false, reason: 'USERNAME_INVALID' });
    expect(read(3, 'zhang', '', '', '成都', 'urban', 'liaison')).toMatchObject({ ok: false, reason: 'NAME_MISSING' });
    expect(read(4, 'zhang', '张三', 'call me', '成都', 'urban', 'liaison')).toMatchObject({ ok: false, reason: 'PHONE_INVALID' });
    expect(read(5, 'zhang', '张三', '', '成都', 'urban', '队长')).toMatchObject({ ok: false, reason: 'ROLE_UNKNOWN' });
    expect(read(6, 'zhang', '张三', '', '绵阳', 'urban', 'liaison')).toMatchObject({ ok: false, reason: 'CITY_UNKNOWN' });
    expect(read(7, 'zhang', '张三', '', '成都', '教育局', 'liaison')).toMatchObject({ ok: false, reason: 'DEPARTMENT_UNKNOWN' });
    expect(read(8, 'zhang', '张三', '', '', 'urban', 'liaison')).toMatchObject({ ok: false, reason: 'MEMBERSHIP_INVALID' });
    expect(read(9, 'zhang', '张三', '', '成都', '', 'leadership')).toMatchObject({ ok: false, reason: 'MEMBERSHIP_INVALID' });
  });

  it('groups a person’s rows into their memberships; rows that disagree, or one refused row, refuse the person', () => {
    const { people, rejected } = peopleOf([
      read(2, 'cd-li', '李华', '', '成都', 'urban', 'liaison'),
      read(3, 'cd-li', '李华', '', '成都', 'urban', 'supervisor'),
      read(4, 'cd-li', '李华', '', '成都', 'urban', 'liaison'),
      read(5, 'cd-wu', '吴一', '', '成都', 'urban', 'liaison'),
      read(6, 'cd-wu', '吴二', '', '成都', 'urban', 'liaison'),
      read(7, 'cd-he', '何', '', '成都', 'urban', 'liaison'),
      read(8, 'cd-he', '何', '', '绵阳', 'urban', 'liaison'),
    ]);
    expect(people).toEqual([
      {
        username: 'cd-li',
        displayName: '李华',
        phone: null,
        memberships: [
          { role: 'liaison', cityAdcode: '510100', departmentCode: 'urban' },
          { role: 'supervisor', cityAdcode: '510100', departmentCode: 'urban' },
        ],
        rowNumbers: [2, 3, 4],
      },
    ]);
    expect(rejected.map((r) => [r.rowNumber, r.reason])).toEqual([
      [5, 'ROWS_DISAGREE'],
      [6, 'ROWS_DISAGREE'],
      [7, 'CITY_UNKNOWN'],
      [8, 'CITY_UNKNOWN'],
    ]);
    expect(sameMemberships(people[0]!.memberships, [...people[0]!.memberships].reverse())).toBe(true);
  });
});
