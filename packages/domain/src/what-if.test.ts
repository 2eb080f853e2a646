import { describe, expect, it } from 'vitest';
import { MATRIX_V1_MATTERS } from './matrix-v1.ts';
import type { MatrixVersion } from './matrix.ts';
import { classifierChanges, handlingMedians, replayWhatIf, triageShift, type ContestedCase, type MatterDecision, type WhatIfInput } from './what-if.ts';

const base: MatrixVersion = { version: 1, createdAt: '2026-01-01T00:00:00Z', createdBy: 'seed', reason: 'v1', matters: MATRIX_V1_MATTERS };
/** FUM-02 (cooking fumes of small eateries) moves from urban management to ecology. */
const proposed: MatrixVersion = {
  ...base,
  version: 2,
  matters: base.matters.map((m) => (m.code === 'FUM-02' ? { ...m, lead: 'ecology' } : m)),
};
const CD = '510100';
const DY = '510600';
const contested = (over: Partial<ContestedCase>): ContestedCase => ({
  caseId: 'c',
  number: 1,
  cityAdcode: CD,
  matterCode: 'FUM-02',
  kind: 'dispute',
  landedWith: 'ecology',
  ...over,
});
/** 90 days: 2.96 months. */
const input: WhatIfInput = {
  base,
  proposed,
  from: new Date('2026-08-01T00:00:00+08:00'),
  to: new Date('2026-10-30T00:00:00+08:00'),
  groups: [
    { cityAdcode: CD, matterCode: 'FUM-02', month: '2026-08', cases: 30, border: 2 },
    { cityAdcode: CD, matterCode: 'FUM-02', month: '2026-09', cases: 30, border: 0 },
    { cityAdcode: DY, matterCode: 'FUM-02', month: '2026-09', cases: 10, border: 1 },
    { cityAdcode: CD, matterCode: 'VEN-01', month: '2026-08', cases: 100, border: 0 },
    { cityAdcode: CD, matterCode: 'FUM-01', month: '2026-08', cases: 40, border: 0 },
  ],
  handling: [
    { level: 'unit', who: `${CD}:urban`, matterCode: 'FUM-02', medianHours: 10, cases: 60 },
    { level: 'unit', who: `${CD}:urban`, matterCode: 'VEN-01', medianHours: 2, cases: 100 },
    { level: 'unit', who: `${CD}:ecology`, matterCode: 'FUM-01', medianHours: 30, cases: 40 },
    { level: 'unit', who: `${DY}:urban`, matterCode: 'FUM-02', medianHours: 8, cases: 10 },
    { level: 'department', who: 'urban', matterCode: 'FUM-02', medianHours: 9, cases: 70 },
    { level: 'matter', who: '', matterCode: 'FUM-02', medianHours: 9, cases: 70 },
    { level: 'matter', who: '', matterCode: 'VEN-01', medianHours: 2, cases: 100 },
    { level: 'matter', who: '', matterCode: 'FUM-01', medianHours: 30, cases: 40 },
  ],
  contested: [
    contested({ caseId: 'a', kind: 'dispute', landedWith: 'ecology' }),
    contested({ caseId: 'b', kind: 'transfer', landedWith: 'ecology' }),
    contested({ caseId: 'c', kind: 'dispute', landedWith: 'urban' }),
    contested({ caseId: 'd', kind: 'transfer', matterCode: 'VEN-01', landedWith: 'ecology' }),
  ],
  unrouted: 7,
};

describe('what-if replay of a matrix draft', () => {
  const result = replayWhatIf(input);

  it('counts the cases that would go to another lead, per move, unit and city', () => {
    expect(result.cases).toBe(210);
    expect(result.moved).toBe(70);
    expect(result.unrouted).toBe(7);
    expect(result.moves.map((m) => [m.cityAdcode, m.matterCode, m.from, m.to, m.cases, m.border])).toEqual([
      [CD, 'FUM-02', 'urban', 'ecology', 60, 2],
      [DY, 'FUM-02', 'urban', 'ecology', 10, 1],
    ]);
    const unit = (id: string) => result.units.find((u) => u.unit === id);
    expect(unit(`${CD}:urban`)).toMatchObject({ before: 160, after: 100, gained: 0, lost: 60 });
    expect(unit(`${CD}:ecology`)).toMatchObject({ before: 40, after: 100, gained: 60, lost: 0, rise: 1.5, overThreshold: true });
    expect(unit(`${DY}:ecology`)).toMatchObject({ before: 0, after: 10, rise: null, overThreshold: true });
    expect(result.units.map((u) => u.unit)).toEqual([`${CD}:ecology`, `${CD}:urban`, `${DY}:ecology`, `${DY}:urban`]);
    expect(result.cities).toEqual([
      { cityAdcode: CD, cases: 200, moved: 60, movedBorder: 2 },
      { cityAdcode: DY, cases: 10, moved: 10, movedBorder: 1 },
    ]);
    // Largest rise first; a unit that led nothing before comes first (an unbounded rise).
    expect(result.risers.map((r) => r.unit)).toEqual([`${DY}:ecology`, `${CD}:ecology`]);
  });

  it('estimates handling hours from each unit’s own median, falling back to the department’s and the matter’s', () => {
    const months = 90 / (365.25 / 12);
    const cd = result.moves.find((m) => m.cityAdcode === CD);
    // Urban's own 10 h per case leaves it; ecology has no FUM-02 history anywhere: the matter's 9 h.
    expect(cd?.hoursPerMonthFrom).toBeCloseTo((60 * 10) / months, 1);
    expect(cd?.hoursPerMonthTo).toBeCloseTo((60 * 9) / months, 1);
    expect(cd?.perMonth).toBeCloseTo(60 / months, 2);
    const ecology = result.units.find((u) => u.unit === `${CD}:ecology`);
    expect(ecology?.hoursPerMonthBefore).toBeCloseTo((40 * 30) / months, 1);
    expect(ecology?.hoursPerMonthAfter).toBeCloseTo((40 * 30 + 60 * 9) / months, 1);
    expect(result.estimates).toEqual({ own: 2, department: 0, matter: 2, overall: 0 });
    expect(result.window.days).toBe(90);
  });

  it('names the transfers and disputes that landed where the draft sends the case at once', () => {
    expect(result.avoided.transfers).toBe(1);
    expect(result.avoided.disputes).toBe(1);
    expect(result.avoided.cases.map((c) => c.caseId)).toEqual(['a', 'b']);
  });

  it('gives the same result twice, whatever order the rows come in', () => {
    const shuffled = { ...input, groups: [...input.groups].reverse(), handling: [...input.handling].reverse(), contested: [...input.contested].reverse() };
    expect(replayWhatIf(shuffled)).toEqual(result);
    expect(replayWhatIf(input)).toEqual(result);
  });

  it('moves nothing for a draft that changes no lead', () => {
    const same = replayWhatIf({ ...input, proposed: { ...base, version: 2 } });
    expect(same.moved).toBe(0);
    expect(same.units).toEqual([]);
    expect(same.avoided.cases).toEqual([]);
  });
});

