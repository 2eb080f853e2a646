import { describe, expect, it } from 'vitest';
import { jointWorkflow } from './joint.machine.ts';
import { Harness, liaison, outcome, role, user } from './testing.ts';

const CD = '510100';
const urban = user('cd-urban', liaison(CD, 'urban'));
const police = user('cd-police', liaison(CD, 'police'));
const ecology = user('cd-ecology', liaison(CD, 'ecology'));
const market = user('cd-market', liaison(CD, 'market'));
const coordinator = user('coord', role('coordinator'));
const dyCoordinator = user('dy-coord', role('coordinator', '510600'));

const joint = () =>
  new Harness(jointWorkflow, {
    id: 'j1',
    caseId: 'c1',
    cityAdcode: CD,
    lead: `${CD}:urban`,
    coDepartments: [`${CD}:police`, `${CD}:ecology`],
    action: '联合整治建筑垃圾偷倒点',
    scheduledFor: '2026-11-29T01:00:00.000Z',
    proposedAt: '2026-11-27T01:00:00.000Z',
  });

describe('joint enforcement workflow', () => {
  it('goes co-sign → scheduled → parts reported → compiled → closure co-signed by all → closed', () => {
    const h = joint();
    expect(h.current.tasks.map((t) => [t.inbox, t.action, t.dueAt])).toEqual([
      [`${CD}:police`, 'cosign', '2026-11-28T01:00:00.000Z'],
      [`${CD}:ecology`, 'cosign', '2026-11-28T01:00:00.000Z'],
      [`${CD}:urban`, 'await-cosign', null],
    ]);
    expect(outcome(() => h.send(market, { type: 'COSIGN' }))).toBe('FORBIDDEN');
    h.send(police, { type: 'COSIGN' });
    expect(outcome(() => h.send(police, { type: 'COSIGN' }))).toBe('FORBIDDEN');
    h.send(ecology, { type: 'COSIGN' });
    expect(h.state).toBe('scheduled');
    expect(outcome(() => h.send(urban, { type: 'COMPILE', summary: '太早' }))).toBe('CONFLICT');
    h.send(urban, { type: 'REPORT_PART', text: '城管:清运建筑垃圾 12 车' });
    h.send(police, { type: 'REPORT_PART', text: '公安:查扣渣土车 2 辆' });
    expect(outcome(() => h.send(police, { type: 'REPORT_PART', text: '重复' }))).toBe('FORBIDDEN');
    h.send(ecology, { type: 'REPORT_PART', text: '生态环境:现场取样' });
    expect(h.state).toBe('compiling');
    expect(outcome(() => h.send(police, { type: 'COMPILE', summary: 'x' }))).toBe('FORBIDDEN');
    h.send(urban, { type: 'COMPILE', summary: '三部门联合整治完成' });
    expect(h.state).toBe('closing');
    h.send(urban, { type: 'CLOSE_COSIGN' });
    h.send(police, { type: 'CLOSE_COSIGN' });
    expect(h.state).toBe('closing');
    h.send(ecology, { type: 'CLOSE_COSIGN' });
    expect(h.state).toBe('closed');
    expect(h.current.tasks).toEqual([]);
  });

  it('escalates a decline to the coordinator, who can order the department in', () => {
    const h = joint();
    h.send(police, { type: 'COSIGN' });
    expect(outcome(() => h.send(ecology, { type: 'DECLINE', reason: '' }))).toBe('FORBIDDEN');
    h.send(ecology, { type: 'DECLINE', reason: '非生态环境职责' });
    expect(h.state).toBe('escalated');
    expect(h.context.escalation).toBe(1);
    expect(h.current.tasks.map((t) => t.inbox)).toContain(`coordinator:${CD}`);
    expect(outcome(() => h.send(dyCoordinator, { type: 'ORDER', unit: `${CD}:ecology` }))).toBe('FORBIDDEN');
    h.send(coordinator, { type: 'ORDER', unit: `${CD}:ecology` });
    expect(h.state).toBe('scheduled');
    expect(h.context.parts[`${CD}:ecology`].cosign).toBe('ordered');
  });

  it('escalates a missed co-sign deadline; the coordinator may take the department out with a reason', () => {
    const h = joint();
    h.send(police, { type: 'COSIGN' });
    h.runUntil('2026-11-28T02:00:00.000Z');
    expect(h.fired).toEqual([`cosign-${CD}:ecology`]);
    expect(h.state).toBe('escalated');
    expect(outcome(() => h.send(coordinator, { type: 'EXCLUDE', unit: `${CD}:ecology`, reason: '' }))).toBe('FORBIDDEN');
    h.send(coordinator, { type: 'EXCLUDE', unit: `${CD}:ecology`, reason: '现场无环境问题' });
    expect(h.state).toBe('scheduled');
    h.send(urban, { type: 'REPORT_PART', text: '完成' });
    h.send(police, { type: 'REPORT_PART', text: '完成' });
    expect(h.state).toBe('compiling');
  });
});
