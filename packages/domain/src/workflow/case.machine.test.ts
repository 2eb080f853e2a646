import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.ts';
import { RESOLUTION_LIMITS } from '../reference.ts';
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
    resolutionLimit: RESOLUTION_LIMITS[tier],
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
    expect(h.current.timers.map((t) => t.key)).toEqual(['resolution-warning', 'resolution-escalate-1']);
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

describe('resolution deadlines (处置时限)', () => {
  const nanjingCoordinator = user('nj-coord', role('coordinator', '320100'));
  // Offered Friday 27 November 09:00 CST, claimed at 10:00 CST (02:00 UTC).
  const claimed = (tier: 'simple' | 'complex' = 'simple') => {
    const h = newCase(tier);
    h.clock.advance(HOUR);
    h.send(urban, { type: 'CLAIM' });
    return h;
  };

  it('gives a claimed case its matter’s limit on the working-day calendar, with the 75 % warning and the ladder', () => {
    const h = claimed();
    // 24 working hours from Friday 10:00: 14 h on Friday, the weekend skipped, 10 h on Monday
    expect(h.context.resolveBy).toBe('2026-11-30T02:00:00.000Z');
    expect(h.current.tasks[0]).toMatchObject({ inbox: '510100:urban', action: 'work', dueAt: '2026-11-30T02:00:00.000Z', warnAt: '2026-11-29T08:00:00.000Z' });
    expect(h.current.timers.map((t) => [t.key, t.dueAt])).toEqual([
      ['resolution-warning', '2026-11-29T08:00:00.000Z'],
      ['resolution-escalate-1', '2026-11-30T02:00:00.000Z'],
    ]);
    // then one level per further half window (36 h)
    h.runUntil('2026-12-04T00:00:00.000Z');
    expect(h.fired).toEqual(['resolution-warning', 'resolution-escalate-1', 'resolution-escalate-2', 'resolution-escalate-3']);
    expect(h.current.tasks.map((t) => [t.inbox, t.action, t.escalation])).toEqual([
      ['510100:urban', 'work', 3],
      ['coordinator:510100', 'overdue', 3],
      ['leadership', 'overdue', 3],
      ['510100:market', 'support', 0],
    ]);
    h.send(urban, { type: 'START' });
    h.send(urban, { type: 'RESOLVE', note: '已处置' });
    expect(h.current.caseRecord).toMatchObject({ resolveBy: '2026-11-30T02:00:00.000Z', resolvedOnTime: false });
  });

  it('counts complex matters in working days: five from Friday is the next Friday', () => {
    const h = claimed('complex');
    expect(h.context.resolveBy).toBe('2026-12-04T02:00:00.000Z');
    h.send(urban, { type: 'START' });
    h.clock.set('2026-12-03T02:00:00.000Z');
    h.send(urban, { type: 'RESOLVE', note: '已处置' });
    expect(h.context.resolvedOnTime).toBe(true);
  });

  it('takes an extension request (延期申请) that the unit’s supervisor approves, and moves the deadline', () => {
    const h = claimed();
    h.send(urban, { type: 'START' });
    expect(outcome(() => h.send(urban, { type: 'REQUEST_EXTENSION', reason: '需等待配件', until: '2026-11-29T00:00:00.000Z' }))).toBe('FORBIDDEN'); // not later
    expect(outcome(() => h.send(market, { type: 'REQUEST_EXTENSION', reason: '需等待配件', until: '2026-12-03T02:00:00.000Z' }))).toBe('FORBIDDEN');
    h.send(urban, { type: 'REQUEST_EXTENSION', reason: '需等待配件', until: '2026-12-03T02:00:00.000Z' });
    // the supervisor decides within one working day (Monday 10:00 CST)
    expect(h.current.tasks).toContainEqual(expect.objectContaining({ inbox: '510100:urban', action: 'decide-extension', dueAt: '2026-11-30T02:00:00.000Z' }));
    expect(outcome(() => h.send(urban, { type: 'DECIDE_EXTENSION', approve: true, note: '' }))).toBe('FORBIDDEN'); // a liaison
    expect(outcome(() => h.send(coordinator, { type: 'DECIDE_EXTENSION', approve: true, note: '' }))).toBe('FORBIDDEN'); // not overdue yet
    h.send(urbanBoss, { type: 'DECIDE_EXTENSION', approve: true, note: '同意' });
    expect(h.context.resolveBy).toBe('2026-12-03T02:00:00.000Z');
    expect(caseWorkflow.view(h.current.snapshot, caseWorkflow.version).extensions).toEqual([
      expect.objectContaining({ reason: '需等待配件', until: '2026-12-03T02:00:00.000Z', approved: true, decidedBy: 'cd-urban-sup', requestedBy: 'cd-urban' }),
    ]);
    h.runUntil('2026-12-02T00:00:00.000Z');
    expect(h.fired).toEqual(['resolution-warning']); // against the new deadline: 75 % of Fri 10:00 → Thu 10:00 is Tue 22:00 CST
    expect(h.current.timers.map((t) => [t.key, t.dueAt])).toEqual([['resolution-escalate-1', '2026-12-03T02:00:00.000Z']]);
    h.send(urban, { type: 'RESOLVE', note: '已更换配件' });
    expect(h.context.resolvedOnTime).toBe(true);
  });

  it('lets nobody approve their own request, refuses keep the deadline, and hands an overdue decision to the coordinator', () => {
    const h = claimed();
    h.send(urbanBoss, { type: 'REQUEST_EXTENSION', reason: '需协调产权单位', until: '2026-12-03T02:00:00.000Z' });
    expect(outcome(() => h.send(urbanBoss, { type: 'DECIDE_EXTENSION', approve: true, note: '' }))).toBe('FORBIDDEN');
    h.runUntil('2026-11-30T03:00:00.000Z');
    expect(h.fired).toContain('extension-decision');
    expect(h.current.tasks).toContainEqual(expect.objectContaining({ inbox: 'coordinator:510100', action: 'decide-extension' }));
    expect(outcome(() => h.send(nanjingCoordinator, { type: 'DECIDE_EXTENSION', approve: true, note: '' }))).toBe('FORBIDDEN');
    h.send(coordinator, { type: 'DECIDE_EXTENSION', approve: false, note: '理由不充分' });
    expect(h.context.resolveBy).toBe('2026-11-30T02:00:00.000Z');
    expect(h.context.extensions[0]).toMatchObject({ approved: false, decidedBy: 'cd-coord' });
    expect(h.current.tasks.map((t) => t.action)).not.toContain('decide-extension');
  });

  it('suspends (挂账) on the coordinator’s approval: the clock stands still, reviews come due, and resuming moves the deadline on', () => {
    const h = claimed();
    h.send(urban, { type: 'START' });
    h.clock.set('2026-11-28T02:00:00.000Z'); // Saturday: one day of the window used
    h.send(urban, { type: 'REQUEST_SUSPENSION', reason: '待法院判决', reviewAt: '2026-12-10T02:00:00.000Z' });
    expect(h.current.tasks).toContainEqual(expect.objectContaining({ inbox: 'coordinator:510100', action: 'decide-suspension' }));
    expect(outcome(() => h.send(urbanBoss, { type: 'DECIDE_SUSPENSION', approve: true, note: '' }))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(nanjingCoordinator, { type: 'DECIDE_SUSPENSION', approve: true, note: '' }))).toBe('FORBIDDEN');
    h.send(coordinator, { type: 'DECIDE_SUSPENSION', approve: true, note: '同意挂账' });
    expect(h.state).toBe('suspended');
    expect(h.current.caseRecord).toMatchObject({ suspended: true, holder: '510100:urban' });
    expect(h.current.timers.map((t) => [t.key, t.dueAt])).toEqual([['suspension-review', '2026-12-10T02:00:00.000Z']]);
    expect(h.current.tasks.map((t) => [t.inbox, t.action, t.dueAt])).toEqual([
      ['510100:urban', 'suspended', '2026-12-10T02:00:00.000Z'],
      ['coordinator:510100', 'review-suspension', '2026-12-10T02:00:00.000Z'],
      ['510100:market', 'support', null],
    ]);
    h.runUntil('2026-12-11T02:00:00.000Z');
    expect(h.fired).toEqual(['suspension-review']); // no resolution timer runs while suspended
    expect(h.context.suspension.reviewDue).toBe(true);
    expect(outcome(() => h.send(coordinator, { type: 'CONTINUE_SUSPENSION', reviewAt: '2026-12-01T00:00:00.000Z', note: '' }))).toBe('FORBIDDEN'); // past
    h.send(coordinator, { type: 'CONTINUE_SUSPENSION', reviewAt: '2027-01-11T02:00:00.000Z', note: '判决未出' });
    expect(h.current.timers.map((t) => t.key)).toEqual(['suspension-review']);
    h.clock.set('2026-12-18T02:00:00.000Z'); // suspended for exactly 20 days
    h.send(urban, { type: 'RESUME', note: '判决已出' });
    expect(h.state).toBe('inProgress');
    expect(h.context.suspendedMs).toBe(20 * 24 * HOUR);
    expect(h.context.resolveBy).toBe('2026-12-20T02:00:00.000Z');
    expect(h.current.timers.map((t) => t.key)).toEqual(['resolution-warning', 'resolution-escalate-1']);
  });

  it('refuses a suspension while none is asked for, and lets the coordinator turn one down', () => {
    const h = claimed();
    expect(outcome(() => h.send(coordinator, { type: 'DECIDE_SUSPENSION', approve: true, note: '' }))).toBe('FORBIDDEN');
    h.send(urban, { type: 'REQUEST_SUSPENSION', reason: '季节原因', reviewAt: '2026-12-10T02:00:00.000Z' });
    h.send(coordinator, { type: 'DECIDE_SUSPENSION', approve: false, note: '应当继续办理' });
    expect(h.state).toBe('claimed');
    expect(h.context.pendingSuspension).toBeNull();
  });

  it('gives a case reopened after an unsatisfied rating a new resolution window', () => {
    const h = claimed();
    h.send(urban, { type: 'START' });
    h.send(urban, { type: 'RESOLVE', note: '已处置' });
    h.clock.set('2026-12-01T02:00:00.000Z'); // Tuesday 10:00 CST
    h.send(REPORTER, { type: 'CONFIRM', satisfied: false });
    expect(h.state).toBe('inProgress');
    expect(h.context.resolveBy).toBe('2026-12-02T02:00:00.000Z');
    expect(h.context.resolvedOnTime).toBeNull();
  });
});

