import { describe, expect, it } from 'vitest';
import { NO_RECORDS_OR_REQUESTS, type CaseFacts } from './facts.ts';
import { change, compositeScore, compute, computeByUnit, INDICATOR_CODES, INDICATORS, medianResponseHours, rag, rankUnits } from './indicators.ts';
import { parsePeriod, periodOf, previousPeriod, samePeriodLastYear, type Period } from './period.ts';

const CD_URBAN = '510100:urban';
const CD_MARKET = '510100:market';
const CD_POLICE = '510100:police';

const base = (id: string, reportedAt: string, more: Partial<CaseFacts> = {}): CaseFacts => ({
  caseId: id,
  cityAdcode: '510100',
  countyAdcode: '510104',
  matterCode: 'vending-street',
  domainCode: 'vending',
  source: 'hotline',
  tier: 'simple',
  reportedAt,
  respondBy: new Date(new Date(reportedAt).getTime() + 2 * 3_600_000).toISOString(),
  firstClaimAt: null,
  responseUnit: null,
  resolveBy: null,
  resolvedAt: null,
  closedAt: null,
  closingUnit: null,
  holderUnit: CD_URBAN,
  reopened: 0,
  transfers: 0,
  transfersRejected: 0,
  disputes: 0,
  disputesRuled: 0,
  disputesRuledInTime: 0,
  supervisionOrders: 0,
  supervisionOverdue: 0,
  joint: false,
  border: false,
  repeat: false,
  rating: null,
  published: false,
  historical: false,
  ...NO_RECORDS_OR_REQUESTS,
  ...more,
});

const closed = (unit: string, resolvedAt: string, closedAt: string) => ({ resolvedAt, closedAt, closingUnit: unit, holderUnit: null, published: true });

// October 2026 in Asia/Shanghai runs from 2026-09-30T16:00Z to 2026-10-31T16:00Z.
const CASES: CaseFacts[] = [
  // A: 23:30 on 31 October in Shanghai (15:30 UTC): October. Claimed in 1 h, closed, satisfied.
  base('A', '2026-10-31T15:30:00Z', {
    firstClaimAt: '2026-10-31T16:30:00Z',
    responseUnit: CD_URBAN,
    resolveBy: '2026-11-01T15:30:00Z',
    ...closed(CD_URBAN, '2026-10-31T20:00:00Z', '2026-11-01T02:00:00Z'),
    rating: 'satisfied',
  }),
  // B: 00:30 on 1 November in Shanghai (16:30 UTC on the 31st): November, not October.
  base('B', '2026-10-31T16:30:00Z', { firstClaimAt: '2026-10-31T17:00:00Z', responseUnit: CD_URBAN }),
  // C: reopened after an unsatisfied rating, then closed again late, rated unsatisfied; a repeat.
  base('C', '2026-10-05T02:00:00Z', {
    firstClaimAt: '2026-10-05T05:00:00Z',
    responseUnit: CD_URBAN,
    resolveBy: '2026-10-07T02:00:00Z',
    ...closed(CD_URBAN, '2026-10-09T02:00:00Z', '2026-10-10T02:00:00Z'),
    reopened: 1,
    rating: 'unsatisfied',
    repeat: true,
  }),
  // D: transfer bounced twice (urban → market rejected, then a second transfer: a dispute), ruled
  // in time to the market unit, claimed late (charged to urban, who held it when the window ran out).
  base('D', '2026-10-12T01:00:00Z', {
    matterCode: 'vending-unlicensed',
    tier: 'complex',
    respondBy: '2026-10-13T01:00:00Z',
    firstClaimAt: '2026-10-14T01:00:00Z',
    responseUnit: CD_URBAN,
    holderUnit: CD_MARKET,
    transfers: 2,
    transfersRejected: 1,
    disputes: 2,
    disputesRuled: 1,
    disputesRuledInTime: 1,
  }),
  // E: a border case handled jointly, closed without a rating and without a published result.
  base('E', '2026-10-20T06:00:00Z', {
    matterCode: 'vending-road',
    firstClaimAt: '2026-10-20T06:30:00Z',
    responseUnit: CD_POLICE,
    ...closed(CD_POLICE, '2026-10-21T06:00:00Z', '2026-10-22T06:00:00Z'),
    published: false,
    joint: true,
    border: true,
  }),
  // F: still within its response window when the figures are computed: not judged yet.
  base('F', '2026-10-31T15:00:00Z'),
  // G: the same period a year earlier (同比): two border cases in October 2025.
  base('G1', '2025-10-03T02:00:00Z', { border: true }),
  base('G2', '2025-10-04T02:00:00Z', { border: true }),
];

