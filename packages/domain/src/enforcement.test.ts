import { describe, expect, it } from 'vitest';
import {
  checkEnforcement,
  closeBlock,
  creditCodeCheck,
  disparities,
  enforcementFacts,
  isCreditCode,
  standardInForce,
  type EnforcementRecord,
} from './enforcement.ts';
import type { CityStandard } from './standards.ts';
import { STANDARDS_V1 } from './standards-v1.ts';

const std = (over: Partial<CityStandard> = {}): CityStandard => ({
  cityAdcode: '510600',
  matterCode: 'VEN-01',
  policy: 'forbidden',
  conditions: { zh: '', en: '' },
  fines: { minor: [0, 50], ordinary: [50, 200], serious: [200, 500] },
  firstOffenceNoPenalty: true,
  effectiveFrom: '2024-01-01',
  source: '',
  ...over,
});

const rec = (over: Partial<EnforcementRecord> = {}): EnforcementRecord => ({
  cityAdcode: '510600',
  matterCode: 'VEN-01',
  caseDate: '2025-06-01',
  measure: 'fine',
  fineAmount: 100,
  detainedItems: [],
  severity: 'ordinary',
  firstOffence: false,
  subject: { kind: 'person', name: '张某' },
  ...over,
});

describe('enforcement record against the discretion standard', () => {
  const S = [std()];

  it('accepts a fine within the range for the severity', () => {
    const c = checkEnforcement(rec(), S);
    expect(c.compliant).toBe(true);
    expect(c.flexible).toBe(false);
    expect(closeBlock(c, 'o1', null)).toBeNull();
  });

  it('flags a fine above and a fine below the range', () => {
    expect(checkEnforcement(rec({ fineAmount: 201 }), S).deviations).toEqual([{ kind: 'fine-above-range', min: 50, max: 200, amount: 201 }]);
    expect(checkEnforcement(rec({ fineAmount: 49 }), S).deviations).toEqual([{ kind: 'fine-below-range', min: 50, max: 200, amount: 49 }]);
    expect(checkEnforcement(rec({ severity: 'serious', fineAmount: 500 }), S).compliant).toBe(true);
  });

  it('flags a fine on a first minor offence where the standard grants leniency, not where it does not', () => {
    const first = rec({ severity: 'minor', firstOffence: true, fineAmount: 20 });
    expect(checkEnforcement(first, S).deviations).toEqual([{ kind: 'first-offence-fined' }]);
    expect(checkEnforcement(first, [std({ firstOffenceNoPenalty: false })]).compliant).toBe(true);
    expect(checkEnforcement({ ...first, measure: 'persuasion', fineAmount: null }, S)).toMatchObject({ compliant: true, flexible: true });
    expect(checkEnforcement({ ...first, firstOffence: false }, S).compliant).toBe(true);
  });

  it('flags a fine or detention where the matter carries no fine', () => {
    const duty = [std({ matterCode: 'FAC-01', policy: 'allowed', fines: null })];
    expect(checkEnforcement(rec({ matterCode: 'FAC-01' }), duty).deviations).toEqual([{ kind: 'measure-forbidden', measure: 'fine' }]);
    expect(checkEnforcement(rec({ matterCode: 'FAC-01', measure: 'detain', fineAmount: null, detainedItems: ['三轮车 1 辆'] }), duty).deviations).toEqual([
      { kind: 'measure-forbidden', measure: 'detain' },
    ]);
    expect(checkEnforcement(rec({ matterCode: 'FAC-01', measure: 'order', fineAmount: null }), duty).compliant).toBe(true);
  });

  it('refuses records that cannot be judged', () => {
    expect(checkEnforcement(rec({ fineAmount: null }), S).problems).toEqual(['FINE_AMOUNT_REQUIRED']);
    expect(checkEnforcement(rec({ measure: 'warning' }), S).problems).toEqual(['FINE_AMOUNT_UNEXPECTED']);
    expect(checkEnforcement(rec({ measure: 'detain', fineAmount: null, detainedItems: [' '] }), S).problems).toEqual(['DETAINED_ITEMS_REQUIRED']);
    expect(checkEnforcement(rec({ cityAdcode: '000000' }), S).problems).toEqual(['NO_STANDARD']);
    expect(checkEnforcement(rec({ caseDate: '2025/06/01' }), S).problems).toEqual(['CASE_DATE_INVALID']);
    const bad = rec({ subject: { kind: 'business', name: '某店', creditCode: '91510100MA61XXXXX0' } });
    expect(checkEnforcement(bad, S).problems).toEqual(['CREDIT_CODE_INVALID']);
    expect(closeBlock(checkEnforcement(bad, S), 'o1', { supervisorId: 's1', reason: 'x' })).toBe('RECORD_INVALID');
  });

  it('uses the standard in force on the case date: a later change does not re-judge old cases', () => {
    const changed = [std(), std({ effectiveFrom: '2025-07-01', fines: { minor: [0, 50], ordinary: [100, 150], serious: [200, 500] } })];
    expect(checkEnforcement(rec({ caseDate: '2025-06-30', fineAmount: 60 }), changed).compliant).toBe(true);
    const later = checkEnforcement(rec({ caseDate: '2025-07-01', fineAmount: 60 }), changed);
    expect(later.standard!.effectiveFrom).toBe('2025-07-01');
    expect(later.deviations[0]!.kind).toBe('fine-below-range');
    expect(standardInForce(changed, '510600', 'VEN-01', '2023-12-31')).toBeNull();
  });

  it('needs a supervisor’s approval with a reason before a deviating case closes', () => {
    const c = checkEnforcement(rec({ fineAmount: 300 }), S);
    expect(closeBlock(c, 'o1', null)).toBe('APPROVAL_REQUIRED');
    expect(closeBlock(c, 'o1', { supervisorId: 's1', reason: '  ' })).toBe('APPROVAL_REASON_REQUIRED');
    expect(closeBlock(c, 'o1', { supervisorId: 'o1', reason: '情节较重' })).toBe('APPROVAL_BY_OFFICER');
    expect(closeBlock(c, 'o1', { supervisorId: 's1', reason: '情节较重,屡教不改' })).toBeNull();
  });

  it('judges the seeded alliance standards: Deyang fines convenience points, Chengdu allows them', () => {
    const dy = checkEnforcement(rec({ matterCode: 'VEN-05', severity: 'minor', firstOffence: true, fineAmount: 100 }), STANDARDS_V1);
    expect(dy.compliant).toBe(true);
    const cd = checkEnforcement(rec({ cityAdcode: '510100', matterCode: 'VEN-05', severity: 'minor', firstOffence: true, fineAmount: 30 }), STANDARDS_V1);
    expect(cd.deviations).toEqual([{ kind: 'first-offence-fined' }]);
  });
});

