import { describe, expect, it } from 'vitest';
import { dataRequestWorkflow } from './data-request.machine.ts';
import { Harness, liaison, user } from './testing.ts';

const input = {
  id: 'dr-1',
  caseId: 'c-1',
  fromUnit: '510100:urban',
  toUnit: '510100:market',
  need: '请提供营业执照',
  workingDays: 1,
  sentBy: 'cd-urban',
  // Friday 27 November 2026, 09:00 in Beijing: one working day runs to Monday 09:00
  sentAt: '2026-11-27T01:00:00Z',
};
const market = user('cd-market', liaison('510100', 'market'));
const view = (h: Harness) => dataRequestWorkflow.view(h.current.snapshot, dataRequestWorkflow.version);

describe('a data request', () => {
  it('answered by its deadline is on time', () => {
    const h = new Harness(dataRequestWorkflow, input);
    h.runUntil('2026-11-30T00:30:00Z');
    h.send(market, { type: 'ANSWER', text: '登记有效', attachmentIds: [] });
    expect(view(h)).toMatchObject({ state: 'answered', late: false, onTime: true });
  });

  it('once escalated is never on time, whatever the answering server’s clock says (as the information-sharing rate counts it)', () => {
    const h = new Harness(dataRequestWorkflow, input);
    h.runUntil('2026-11-30T01:05:00Z');
    expect(view(h).late).toBe(true);
    // a server whose clock is behind answers "before" the deadline
    h.clock.set('2026-11-30T00:55:00Z');
    h.send(market, { type: 'ANSWER', text: '登记有效', attachmentIds: [] });
    expect(view(h)).toMatchObject({ state: 'answered', late: true, onTime: false });
  });
});
