import type { Name } from './reference.ts';

/** What a city's enforcement standard says about a matter (执法标准). */
export type Policy = 'allowed' | 'conditional' | 'forbidden';
export const POLICIES: readonly Policy[] = ['allowed', 'conditional', 'forbidden'];

/** Fine range in yuan for one severity of the discretion baseline (自由裁量基准). */
export type FineRange = readonly [min: number, max: number];

export interface CityStandard {
  cityAdcode: string;
  matterCode: string;
  policy: Policy;
  conditions: Name;
  /** discretion baseline by severity; null where the matter carries no fine (a service duty) */
  fines: { minor: FineRange; ordinary: FineRange; serious: FineRange } | null;
  /** 首违不罚: a first minor offence corrected at once is not fined */
  firstOffenceNoPenalty: boolean;
  effectiveFrom: string;
  source: string;
}

export type ConflictKind = 'policy' | 'discretion' | 'first-offence';

export interface StandardsComparison {
  matterCode: string;
  /** one entry per city that has a standard, in the order given */
  standards: CityStandard[];
  conflicts: ConflictKind[];
}

/** Fines differ enough to move vendors across a border: one city's ceiling at least twice another's. */
const FINE_RATIO = 2;

/**
 * Where the cities' standards for one matter disagree: different policies, discretion baselines
 * whose ceilings differ by a factor of two or more at some severity, or first-offence leniency in
 * one city but not another.
 */
export function compareStandards(matterCode: string, standards: readonly CityStandard[]): StandardsComparison {
  const own = standards.filter((s) => s.matterCode === matterCode);
  const conflicts: ConflictKind[] = [];
  if (new Set(own.map((s) => s.policy)).size > 1) conflicts.push('policy');
  const fined = own.filter((s) => s.fines !== null);
  const severities = ['minor', 'ordinary', 'serious'] as const;
  if (
    severities.some((sev) => {
      const ceilings = fined.flatMap((s) => (s.fines ? [s.fines[sev][1]] : [])).filter((x) => x > 0);
      return ceilings.length > 1 && Math.max(...ceilings) >= FINE_RATIO * Math.min(...ceilings);
    })
  ) {
    conflicts.push('discretion');
  }
  if (new Set(own.map((s) => s.firstOffenceNoPenalty)).size > 1) conflicts.push('first-offence');
  return { matterCode, standards: own, conflicts };
}
