import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Actor, type Membership, type WorkflowCommand } from '@gongzhi/domain';
import { testTargets } from '@gongzhi/db/testing';
import { caseTimeline, caseWorkflows, dispatch, fireDueTimers, listInbox, seedReference, timeHeld, type DatabaseHandle } from '@gongzhi/db';
import { cases } from '@gongzhi/db/schema';
import { intakeCase } from './testing.ts';

const CD = '510100';
const u = (username: string, ...memberships: Membership[]): Actor => ({ kind: 'user', userId: username, username, memberships });
const urban = u('cd-urban', { role: 'liaison', cityAdcode: CD, departmentCode: 'urban' });
const urbanBoss = u('cd-urban-sup', { role: 'supervisor', cityAdcode: CD, departmentCode: 'urban' });
const coordinator = u('cd-coord', { role: 'coordinator', cityAdcode: CD, departmentCode: null });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const alliance = loadAlliance();

describe.each(testTargets())('resolution deadlines, extensions and suspensions on $name', (target) => {
  let handle: DatabaseHandle;
  // Friday 27 November 2026, 09:00 CST
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const deps = () => ({ db: handle.db, clock, alliance });
  const send = (caseId: string, actor: Actor, event: WorkflowCommand) => dispatch(deps(), { workflowId: caseId, actor, event });
  const row = async (caseId: string) => (await handle.db.select().from(cases).where(eq(cases.id, caseId)))[0];
  const view = async (caseId: string) => {
    const w = (await caseWorkflows(handle.db, caseId)).find((x) => x.kind === 'case');
    if (w?.kind !== 'case') throw new Error('no case workflow');
    return w.view;
  };
  const fireAll = async () => {
    while ((await fireDueTimers({ db: handle.db, clock })).fired > 0);
  };
  const claimed = async () => {
    const { caseId } = await intakeCase(deps(), { matter: 'FAC-01', lon: 104.0657, lat: 30.6574, description: '路灯不亮', source: 'hotline' }, coordinator);
    clock.advance(HOUR); // Friday 10:00 CST
    await send(caseId, urban, { type: 'CLAIM' });
    return caseId;
  };

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('puts a claimed case’s deadline on the task and the case row, warns, escalates and records a late resolution', async () => {
    clock.set('2026-11-27T01:00:00Z');
    const caseId = await claimed();
    // 24 working hours from Friday 10:00 CST: the weekend does not count
    expect((await row(caseId))?.resolveBy?.toISOString()).toBe('2026-11-30T02:00:00.000Z');
    const [task] = (await listInbox(handle.db, { inboxes: [`${CD}:urban`] })).filter((t) => t.caseId === caseId);
    expect(task).toMatchObject({ action: 'work', dueAt: '2026-11-30T02:00:00.000Z' });

    clock.set('2026-12-01T15:00:00Z'); // Tuesday: breached by more than half the 72-hour window
    await fireAll();
    const actions = (await caseTimeline(handle.db, caseId)).map((e) => e.action);
    expect(actions).toEqual(['case.start', 'case.CLAIM', 'case.RESOLUTION_WARNING', 'case.RESOLUTION_ESCALATE', 'case.RESOLUTION_ESCALATE']);
    const oversight = (await listInbox(handle.db, { inboxes: [`coordinator:${CD}`] })).filter((t) => t.caseId === caseId);
    expect(oversight).toMatchObject([{ action: 'overdue', escalation: 2 }]);

    await send(caseId, urban, { type: 'START' });
    await send(caseId, urban, { type: 'RESOLVE', note: '已更换灯泡' });
    expect(await row(caseId)).toMatchObject({ resolvedOnTime: false });
  });

  it('moves the deadline when the supervisor approves an extension, and the case resolved by it counts as on time', async () => {
    clock.set('2026-11-27T01:00:00Z');
    const caseId = await claimed();
    await send(caseId, urban, { type: 'REQUEST_EXTENSION', reason: '灯杆需整体更换,等待配件', until: '2026-12-04T10:00:00.000Z' });
    expect((await listInbox(handle.db, { inboxes: [`${CD}:urban`] })).filter((t) => t.caseId === caseId).map((t) => t.action)).toEqual([
      'work',
      'decide-extension',
    ]);
    await expect(send(caseId, urban, { type: 'DECIDE_EXTENSION', approve: true, note: '' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    clock.advance(HOUR);
    await send(caseId, urbanBoss, { type: 'DECIDE_EXTENSION', approve: true, note: '同意' });
    expect((await row(caseId))?.resolveBy?.toISOString()).toBe('2026-12-04T10:00:00.000Z');
    clock.set('2026-12-03T02:00:00Z'); // past the original deadline, before the extended one
    await fireAll();
    expect((await caseTimeline(handle.db, caseId)).map((e) => e.action)).not.toContain('case.RESOLUTION_ESCALATE');
    await send(caseId, urban, { type: 'START' });
    await send(caseId, urban, { type: 'RESOLVE', note: '已更换灯杆' });
    expect(await row(caseId)).toMatchObject({ resolvedOnTime: true });
    expect((await view(caseId)).extensions).toMatchObject([{ approved: true, decidedBy: 'cd-urban-sup' }]);
  });

  it('passes an extension request nobody decided to the coordinator', async () => {
    clock.set('2026-11-27T01:00:00Z');
    const caseId = await claimed();
    await send(caseId, urban, { type: 'REQUEST_EXTENSION', reason: '等待产权单位答复', until: '2026-12-04T10:00:00.000Z' });
    await expect(send(caseId, coordinator, { type: 'DECIDE_EXTENSION', approve: false, note: '' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    clock.set('2026-11-30T03:00:00Z'); // one working day later (Monday)
    await fireAll();
    expect((await listInbox(handle.db, { inboxes: [`coordinator:${CD}`] })).filter((t) => t.caseId === caseId).map((t) => t.action)).toContain(
      'decide-extension',
    );
    await send(caseId, coordinator, { type: 'DECIDE_EXTENSION', approve: false, note: '不符合延期条件' });
    expect((await row(caseId))?.resolveBy?.toISOString()).toBe('2026-11-30T02:00:00.000Z');
  });

  it('stops the clock and the time held while suspended (挂账), reminds at the review date, and resumes with the deadline moved on', async () => {
    clock.set('2026-11-27T01:00:00Z');
    const caseId = await claimed();
    clock.set('2026-11-27T05:00:00Z'); // four hours held
    await send(caseId, urban, { type: 'REQUEST_SUSPENSION', reason: '待法院判决', reviewAt: '2026-12-07T02:00:00.000Z' });
    await expect(send(caseId, urbanBoss, { type: 'DECIDE_SUSPENSION', approve: true, note: '' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await send(caseId, coordinator, { type: 'DECIDE_SUSPENSION', approve: true, note: '同意挂账' });
    expect(await row(caseId)).toMatchObject({ state: 'suspended', holderUnit: `${CD}:urban` });

    clock.set('2026-12-08T01:00:00Z'); // past the review date; the resolution deadline would have passed long ago
    await fireAll();
    const actions = (await caseTimeline(handle.db, caseId)).map((e) => e.action);
    expect(actions.slice(-1)).toEqual(['case.SUSPENSION_REVIEW_DUE']);
    expect(actions).not.toContain('case.RESOLUTION_ESCALATE');
    expect((await listInbox(handle.db, { inboxes: [`coordinator:${CD}`] })).filter((t) => t.caseId === caseId)).toMatchObject([
      { action: 'review-suspension', dueAt: '2026-12-07T02:00:00.000Z' },
    ]);
    const suspendedFor = new Date('2026-12-17T05:00:00Z').getTime() - new Date('2026-11-27T05:00:00Z').getTime();
    clock.set('2026-12-17T05:00:00Z');
    await send(caseId, urban, { type: 'RESUME', note: '判决已出' });
    expect((await row(caseId))?.resolveBy?.getTime()).toBe(new Date('2026-11-30T02:00:00Z').getTime() + suspendedFor);
    expect((await view(caseId)).suspendedMs).toBe(suspendedFor);
    clock.advance(2 * HOUR);
    // held four hours before and two after: the twenty days suspended do not count
    expect(await timeHeld(handle.db, caseId, clock.now())).toEqual([{ unit: `${CD}:urban`, ms: 6 * HOUR, current: true }]);
    expect(suspendedFor).toBe(20 * DAY);
  });
});
