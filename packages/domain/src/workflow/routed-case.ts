import type { DepartmentCode, ResolutionLimit, Tier } from '../reference.ts';
import type { StartEffect } from './types.ts';

/** A case the moment it has a matter and a route: where it is, who leads and supports, which cities it borders. */
export interface RoutedCase {
  caseId: string;
  matterCode: string;
  /** the city where the case is (whose units get it) */
  cityAdcode: string;
  tier: Tier;
  lead: string;
  supports: string[];
  leadDepartment: DepartmentCode;
  supportDepartments: DepartmentCode[];
  /** other alliance cities within 2 km */
  borderCities: string[];
  /** the alliance city that took the report, when it is not where the case is */
  referredFrom?: string | undefined;
  /** when it was routed */
  at: string;
  confirmWindowMs: number;
  /** the matter's resolution limit in the matrix it was routed under */
  resolutionLimit: ResolutionLimit;
}

/**
 * What a routed case starts, in this order: its case workflow, offered to the lead unit; a referral
 * to the city where it is when another city took the report; the neighbouring cities informed when
 * it lies near them. Intake and triage both route through here.
 */
export function routedCaseStarts(r: RoutedCase): StartEffect[] {
  const starts: StartEffect[] = [
    {
      type: 'start',
      kind: 'case',
      input: {
        id: r.caseId,
        caseId: r.caseId,
        matterCode: r.matterCode,
        cityAdcode: r.cityAdcode,
        tier: r.tier,
        lead: r.lead,
        supports: r.supports,
        offeredAt: r.at,
        confirmWindowMs: r.confirmWindowMs,
        resolutionLimit: r.resolutionLimit,
      },
    },
  ];
  const crossCity = { caseId: r.caseId, homeCity: r.cityAdcode, leadDepartment: r.leadDepartment, supportDepartments: r.supportDepartments, openedAt: r.at };
  if (r.referredFrom !== undefined) starts.push({ type: 'start', kind: 'crosscity', input: { ...crossCity, mode: 'referral', otherCities: [r.referredFrom] } });
  if (r.borderCities.length > 0) starts.push({ type: 'start', kind: 'crosscity', input: { ...crossCity, mode: 'border', otherCities: r.borderCities } });
  return starts;
}
