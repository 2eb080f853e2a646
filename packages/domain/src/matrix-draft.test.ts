import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';
import { diffMatrices, matrixProblems, routingMatter, type MatrixVersion } from './matrix.ts';
import { MATRIX_V1_MATTERS } from './matrix-v1.ts';
import { affectedDepartments, applyDraft, draftConflicts, draftMatrix, rebaseDraft, requireCurrentBase, type DraftOperation } from './matrix-draft.ts';
import { routePlaced, type Placement } from './routing.ts';

const v1: MatrixVersion = { version: 1, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'seed', reason: 'seed', matters: MATRIX_V1_MATTERS };
const newMatter = {
  code: 'SAN-05',
  domain: 'sanitation' as const,
  name: { zh: '餐厨垃圾非法收运', en: 'Unlicensed collection of kitchen waste' },
  lead: 'urban' as const,
  supports: ['market' as const],
  tier: 'simple' as const,
  legalBasis: '《城市生活垃圾管理办法》',
  keywords: ['泔水', '餐厨垃圾'],
  examples: ['有人半夜用三轮车收泔水'],
};

describe('a draft amendment', () => {
  it('changes a lead, adds a matter and retires another, and shows as a diff against its base', () => {
    const ops: DraftOperation[] = [
      { op: 'change', matter: 'VEN-04', set: { lead: 'urban', supports: ['police'] } },
      { op: 'add', matter: newMatter },
      { op: 'retire', matter: 'SAN-03', successor: 'SAN-02' },
    ];
    const proposed = draftMatrix(v1, ops);
    expect(matrixProblems(proposed.matters)).toEqual([]);
    expect(diffMatrices(v1, proposed).map((c) => [c.code, c.change, c.change === 'changed' ? c.fields : []])).toEqual([
      ['SAN-03', 'changed', ['successor']],
      ['SAN-05', 'added', []],
      ['VEN-04', 'changed', ['lead', 'supports']],
    ]);
    expect(proposed.matters.find((m) => m.code === 'SAN-05')?.examples).toEqual(['有人半夜用三轮车收泔水']);
  });

  it('routes the cases of a retired matter to its successor', () => {
    const proposed = draftMatrix(v1, [{ op: 'retire', matter: 'SAN-03', successor: 'SAN-02' }]);
    expect(routingMatter(proposed, 'SAN-03').code).toBe('SAN-02');
    const place: Placement = {
      point: { lon: 104.06, lat: 30.66 },
      city: { adcode: '510100', name: { zh: '成都市', en: 'Chengdu' } },
      county: { adcode: '510104', name: { zh: '锦江区', en: 'Jinjiang' } },
      borderCities: [],
      reportedIn: null,
      crossCity: false,
    } as unknown as Placement;
    const route = routePlaced({ matrix: proposed, alliance: undefined as never, clock: new ManualClock('2026-11-27T01:00:00Z') }, place, 'SAN-03');
    expect(route.matter.code).toBe('SAN-02');
  });

  it('refuses an operation that cannot apply, naming it', () => {
    expect(() => applyDraft(v1, [{ op: 'add', matter: { ...newMatter, code: 'VEN-01' } }])).toThrow(/Operation 1 \(add VEN-01\)/);
    expect(() => applyDraft(v1, [{ op: 'retire', matter: 'SAN-03', successor: 'SAN-03' }])).toThrow(/successor/);
    expect(() => applyDraft(v1, [{ op: 'change', matter: 'NOPE-01', set: { tier: 'simple' } }])).toThrow(/no such matter/);
  });

  it('names the departments it concerns: old and new lead and supports, and a successor’s lead', () => {
    const matters = applyDraft(v1, [{ op: 'change', matter: 'VEN-04', set: { lead: 'transport' } }]);
    expect(affectedDepartments(v1, matters)).toEqual(['urban', 'police', 'transport']);
  });

  it('is stale once a newer version is adopted, and rebasing drops only the clashing operations', () => {
    const ops: DraftOperation[] = [
      { op: 'change', matter: 'VEN-04', set: { lead: 'transport' } },
      { op: 'change', matter: 'NOI-01', set: { keywords: ['广场舞'] } },
    ];
    const v2: MatrixVersion = { ...draftMatrix(v1, [{ op: 'change', matter: 'VEN-04', set: { supports: ['urban', 'transport'] } }]), version: 2 };
    expect(() => requireCurrentBase({ basedOn: 1, operations: ops }, 2)).toThrow(expect.objectContaining({ reason: 'DRAFT_STALE' }));
    const conflicts = draftConflicts(v1, v2, ops);
    expect(conflicts).toMatchObject([{ index: 0, reason: 'same-field', fields: ['supports'] }]);
    const rebased = rebaseDraft(v1, v2, ops);
    expect(rebased.operations).toEqual([ops[1]]);
    expect(draftConflicts(v2, v2, rebased.operations)).toEqual([]);
  });
});
