import { describe, expect, it } from 'vitest';
import { compute, MATRIX_V1_MATTERS, parsePeriod, resolutionDeadline } from '@gongzhi/domain';
import { generateDemoHistory } from './demo-history.seed.ts';

describe('demo history', () => {
  const until = new Date('2026-11-28T04:00:00Z');
  const facts = generateDemoHistory({
    counties: [{ adcode: '510104', cityAdcode: '510100', perDay: 3, vendingPeak: true, borderShare: 0.01 }],
    matters: MATRIX_V1_MATTERS,
    until,
    months: 3,
  });
  const byCode = new Map(MATRIX_V1_MATTERS.map((m) => [m.code, m]));

  it('gives every claimed case the resolution deadline the engine would: its matter’s limit from the claim, on working days', () => {
    const claimed = facts.filter((f) => f.firstClaimAt !== null);
    expect(claimed.length).toBeGreaterThan(100);
    for (const f of claimed) {
      const matter = byCode.get(f.matterCode ?? '');
      expect(f.resolveBy).toBe(resolutionDeadline(f.firstClaimAt ?? '', matter?.resolution ?? { amount: 0, unit: 'workingDays' }));
    }
  });

  it('so 按期结案率 has cases to count, some resolved late', () => {
    const period = parsePeriod('2026-10');
    if (!period) throw new Error('period');
    const onTime = compute('resolvedOnTime', facts, period, until);
    expect(onTime.denominator).toBeGreaterThan(50);
    expect(onTime.numerator).toBeGreaterThan(0);
    expect(onTime.numerator).toBeLessThan(onTime.denominator);
  });
});
