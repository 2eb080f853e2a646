import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Actor, type Membership } from '@gongzhi/domain';
import { testTargets } from '@gongzhi/db/testing';
import { dispatch, hashCode, listInbox, repeatCounts, repeatsOf, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { cases } from '@gongzhi/db/schema';
import { intakeCase, intakeCases } from '../testing.ts';
import type { IntakeInput } from './intake-cases.ts';

const CD = '510100';
const u = (username: string, m: Membership): Actor => ({ kind: 'user', userId: username, username, memberships: [m] });
const coordinator = u('cd-coord', { role: 'coordinator', cityAdcode: CD, departmentCode: null });
const urban = u('cd-urban', { role: 'liaison', cityAdcode: CD, departmentCode: 'urban' });
const alliance = loadAlliance();
/** Points due north of Tianfu Square, `metres` away. */
const north = (metres: number) => ({ lon: 104.0657, lat: 30.6574 + metres / 111_194.9 });
const DAY = 86_400_000;

describe.each(testTargets())('intake channels on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-01-05T01:00:00Z');
  const deps = () => ({ db: handle.db, clock, alliance });
  const input = (over: Partial<IntakeInput>): IntakeInput => ({ matter: 'VEN-01', ...north(0), description: '流动摊贩占道经营', source: 'hotline', ...over });

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('links a repeat of the same matter within 100 m, not at 101 m, nor of another matter', async () => {
    const first = await intakeCase(deps(), input({ ...north(1000) }), coordinator);
    const near = await intakeCase(deps(), input({ ...north(1099) }), coordinator);
    const other = await intakeCase(deps(), input({ ...north(1010), matter: 'VEN-02' }), coordinator);
    expect(near.repeatOf).toBe(first.caseId);
    expect(other.repeatOf).toBeNull();
    const lone = await intakeCase(deps(), input({ ...north(2000) }), coordinator);
    const far = await intakeCase(deps(), input({ ...north(2101) }), coordinator);
    expect(far.repeatOf).toBeNull();
    expect(lone.repeatOf).toBeNull();
    // Near a repeat but 180 m from the first case: still counted against the first case of the chain.
    const again = await intakeCase(deps(), input({ ...north(1180) }), coordinator);
    expect(again.repeatOf).toBe(first.caseId);
    expect((await repeatsOf(handle.db, first.caseId)).map((r) => r.number)).toEqual([near.number, again.number]);
    // The unit working the original sees the count in its inbox.
    const row = (await listInbox(handle.db, { inboxes: [`${CD}:urban`] })).find((t) => t.caseId === first.caseId);
    expect(row).toMatchObject({ repeats: 2, repeatOf: null });
    // Two repeats in one batch: the second repeats the first case, not nothing.
    const [a, b] = await intakeCases(deps(), [
      { input: input({ ...north(5000) }), actor: coordinator },
      { input: input({ ...north(5030) }), actor: coordinator },
    ]);
    expect(a?.ok && b?.ok && b.result.repeatOf === a.result.caseId).toBe(true);
  });

  it('links to a closed case only within 30 days of its closure', async () => {
    const original = await intakeCase(deps(), input({ ...north(3000), matter: 'FAC-01', description: '路灯不亮' }), coordinator);
    for (const type of ['CLAIM', 'START'] as const) await dispatch(deps(), { workflowId: original.caseId, actor: urban, event: { type } });
    await dispatch(deps(), { workflowId: original.caseId, actor: urban, event: { type: 'RESOLVE', note: '已更换灯泡' } });
    await dispatch(deps(), { workflowId: original.caseId, actor: coordinator, event: { type: 'CONFIRM', satisfied: true } });
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, original.caseId));
    expect(row!.closedAt).not.toBeNull();
    const closedAt = row!.closedAt!.getTime();
    clock.set(new Date(closedAt + 29.9 * DAY));
    const within = await intakeCase(deps(), input({ ...north(3040), matter: 'FAC-01', description: '路灯又坏了' }), coordinator);
    expect(within.repeatOf).toBe(original.caseId);
    clock.set(new Date(closedAt + 30.1 * DAY));
    const after = await intakeCase(deps(), input({ ...north(3060), matter: 'FAC-01', description: '路灯还是不亮' }), coordinator);
    // Not a repeat of the long-closed case, but of the open one filed at 29.9 days.
    expect(after.repeatOf).toBe(within.caseId);
    const longAfter = await intakeCase({ ...deps(), repeatWindowDays: 0 }, input({ ...north(3080), matter: 'FAC-01', description: '路灯' }), coordinator);
    expect(longAfter.repeatOf).toBe(within.caseId);
    const kpi = await repeatCounts(handle.db, { from: new Date(0), to: new Date(clock.now().getTime() + DAY) });
    expect(kpi.find((k) => k.matterCode === 'FAC-01')).toMatchObject({ unit: `${CD}:urban`, repeats: 3, cases: 2 });
  });

  it('takes an order number once: a second intake of it is refused as already imported', async () => {
    const ref = '12345:GD202611270001';
    const first = await intakeCase(deps(), input({ ...north(8000), externalRef: ref }), coordinator);
    await expect(intakeCase(deps(), input({ ...north(8000), externalRef: ref }), coordinator)).rejects.toMatchObject({ reason: 'ALREADY_IMPORTED' });
    const rows = await handle.db.select().from(cases).where(eq(cases.externalRef, ref));
    expect(rows.map((r) => r.id)).toEqual([first.caseId]);
    // The reporter's code is kept only as a hash.
    expect(rows[0]!.publicCodeHash).toBe(hashCode(first.publicCode));
    expect(JSON.stringify(rows[0])).not.toContain(first.publicCode);
  });

  it('routes on a confident classification and sends an uncertain one to triage with its suggestions', async () => {
    const classifier = {
      suggest: (text: string) =>
        text.includes('烧烤')
          ? [{ matterCode: 'FUM-02', confidence: 0.95 }]
          : [
              { matterCode: 'SAN-01', confidence: 0.4 },
              { matterCode: 'SAN-03', confidence: 0.3 },
            ],
    };
    const sure = await intakeCase({ ...deps(), classifier }, input({ matter: undefined, ...north(9000), description: '路边露天烧烤' }), coordinator);
    expect(sure.route?.matter.code).toBe('FUM-02');
    const [row] = await handle.db.select().from(cases).where(eq(cases.id, sure.caseId));
    expect(row!.matterConfidence).toBe(0.95);
    const unsure = await intakeCase({ ...deps(), classifier }, input({ matter: undefined, ...north(9500), description: '这里很脏' }), coordinator);
    expect(unsure.route).toBeNull();
    expect(unsure.suggestions.map((s) => s.matterCode)).toEqual(['SAN-01', 'SAN-03']);
    const task = (await listInbox(handle.db, { inboxes: [`coordinator:${CD}`] })).find((t) => t.caseId === unsure.caseId);
    expect(task).toMatchObject({ action: 'triage', role: 'triage' });
  });
});