describe('unified social credit code', () => {
  it('accepts a code with the right check character and refuses a changed one', () => {
    const body = '91510100MA61XY2W3';
    const code = body + creditCodeCheck(body);
    expect(isCreditCode(code)).toBe(true);
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(isCreditCode(wrong)).toBe(false);
    expect(isCreditCode('91350100M000100Y43')).toBe(true); // the standard's worked example
    expect(isCreditCode('91510100MA61XY2Z3I')).toBe(false);
  });
});

describe('同案不同罚 watch and facts', () => {
  it('surfaces same matter/severity cases with different outcomes only', () => {
    const rs = [
      { ...rec(), caseId: 'a', fineAmount: 100 },
      { ...rec(), caseId: 'b', fineAmount: 100 },
      { ...rec(), caseId: 'c', measure: 'warning' as const, fineAmount: null },
      { ...rec({ severity: 'serious', fineAmount: 300 }), caseId: 'd' },
      { ...rec({ severity: 'serious', fineAmount: 280 }), caseId: 'e' },
      { ...rec({ severity: 'minor', fineAmount: 10 }), caseId: 'f' },
      { ...rec({ severity: 'minor', fineAmount: 50 }), caseId: 'g' },
    ];
    const d = disparities(rs);
    expect(d.map((g) => g.severity)).toEqual(['ordinary', 'minor']);
    expect(d[0]!.outcomes).toEqual([
      { outcome: 'fine:100', caseIds: ['a', 'b'] },
      { outcome: 'warning', caseIds: ['c'] },
    ]);
  });

  it('counts 柔性执法 and deviation shares', () => {
    const S = [std()];
    const checks = [
      checkEnforcement(rec({ measure: 'persuasion', fineAmount: null }), S),
      checkEnforcement(rec({ measure: 'order', fineAmount: null }), S),
      checkEnforcement(rec(), S),
      checkEnforcement(rec({ fineAmount: 999 }), S),
    ];
    expect(enforcementFacts(checks)).toEqual({ records: 4, flexible: 2, deviations: 1, flexibleShare: 0.5, deviationShare: 0.25 });
    expect(enforcementFacts([]).flexibleShare).toBeNull();
  });
});
