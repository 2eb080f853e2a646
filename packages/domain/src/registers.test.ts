import { describe, expect, it } from 'vitest';
import { creditCodeCheck } from './enforcement.ts';
import {
  BusinessIndex,
  dataRequestState,
  parseBusinessRows,
  sharingFacts,
  subjectKey,
  violationHistory,
  type DataRequest,
  type Violation,
} from './registers.ts';

const code = (n: number) => {
  const body = `91510600MA${String(n).padStart(7, '0')}`;
  return body + creditCodeCheck(body);
};

describe('business register', () => {
  it('imports good rows and rejects bad ones with their row and reasons', () => {
    const { businesses, rejects } = parseBusinessRows([
      { 名称: '德阳市旌阳区老王烧烤店', 统一社会信用代码: code(1), 地址: '德阳市旌阳区长江东路 12 号', 经营范围: '餐饮服务', 登记状态: '存续' },
      { name: 'Bad code', creditCode: '123', address: 'x', status: 'active' },
      { name: '', creditCode: code(2), address: '', status: '??' },
      { name: '重复', creditCode: code(1), address: 'y', status: '吊销' },
      { name: '李记面馆', creditCode: code(3).toLowerCase(), address: '德阳市旌阳区泰山路 8 号', status: 'revoked' },
    ]);
    expect(businesses.map((b) => [b.name, b.status])).toEqual([
      ['德阳市旌阳区老王烧烤店', 'active'],
      ['李记面馆', 'revoked'],
    ]);
    expect(rejects).toEqual([
      { row: 2, reasons: ['CREDIT_CODE_INVALID'] },
      { row: 3, reasons: ['NAME_MISSING', 'ADDRESS_MISSING', 'STATUS_UNKNOWN'] },
      { row: 4, reasons: ['CREDIT_CODE_DUPLICATE'] },
    ]);
  });

  it('looks a business up by credit code, name and address fragment', () => {
    const idx = new BusinessIndex([
      { name: '德阳市旌阳区老王烧烤店', creditCode: code(1), address: '德阳市旌阳区长江东路 12 号', scope: '餐饮', status: 'active' },
      { name: '李记面馆', creditCode: code(3), address: '德阳市旌阳区泰山路 8 号', scope: '餐饮', status: 'revoked' },
    ]);
    expect(idx.lookup(code(3).toLowerCase()).map((b) => b.name)).toEqual(['李记面馆']);
    expect(idx.lookup('老王烧烤').map((b) => b.name)).toEqual(['德阳市旌阳区老王烧烤店']);
    expect(idx.lookup('泰山路8号').map((b) => b.name)).toEqual(['李记面馆']);
    expect(idx.lookup('旌阳区').length).toBe(2);
    expect(idx.lookup('面').map((b) => b.name)).toEqual(['李记面馆']);
    expect(idx.lookup('成都')).toEqual([]);
    expect(idx.lookup('  ')).toEqual([]);
  });
});

describe('violation history', () => {
  it('marks a business a repeat offender after two closed cases, and shows earlier ones only', () => {
    const key = subjectKey({ kind: 'business', name: '老王烧烤', creditCode: code(1) });
    const vs: Violation[] = [
      { caseId: 'c1', subjectKey: key, matterCode: 'FUM-02', measure: 'warning', fineAmount: null, closedAt: '2025-03-01T10:00:00Z' },
      { caseId: 'c2', subjectKey: key, matterCode: 'FUM-02', measure: 'fine', fineAmount: 500, closedAt: '2025-05-01T10:00:00Z' },
      {
        caseId: 'x',
        subjectKey: subjectKey({ kind: 'person', name: '张 某' }),
        matterCode: 'VEN-01',
        measure: 'persuasion',
        fineAmount: null,
        closedAt: '2025-05-02T10:00:00Z',
      },
    ];
    const h = violationHistory(vs, key);
    expect(h.cases.map((c) => c.caseId)).toEqual(['c2', 'c1']);
    expect(h.repeat).toBe(true);
    expect(violationHistory(vs, key, '2025-04-01T00:00:00Z')).toMatchObject({ repeat: false, cases: [{ caseId: 'c1' }] });
    expect(violationHistory(vs, subjectKey({ kind: 'person', name: '张某' })).cases.map((c) => c.caseId)).toEqual(['x']);
  });
});

describe('whom a case was against (subjectKey)', () => {
  it('a business by its credit code, whatever it was called', () => {
    expect(subjectKey({ kind: 'business', name: '老王烧烤', creditCode: code(1).toLowerCase() })).toBe(
      subjectKey({ kind: 'business', name: '王记', creditCode: code(1) }),
    );
  });
  it('a person or a named stall by the folded name: spacing, width and punctuation do not count, a different name does', () => {
    expect(subjectKey({ kind: 'person', name: '王记 烧烤' })).toBe(subjectKey({ kind: 'person', name: '王记烧烤。' }));
    expect(subjectKey({ kind: 'person', name: 'ＷＡＮＧ' })).toBe(subjectKey({ kind: 'person', name: 'wang' }));
    expect(subjectKey({ kind: 'person', name: '王记烧烤' })).not.toBe(subjectKey({ kind: 'person', name: '李记烧烤' }));
  });
  it("a business without a code by name at the case's address: one name at two addresses is two subjects", () => {
    const here = subjectKey({ kind: 'business', name: '王记烧烤', creditCode: null }, '春熙路 88 号');
    expect(subjectKey({ kind: 'business', name: '王记烧烤', creditCode: null }, '春熙路88号')).toBe(here);
    expect(subjectKey({ kind: 'business', name: '王记烧烤', creditCode: null }, '红星路1号')).not.toBe(here);
    expect(subjectKey({ kind: 'person', name: '王记烧烤' })).not.toBe(here);
  });
});

describe('data requests', () => {
  // Friday 2025-06-06 10:00 in Shanghai; 2 working days → Tuesday 2025-06-10 10:00 (+08:00).
  const req = (answeredAt: string | null): DataRequest => ({
    id: 'r',
    caseId: 'c',
    fromUnit: 'cg',
    toUnit: 'sj',
    need: '营业执照登记信息',
    workingDays: 2,
    sentAt: '2025-06-06T02:00:00Z',
    answeredAt,
  });

  it('counts an answer by the working-day deadline as on time and escalates an unanswered one when late', () => {
    const now = new Date('2025-06-11T00:00:00Z');
    expect(dataRequestState(req('2025-06-10T01:59:00Z'), now)).toBe('answered-on-time');
    expect(dataRequestState(req('2025-06-10T02:01:00Z'), now)).toBe('answered-late');
    expect(dataRequestState(req(null), new Date('2025-06-09T12:00:00Z'))).toBe('open');
    expect(dataRequestState(req(null), now)).toBe('overdue');
    expect(sharingFacts([req('2025-06-09T00:00:00Z'), req(null), req('2025-06-12T00:00:00Z')], now)).toEqual({
      requests: 3,
      decided: 3,
      onTime: 1,
      overdue: 1,
      rate: 1 / 3,
    });
  });
});
