import { describe, expect, it } from 'vitest';
import { MATRIX_V1_MATTERS } from './matrix-v1.ts';
import { compareStandards, type CityStandard } from './standards.ts';
import { ALLIANCE_CITIES, STANDARDS_V1 } from './standards-v1.ts';

const std = (city: string, over: Partial<CityStandard> = {}): CityStandard => ({
  cityAdcode: city,
  matterCode: 'VEN-05',
  policy: 'conditional',
  conditions: { zh: '', en: '' },
  fines: { minor: [0, 50], ordinary: [50, 200], serious: [200, 500] },
  firstOffenceNoPenalty: true,
  effectiveFrom: '2024-01-01',
  source: '',
  ...over,
});

describe('alliance standards', () => {
  it('has one standard per city for every matter of the matrix', () => {
    expect(STANDARDS_V1).toHaveLength(MATRIX_V1_MATTERS.length * ALLIANCE_CITIES.length);
    for (const m of MATRIX_V1_MATTERS) expect(STANDARDS_V1.filter((s) => s.matterCode === m.code).map((s) => s.cityAdcode)).toEqual([...ALLIANCE_CITIES]);
  });

  it('finds the seed plan’s conflict: convenience points allowed in Chengdu, forbidden in Deyang', () => {
    const c = compareStandards('VEN-05', STANDARDS_V1);
    expect(c.standards.find((s) => s.cityAdcode === '510100')!.policy).toBe('allowed');
    expect(c.standards.find((s) => s.cityAdcode === '510600')!.policy).toBe('forbidden');
    expect(c.conflicts).toEqual(['policy', 'discretion', 'first-offence']);
  });

  it('reports no conflict where the cities agree', () => {
    expect(compareStandards('CON-01', STANDARDS_V1).conflicts).toEqual([]);
  });

  it('counts a fine ceiling twice another city’s as a discretion conflict, not less', () => {
    const close = [std('a'), std('b', { fines: { minor: [0, 99], ordinary: [50, 399], serious: [200, 999] } })];
    expect(compareStandards('VEN-05', close).conflicts).toEqual([]);
    const far = [std('a'), std('b', { fines: { minor: [0, 100], ordinary: [50, 200], serious: [200, 500] } })];
    expect(compareStandards('VEN-05', far).conflicts).toEqual(['discretion']);
  });
});
