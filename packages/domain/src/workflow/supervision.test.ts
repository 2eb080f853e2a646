import { describe, expect, it } from 'vitest';
import { RESOLUTION_LIMITS } from '../reference.ts';
import { caseWorkflow } from './case.machine.ts';
import { factPatch, factsFromHistory } from '../command/facts.ts';
import { Harness, liaison, outcome, role, supervisor, user } from './testing.ts';

const CD = '510100';
const urban = user('cd-urban', liaison(CD, 'urban'));
const urbanBoss = user('cd-urban-sup', supervisor(CD, 'urban'));
const marketBoss = user('cd-market-sup', supervisor(CD, 'market'));
const market = user('cd-market', liaison(CD, 'market'));
const coordinator = user('cd-coord', role('coordinator'));
const otherCoordinator = user('cq-coord', role('coordinator', '500000'));
const leader = user('leader', role('leadership'));
const office = user('office', role('alliance'));
const HOUR = 3_600_000;

const newCase = () =>
  new Harness(caseWorkflow, {
    caseId: 'c1',
    matterCode: 'VEN-02',
    cityAdcode: CD,
    tier: 'simple',
    lead: `${CD}:urban`,
    supports: [`${CD}:market`],
    offeredAt: '2026-11-27T01:00:00.000Z',
    confirmWindowMs: 72 * HOUR,
    resolutionLimit: RESOLUTION_LIMITS.simple,
  });
const actions = (h: Harness, inbox: string) => h.current.tasks.filter((t) => t.inbox === inbox).map((t) => t.action);

describe('supervision that acts', () => {
  it('a reminder (催办) lands in the holder’s inbox until the holder acts', () => {
    const h = newCase();
    h.send(coordinator, { type: 'REMIND', note: '群众反映强烈,请尽快签收' });
    expect(actions(h, `${CD}:urban`)).toEqual(['claim', 'reminded']);
    expect(h.current.snapshot.context).toMatchObject({ reminders: 1, reminder: { by: 'cd-coord', note: '群众反映强烈,请尽快签收' } });
    h.send(urban, { type: 'CLAIM' });
    expect(actions(h, `${CD}:urban`)).toEqual(['work']);
    h.send(leader, { type: 'REMIND', note: '请报告进展' });
    expect(actions(h, `${CD}:urban`)).toEqual(['work', 'reminded']);
    h.send(urban, { type: 'PROGRESS', note: '已约谈商户' });
    expect(actions(h, `${CD}:urban`)).toEqual(['work']);
  });

  it('refuses reminders and orders to those who do not oversee the case', () => {
    const h = newCase();
    for (const who of [urban, market, marketBoss, otherCoordinator, office]) {
      expect(outcome(() => h.send(who, { type: 'REMIND', note: '快' }))).toBe('FORBIDDEN');
      expect(outcome(() => h.send(who, { type: 'SUPERVISE', note: '督办', dueBy: '2026-11-30T01:00:00.000Z' }))).toBe('FORBIDDEN');
    }
    expect(outcome(() => h.send(urbanBoss, { type: 'REMIND', note: '  ' }))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(urbanBoss, { type: 'REMIND', note: '请尽快签收' }))).toBe('OK');
  });

  it('a supervision order (督办) has its own deadline, goes back to who issued it when missed, and is counted', () => {
    const h = newCase();
    h.send(urban, { type: 'CLAIM' });
    h.send(coordinator, { type: 'SUPERVISE', note: '限期整改', dueBy: '2026-11-28T01:00:00.000Z' });
    expect(h.current.tasks).toContainEqual(expect.objectContaining({ inbox: `${CD}:urban`, action: 'answer-supervision', dueAt: '2026-11-28T01:00:00.000Z' }));
    expect(h.current.timers.map((t) => t.key)).toContain('supervision-1');
    h.runUntil('2026-11-28T02:00:00.000Z');
    expect(h.fired).toContain('supervision-1');
    expect(actions(h, `coordinator:${CD}`)).toContain('supervision-overdue');
    expect(factPatch({ kind: 'case', view: caseWorkflow.view(h.current.snapshot, caseWorkflow.version) }).set).toMatchObject({
      supervisionOrders: 1,
      supervisionOverdue: 1,
    });
    expect(outcome(() => h.send(market, { type: 'ANSWER_SUPERVISION', n: 1, note: '已整改' }))).toBe('FORBIDDEN');
    h.send(urban, { type: 'ANSWER_SUPERVISION', n: 1, note: '已整改完毕' });
    expect(actions(h, `coordinator:${CD}`)).not.toContain('supervision-overdue');
    expect(actions(h, `${CD}:urban`)).toEqual(['work']);
    expect(outcome(() => h.send(urban, { type: 'ANSWER_SUPERVISION', n: 1, note: '再答' }))).toBe('FORBIDDEN');
    // its deadline must lie ahead
    expect(outcome(() => h.send(leader, { type: 'SUPERVISE', note: '督办', dueBy: '2026-11-27T00:00:00.000Z' }))).toBe('FORBIDDEN');
  });

  it('the claimer works the case; its supervisor or the coordinator may assign it to a named person of the unit only', () => {
    const h = newCase();
    h.send(urban, { type: 'CLAIM' });
    expect(h.current.caseRecord?.assignee).toBe('cd-urban');
    expect(outcome(() => h.send(urban, { type: 'ASSIGN', to: 'cd-urban-2', toUnits: [`${CD}:urban`] }))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(leader, { type: 'ASSIGN', to: 'cd-urban-2', toUnits: [`${CD}:urban`] }))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(urbanBoss, { type: 'ASSIGN', to: 'cd-market', toUnits: [`${CD}:market`] }))).toBe('FORBIDDEN');
    h.send(urbanBoss, { type: 'ASSIGN', to: 'cd-urban-2', toUnits: [`${CD}:urban`] });
    expect(h.current.caseRecord?.assignee).toBe('cd-urban-2');
    h.send(coordinator, { type: 'ASSIGN', to: 'cd-urban', toUnits: [`${CD}:urban`] });
    expect(h.current.caseRecord?.assignee).toBe('cd-urban');
  });

  it('comments come from those who work or oversee the case', () => {
    const h = newCase();
    h.send(market, { type: 'COMMENT', text: '协办单位已到场' });
    h.send(leader, { type: 'COMMENT', text: '请加快' });
    expect(outcome(() => h.send(otherCoordinator, { type: 'COMMENT', text: '路过' }))).toBe('FORBIDDEN');
    expect(h.current.snapshot.context).toMatchObject({ comments: [{ by: 'cd-market' }, { by: 'leader' }] });
  });

  it('counts supervision orders the same way from the audit trail', () => {
    const f = factsFromHistory(
      {
        caseId: 'c1',
        cityAdcode: CD,
        countyAdcode: '510104',
        matterCode: 'VEN-02',
        domainCode: null,
        source: 'hotline',
        tier: 'simple',
        reportedAt: '2026-11-27T01:00:00.000Z',
        border: false,
        repeat: false,
      },
      [
        { at: '2026-11-27T02:00:00.000Z', workflowId: 'c1', action: 'case.SUPERVISE', payload: { note: 'x', dueBy: '2026-11-28T01:00:00.000Z' } },
        { at: '2026-11-28T01:00:00.000Z', workflowId: 'c1', action: 'case.SUPERVISION_OVERDUE', payload: { n: 1 } },
      ],
    );
    expect(f).toMatchObject({ supervisionOrders: 1, supervisionOverdue: 1 });
  });
});
