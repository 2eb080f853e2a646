import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { CONFIRM_WINDOW_HOURS, ManualClock, creditCodeCheck, type Actor, type Principal } from '@gongzhi/domain';
import { testTargets } from '@gongzhi/db/testing';
import { findCase, findDataRequestRow, fireDueTimers, listInbox, seedDemoUsers, seedReference, upsertBusinesses, type DatabaseHandle } from '@gongzhi/db';
import { memberships, users } from '@gongzhi/db/schema';
import { intakeCase } from './testing.ts';
import { actOnWorkflow } from './use-cases/act-on-workflow.ts';
import { claimCases } from './use-cases/claim-cases.ts';
import { resolveCase } from './use-cases/enforcement.ts';
import { answerDataRequest, caseDataRequests, closeDataRequest, lookupRegister, sendDataRequest } from './use-cases/registers.ts';

const CD = '510100';
const alliance = loadAlliance();
const body = '92510104MA0000001';
const code = body + creditCodeCheck(body);
const shop = { name: '成都锦江老街烧烤店', creditCode: code, address: '春熙路88号', scope: '餐饮服务', status: 'active' as const };

describe.each(testTargets())('shared registers and data requests, on $name', (target) => {
  let handle: DatabaseHandle;
  // Friday 2026-11-27, 09:00 in Beijing
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
  const working = async () => {
    const { caseId } = await intakeCase(
      { db: handle.db, clock, alliance },
      { matter: 'VEN-02', lon: 104.0657, lat: 30.6574, description: '烧烤店出店经营', source: 'hotline' },
      actor('cd-coordinator'),
    );
    await claimCases({ ctx: as('cd-urban'), input: { caseIds: [caseId] } });
    await actOnWorkflow({ ctx: as('cd-urban'), input: { kind: 'case', workflowId: caseId, event: { type: 'START' } } });
    return caseId;
  };
  /** resolved with an enforcement record against the shop, then closed when the reporter's window passes */
  const closedAgainstShop = async (measure: 'warning' | 'order') => {
    const caseId = await working();
    await resolveCase({
      ctx: as('cd-urban'),
      input: {
        caseId,
        note: '已处置',
        enforcement: {
          measure,
          fineAmount: null,
          detainedItems: [],
          severity: 'ordinary',
          firstOffence: false,
          subject: { kind: 'business', name: shop.name, creditCode: code },
        },
      },
    });
    clock.advance((CONFIRM_WINDOW_HOURS + 1) * 3_600_000);
    await fireDueTimers({ db: handle.db, clock });
    expect((await findCase(handle.db, caseId))?.state).toBe('closed');
    return caseId;
  };

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
    await upsertBusinesses(handle.db, `${CD}:market`, [shop], clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('after two closed cases against a business, a lookup marks it a repeat offender; case numbers only where the reader may see them', async () => {
    const first = await closedAgainstShop('warning');
    const second = await closedAgainstShop('order');
    const current = await working();
    for (const query of [code, '老街烧烤', '春熙路88']) {
      const [hit] = await lookupRegister({ ctx: as('cd-urban'), input: { query, caseId: current } });
      expect(hit).toMatchObject({ creditCode: code, status: 'active', scope: '餐饮服务', repeat: true });
      expect(hit!.history.map((h) => h.measure)).toEqual(['order', 'warning']);
      expect(hit!.history.map((h) => h.caseId)).toEqual([second, first]);
    }
    // Deyang's coordinator sees none of these Chengdu cases: the history's dates and measures, no case
    const [seen] = await lookupRegister({ ctx: as('dy-coordinator'), input: { query: code } });
    expect(seen!.repeat).toBe(true);
    expect(seen!.history.map((h) => [h.caseId, h.caseNumber, h.measure])).toEqual([
      [null, null, 'order'],
      [null, null, 'warning'],
    ]);
  });

  it('a data request answered by its deadline counts as on time, and both sides see it in their inboxes', async () => {
    const caseId = await working();
    const { requestId } = await sendDataRequest({
      ctx: as('cd-urban'),
      input: { caseId, toUnit: `${CD}:market`, need: '请提供该店营业执照及近一年处罚记录', workingDays: 2 },
    });
    const inbox = async (unit: string) => (await listInbox(handle.db, { inboxes: [unit] })).filter((t) => t.workflowId === requestId).map((t) => t.action);
    expect(await inbox(`${CD}:market`)).toEqual(['answer-data-request']);
    expect(await inbox(`${CD}:urban`)).toEqual(['await-data-request']);
    // the asked unit may now read the case, through the one visibility rule (it has a task on it)
    expect(await caseDataRequests({ ctx: as('cd-market'), input: { caseId } })).toHaveLength(1);
    await expect(answerDataRequest({ ctx: as('cd-urban'), input: { requestId, text: '自己答自己' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    clock.advance(24 * 3_600_000);
    await answerDataRequest({ ctx: as('cd-market'), input: { requestId, text: '营业执照存续,近一年无处罚' } });
    expect(await inbox(`${CD}:market`)).toEqual([]);
    expect(await inbox(`${CD}:urban`)).toEqual(['read-data-answer']);
    const [view] = await caseDataRequests({ ctx: as('cd-urban'), input: { caseId } });
    expect(view).toMatchObject({
      state: 'answered',
      onTime: true,
      late: false,
      escalatedAt: null,
      answer: { text: '营业执照存续,近一年无处罚', by: 'cd-market' },
    });
    const row = await findDataRequestRow(handle.db, requestId);
    expect(row?.answeredAt?.toISOString()).toBe(clock.now().toISOString());
    await closeDataRequest({ ctx: as('cd-urban'), input: { requestId } });
    expect(await inbox(`${CD}:urban`)).toEqual([]);
  });

  it('an unanswered request escalates when its deadline passes on the working-day calendar, not before', async () => {
    // Friday 2026-12-04 09:00 Beijing: two working days later is Tuesday 12-08 09:00 (the weekend does not count)
    clock.set(new Date('2026-12-04T01:00:00Z'));
    const caseId = await working();
    const { requestId } = await sendDataRequest({ ctx: as('cd-urban'), input: { caseId, toUnit: `${CD}:police`, need: '请提供监控录像', workingDays: 2 } });
    const [view] = await caseDataRequests({ ctx: as('cd-urban'), input: { caseId } });
    expect(view?.dueAt).toBe('2026-12-08T01:00:00.000Z');
    clock.set(new Date('2026-12-07T12:00:00Z'));
    await fireDueTimers({ db: handle.db, clock });
    expect((await caseDataRequests({ ctx: as('cd-urban'), input: { caseId } }))[0]?.late).toBe(false);
    expect((await findDataRequestRow(handle.db, requestId))?.escalatedAt).toBeNull();
    clock.set(new Date('2026-12-08T01:01:00Z'));
    await fireDueTimers({ db: handle.db, clock });
    expect((await caseDataRequests({ ctx: as('cd-urban'), input: { caseId } }))[0]).toMatchObject({ late: true, escalatedAt: '2026-12-08T01:01:00.000Z' });
    // the register row says when, written by the escalating step; the asked unit reads the same mark
    expect((await findDataRequestRow(handle.db, requestId))?.escalatedAt?.toISOString()).toBe('2026-12-08T01:01:00.000Z');
    expect((await caseDataRequests({ ctx: as('cd-police'), input: { caseId } }))[0]?.escalatedAt).toBe('2026-12-08T01:01:00.000Z');
    const tasks = (await listInbox(handle.db, { inboxes: [`${CD}:police`, `coordinator:${CD}`] })).filter((t) => t.workflowId === requestId);
    expect(tasks.map((t) => [t.inbox, t.action, t.escalation])).toEqual(
      expect.arrayContaining([
        [`${CD}:police`, 'answer-data-request', 1],
        [`coordinator:${CD}`, 'data-request-overdue', 1],
      ]),
    );
    // answered late: counted, not on time
    await answerDataRequest({ ctx: as('cd-police'), input: { requestId, text: '录像已调取,见附件' } });
    expect((await caseDataRequests({ ctx: as('cd-urban'), input: { caseId } }))[0]).toMatchObject({ state: 'answered', onTime: false });
  });
});
