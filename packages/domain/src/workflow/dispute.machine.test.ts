import { describe, expect, it } from 'vitest';
import { disputeWorkflow } from './dispute.machine.ts';
import { transferWorkflow } from './transfer.machine.ts';
import { Harness, liaison, outcome, role, user } from './testing.ts';
import { ManualClock } from '../clock.ts';

const CD = '510100';
const urban = user('cd-urban', liaison(CD, 'urban'));
const market = user('cd-market', liaison(CD, 'market'));
const police = user('cd-police', liaison(CD, 'police'));
const leadership = user('leader', role('leadership'));
const coordinator = user('coord', role('coordinator'));

describe('transfer workflow', () => {
  const input = {
    id: 't1',
    caseId: 'c1',
    from: `${CD}:urban`,
    to: `${CD}:market`,
    citedMatter: 'VEN-03',
    reason: '无照经营',
    requestedAt: '2026-11-27T01:00:00.000Z',
  };

  it('lets only the target accept, and tells the case', () => {
    const h = new Harness(transferWorkflow, input);
    expect(h.current.tasks).toMatchObject([{ inbox: `${CD}:market`, action: 'accept-transfer', dueAt: '2026-11-28T01:00:00.000Z' }]);
    expect(outcome(() => h.send(urban, { type: 'ACCEPT' }))).toBe('FORBIDDEN');
    h.send(market, { type: 'ACCEPT' });
    expect(h.state).toBe('accepted');
    expect(h.current.done).toBe(true);
    expect(h.effects).toEqual([{ type: 'forward', to: 'case', event: { type: 'TRANSFER_ACCEPTED' } }]);
  });

  it('needs a reason to reject, and forwards it', () => {
    const h = new Harness(transferWorkflow, input);
    expect(outcome(() => h.send(market, { type: 'REJECT', reason: '  ' }))).toBe('FORBIDDEN');
    h.send(market, { type: 'REJECT', reason: '该商户持有营业执照' });
    expect(h.effects).toEqual([{ type: 'forward', to: 'case', event: { type: 'TRANSFER_REJECTED', reason: '该商户持有营业执照' } }]);
  });

  it('shows an undecided transfer to the coordinator once it is overdue', () => {
    const h = new Harness(transferWorkflow, input);
    h.runUntil('2026-11-29T00:00:00.000Z');
    expect(h.fired).toEqual(['decision-due']);
    expect(h.current.tasks.map((t) => [t.inbox, t.escalation])).toEqual([
      [`${CD}:market`, 1],
      [`coordinator:${CD}`, 1],
    ]);
  });
});

describe('dispute workflow', () => {
  const input = {
    id: 'd1',
    caseId: 'c1',
    matterCode: 'VEN-02',
    cityAdcode: CD,
    parties: [`${CD}:urban`, `${CD}:market`],
    trigger: '转办被退回',
    openedAt: '2026-09-30T02:00:00.000Z',
  };

  it('takes one statement from each party, then waits for leadership within 3 working days', () => {
    const h = new Harness(disputeWorkflow, input, new ManualClock('2026-09-30T02:00:00Z'));
    expect(h.context.ruleBy).toBe('2026-10-10T02:00:00.000Z'); // across National Day, make-up Saturday counted
    expect(h.current.tasks.map((t) => [t.inbox, t.action])).toEqual([
      [`${CD}:urban`, 'statement'],
      [`${CD}:market`, 'statement'],
      ['leadership', 'rule'],
    ]);
    expect(outcome(() => h.send(police, { type: 'FILE_STATEMENT', text: '与我无关', clauses: ['VEN-04'] }))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(urban, { type: 'FILE_STATEMENT', text: '无条款', clauses: [] }))).toBe('FORBIDDEN');
    h.send(urban, { type: 'FILE_STATEMENT', text: '商户无照,应由市场监管主办', clauses: ['VEN-03'] });
    expect(outcome(() => h.send(urban, { type: 'FILE_STATEMENT', text: '再说一次', clauses: ['VEN-03'] }))).toBe('FORBIDDEN');
    expect(h.state).toBe('statements');
    h.send(market, { type: 'FILE_STATEMENT', text: '商户有照,属出店经营', clauses: ['VEN-02'] });
    expect(h.state).toBe('awaitingRuling');
    expect(h.current.tasks.map((t) => t.inbox)).toEqual(['leadership']);
  });

  it('is ruled by leadership only; the ruling goes to the case and can become a matrix amendment', () => {
    const h = new Harness(disputeWorkflow, input);
    const ruling = { type: 'RULE', lead: `${CD}:urban`, supports: [`${CD}:market`], reasons: '出店经营由城管主办,市场监管协办' };
    expect(outcome(() => h.send(urban, ruling))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(coordinator, ruling))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(leadership, { ...ruling, lead: '510600:urban' }))).toBe('FORBIDDEN');
    h.send(leadership, ruling);
    expect(h.state).toBe('ruled');
    expect(h.effects).toEqual([{ type: 'forward', to: 'case', event: { type: 'RULED', lead: `${CD}:urban`, supports: [`${CD}:market`] } }]);
    expect(outcome(() => h.send(leadership, ruling))).toBe('FORBIDDEN'); // a ruling sticks
    h.send(leadership, { type: 'PROMOTE', reason: '同类争议已多次发生' });
    expect(h.effects.at(-1)).toEqual({
      type: 'amend-matrix',
      matterCode: 'VEN-02',
      lead: `${CD}:urban`,
      supports: [`${CD}:market`],
      reason: '同类争议已多次发生',
      disputeId: 'd1',
    });
    expect(h.current.done).toBe(true);
  });

  it('flags a ruling that is overdue', () => {
    const h = new Harness(disputeWorkflow, input, new ManualClock('2026-09-30T02:00:00Z'));
    h.runUntil('2026-10-09T23:00:00.000Z');
    expect(h.context.overdue).toBe(false);
    h.runUntil('2026-10-10T02:00:00.000Z');
    expect(h.context.overdue).toBe(true);
    expect(h.current.tasks.find((t) => t.inbox === 'leadership')!.escalation).toBe(1);
  });
});
