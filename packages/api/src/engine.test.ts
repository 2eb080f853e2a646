import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq, sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { DomainError, ManualClock, triageWorkflowId, type Actor, type Membership, type WorkflowCommand } from '@gongzhi/domain';
import { testTargets } from '@gongzhi/db/testing';
import {
  caseTimeline,
  caseWorkflows,
  dispatch,
  fireDueTimers,
  listInbox,
  loadMatrix,
  seedReference,
  startNewWorkflow,
  timeHeld,
  verifyAudit,
  type DatabaseHandle,
} from '@gongzhi/db';
import { auditLog, allianceStandards, cases, timers, workflows } from '@gongzhi/db/schema';
import { intakeCase, routeTriagedCase } from './testing.ts';

const CD = '510100';
const DY = '510600';
const u = (username: string, ...memberships: Membership[]): Actor => ({ kind: 'user', userId: username, username, memberships });
const liaison = (dept: Membership['departmentCode'], city = CD) => u(`${city}-${dept}`, { role: 'liaison', cityAdcode: city, departmentCode: dept });
const role = (r: Membership['role'], city = CD) => u(`${city}-${r}`, { role: r, cityAdcode: city, departmentCode: null });
const urban = liaison('urban');
const market = liaison('market');
const police = liaison('police');
const ecology = liaison('ecology');
const cdCoord = role('coordinator');
const dyCoord = role('coordinator', DY);
const leadership = role('leadership');
const reporter: Actor = { kind: 'reporter' };
const alliance = loadAlliance();
const TIANFU = { lon: 104.0657, lat: 30.6574 };