const OCT = parsePeriod('2026-10') as Period;
const AS_OF = new Date('2026-10-31T16:00:00Z');

describe('periods in Asia/Shanghai', () => {
  it('puts 23:30 on the 31st in that month and 00:30 on the 1st in the next', () => {
    expect(periodOf(new Date('2026-10-31T15:30:00Z'), 'month').label).toBe('2026-10');
    expect(periodOf(new Date('2026-10-31T16:30:00Z'), 'month').label).toBe('2026-11');
    expect(OCT.from.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(OCT.to.toISOString()).toBe('2026-10-31T16:00:00.000Z');
  });
  it('has weeks (ISO, Monday first), quarters, 同比 and 环比', () => {
    expect(periodOf(new Date('2026-11-28T03:00:00Z'), 'week').label).toBe('2026-W48');
    expect(parsePeriod('2026-W48')?.from.toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(parsePeriod('2026-Q4')?.to.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(previousPeriod(OCT).label).toBe('2026-09');
    expect(previousPeriod(parsePeriod('2026-01') as Period).label).toBe('2025-12');
    expect(samePeriodLastYear(OCT).label).toBe('2025-10');
    expect(parsePeriod('2026-13')).toBeNull();
    expect(parsePeriod('October')).toBeNull();
  });
});

describe('every indicator on a hand-built set of cases (October 2026)', () => {
  const at = (code: (typeof INDICATOR_CODES)[number]) => compute(code, CASES, OCT, AS_OF);

  it('counts cases taken in by the Shanghai month of their report', () => {
    // A, C, D, E, F (B is November, G a year earlier)
    expect(at('intake')).toEqual({ numerator: 5, denominator: 5, value: 5 });
  });
  it('response within the tier window: cases still inside their window are not judged', () => {
    // judged: A (in time), C (3 h > 2 h: late), D (late), E (in time); F is not yet due
    expect(at('responseOnTime')).toMatchObject({ numerator: 2, denominator: 4, value: 0.5 });
    // hours: A 1, C 3, D 48, E 0.5 → mean 13.125, median 2
    expect(at('responseHours')).toMatchObject({ numerator: 52.5, denominator: 4, value: 13.125 });
    expect(medianResponseHours(CASES, OCT)).toBe(2);
  });
  it('resolved on time counts cases closed in the period that had a resolution deadline', () => {
    // closed in October: C (late against its deadline), E (no deadline: not counted); A closed in November
    expect(at('resolvedOnTime')).toMatchObject({ numerator: 0, denominator: 1 });
    expect(compute('resolvedOnTime', CASES, parsePeriod('2026-11') as Period, AS_OF)).toMatchObject({ numerator: 1, denominator: 1 });
  });
  it('resolution, rework, repeats and joint enforcement against the cases taken in', () => {
    expect(at('resolution')).toMatchObject({ numerator: 3, denominator: 5 });
    expect(at('rework')).toMatchObject({ numerator: 1, denominator: 3 });
    expect(at('repeat')).toMatchObject({ numerator: 1, denominator: 5 });
    expect(at('joint')).toMatchObject({ numerator: 1, denominator: 5 });
  });
  it('border-zone complaints and their change against the same period a year earlier', () => {
    const now = at('border');
    const before = compute('border', CASES, samePeriodLastYear(OCT), AS_OF);
    expect(now.value).toBe(1);
    expect(before.value).toBe(2);
    expect(change(now.value, before.value)).toBe(-0.5);
    expect(rag('border', now.value, before.value)).toBe('green');
  });
  it('publication by closure period; satisfaction leaves the unrated case out', () => {
    expect(at('publication')).toMatchObject({ numerator: 1, denominator: 2 });
    // resolved in October: C (unsatisfied) and E (no rating: left out); A was resolved on 1 November in Shanghai
    expect(at('satisfaction')).toMatchObject({ numerator: 0, denominator: 1, value: 0 });
    expect(compute('satisfaction', CASES, parsePeriod('2026-11') as Period, AS_OF)).toMatchObject({ numerator: 1, denominator: 1 });
  });
  it('transfers rejected, disputes raised and ruled within 3 working days', () => {
    expect(at('transfersRejected').value).toBe(1);
    expect(at('disputes').value).toBe(2);
    expect(at('disputesRuledInTime')).toMatchObject({ numerator: 1, denominator: 1, value: 1 });
  });
  it('counts information sharing per judged data request, charged to the unit asked', () => {
    // Two cases reported in October: one with three judged requests (two answered in time), one with
    // a request still inside its deadline (not judged: nothing counted); a November case is out.
    const shared = [
      base('R1', '2026-10-10T02:00:00Z', { dataRequestsJudged: 3, dataRequestsOnTime: 2, dataRequestUnit: CD_MARKET }),
      base('R2', '2026-10-12T02:00:00Z'),
      base('R3', '2026-11-02T02:00:00Z', { dataRequestsJudged: 1, dataRequestsOnTime: 0, dataRequestUnit: CD_MARKET }),
    ];
    expect(compute('infoSharing', shared, OCT, AS_OF)).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    expect(computeByUnit('infoSharing', shared, OCT, AS_OF).get(CD_MARKET)).toMatchObject({ numerator: 2, denominator: 3 });
    expect(computeByUnit('infoSharing', shared, OCT, AS_OF).has(CD_URBAN)).toBe(false);
  });
  it('counts non-penalty enforcement and discretion deviations over the records of cases resolved in the period', () => {
    const resolved = (id: string, resolvedAt: string, flexible: boolean | null, deviating: boolean | null) =>
      base(id, '2026-10-01T02:00:00Z', { resolvedAt, enforcementFlexible: flexible, enforcementDeviating: deviating });
    const records = [
      resolved('P1', '2026-10-03T02:00:00Z', true, false), // persuasion
      resolved('P2', '2026-10-04T02:00:00Z', true, false), // warning
      resolved('P3', '2026-10-05T02:00:00Z', false, true), // a fine outside the range, approved
      resolved('P4', '2026-10-06T02:00:00Z', null, null), // a service duty: no record
      resolved('P5', '2026-10-31T16:30:00Z', false, false), // resolved on 1 November in Shanghai
      base('P6', '2026-10-07T02:00:00Z', { enforcementFlexible: false, enforcementDeviating: true }), // waiting for approval: not resolved
    ];
    expect(compute('flexibleEnforcement', records, OCT, AS_OF)).toEqual({ numerator: 2, denominator: 3, value: 2 / 3 });
    expect(compute('discretionDeviation', records, OCT, AS_OF)).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 });
    expect(rag('flexibleEnforcement', 2 / 3)).toBe('green');
    expect(rag('discretionDeviation', 1 / 3)).toBe('red');
    expect(compute('flexibleEnforcement', records, parsePeriod('2026-11') as Period, AS_OF)).toMatchObject({ numerator: 0, denominator: 1 });
  });
  it('has no data request or enforcement record in the common set: nothing is counted, nothing invented', () => {
    for (const code of ['infoSharing', 'flexibleEnforcement', 'discretionDeviation'] as const) {
      expect(INDICATORS[code].available).toBe(true);
      expect(at(code)).toEqual({ numerator: 0, denominator: 0, value: null });
    }
  });
  it('charges the late response to the unit holding the case when the window ran out', () => {
    const byUnit = computeByUnit('responseOnTime', CASES, OCT, AS_OF);
    expect(byUnit.get(CD_URBAN)).toMatchObject({ numerator: 1, denominator: 3 });
    expect(byUnit.get(CD_POLICE)).toMatchObject({ numerator: 1, denominator: 1 });
    expect(byUnit.get(CD_MARKET)).toBeUndefined();
  });
  it('names every indicator in both languages with its numerator, denominator and charged unit', () => {
    for (const code of INDICATOR_CODES) {
      const i = INDICATORS[code];
      for (const name of [i.name, i.numerator, i.charged]) expect(name.zh.length * name.en.length).toBeGreaterThan(0);
    }
  });
});

describe('composite score (综合指标值) and ranking', () => {
  it('is a weighted mean of the rates; a rate with nothing to count gives its weight to the others', () => {
    const f = (numerator: number, denominator: number) => ({ numerator, denominator, value: numerator / denominator });
    expect(compositeScore({ resolution: f(1, 1), rework: f(0, 1) })).toBe(100);
    expect(compositeScore({ resolution: f(1, 2), satisfaction: f(1, 1) }, { resolution: 1, satisfaction: 1 })).toBe(75);
    expect(compositeScore({})).toBeNull();
  });
  it('ranks units best first', () => {
    const ranking = rankUnits(CASES, OCT, AS_OF);
    expect(ranking.map((r) => r.unit)).toEqual([CD_POLICE, CD_URBAN, CD_MARKET]);
    expect(ranking[0]?.score).toBe(100);
  });
});
