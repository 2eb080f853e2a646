import { DomainError } from '../errors.ts';
import type { Membership } from '../principal.ts';
import type { CaseSource, DepartmentCode, DomainCode } from '../reference.ts';
import type { CaseFacts } from './facts.ts';

/**
 * Which cases a person's dashboard and bulletins count: the one rule of the command centre
 * (case-level reading rights are checkCaseAccess's, a different question).
 *
 * - leadership and the alliance office: every case of the alliance;
 * - a city coordinator: the cases of their city;
 * - a unit's supervisor: the cases charged to their unit (its department in their city);
 * - anyone else (a unit's liaison, an administrator): no dashboard (FORBIDDEN).
 *
 * Several memberships add up (a coordinator of one city and a supervisor elsewhere sees both).
 */
export type DashboardScope = { all: true } | { all: false; cities: string[]; units: string[] };

export function dashboardScope(memberships: readonly Membership[]): DashboardScope {
  if (memberships.some((m) => m.role === 'leadership' || m.role === 'alliance')) return { all: true };
  const cities = [...new Set(memberships.flatMap((m) => (m.role === 'coordinator' && m.cityAdcode !== null ? [m.cityAdcode] : [])))].sort();
  const units = [
    ...new Set(
      memberships.flatMap((m) =>
        m.role === 'supervisor' && m.cityAdcode !== null && m.departmentCode !== null ? [`${m.cityAdcode}:${m.departmentCode}`] : [],
      ),
    ),
  ].sort();
  if (cities.length === 0 && units.length === 0) {
    throw new DomainError('FORBIDDEN', 'ROLE_REQUIRED', 'The command centre is for leadership, coordinators and supervisors', {
      roles: 'leadership, alliance, coordinator, supervisor',
    });
  }
  return { all: false, cities, units };
}

/**
 * The unit a case belongs to for the scope and the department filter: the unit that closed it, or
 * the one holding it now (each indicator may charge another unit: its `unit` rule).
 */
export const caseUnit = (f: Pick<CaseFacts, 'closingUnit' | 'holderUnit'>): string | null => f.closingUnit ?? f.holderUnit;

/** Whether a case is inside a scope. */
export function inScope(scope: DashboardScope, f: Pick<CaseFacts, 'cityAdcode' | 'closingUnit' | 'holderUnit'>): boolean {
  if (scope.all) return true;
  const unit = caseUnit(f);
  return scope.cities.includes(f.cityAdcode) || (unit !== null && scope.units.includes(unit));
}

/** The dashboard's filters (each optional; all that are given must hold). */
export interface DashboardFilters {
  city?: string | undefined;
  county?: string | undefined;
  department?: DepartmentCode | undefined;
  domain?: DomainCode | undefined;
  matter?: string | undefined;
  source?: CaseSource | undefined;
}

export function matchesFilters(filters: DashboardFilters, f: CaseFacts): boolean {
  const unit = caseUnit(f);
  return (
    (filters.city === undefined || f.cityAdcode === filters.city) &&
    (filters.county === undefined || f.countyAdcode === filters.county) &&
    (filters.department === undefined || (unit !== null && unit.split(':')[1] === filters.department)) &&
    (filters.domain === undefined || f.domainCode === filters.domain) &&
    (filters.matter === undefined || f.matterCode === filters.matter) &&
    (filters.source === undefined || f.source === filters.source)
  );
}

/** How figures can be split: by charged unit, district, matter, month or ISO week of the indicator's basis, or hour-of-week slot of the report (`<isodow>-<hour>`, 1 = Monday). */
export const FIGURE_GROUPS = ['unit', 'county', 'matter', 'month', 'week', 'slot'] as const;
export type FigureGroup = (typeof FIGURE_GROUPS)[number];

/** Which of a figure's cases a drill-down lists: all counted (denominator), those that met it (numerator), those that did not. */
export const DRILL_PARTS = ['counted', 'met', 'missed'] as const;
export type DrillPart = (typeof DRILL_PARTS)[number];
