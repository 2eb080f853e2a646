import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Actor, type Principal } from '@gongzhi/domain';
import { testTargets } from '@gongzhi/db/testing';
import { factsFromAudit, findCase, listInbox, loadFacts, seedDemoUsers, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { auditLog, cityStandards, memberships, users } from '@gongzhi/db/schema';
import { intakeCase } from './testing.ts';
import { actOnWorkflow } from './use-cases/act-on-workflow.ts';
import { claimCases } from './use-cases/claim-cases.ts';
import { caseEnforcement, decideEnforcement, listDisparities, resolveCase } from './use-cases/enforcement.ts';
import type { EnforcementRecordInput } from './inputs.ts';

const CD = '510100';
const alliance = loadAlliance();
const shop = { kind: 'business', name: '某某小吃店', creditCode: null } as const;
const record = (r: Partial<EnforcementRecordInput>): EnforcementRecordInput => ({
  measure: 'fine',
  fineAmount: 300,
  detainedItems: [],
  severity: 'ordinary',
  firstOffence: false,
  subject: shop,
  ...r,
});

describe.each(testTargets())('enforcement records on resolving, on $name', (target) => {
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
  /** A Chengdu case of `matter` led by the urban unit, claimed and started by its liaison. */
  const working = async (matter = 'VEN-02') => {
    const { caseId } = await intakeCase(
      { db: handle.db, clock, alliance },
      { matter, lon: 104.0657, lat: 30.6574, description: '商户占道经营', source: 'hotline' },
      actor('cd-coordinator'),
    );
    await claimCases({ ctx: as('cd-urban'), input: { caseIds: [caseId] } });
    await actOnWorkflow({ ctx: as('cd-urban'), input: { kind: 'case', workflowId: caseId, event: { type: 'START' } } });
    return caseId;
  };
  const stateOf = async (caseId: string) => (await findCase(handle.db, caseId))?.state;
  const resolve = (caseId: string, enforcement?: EnforcementRecordInput) =>
    resolveCase({ ctx: as('cd-urban'), input: { caseId, note: '已现场处置', enforcement } });

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

  it('an enforcement matter needs a record; one within the standard resolves at once, a service duty needs none', async () => {
    const caseId = await working();
    expect(await caseEnforcement({ ctx: as('cd-urban'), input: { caseId } })).toMatchObject({ required: true, caseDate: '2026-11-27', record: null });
    await expect(resolve(caseId)).rejects.toMatchObject({ code: 'INVALID', reason: 'ENFORCEMENT_RECORD_REQUIRED' });
    await expect(resolve(caseId, record({ subject: { kind: 'business', name: '某某小吃店', creditCode: '91510100MA6CXXXX1X' } }))).rejects.toMatchObject({
      reason: 'CREDIT_CODE_INVALID',
    });
    await resolve(caseId, record({}));
    expect(await stateOf(caseId)).toBe('awaitingConfirmation');
    expect(await loadFacts(handle.db, { caseIds: [caseId] })).toMatchObject([{ enforcementFlexible: false, enforcementDeviating: false }]);
    expect((await caseEnforcement({ ctx: as('cd-urban'), input: { caseId } })).record).toMatchObject({ measure: 'fine', fineAmount: 300, deviations: [] });

    const light = await working('FAC-01');
    expect((await caseEnforcement({ ctx: as('cd-urban'), input: { caseId: light } })).required).toBe(false);
    await resolve(light);
    expect(await stateOf(light)).toBe('awaitingConfirmation');
    // a service duty has no record: it is not counted by the enforcement indicators
    expect(await loadFacts(handle.db, { caseIds: [light] })).toMatchObject([{ enforcementFlexible: null, enforcementDeviating: null }]);
  });

  it('a fine above the range waits for the unit’s supervisor: a liaison may not approve, the supervisor approves with a reason', async () => {
    const caseId = await working();
    await resolve(caseId, record({ fineAmount: 800 }));
    expect(await stateOf(caseId)).toBe('inProgress');
    const urban = await listInbox(handle.db, { inboxes: [`${CD}:urban`] });
    expect(urban.filter((t) => t.caseId === caseId).map((t) => t.action)).toContain('approve-enforcement');
    await expect(decideEnforcement({ ctx: as('cd-urban'), input: { caseId, approve: true, reason: '情节严重' } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    clock.advance(3_600_000);
    await decideEnforcement({ ctx: as('cd-urban-supervisor'), input: { caseId, approve: true, reason: '屡次违规,从重处罚' } });
    expect(await stateOf(caseId)).toBe('awaitingConfirmation');
    // resolved when approved, in the facts the engine keeps and in those replayed from the audit trail alike
    const [kept] = await loadFacts(handle.db, { caseIds: [caseId] });
    expect(kept?.resolvedAt).toBe(clock.now().toISOString());
    // the command centre counts it as a fine (not 柔性执法) that departed from the standard
    expect(kept).toMatchObject({ enforcementFlexible: false, enforcementDeviating: true });
    expect(await factsFromAudit(handle.db, [caseId])).toEqual([kept]);
    expect((await caseEnforcement({ ctx: as('cd-urban'), input: { caseId } })).record).toMatchObject({
      deviations: [{ kind: 'fine-above-range', min: 100, max: 500, amount: 800 }],
      approval: { by: 'cd-urban-supervisor', reason: '屡次违规,从重处罚' },
    });
  });

  it('flags a fine below the range, a fined first minor offence and a fine where the matter carries none', async () => {
    const below = await working();
    await resolve(below, record({ fineAmount: 50 }));
    const first = await working();
    await resolve(first, record({ severity: 'minor', firstOffence: true, fineAmount: 50 }));
    const light = await working('FAC-01');
    await resolve(light, record({ fineAmount: 50 }));
    const deviations = async (caseId: string) => (await caseEnforcement({ ctx: as('cd-urban'), input: { caseId } })).record?.deviations.map((d) => d.kind);
    expect(await deviations(below)).toEqual(['fine-below-range']);
    expect(await deviations(first)).toEqual(['first-offence-fined']);
    expect(await deviations(light)).toEqual(['measure-forbidden']);
    for (const caseId of [below, first, light]) expect(await stateOf(caseId)).toBe('inProgress');
  });

  it('judges a case by the standard in force on its date: a later standard judges later cases only', async () => {
    const old = await working();
    await handle.db.insert(cityStandards).values({
      cityAdcode: CD,
      matterCode: 'VEN-02',
      policy: 'conditional',
      conditionsZh: '外摆经营须备案',
      conditionsEn: 'Outdoor trading must be registered',
      fines: { minor: [0, 200], ordinary: [200, 1000], serious: [1000, 2000] },
      firstOffenceNoPenalty: true,
      effectiveFrom: '2027-01-01',
      source: '测试用新基准',
    });
    await resolve(old, record({ fineAmount: 800 }));
    expect(await stateOf(old)).toBe('inProgress');
    clock.set('2027-01-04T01:00:00Z');
    const later = await working();
    expect((await caseEnforcement({ ctx: as('cd-urban'), input: { caseId: later } })).standard?.effectiveFrom).toBe('2027-01-01');
    await resolve(later, record({ fineAmount: 800 }));
    expect(await stateOf(later)).toBe('awaitingConfirmation');
  });

  it('同案不同罚: a supervisor sees same matter and severity cases with different outcomes among the cases they may see', async () => {
    const warned = await working();
    await resolve(warned, record({ measure: 'warning', fineAmount: null }));
    const groups = await listDisparities({ ctx: as('cd-urban-supervisor'), input: {} });
    const ordinary = groups.find((g) => g.matterCode === 'VEN-02' && g.severity === 'ordinary' && !g.firstOffence);
    expect(ordinary?.outcomes.map((o) => o.outcome)).toContain('warning');
    expect(ordinary?.caseNumbers.flat().length).toBe(ordinary?.outcomes.flatMap((o) => o.caseIds).length);
    expect(await listDisparities({ ctx: as('dy-coordinator'), input: {} })).toEqual([]);
  });
  it('a resolution sent again with its request key (the answer was lost offline) is answered as the first and resolves nothing twice', async () => {
    const caseId = await working();
    const requestKey = '6f1c2b0a-3d4e-4f5a-8b9c-0d1e2f3a4b5c';
    const send = (fineAmount: number) =>
      resolveCase({ ctx: as('cd-urban'), input: { caseId, note: '已现场处置', enforcement: record({ fineAmount }), requestKey } });
    const first = await send(800);
    clock.advance(60_000);
    // a deviating record keeps the case in progress, where another RESOLVE would be taken as a second resolution
    expect(await send(800)).toEqual(first);
    const resolves = await handle.db
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.workflowId, caseId), eq(auditLog.action, 'case.RESOLVE')));
    expect(resolves).toHaveLength(1);
    expect((await caseEnforcement({ ctx: as('cd-urban'), input: { caseId } })).record?.recordedAt).toBe(new Date(clock.now().getTime() - 60_000).toISOString());
    // the key names that one request only: someone else, or another case, may not reuse it
    const other = await working();
    await expect(resolveCase({ ctx: as('cd-urban'), input: { caseId: other, note: '另案', enforcement: record({}), requestKey } })).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'REQUEST_KEY_REUSED',
    });
    expect(await stateOf(other)).toBe('inProgress');
  });
});
