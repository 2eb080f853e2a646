import { describe, expect, it } from 'vitest';
import { adminScopes, managersOf, mayManage, requireNotLastAdmin, validMembership, validMemberships, validUsername } from './administration.ts';
import type { Membership } from './principal.ts';

const m = (role: Membership['role'], cityAdcode: string | null = null, departmentCode: Membership['departmentCode'] = null): Membership => ({
  role,
  cityAdcode,
  departmentCode,
});

describe('memberships', () => {
  it('a liaison or supervisor in a department of a city, a coordinator in a city, leadership and the alliance office at the alliance', () => {
    expect(validMembership({ role: 'liaison', cityAdcode: '510100', departmentCode: 'urban' })).toEqual(m('liaison', '510100', 'urban'));
    expect(validMembership({ role: 'coordinator', cityAdcode: '510600' })).toEqual(m('coordinator', '510600'));
    expect(validMembership({ role: 'leadership', cityAdcode: '' })).toEqual(m('leadership'));
    expect(validMembership({ role: 'admin' })).toEqual(m('admin'));
    expect(validMembership({ role: 'admin', cityAdcode: '511400' })).toEqual(m('admin', '511400'));
    for (const bad of [
      { role: 'liaison', cityAdcode: '510100' },
      { role: 'supervisor', departmentCode: 'urban' },
      { role: 'coordinator' },
      { role: 'coordinator', cityAdcode: '510100', departmentCode: 'urban' },
      { role: 'leadership', cityAdcode: '510100' },
      { role: 'alliance', departmentCode: 'police' },
      { role: 'liaison', cityAdcode: '110000', departmentCode: 'urban' },
      { role: 'liaison', cityAdcode: '510100', departmentCode: 'navy' },
      { role: 'mayor' },
    ])
      expect(() => validMembership(bad)).toThrow(expect.objectContaining({ code: 'INVALID', reason: 'MEMBERSHIP_INVALID' }));
    expect(() => validMemberships([])).toThrow(expect.objectContaining({ reason: 'MEMBERSHIPS_REQUIRED' }));
    expect(validMemberships([{ role: 'leadership' }, { role: 'leadership', cityAdcode: null }])).toHaveLength(1);
  });

  it('usernames are lower-cased and plain', () => {
    expect(validUsername(' CD-Urban.2 ')).toBe('cd-urban.2');
    for (const bad of ['ab', 'a b', '张三', '-lead', 'x'.repeat(33)])
      expect(() => validUsername(bad)).toThrow(expect.objectContaining({ reason: 'USERNAME_INVALID' }));
  });
});

describe('scoped administration', () => {
  const chengdu = adminScopes({ memberships: [m('admin', '510100')] });
  const alliance = adminScopes({ memberships: [m('admin')] });
  it('a city’s administrator manages that city’s people; the alliance’s the alliance-level accounts and the city administrators', () => {
    expect(chengdu).toEqual(['510100']);
    expect(alliance).toEqual(['alliance']);
    expect(managersOf(m('admin', '510100'))).toEqual(['510100', 'alliance']);
    expect(mayManage(chengdu, [m('liaison', '510100', 'urban'), m('coordinator', '510100')])).toBe(true);
    expect(mayManage(chengdu, [m('liaison', '510600', 'urban')])).toBe(false);
    expect(mayManage(chengdu, [m('liaison', '510100', 'urban'), m('liaison', '510600', 'urban')])).toBe(false);
    expect(mayManage(chengdu, [m('leadership')])).toBe(false);
    expect(mayManage(chengdu, [m('admin', '510100')])).toBe(true);
    expect(mayManage(alliance, [m('leadership'), m('alliance')])).toBe(true);
    expect(mayManage(alliance, [m('admin', '510600')])).toBe(true);
    expect(mayManage(alliance, [m('coordinator', '510600')])).toBe(false);
    expect(mayManage(adminScopes({ memberships: [m('coordinator', '510100')] }), [m('liaison', '510100', 'urban')])).toBe(false);
  });

  it('the last administrator of a scope cannot give it up', () => {
    expect(() => requireNotLastAdmin([m('admin', '510100')], [], {})).toThrow(expect.objectContaining({ code: 'CONFLICT', reason: 'LAST_ADMIN' }));
    expect(() => requireNotLastAdmin([m('admin', '510100')], [m('coordinator', '510100')], { alliance: 2 })).toThrow(
      expect.objectContaining({ reason: 'LAST_ADMIN' }),
    );
    expect(() => requireNotLastAdmin([m('admin', '510100')], [], { '510100': 1 })).not.toThrow();
    expect(() => requireNotLastAdmin([m('admin', '510100'), m('coordinator', '510100')], [m('admin', '510100')], {})).not.toThrow();
  });
});