describe.each(testTargets())('workflow engine on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const deps = () => ({ db: handle.db, clock, alliance });
  const intake = (matter: string, extra: Partial<Parameters<typeof intakeCase>[1]> = {}) =>
    intakeCase(
      deps(),
      { matter, ...TIANFU, description: '测试案件', source: 'hotline', reporterName: '张女士', reporterPhone: '13800000000', ...extra },
      cdCoord,
    ).then((r) => ({ ...r, route: r.route! }));
  const send = (workflowId: string, actor: Actor, event: WorkflowCommand) => dispatch(deps(), { workflowId, actor, event });
  const workflowOf = async (caseId: string, kind: string) => (await caseWorkflows(handle.db, caseId)).find((w) => w.kind === kind)!;
  const inbox = (...inboxes: string[]) => listInbox(handle.db, { inboxes });

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('takes a routine case through its whole life, with inbox, timers, audit and time held', async () => {
    const { caseId, number, route } = await intake('VEN-02');
    expect(number).toBeGreaterThan(0);
    expect(route.lead.id).toBe(`${CD}:urban`);
    const mine = (await inbox(`${CD}:urban`)).filter((t) => t.caseId === caseId);
    expect(mine).toMatchObject([{ action: 'claim', role: 'lead', dueAt: '2026-11-27T03:00:00.000Z', caseNumber: number, matterCode: 'VEN-02' }]);
    expect((await inbox(`${CD}:market`)).filter((t) => t.caseId === caseId)).toMatchObject([{ role: 'support' }]);
    const pending = await handle.db.select().from(timers).where(eq(timers.workflowId, caseId));
    expect(pending.map((t) => t.key).sort()).toEqual(['escalate-1', 'response-warning']);

    clock.advance(30 * 60_000);
    await send(caseId, urban, { type: 'CLAIM' });
    // the response timers are gone; the resolution deadline's run from the claim
    const left = await handle.db
      .select()
      .from(timers)
      .where(and(eq(timers.workflowId, caseId), sql`${timers.firedAt} is null`));
    expect(left.map((t) => t.key).sort()).toEqual(['resolution-escalate-1', 'resolution-warning']);
    await send(caseId, urban, { type: 'START' });
    await send(caseId, urban, { type: 'RESOLVE', note: '已督促商户规范经营' });
    await send(caseId, reporter, { type: 'CONFIRM', satisfied: true });
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ state: 'closed', holderUnit: null });
    expect((await inbox(`${CD}:urban`)).filter((t) => t.caseId === caseId)).toEqual([]);
    expect((await caseTimeline(handle.db, caseId)).map((e) => e.action)).toEqual(['case.start', 'case.CLAIM', 'case.START', 'case.RESOLVE', 'case.CONFIRM']);
    expect(await timeHeld(handle.db, caseId, clock.now())).toEqual([{ unit: `${CD}:urban`, ms: 30 * 60_000, current: false }]);
  });

  it('refuses a claim by another unit and a stale version', async () => {
    const { caseId } = await intake('VEN-02');
    await expect(send(caseId, market, { type: 'CLAIM' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(dispatch(deps(), { workflowId: caseId, actor: urban, event: { type: 'CLAIM' }, expectedVersion: 7 })).rejects.toMatchObject({
      code: 'CONFLICT',
      reason: 'STALE_VERSION',
    });
  });

  it('transfer → reject → dispute → ruling → claim by the ruled unit, with transfer locked and time held by each unit', async () => {
    const { caseId } = await intake('VEN-02');
    clock.advance(10 * 60_000);
    await send(caseId, urban, { type: 'TRANSFER', to: `${CD}:market`, reason: '疑似无照经营', cited: { matterCode: 'VEN-03', leadUnit: `${CD}:market` } });
    const transfer = await workflowOf(caseId, 'transfer');
    expect((await inbox(`${CD}:market`)).find((t) => t.workflowId === transfer.id)).toMatchObject({ action: 'accept-transfer' });
    clock.advance(20 * 60_000);
    await send(transfer.id, market, { type: 'REJECT', reason: '商户持照经营,属店外经营' });
    const dispute = await workflowOf(caseId, 'dispute');
    expect(dispute.state).toBe('statements');
    expect((await inbox('leadership')).find((t) => t.workflowId === dispute.id)).toMatchObject({ action: 'rule' });
    await send(dispute.id, urban, { type: 'FILE_STATEMENT', text: '无照经营由市场监管主办', clauses: ['VEN-03'] });
    await send(dispute.id, market, { type: 'FILE_STATEMENT', text: '店外经营由城管主办', clauses: ['VEN-02'] });
    clock.advance(60 * 60_000);
    await send(dispute.id, leadership, { type: 'RULE', lead: `${CD}:urban`, supports: [`${CD}:market`], reasons: '持照商户店外经营,由城管主办' });
    const caseRow = (await caseWorkflows(handle.db, caseId)).find((w) => w.kind === 'case')!;
    expect(caseRow.state).toBe('offered');
    expect((await inbox(`${CD}:urban`)).find((t) => t.caseId === caseId && t.kind === 'case')).toMatchObject({ action: 'claim' });
    await expect(
      send(caseId, urban, { type: 'TRANSFER', to: `${CD}:market`, reason: '再次转办', cited: { matterCode: 'VEN-03', leadUnit: `${CD}:market` } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await send(caseId, urban, { type: 'CLAIM' });
    const held = await timeHeld(handle.db, caseId, clock.now());
    expect(held).toEqual([{ unit: `${CD}:urban`, ms: 90 * 60_000, current: true }]);
    expect((await caseTimeline(handle.db, caseId)).map((e) => e.action)).toContain('dispute.RULE');
  });

  it('promotes a ruling to a matrix amendment that later cases route by', async () => {
    const { caseId } = await intake('VEN-05');
    await send(caseId, liaison('subdistrict'), {
      type: 'TRANSFER',
      to: `${CD}:commerce`,
      reason: '便民点属商务',
      cited: { matterCode: 'VEN-05', leadUnit: `${CD}:commerce` },
    });
    // The cited matter does not name commerce as lead: the API checks this against the matrix first.
    const transfer = await workflowOf(caseId, 'transfer');
    await send(transfer.id, liaison('commerce'), { type: 'REJECT', reason: '不属商务职责' });
    const dispute = await workflowOf(caseId, 'dispute');
    await send(dispute.id, leadership, {
      type: 'RULE',
      lead: `${CD}:commerce`,
      supports: [`${CD}:subdistrict`, `${CD}:urban`],
      reasons: '便民点规划布局由商务局牵头',
    });
    const before = (await loadMatrix(handle.db)).version;
    await send(dispute.id, leadership, { type: 'PROMOTE', reason: '同类争议反复出现' });
    const after = await loadMatrix(handle.db);
    expect(after.version).toBe(before + 1);
    expect(after.matters.find((m) => m.code === 'VEN-05')).toMatchObject({ lead: 'commerce', supports: ['subdistrict', 'urban'] });
    const next = await intake('VEN-05');
    expect(next.route).toMatchObject({ matrixVersion: after.version, lead: { id: `${CD}:commerce` } });
  });

  it('runs a joint enforcement with one decline, ordered in by the coordinator, to closure', async () => {
    const { caseId } = await intake('WST-03');
    const jointId = await startNewWorkflow(
      deps(),
      'joint',
      {
        caseId,
        cityAdcode: CD,
        lead: `${CD}:urban`,
        coDepartments: [`${CD}:police`, `${CD}:ecology`],
        action: '联合整治',
        scheduledFor: '2026-11-29T01:00:00.000Z',
        proposedAt: clock.now().toISOString(),
      },
      urban,
    );
    await send(jointId, police, { type: 'COSIGN' });
    await send(jointId, ecology, { type: 'DECLINE', reason: '非本部门职责' });
    expect((await inbox(`coordinator:${CD}`)).find((t) => t.workflowId === jointId)).toMatchObject({ action: 'resolve-decline', escalation: 1 });
    await send(jointId, cdCoord, { type: 'ORDER', unit: `${CD}:ecology` });
    for (const a of [urban, police, ecology]) await send(jointId, a, { type: 'REPORT_PART', text: '已完成' });
    await send(jointId, urban, { type: 'COMPILE', summary: '联合整治完成' });
    for (const a of [urban, police, ecology]) await send(jointId, a, { type: 'CLOSE_COSIGN' });
    const [row] = await handle.db.select().from(workflows).where(eq(workflows.id, jointId));
    expect(row).toMatchObject({ state: 'closed', done: true });
  });

  it('sends a case without a matter to triage, where the city coordinator routes it', async () => {
    const { caseId, route, number } = await intakeCase(deps(), { ...TIANFU, description: '这里有人长期乱搭乱建还占道', source: 'hotline' }, cdCoord);
    expect(route).toBeNull();
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ state: 'triage', matterCode: null, tier: null, holderUnit: null, cityAdcode: CD });
    expect((await inbox(`coordinator:${CD}`)).filter((t) => t.caseId === caseId)).toMatchObject([{ action: 'triage', role: 'triage', caseNumber: number }]);
    await expect(routeTriagedCase(deps(), { caseId, matterCode: 'CON-01', actor: urban })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(routeTriagedCase(deps(), { caseId, matterCode: 'XXX-99', actor: cdCoord })).rejects.toMatchObject({ reason: 'MATTER_UNKNOWN' });
    await routeTriagedCase(deps(), { caseId, matterCode: 'CON-01', actor: cdCoord });
    const [routed] = await handle.db.select().from(cases).where(eq(cases.id, caseId));
    expect(routed).toMatchObject({
      state: 'offered',
      matterCode: 'CON-01',
      tier: 'difficult',
      holderUnit: `${CD}:urban`,
      matrixVersion: (await loadMatrix(handle.db)).version,
    });
    expect((await inbox(`coordinator:${CD}`)).filter((t) => t.caseId === caseId)).toEqual([]);
    expect((await inbox(`${CD}:urban`)).filter((t) => t.caseId === caseId)).toMatchObject([{ action: 'claim', matterCode: 'CON-01' }]);
    await expect(routeTriagedCase(deps(), { caseId, matterCode: 'CON-01', actor: cdCoord })).rejects.toMatchObject({ reason: 'CASE_ALREADY_ROUTED' });
    const timeline = await caseTimeline(handle.db, caseId);
    expect(timeline.map((e) => e.action)).toEqual(['triage.start', 'triage.ROUTE', 'case.start']);
    expect((await verifyAudit(handle.db)).broken).toEqual([]);
    expect((await workflowOf(caseId, 'triage')).id).toBe(triageWorkflowId(caseId));
  });

  it('moves a case to another city when its coordinator accepts a referral', async () => {
    const { caseId } = await intake('VEN-01');
    const referral = await startNewWorkflow(
      deps(),
      'crosscity',
      {
        caseId,
        mode: 'referral',
        relocate: true,
        homeCity: DY,
        otherCities: [CD],
        leadDepartment: 'urban',
        supportDepartments: ['subdistrict'],
        openedAt: clock.now().toISOString(),
      },
      cdCoord,
    );
    expect((await inbox(`coordinator:${DY}`)).find((t) => t.workflowId === referral)).toMatchObject({ action: 'accept-referral' });
    await send(referral, dyCoord, { type: 'ACCEPT' });
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, caseId));
    expect(row).toMatchObject({ state: 'offered', holderUnit: `${DY}:urban` });
    expect((await inbox(`${DY}:urban`)).filter((t) => t.caseId === caseId)).toMatchObject([{ action: 'claim' }]);
    expect((await inbox(`${CD}:urban`)).filter((t) => t.caseId === caseId)).toEqual([]);
  });

  it('closes a cross-city border case with both cities', async () => {
    const { caseId, route } = await intake('FUM-02', { lon: 104.2, lat: 30.9128 });
    expect(route.borderCities.map((c) => c.adcode)).toEqual([DY]);
    const border = await workflowOf(caseId, 'crosscity');
    expect((await inbox(`coordinator:${DY}`)).find((t) => t.workflowId === border.id)).toMatchObject({ action: 'border-informed', role: 'neighbour' });
    await send(border.id, dyCoord, { type: 'JOIN_PATROL' });
    await send(border.id, cdCoord, { type: 'CONFIRM_CLOSURE' });
    await send(border.id, dyCoord, { type: 'CONFIRM_CLOSURE' });
    expect((await handle.db.select().from(workflows).where(eq(workflows.id, border.id)))[0]!.state).toBe('closed');
  });

  it('adopts a harmonisation proposal and publishes it as the alliance standard', async () => {
    const id = await startNewWorkflow(
      deps(),
      'harmonisation',
      {
        matterCode: 'VEN-05',
        text: '临时便民点须备案并限时经营',
        proposedBy: 'alliance',
        proposedAt: clock.now().toISOString(),
        cities: [CD, DY, '511400', '512000'],
      },
      role('alliance'),
    );
    for (const city of [CD, DY, '511400', '512000']) await send(id, role('coordinator', city), { type: 'CONCUR' });
    await send(id, role('alliance'), { type: 'PUBLISH' });
    const published = await handle.db.select().from(allianceStandards).where(eq(allianceStandards.proposalId, id));
    expect(published).toMatchObject([{ matterCode: 'VEN-05', text: '临时便民点须备案并限时经营' }]);
  });

  it('lets exactly one of 20 concurrent claims succeed; the audit shows one claim', async () => {
    const { caseId } = await intake('SAN-01');
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => send(caseId, urban, { type: 'CLAIM' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as DomainError);
    expect(failures).toHaveLength(19);
    expect(failures.every((e) => e instanceof DomainError && e.code === 'CONFLICT')).toBe(true);
    const claims = await handle.db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.chain, caseId), eq(auditLog.action, 'case.CLAIM')));
    expect(claims[0]!.n).toBe(1);
  });

  it('fires due timers once, through the transition path', async () => {
    const { caseId } = await intake('SAN-02');
    clock.advance(2 * 3_600_000 + 1);
    // Drain: a late firing can make the next escalation of an older case due at once.
    while ((await fireDueTimers({ db: handle.db, clock })).fired > 0);
    const [wf] = await handle.db.select().from(workflows).where(eq(workflows.id, caseId));
    expect((wf!.snapshot as { context: { escalation: number; warned: boolean } }).context).toMatchObject({ escalation: 1, warned: true });
    const again = await fireDueTimers({ db: handle.db, clock });
    expect(again.fired).toBe(0);
    expect((await caseTimeline(handle.db, caseId)).map((e) => e.action)).toEqual(['case.start', 'case.RESPONSE_WARNING', 'case.ESCALATE']);
    const [t] = await listInbox(handle.db, { inboxes: [`${CD}:urban`] }).then((rows) => rows.filter((r) => r.caseId === caseId));
    expect(t!.escalation).toBe(1);
  });

  it('detects and locates a tampered audit row', async () => {
    expect((await verifyAudit(handle.db)).broken).toEqual([]);
    const { caseId } = await intake('FAC-01');
    await send(caseId, urban, { type: 'CLAIM' });
    const [entry] = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.chain, caseId), eq(auditLog.seq, 2)));
    await handle.db.update(auditLog).set({ actor: 'someone-else' }).where(eq(auditLog.id, entry!.id));
    const report = await verifyAudit(handle.db);
    expect(report.broken).toEqual([{ id: entry!.id, chain: caseId, seq: 2, problem: 'hash-mismatch' }]);
    expect(report.entries).toBeGreaterThan(20);
  });
});