describe('the triage queue under a draft', () => {
  const SAN05 = {
    ...base.matters.find((m) => m.code === 'SAN-01')!,
    code: 'SAN-05',
    name: { zh: '餐厨垃圾非法收运', en: 'Unlicensed kitchen-waste collection' },
  };
  const draft: MatrixVersion = {
    ...base,
    version: 2,
    matters: [
      ...base.matters.map((m) =>
        m.code === 'VEN-03' ? { ...m, successor: 'VEN-01' } : m.code === 'NOI-01' ? { ...m, keywords: [...m.keywords, '广场舞'] } : m,
      ),
      SAN05,
    ],
  };

  it('names the matters the draft adds, retires and makes the classifier relearn; a change of lead alone changes nothing', () => {
    expect(classifierChanges(base, draft)).toEqual({ added: ['SAN-05'], retired: ['VEN-03'], relearned: ['NOI-01'] });
    expect(classifierChanges(base, proposed)).toEqual({ added: [], retired: [], relearned: [] });
  });

  it('counts the queue before and after, the cases each added matter takes (from triage) and where each retired matter’s go', () => {
    const m = (matter: string): MatterDecision => ({ matter });
    const low: MatterDecision = { triage: 'low-confidence' };
    const rows = [
      { cityAdcode: CD, before: low, after: m('SAN-05') },
      { cityAdcode: CD, before: low, after: m('SAN-05') },
      { cityAdcode: CD, before: m('SAN-01'), after: m('SAN-05') },
      { cityAdcode: CD, before: m('VEN-03'), after: m('VEN-01') },
      { cityAdcode: DY, before: m('VEN-03'), after: low },
      { cityAdcode: DY, before: low, after: low },
      { cityAdcode: DY, before: m('NOI-01'), after: m('NOI-01') },
    ];
    expect(triageShift(classifierChanges(base, draft), rows)).toEqual({
      changes: { added: ['SAN-05'], retired: ['VEN-03'], relearned: ['NOI-01'] },
      texts: 7,
      triageBefore: 3,
      triageAfter: 2,
      changed: 5,
      added: [{ matterCode: 'SAN-05', cases: 3, fromTriage: 2 }],
      retired: [{ matterCode: 'VEN-03', cases: 2, toTriage: 1 }],
      cities: [
        { cityAdcode: CD, texts: 4, triageBefore: 2, triageAfter: 0 },
        { cityAdcode: DY, texts: 3, triageBefore: 1, triageAfter: 2 },
      ],
    });
  });
});

describe('handling medians from histogram bins', () => {
  it('gives SQL percentile_cont(0.5) at the unit, department and matter levels', () => {
    const bins = [
      { unit: `${CD}:urban`, matterCode: 'FUM-02', hours: 6, cases: 1 },
      { unit: `${CD}:urban`, matterCode: 'FUM-02', hours: 10, cases: 2 },
      { unit: `${CD}:urban`, matterCode: 'FUM-02', hours: 8, cases: 1 },
      { unit: `${CD}:urban`, matterCode: 'FUM-02', hours: 12, cases: 1 },
      { unit: `${CD}:urban`, matterCode: 'FUM-02', hours: 20, cases: 1 },
      { unit: `${DY}:urban`, matterCode: 'FUM-02', hours: 3, cases: 1 },
      { unit: `${DY}:urban`, matterCode: 'FUM-02', hours: 5.5, cases: 1 },
      { unit: `${DY}:ecology`, matterCode: 'FUM-02', hours: 40, cases: 3 },
    ];
    const m = handlingMedians(bins);
    const at = (level: string, who: string) => m.find((x) => x.level === level && x.who === who && x.matterCode === 'FUM-02');
    expect(at('unit', `${CD}:urban`)).toMatchObject({ medianHours: 10, cases: 6 }); // 6 8 10 10 12 20
    expect(at('unit', `${DY}:urban`)).toMatchObject({ medianHours: 4.25, cases: 2 }); // between 3 and 5.5
    expect(at('department', 'urban')).toMatchObject({ medianHours: 9, cases: 8 }); // 3 5.5 6 8 | 10 10 12 20: halfway between 8 and 10
    expect(at('matter', '')).toMatchObject({ cases: 11 });
    expect(at('matter', '')?.medianHours).toBe(10); // 3 5.5 6 8 10 10 12 20 40 40 40 → the 6th
  });
});