describe('enforcement record approval (自由裁量偏离审批)', () => {
  const above = [{ kind: 'fine-above-range' as const, min: 100, max: 500, amount: 800 }];
  const started = () => {
    const h = newCase();
    h.send(urban, { type: 'CLAIM' });
    h.send(urban, { type: 'START' });
    return h;
  };

  it('resolves at once when the record keeps to the standard', () => {
    const h = started();
    h.send(urban, { type: 'RESOLVE', note: '责令改正', deviations: [] });
    expect(h.state).toBe('awaitingConfirmation');
  });

  it('holds a deviating record in progress until a supervisor of the unit approves it with a reason', () => {
    const h = started();
    h.send(urban, { type: 'RESOLVE', note: '罚款 800 元', deviations: above });
    expect(h.state).toBe('inProgress');
    expect(h.current.tasks).toContainEqual(expect.objectContaining({ inbox: '510100:urban', role: 'oversight', action: 'approve-enforcement' }));
    // the liaison may not approve, nor may another unit's supervisor, nor a supervisor without a reason
    expect(outcome(() => h.send(urban, { type: 'DECIDE_ENFORCEMENT', approve: true, reason: '情节恶劣' }))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(user('cd-market-sup', supervisor(CD, 'market')), { type: 'DECIDE_ENFORCEMENT', approve: true, reason: '情节恶劣' }))).toBe(
      'FORBIDDEN',
    );
    expect(outcome(() => h.send(urbanBoss, { type: 'DECIDE_ENFORCEMENT', approve: true, reason: ' ' }))).toBe('FORBIDDEN');
    h.clock.advance(HOUR);
    h.send(urbanBoss, { type: 'DECIDE_ENFORCEMENT', approve: true, reason: '屡教不改,经集体讨论从重处罚' });
    expect(h.state).toBe('awaitingConfirmation');
    const view = caseWorkflow.view(h.current.snapshot, caseWorkflow.version);
    expect(view.resolution).toBe('罚款 800 元');
    expect(view.resolvedAt).toBe(h.clock.now().toISOString());
    expect(view.enforcementApproval).toBeNull();
    expect(view.enforcementDecisions).toMatchObject([{ approved: true, decidedBy: 'cd-urban-sup', reason: '屡教不改,经集体讨论从重处罚', deviations: above }]);
  });

  it('a supervisor who resolved the case may not approve their own record; a record sent back is resolved again', () => {
    const h = started();
    h.send(urbanBoss, { type: 'RESOLVE', note: '罚款 800 元', deviations: above });
    expect(outcome(() => h.send(urbanBoss, { type: 'DECIDE_ENFORCEMENT', approve: true, reason: '从重' }))).toBe('FORBIDDEN');
    h.send(user('cd-urban-sup2', supervisor(CD, 'urban')), { type: 'DECIDE_ENFORCEMENT', approve: false, reason: '按基准重新裁量' });
    expect(h.state).toBe('inProgress');
    expect(h.current.tasks.map((t) => t.action)).not.toContain('approve-enforcement');
    h.send(urbanBoss, { type: 'RESOLVE', note: '罚款 400 元', deviations: [] });
    expect(h.state).toBe('awaitingConfirmation');
  });
});
