import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Actor, type Principal } from '@gongzhi/domain';
import { testTargets } from '@gongzhi/db/testing';
import { caseTimeline, fireDueTimers, listInbox, loadFacts, seedDemoUsers, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { cases, memberships, users } from '@gongzhi/db/schema';
import { intakeCase } from './testing.ts';
import { actOnWorkflow } from './use-cases/act-on-workflow.ts';
import { assignCases } from './use-cases/assign-cases.ts';
import { claimCases } from './use-cases/claim-cases.ts';
import { getCase } from './use-cases/get-case.ts';
import { superviseCase } from './use-cases/supervise-case.ts';
import { teamView } from './use-cases/team-view.ts';

const CD = '510100';
const HOUR = 3_600_000;
const alliance = loadAlliance();

describe.each(testTargets())('supervision that acts on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const people = new Map<string, Principal>();
  const as = (username: string) => {
    const principal = people.get(username);
    if (!principal) throw new Error(`no ${username}`);
    return { db: handle.db, clock, alliance, principal };
  };
  const actor = (username: string): Actor => {
    const p = as(username).principal;
    return { kind: 'user', userId: p.userId, username: p.username, memberships: p.memberships };
  };
  const newCase = async () =>
    (
      await intakeCase(
        { db: handle.db, clock, alliance },
        { matter: 'FAC-01', lon: 104.0657, lat: 30.6574, description: '路灯不亮', source: 'hotline' },
        actor('cd-coordinator'),
      )
    ).caseId;
  const urbanTasks = async (caseId: string) =>
    (await listInbox(handle.db, { inboxes: [`${CD}:urban`] })).filter((t) => t.caseId === caseId).map((t) => t.action);

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    await seedDemoUsers(handle.db, async (p) => `plain:${p}`, clock.now());
    const rows = await handle.db.select({ user: users, m: memberships }).from(users).innerJoin(memberships, eq(memberships.userId, users.id));
    for (const { user, m } of rows) {
      const p = people.get(user.username) ?? { userId: user.id, username: user.username, displayName: user.displayName, memberships: [] };
      p.memberships.push({ role: m.role as Principal['memberships'][number]['role'], cityAdcode: m.cityAdcode, departmentCode: m.departmentCode as never });
      people.set(user.username, p);
    }
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('a reminder lands in the holder’s inbox and on the timeline; a liaison may not send one', async () => {
    const caseId = await newCase();
    await expect(
      actOnWorkflow({ ctx: as('cd-market'), input: { kind: 'case', workflowId: caseId, event: { type: 'REMIND', note: '请尽快' } } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      actOnWorkflow({ ctx: as('cd-urban'), input: { kind: 'case', workflowId: caseId, event: { type: 'REMIND', note: '请尽快' } } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await actOnWorkflow({ ctx: as('cd-urban-supervisor'), input: { kind: 'case', workflowId: caseId, event: { type: 'REMIND', note: '请尽快签收' } } });
    expect(await urbanTasks(caseId)).toEqual(['claim', 'reminded']);
    expect((await caseTimeline(handle.db, caseId)).at(-1)).toMatchObject({
      action: 'case.REMIND',
      actorName: '成都城管科室负责人',
      payload: { note: '请尽快签收' },
    });
    await claimCases({ ctx: as('cd-urban'), input: { caseIds: [caseId] } });
    expect(await urbanTasks(caseId)).toEqual(['work']);
  });

  it('a supervision order has its own deadline, is visible on the case, counted in the facts, and refused to a liaison', async () => {
    const caseId = await newCase();
    await claimCases({ ctx: as('cd-urban'), input: { caseIds: [caseId] } });
    const dueBy = new Date(clock.now().getTime() + 4 * HOUR).toISOString();
    await expect(superviseCase({ ctx: as('cd-urban'), input: { caseId, note: '督办', dueBy } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(superviseCase({ ctx: as('leadership'), input: { caseId, note: '督办', dueBy: clock.now().toISOString() } })).rejects.toMatchObject({
      code: 'INVALID',
      reason: 'SUPERVISION_DUE_INVALID',
    });
    await superviseCase({ ctx: as('leadership'), input: { caseId, note: '限四小时内整改到位', dueBy } });
    const seen = await getCase({ ctx: as('cd-urban'), input: { caseId } });
    const view = seen.workflows.find((w) => w.kind === 'case');
    expect(view?.kind === 'case' && view.view.supervisionOrders).toMatchObject([{ n: 1, by: 'leadership', from: 'leadership', dueBy }]);
    expect(seen.people).toMatchObject({ leadership: '整改工作领导小组', 'cd-urban': '成都城市管理委员会联络员' });
    clock.advance(5 * HOUR);
    while ((await fireDueTimers({ db: handle.db, clock })).fired > 0);
    expect((await listInbox(handle.db, { inboxes: ['leadership'] })).filter((t) => t.caseId === caseId).map((t) => t.action)).toContain('supervision-overdue');
    expect((await loadFacts(handle.db, { caseIds: [caseId] }))[0]).toMatchObject({ supervisionOrders: 1, supervisionOverdue: 1 });
    await actOnWorkflow({ ctx: as('cd-urban'), input: { kind: 'case', workflowId: caseId, event: { type: 'ANSWER_SUPERVISION', n: 1, note: '已整改' } } });
    expect(await urbanTasks(caseId)).toEqual(['work']);
  });

  it('the team view shows who holds what and overdue per person; the supervisor assigns in bulk within the unit only', async () => {
    clock.set('2026-11-30T01:00:00Z');
    const [a, b, c] = [await newCase(), await newCase(), await newCase()];
    const claimed = await claimCases({ ctx: as('cd-urban'), input: { caseIds: [a, b] } });
    expect(claimed).toEqual({ done: [a, b], refused: [] });
    // a second claim of the same cases is refused per case, not as a whole
    expect((await claimCases({ ctx: as('cd-urban-2'), input: { caseIds: [a, c] } })).refused).toEqual([{ caseId: a, reason: 'EVENT_NOT_ALLOWED' }]);
    await expect(assignCases({ ctx: as('cd-urban'), input: { caseIds: [a], to: 'cd-urban-2' } })).resolves.toMatchObject({
      refused: [{ caseId: a, reason: 'ACTION_REFUSED' }],
    });
    await expect(assignCases({ ctx: as('cd-urban-supervisor'), input: { caseIds: [a], to: 'cd-market' } })).resolves.toMatchObject({
      refused: [{ caseId: a, reason: 'ASSIGNEE_NOT_IN_UNIT' }],
    });
    expect(await assignCases({ ctx: as('cd-urban-supervisor'), input: { caseIds: [a, b], to: 'cd-urban-2' } })).toEqual({ done: [a, b], refused: [] });
    expect((await handle.db.select({ assignee: cases.assignee }).from(cases).where(eq(cases.id, a)))[0]?.assignee).toBe('cd-urban-2');

    clock.advance(30 * 24 * HOUR);
    const view = await teamView({ ctx: as('cd-urban-supervisor'), input: {} });
    expect(view.unit).toBe(`${CD}:urban`);
    const second = view.team.find((m) => m.username === 'cd-urban-2');
    expect(second?.cases.map((x) => x.caseId)).toEqual(expect.arrayContaining([a, b, c]));
    expect(second?.overdue).toBeGreaterThanOrEqual(3);
    await expect(teamView({ ctx: as('cd-urban'), input: {} })).rejects.toMatchObject({ code: 'FORBIDDEN', reason: 'TEAM_NOT_YOURS' });
    await expect(teamView({ ctx: as('dy-coordinator'), input: { unit: `${CD}:urban` } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await teamView({ ctx: as('cd-coordinator'), input: { unit: `${CD}:urban` } })).team.length).toBeGreaterThan(1);
  });

  it('comments are on the case and its timeline', async () => {
    const caseId = await newCase();
    await actOnWorkflow({ ctx: as('cd-coordinator'), input: { kind: 'case', workflowId: caseId, event: { type: 'COMMENT', text: '请与市场监管联合处置' } } });
    await expect(
      actOnWorkflow({ ctx: as('dy-coordinator'), input: { kind: 'case', workflowId: caseId, event: { type: 'COMMENT', text: '路过' } } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await caseTimeline(handle.db, caseId)).at(-1)).toMatchObject({ action: 'case.COMMENT', payload: { text: '请与市场监管联合处置' } });
  });
});
