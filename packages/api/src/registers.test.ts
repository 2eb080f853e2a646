import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { CONFIRM_WINDOW_HOURS, ManualClock, caseScopeOf, creditCodeCheck, type Actor, type Principal } from '@gongzhi/domain';
import { testTargets } from '@gongzhi/db/testing';
import {
  backfillSubjectKeys,
  findCase,
  findDataRequestRow,
  fireDueTimers,
  listInbox,
  seedDemoUsers,
  seedReference,
  upsertBusinesses,
  visibleCaseIds,
  type DatabaseHandle,
} from '@gongzhi/db';
import { enforcementRecords, memberships, users } from '@gongzhi/db/schema';
import { intakeCase } from './testing.ts';
import { actOnWorkflow } from './use-cases/act-on-workflow.ts';
import { caseInScope, checkCaseAccess } from './use-cases/access.ts';
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
  const working = async (address?: string) => {
    const { caseId } = await intakeCase(
      { db: handle.db, clock, alliance },
      { matter: 'VEN-02', lon: 104.0657, lat: 30.6574, description: '烧烤店出店经营', source: 'hotline', address },
      actor('cd-coordinator'),
    );
    await claimCases({ ctx: as('cd-urban'), input: { caseIds: [caseId] } });
    await actOnWorkflow({ ctx: as('cd-urban'), input: { kind: 'case', workflowId: caseId, event: { type: 'START' } } });
    return caseId;
  };
  /** resolved with an enforcement record against the shop (or another subject), then closed when the reporter's window passes */
  type Subject = { kind: 'person'; name: string } | { kind: 'business'; name: string; creditCode: string | null };
  const closedAgainstShop = async (
    measure: 'warning' | 'order',
    subject: Subject = { kind: 'business', name: shop.name, creditCode: code },
    address?: string,
  ) => {
    const caseId = await working(address);
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
          subject,
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

  it('a stall without a credit code is one subject by its name: two closed cases make a repeat offender, a different name does not', async () => {
    const first = await closedAgainstShop('warning', { kind: 'person', name: '王记烧烤摊' });
    const second = await closedAgainstShop('order', { kind: 'person', name: '王记 烧烤摊' });
    await closedAgainstShop('warning', { kind: 'person', name: '李记烧烤摊' });
    const current = await working();
    const unregistered = async (query: string) =>
      (await lookupRegister({ ctx: as('cd-urban'), input: { query, caseId: current } })).filter((h) => h.kind === 'unregistered');
    const [wang, ...none] = await unregistered('王记烧烤摊');
    expect(none).toEqual([]);
    expect(wang).toMatchObject({ subject: 'person', repeat: true });
    expect(wang!.history.map((h) => [h.caseId, h.measure])).toEqual([
      [second, 'order'],
      [first, 'warning'],
    ]);
    const [li] = await unregistered('李记烧烤摊');
    expect(li).toMatchObject({ repeat: false });
    expect(li!.history).toHaveLength(1);
    // a fragment of the name is not the name: no subject is guessed
    expect(await unregistered('烧烤摊')).toEqual([]);
    // Deyang's coordinator sees the mark and the measures, not the Chengdu cases
    const [seen] = (await lookupRegister({ ctx: as('dy-coordinator'), input: { query: '王记烧烤摊' } })).filter((h) => h.kind === 'unregistered');
    expect(seen).toMatchObject({ repeat: true });
    expect(seen!.history.map((h) => h.caseId)).toEqual([null, null]);
  });

  it('a business without a credit code is one subject by its name at the address of its cases', async () => {
    const shopAt = (address: string) => closedAgainstShop('warning', { kind: 'business', name: '张记小吃', creditCode: null }, address);
    await shopAt('玉林西路 2 号');
    await shopAt('玉林西路2号');
    await shopAt('红星路一段 1 号');
    const hits = (await lookupRegister({ ctx: as('cd-urban'), input: { query: '张记小吃' } })).flatMap((h) =>
      h.kind === 'unregistered' ? [[h.subject, h.history.length, h.repeat]] : [],
    );
    expect(hits.sort()).toEqual([
      ['business', 1, false],
      ['business', 2, true],
    ]);
  });

  it('records kept before subject keys existed get theirs at start-up, by the same rule', async () => {
    await handle.db.update(enforcementRecords).set({ subjectKey: null });
    expect(await backfillSubjectKeys(handle.db)).toBeGreaterThanOrEqual(7);
    const [wang] = (await lookupRegister({ ctx: as('cd-urban'), input: { query: '王记烧烤摊' } })).filter((h) => h.kind === 'unregistered');
    expect(wang).toMatchObject({ repeat: true });
    const [registered] = await lookupRegister({ ctx: as('cd-urban'), input: { query: code } });
    expect(registered).toMatchObject({ kind: 'registered', repeat: true });
    expect(await backfillSubjectKeys(handle.db)).toBe(0);
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
    // having answered, the asked unit still reads the case and its own answer (no task on it any more)
    expect(await caseDataRequests({ ctx: as('cd-market'), input: { caseId } })).toMatchObject([{ state: 'answered' }]);
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

  it('a unit asked for data on a case it has no other part in keeps reading the case once it has answered', async () => {
    // street cleaning: urban management leads, market regulation has no part but the request
    const { caseId } = await intakeCase(
      { db: handle.db, clock, alliance },
      { matter: 'SAN-01', lon: 104.0657, lat: 30.6574, description: '商铺门前垃圾堆放', source: 'hotline' },
      actor('cd-coordinator'),
    );
    await claimCases({ ctx: as('cd-urban'), input: { caseIds: [caseId] } });
    const market = as('cd-market').principal;
    await expect(caseInScope(handle.db, market, caseId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { requestId } = await sendDataRequest({
      ctx: as('cd-urban'),
      input: { caseId, toUnit: `${CD}:market`, need: '请提供该商铺登记信息', workingDays: 2 },
    });
    await answerDataRequest({ ctx: as('cd-market'), input: { requestId, text: '个体工商户,登记有效' } });
    const row = await caseInScope(handle.db, market, caseId);
    expect(row.id).toBe(caseId);
    // it reads the case, but does not work it: no reporter's contact, no photographs of its own on it
    expect(await checkCaseAccess(handle.db, market, row)).toEqual({ contact: false });
    await expect(
      sendDataRequest({ ctx: as('cd-market'), input: { caseId, toUnit: `${CD}:police`, need: '请提供监控录像', workingDays: 2 } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', reason: 'CASE_NOT_YOURS' });
    expect(await visibleCaseIds(handle.db, caseScopeOf(market), [caseId])).toEqual(new Set([caseId]));
    expect(await caseDataRequests({ ctx: as('cd-market'), input: { caseId } })).toMatchObject([{ state: 'answered', answer: { by: 'cd-market' } }]);
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
