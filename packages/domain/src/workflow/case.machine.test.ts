import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { caseWorkflow } from './case.machine.ts';
import { Harness, liaison, outcome, REPORTER, role, supervisor, user } from './testing.ts';

const CD = '510100';
const urban = user('cd-urban', liaison(CD, 'urban'));
const urbanBoss = user('cd-urban-sup', supervisor(CD, 'urban'));
const market = user('cd-market', liaison(CD, 'market'));
const planning = user('cd-planning', liaison(CD, 'planning'));
const coordinator = user('cd-coord', role('coordinator'));
const HOUR = 3_600_000;

const newCase = (tier: 'simple' | 'complex' | 'difficult' = 'simple') =>
  new Harness(caseWorkflow, {
    caseId: 'c1',
    matterCode: 'VEN-02',
    cityAdcode: CD,
    tier,
    lead: `${CD}:urban`,
    supports: [`${CD}:market`],
    offeredAt: '2026-11-27T01:00:00.000Z',
    confirmWindowMs: 72 * HOUR,
  });

function refused(run: () => unknown): DomainError {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('case workflow', () => {
  it('lives a routine life: offered → claimed → in progress → resolved → confirmed → closed', () => {
    const h = newCase();
    expect(h.state).toBe('offered');
    expect(h.current.tasks).toEqual([
      { inbox: '510100:urban', role: 'lead', action: 'claim', dueAt: '2026-11-27T03:00:00.000Z', warnAt: '2026-11-27T02:30:00.000Z', escalation: 0 },
      { inbox: '510100:market', role: 'support', action: 'support', dueAt: null, warnAt: null, escalation: 0 },
    ]);
    expect(h.current.timers.map((t) => [t.key, t.dueAt])).toEqual([
      ['response-warning', '2026-11-27T02:30:00.000Z'],
      ['escalate-1', '2026-11-27T03:00:00.000Z'],
    ]);
    h.clock.advance(HOUR);
    h.send(urban, { type: 'CLAIM' });
    expect(h.state).toBe('claimed');
    expect(h.current.timers).toEqual([]);
    h.send(urban, { type: 'START' });
    h.send(urban, { type: 'PROGRESS', note: '已约谈商户' });
    h.send(urban, { type: 'RESOLVE', note: '商户已将货架收回店内' });
    expect(h.state).toBe('awaitingConfirmation');
    expect(h.current.timers.map((t) => t.key)).toEqual(['auto-confirm']);
    h.send(REPORTER, { type: 'CONFIRM', satisfied: true });
    expect(h.state).toBe('closed');
    expect(h.current.tasks).toEqual([]);
    expect(h.current.holder).toBeNull();
    expect(h.context.satisfied).toBe(true);
  });

  it('lets only the offered unit’s liaison or supervisor claim', () => {
    const h = newCase();
    expect(refused(() => h.send(market, { type: 'CLAIM' })).code).toBe('FORBIDDEN');
    expect(refused(() => h.send(coordinator, { type: 'CLAIM' })).code).toBe('FORBIDDEN');
    expect(refused(() => h.send(REPORTER, { type: 'CLAIM' })).code).toBe('FORBIDDEN');
    h.send(urbanBoss, { type: 'CLAIM' });
    expect(h.state).toBe('claimed');
    expect(refused(() => h.send(urban, { type: 'CLAIM' })).code).toBe('CONFLICT');
  });

  it('warns at 75 % and escalates supervisor → coordinator → leadership, one level per further half window', () => {
    const h = newCase('complex'); // 24 h window
    h.runUntil('2026-11-29T01:00:00.000Z');
    expect(h.fired).toEqual(['response-warning', 'escalate-1', 'escalate-2', 'escalate-3']);
    expect(h.context.warned).toBe(true);
    expect(h.context.escalation).toBe(3);
    expect(h.current.timers).toEqual([]);
    expect(h.current.tasks.map((t) => [t.inbox, t.role, t.escalation])).toEqual([
      ['510100:urban', 'lead', 3],
      ['coordinator:510100', 'oversight', 3],
      ['leadership', 'oversight', 3],
      ['510100:market', 'support', 0],
    ]);
  });

  it('escalates at 24 h, 36 h and 48 h for a complex case (simulated days)', () => {
    const h = newCase('complex');
    h.runUntil('2026-11-28T00:59:59.000Z');
    expect(h.context.escalation).toBe(0);
    h.runUntil('2026-11-28T01:00:00.000Z');
    expect(h.context.escalation).toBe(1);
    h.runUntil('2026-11-28T13:00:00.000Z');
    expect(h.context.escalation).toBe(2);
    h.runUntil('2026-11-29T01:00:00.000Z');
    expect(h.context.escalation).toBe(3);
  });

  it('refuses a timer event from a user', () => {
    const h = newCase();
    expect(refused(() => h.send(urban, { type: 'ESCALATE', level: 1 })).code).toBe('FORBIDDEN');
  });

  it('reopens under supervision when the reporter is unsatisfied, and counts it', () => {
    const h = newCase();
    h.send(urban, { type: 'CLAIM' });
    h.send(urban, { type: 'START' });
    h.send(urban, { type: 'RESOLVE', note: '已处理' });
    h.send(REPORTER, { type: 'CONFIRM', satisfied: false, comment: '摊位还在' });
    expect(h.state).toBe('inProgress');
    expect(h.context.reopened).toBe(1);
    expect(h.context.supervised).toBe(true);
    expect(h.current.tasks[0]!.action).toBe('work-supervised');
    h.send(urban, { type: 'RESOLVE', note: '再次处理' });
    h.runUntil('2026-12-01T00:00:00.000Z');
    expect(h.fired).toContain('auto-confirm');
    expect(h.state).toBe('closed');
    h.send(coordinator, { type: 'REOPEN', reason: '市民电话反映问题复现' });
    expect(h.context.reopened).toBe(2);
    expect(refused(() => h.send(market, { type: 'RESOLVE', note: 'x' })).code).toBe('FORBIDDEN');
  });

  it('takes one rating per closure: a rated closure refuses a second rating, a new result is rated afresh', () => {
    const h = newCase();
    h.send(urban, { type: 'CLAIM' });
    h.send(urban, { type: 'START' });
    h.send(urban, { type: 'RESOLVE', note: '已处理' });
    h.send(REPORTER, { type: 'CONFIRM', satisfied: true });
    expect(h.state).toBe('closed');
    expect(h.context.rating).toBe('satisfied');
    expect(refused(() => h.send(REPORTER, { type: 'REOPEN', reason: '不满意' })).code).toBe('FORBIDDEN');
    expect(refused(() => h.send(REPORTER, { type: 'CONFIRM', satisfied: true })).code).toBe('FORBIDDEN');
    expect(h.state).toBe('closed');

    // Confirmed for the reporter when they said nothing: that closure may still be rated, once.
    const quiet = newCase();
    quiet.send(urban, { type: 'CLAIM' });
    quiet.send(urban, { type: 'START' });
    quiet.send(urban, { type: 'RESOLVE', note: '已处理' });
    quiet.runUntil('2026-12-01T00:00:00.000Z');
    expect(quiet.state).toBe('closed');
    expect(quiet.context.rating).toBeNull();
    quiet.send(REPORTER, { type: 'REOPEN', reason: '问题复现' });
    expect(quiet.state).toBe('inProgress');
    quiet.send(urban, { type: 'RESOLVE', note: '再次处理' });
    expect(quiet.context.rating).toBeNull();
    quiet.send(REPORTER, { type: 'CONFIRM', satisfied: true });
    expect(refused(() => quiet.send(REPORTER, { type: 'REOPEN', reason: '又不满意' })).code).toBe('FORBIDDEN');
  });

  it('transfers only to the lead of a cited matter, keeps the deadline running, and opens a dispute on a second transfer', () => {
    const h = newCase();
    const toPlanning = { type: 'TRANSFER', to: `${CD}:planning`, reason: '属规划事项', cited: { matterCode: 'ADV-03', leadUnit: `${CD}:planning` } };
    expect(refused(() => h.send(urban, { ...toPlanning, cited: { matterCode: 'ADV-01', leadUnit: `${CD}:urban` } })).code).toBe('FORBIDDEN');
    expect(refused(() => h.send(market, toPlanning)).code).toBe('FORBIDDEN');
    h.send(urban, toPlanning);
    expect(h.state).toBe('transferring');
    expect(h.effects.at(-1)).toMatchObject({ type: 'start', kind: 'transfer', input: { from: '510100:urban', to: '510100:planning' } });
    h.clock.advance(HOUR);
    h.send({ kind: 'system', reason: 'transfer' }, { type: 'TRANSFER_ACCEPTED' });
    expect(h.state).toBe('offered');
    expect(h.current.holder).toBe('510100:planning');
    expect(h.context.respondBy).toBe('2026-11-27T03:00:00.000Z');
    h.send(planning, { type: 'TRANSFER', to: `${CD}:urban`, reason: '应属城管', cited: { matterCode: 'VEN-02', leadUnit: `${CD}:urban` } });
    expect(h.state).toBe('disputed');
    expect(h.effects.at(-1)).toMatchObject({ type: 'start', kind: 'dispute', input: { parties: ['510100:planning', '510100:urban'] } });
  });

  it('opens a dispute on a rejected transfer; a ruling re-offers the case with transfer locked', () => {
    const h = newCase();
    h.send(urban, { type: 'TRANSFER', to: `${CD}:market`, reason: '无照经营', cited: { matterCode: 'VEN-03', leadUnit: `${CD}:market` } });
    h.send({ kind: 'system', reason: 'transfer' }, { type: 'TRANSFER_REJECTED', reason: '有照,属出店经营' });
    expect(h.state).toBe('disputed');
    expect(h.current.tasks).toEqual([{ inbox: '510100:urban', role: 'lead', action: 'await-ruling', dueAt: null, warnAt: null, escalation: 0 }]);
    h.clock.advance(20 * HOUR);
    h.send({ kind: 'system', reason: 'dispute' }, { type: 'RULED', lead: `${CD}:urban`, supports: [`${CD}:market`] });
    expect(h.state).toBe('offered');
    expect(h.context.transferLocked).toBe(true);
    expect(h.context.respondBy).toBe('2026-11-27T23:00:00.000Z');
    const e = refused(() => h.send(urban, { type: 'TRANSFER', to: `${CD}:market`, reason: '再转', cited: { matterCode: 'VEN-03', leadUnit: `${CD}:market` } }));
    expect(e.code).toBe('FORBIDDEN');
    h.send(urban, { type: 'CLAIM' });
    expect(h.state).toBe('claimed');
  });

  it('moves to another city’s units on a referral they accepted, still transferable there', () => {
    const h = newCase();
    h.clock.advance(HOUR);
    h.send({ kind: 'system', reason: 'crosscity' }, { type: 'RELOCATED', lead: '510600:urban', supports: ['510600:subdistrict'] });
    expect(h.state).toBe('offered');
    expect(h.current.holder).toBe('510600:urban');
    expect(h.context.cityAdcode).toBe('510600');
    expect(h.context.transferLocked).toBe(false);
    expect(h.current.tasks[0]).toMatchObject({ inbox: '510600:urban', action: 'claim' });
    expect(outcome(() => h.send(urban, { type: 'CLAIM' }))).toBe('FORBIDDEN');
  });

  it('cannot be transferred once claimed', () => {
    const h = newCase();
    h.send(urban, { type: 'CLAIM' });
    const e = refused(() => h.send(urban, { type: 'TRANSFER', to: `${CD}:market`, reason: 'x', cited: { matterCode: 'VEN-03', leadUnit: `${CD}:market` } }));
    expect(e.code).toBe('CONFLICT');
  });
});
