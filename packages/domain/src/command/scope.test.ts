import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { dashboardScope, inScope, matchesFilters } from './scope.ts';

const f = (cityAdcode: string, unit: string | null, closed = false) => ({
  cityAdcode,
  holderUnit: closed ? null : unit,
  closingUnit: closed ? unit : null,
});

describe('dashboardScope: whose cases a dashboard counts', () => {
  it('leadership and the alliance office see all; a coordinator their city; a supervisor their unit', () => {
    expect(dashboardScope([{ role: 'leadership', cityAdcode: '510100', departmentCode: null }])).toEqual({ all: true });
    expect(dashboardScope([{ role: 'alliance', cityAdcode: '510100', departmentCode: null }])).toEqual({ all: true });
    const coordinator = dashboardScope([{ role: 'coordinator', cityAdcode: '510600', departmentCode: null }]);
    expect(inScope(coordinator, f('510600', '510600:urban'))).toBe(true);
    expect(inScope(coordinator, f('510100', '510100:urban'))).toBe(false);
    const supervisor = dashboardScope([{ role: 'supervisor', cityAdcode: '510100', departmentCode: 'urban' }]);
    expect(inScope(supervisor, f('510100', '510100:urban'))).toBe(true);
    expect(inScope(supervisor, f('510100', '510100:urban', true))).toBe(true);
    expect(inScope(supervisor, f('510100', '510100:market'))).toBe(false);
    expect(inScope(supervisor, f('510600', '510600:urban'))).toBe(false);
  });

  it('memberships add up', () => {
    const both = dashboardScope([
      { role: 'coordinator', cityAdcode: '510600', departmentCode: null },
      { role: 'supervisor', cityAdcode: '510100', departmentCode: 'urban' },
      { role: 'liaison', cityAdcode: '511400', departmentCode: 'urban' },
    ]);
    expect(both).toEqual({ all: false, cities: ['510600'], units: ['510100:urban'] });
  });

  it('a liaison, an administrator or nobody has no dashboard', () => {
    for (const m of [
      [{ role: 'liaison' as const, cityAdcode: '510100', departmentCode: 'urban' as const }],
      [{ role: 'admin' as const, cityAdcode: '510100', departmentCode: null }],
      [],
    ]) {
      expect(() => dashboardScope(m)).toThrow(DomainError);
    }
  });

  it('filters by the department of the unit that closed or holds the case', () => {
    const c = {
      ...f('510100', '510100:urban', true),
      countyAdcode: '510104',
      domainCode: 'vending' as const,
      matterCode: 'VEN-01',
      source: 'hotline' as const,
    };
    const facts = c as unknown as Parameters<typeof matchesFilters>[1];
    expect(matchesFilters({ department: 'urban', domain: 'vending', county: '510104' }, facts)).toBe(true);
    expect(matchesFilters({ department: 'market' }, facts)).toBe(false);
    expect(matchesFilters({ source: 'app' }, facts)).toBe(false);
  });
});
