import { describe, expect, it } from 'vitest';
import { triageWorkflow } from './triage.machine.ts';
import { Harness, liaison, outcome, role, user } from './testing.ts';

const CD = '510100';
const cdCoord = user('cd-coord', role('coordinator', CD));
const dyCoord = user('dy-coord', role('coordinator', '510600'));
const cdUrban = user('cd-urban', liaison(CD, 'urban'));

const input = {
  id: 'c1:triage',
  caseId: 'c1',
  cityAdcode: CD,
  reason: 'low-confidence',
  suggestions: [{ matterCode: 'VEN-01', confidence: 0.31 }],
  openedAt: '2026-11-27T01:00:00.000Z',
  confirmWindowMs: 72 * 3_600_000,
};
const route = (lead: string, borderCities: string[] = []) => ({
  matterCode: 'VEN-01',
  tier: 'simple',
  lead,
  supports: [`${CD}:subdistrict`],
  leadDepartment: 'urban',
  supportDepartments: ['subdistrict'],
  borderCities,
});

describe('triage workflow', () => {
  it("waits in the city coordinator's inbox with a 2-hour deadline", () => {
    const h = new Harness(triageWorkflow, input);
    expect(h.state).toBe('pending');
    expect(h.current.tasks).toMatchObject([{ inbox: `coordinator:${CD}`, role: 'triage', action: 'triage', dueAt: '2026-11-27T03:00:00.000Z' }]);
  });

  it('is routed only by that city’s coordinator, to a unit of that city, and starts the case there', () => {
    const h = new Harness(triageWorkflow, input);
    expect(outcome(() => h.send(cdUrban, { type: 'ROUTE', route: route(`${CD}:urban`) }))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(dyCoord, { type: 'ROUTE', route: route(`${CD}:urban`) }))).toBe('FORBIDDEN');
    expect(outcome(() => h.send(cdCoord, { type: 'ROUTE', route: route('510600:urban') }))).toBe('FORBIDDEN');
    h.clock.set('2026-11-27T01:30:00.000Z');
    h.send(cdCoord, { type: 'ROUTE', route: route(`${CD}:urban`, ['510600']) });
    expect(h.state).toBe('routed');
    expect(h.current.tasks).toEqual([]);
    expect(h.effects).toMatchObject([
      { type: 'start', kind: 'case', input: { id: 'c1', lead: `${CD}:urban`, tier: 'simple', offeredAt: '2026-11-27T01:30:00.000Z' } },
      { type: 'start', kind: 'crosscity', input: { mode: 'border', homeCity: CD, otherCities: ['510600'] } },
    ]);
  });

  it('goes up to leadership when nobody triages it in time', () => {
    const h = new Harness(triageWorkflow, input);
    h.runUntil('2026-11-27T04:00:00.000Z');
    expect(h.fired).toEqual(['triage-overdue']);
    expect(h.current.tasks.map((t) => [t.inbox, t.action, t.escalation])).toEqual([
      [`coordinator:${CD}`, 'triage', 1],
      ['leadership', 'overdue-triage', 1],
    ]);
  });
});
