import { describe, expect, it } from 'vitest';
import { enforcementFactsOf, factPatch, factsFromHistory, NO_RECORDS_OR_REQUESTS, type CaseIntake, type HistoryEntry } from './facts.ts';

const step = (from: string, to: string, late: boolean, onTime: boolean | null) =>
  factPatch({ kind: 'datarequest', from, to, toUnit: '510100:market', late, onTime });

describe('data request facts (信息共享率)', () => {
  it('judges a request once: answered before any escalation, or escalated when the deadline passed', () => {
    expect(step('open', 'answered', false, true).add).toEqual({ dataRequestsJudged: 1, dataRequestsOnTime: 1 });
    expect(step('open', 'answered', false, true).set).toEqual({ dataRequestUnit: '510100:market' });
    // answered after the deadline but before the overdue timer fired: judged, not on time
    expect(step('open', 'answered', false, false).add).toEqual({ dataRequestsJudged: 1, dataRequestsOnTime: 0 });
    // the overdue timer: the request stays open, now late
    expect(step('open', 'open', true, null).add).toEqual({ dataRequestsJudged: 1, dataRequestsOnTime: 0 });
    // answered after the escalation: already judged
    expect(step('open', 'answered', true, false).add).toEqual({});
    // sent, withdrawn in time, acknowledged: nothing to judge
    expect(step('', 'open', false, null).add).toEqual({});
    expect(step('open', 'withdrawn', false, null).add).toEqual({});
    expect(step('answered', 'closed', false, true).add).toEqual({});
  });

  it('replays the same from the audit trail', () => {
    const intake: CaseIntake = {
      caseId: 'c',
      cityAdcode: '510100',
      countyAdcode: '510104',
      matterCode: 'VEN-02',
      domainCode: 'vending',
      source: 'hotline',
      tier: 'simple',
      reportedAt: '2026-11-23T01:00:00Z',
      border: false,
      repeat: false,
      enforcement: { measure: 'warning', deviations: [] },
    };
    // Monday 23 November 2026, 09:00 in Shanghai: one working day runs to the end of Tuesday
    const start = (id: string): HistoryEntry => ({
      at: '2026-11-23T01:00:00Z',
      workflowId: id,
      action: 'datarequest.start',
      payload: { toUnit: '510100:market', sentAt: '2026-11-23T01:00:00Z', workingDays: 1 },
    });
    const history: HistoryEntry[] = [
      start('a'),
      start('b'),
      start('c'),
      { at: '2026-11-23T05:00:00Z', workflowId: 'a', action: 'datarequest.ANSWER', payload: { from: 'open', to: 'answered' } },
      { at: '2026-11-24T16:00:00Z', workflowId: 'b', action: 'datarequest.ANSWER_OVERDUE', payload: { from: 'open', to: 'open' } },
      { at: '2026-11-25T02:00:00Z', workflowId: 'b', action: 'datarequest.ANSWER', payload: { from: 'open', to: 'answered' } },
    ];
    const f = factsFromHistory(intake, history);
    expect(f).toMatchObject({ dataRequestsJudged: 2, dataRequestsOnTime: 1, dataRequestUnit: '510100:market' });
    expect(f).toMatchObject({ enforcementFlexible: true, enforcementDeviating: false });
    expect('enforcement' in f).toBe(false);
  });

  it('keeps of an enforcement record whether it was a non-penalty measure and whether it deviated', () => {
    expect(enforcementFactsOf(null)).toEqual({ enforcementFlexible: null, enforcementDeviating: null });
    expect(enforcementFactsOf({ measure: 'fine', deviations: [{ kind: 'first-offence-fined' }] })).toEqual({
      enforcementFlexible: false,
      enforcementDeviating: true,
    });
    expect(enforcementFactsOf({ measure: 'order', deviations: [] })).toEqual({ enforcementFlexible: true, enforcementDeviating: false });
    expect(NO_RECORDS_OR_REQUESTS.dataRequestsJudged).toBe(0);
  });
});
