import { describe, expect, it } from 'vitest';
import { crossCityWorkflow } from './crosscity.machine.ts';
import { harmonisationWorkflow } from './harmonisation.machine.ts';
import { Harness, liaison, outcome, role, user } from './testing.ts';

const CD = '510100';
const DY = '510600';
const cdCoord = user('cd-coord', role('coordinator', CD));
const dyCoord = user('dy-coord', role('coordinator', DY));
const msCoord = user('ms-coord', role('coordinator', '511400'));
const zyCoord = user('zy-coord', role('coordinator', '512000'));
const alliance = user('alliance', role('alliance'));
const liaisonDy = user('dy-urban', liaison(DY, 'urban'));

const base = { id: 'x1', caseId: 'c1', leadDepartment: 'urban', supportDepartments: ['subdistrict'], openedAt: '2026-11-27T01:00:00.000Z' };

describe('cross-city workflow: referral', () => {
  const referral = () => new Harness(crossCityWorkflow, { ...base, mode: 'referral', homeCity: DY, otherCities: [CD] });

  it('is accepted by the coordinator of the city where the case is', () => {
    const h = referral();
    expect(h.state).toBe('referred');
    expect(h.current.tasks).toMatchObject([{ inbox: `coordinator:${DY}`, action: 'accept-referral', dueAt: '2026-11-28T01:00:00.000Z' }]);
    expect(outcome(() => h.send(cdCoord, { type: 'ACCEPT' }))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(liaisonDy, { type: 'ACCEPT' }))).toBe('FORBIDDEN');
    h.send(dyCoord, { type: 'ACCEPT' });
    expect(h.state).toBe('accepted');
  });

  it('goes to the alliance office on rejection, which rules the city; only the alliance office may', () => {
    const h = referral();
    h.send(dyCoord, { type: 'REJECT', reason: '摊贩实际在成都一侧经营' });
    expect(h.state).toBe('allianceReview');
    expect(h.current.tasks).toMatchObject([{ inbox: 'alliance', action: 'rule-city' }]);
    expect(outcome(() => h.send(cdCoord, { type: 'RULE_CITY', city: CD, reason: 'x' }))).toBe('FORBIDDEN');
    h.send(alliance, { type: 'RULE_CITY', city: CD, reason: '经营者住所及主要经营地在成都' });
    expect(h.state).toBe('ruled');
    expect(h.effects).toEqual([{ type: 'forward', to: 'case', event: { type: 'RULED', lead: `${CD}:urban`, supports: [`${CD}:subdistrict`] } }]);
  });

  it('goes to the alliance office when the referral is not answered in time', () => {
    const h = referral();
    h.runUntil('2026-11-28T02:00:00.000Z');
    expect(h.state).toBe('allianceReview');
    expect(h.current.tasks[0]!.escalation).toBe(1);
  });
});

describe('cross-city workflow: a coordinator refers a case to another city', () => {
  // The case is in Chengdu's units; Chengdu's coordinator refers it to Deyang.
  const referAway = () => new Harness(crossCityWorkflow, { ...base, mode: 'referral', homeCity: DY, otherCities: [CD], relocate: true });

  it("moves the case to the receiving city's units when it accepts", () => {
    const h = referAway();
    h.send(dyCoord, { type: 'ACCEPT' });
    expect(h.effects).toEqual([{ type: 'forward', to: 'case', event: { type: 'RELOCATED', lead: `${DY}:urban`, supports: [`${DY}:subdistrict`] } }]);
  });

  it('on rejection, a ruling for the referring city leaves the case where it is', () => {
    const h = referAway();
    h.send(dyCoord, { type: 'REJECT', reason: '不在德阳辖区' });
    h.send(alliance, { type: 'RULE_CITY', city: CD, reason: '点位在成都一侧' });
    expect(h.state).toBe('ruled');
    expect(h.effects).toEqual([]);
  });

  it('on rejection, a ruling for the receiving city moves the case there, transfer locked', () => {
    const h = referAway();
    h.send(dyCoord, { type: 'REJECT', reason: '不在德阳辖区' });
    h.send(alliance, { type: 'RULE_CITY', city: DY, reason: '点位在德阳一侧' });
    expect(h.effects).toEqual([{ type: 'forward', to: 'case', event: { type: 'RULED', lead: `${DY}:urban`, supports: [`${DY}:subdistrict`] } }]);
  });
});

describe('cross-city workflow: border case', () => {
  it('informs the neighbour, who may join a patrol; both cities confirm the closure', () => {
    const h = new Harness(crossCityWorkflow, { ...base, mode: 'border', homeCity: CD, otherCities: [DY] });
    expect(h.state).toBe('informed');
    expect(h.current.tasks.map((t) => [t.inbox, t.action])).toEqual([
      [`coordinator:${CD}`, 'confirm-closure'],
      [`coordinator:${DY}`, 'border-informed'],
    ]);
    expect(outcome(() => h.send(liaisonDy, { type: 'JOIN_PATROL' }))).toBe('FORBIDDEN');
    h.send(dyCoord, { type: 'JOIN_PATROL' });
    expect(h.context.joinedPatrol).toEqual([DY]);
    h.send(cdCoord, { type: 'CONFIRM_CLOSURE' });
    expect(h.state).toBe('informed');
    expect(outcome(() => h.send(cdCoord, { type: 'CONFIRM_CLOSURE' }))).toBe('FORBIDDEN');
    h.send(dyCoord, { type: 'CONFIRM_CLOSURE' });
    expect(h.state).toBe('closed');
  });
});

describe('standard harmonisation workflow', () => {
  const proposal = () =>
    new Harness(harmonisationWorkflow, {
      id: 'h1',
      matterCode: 'VEN-05',
      text: '临时便民点须经属地街道备案,限定时段经营',
      proposedBy: 'alliance',
      proposedAt: '2026-11-27T01:00:00.000Z',
      cities: [CD, DY, '511400', '512000'],
    });

  it('is adopted when all four cities concur, then published by the alliance office', () => {
    const h = proposal();
    for (const c of [cdCoord, dyCoord, msCoord]) h.send(c, { type: 'CONCUR' });
    expect(h.state).toBe('circulating');
    expect(outcome(() => h.send(cdCoord, { type: 'CONCUR' }))).toBe('FORBIDDEN');
    h.send(zyCoord, { type: 'CONCUR' });
    expect(h.state).toBe('adopted');
    expect(outcome(() => h.send(cdCoord, { type: 'PUBLISH' }))).toBe('FORBIDDEN');
    h.send(alliance, { type: 'PUBLISH' });
    expect(h.state).toBe('published');
    expect(h.effects).toEqual([{ type: 'publish-standard', matterCode: 'VEN-05', text: '临时便民点须经属地街道备案,限定时段经营', proposalId: 'h1' }]);
  });

  it('returns to draft with the reason on an objection, and circulates again when revised', () => {
    const h = proposal();
    h.send(cdCoord, { type: 'CONCUR' });
    h.send(dyCoord, { type: 'OBJECT', reason: '德阳禁止设置临时便民点' });
    expect(h.state).toBe('draft');
    expect(h.context.objection).toMatchObject({ city: DY, reason: '德阳禁止设置临时便民点' });
    h.send(alliance, { type: 'REVISE', text: '临时便民点由各市自行决定是否设置,设置的须备案' });
    expect(h.state).toBe('circulating');
    expect(h.context.round).toBe(2);
    expect(Object.values(h.context.positions)).toEqual(['pending', 'pending', 'pending', 'pending']);
  });
});
