import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { DomainError, ManualClock, NO_RECORDS_OR_REQUESTS, type Actor, type CaseFacts, type MatrixVersion } from '@gongzhi/domain';
import { insertFacts, loadMatrix, seedReference, verifyAudit, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { intakeCase } from './testing.ts';
import { whatIf } from './use-cases/what-if.ts';

const alliance = loadAlliance();
const CD = '510100';
const MS = '511400';
const coordinator: Actor = { kind: 'user', userId: 'c', username: 'c', memberships: [{ role: 'coordinator', cityAdcode: CD, departmentCode: null }] };

/** One closed history case: claimed at 09:00 Beijing time on `day`, resolved `hours` later. */
function closed(id: string, over: Partial<CaseFacts> & { day: string; hours: number; unit: string }): CaseFacts {
  const { day, hours, unit, ...rest } = over;
  const claimed = new Date(`${day}T09:00:00+08:00`);
  const resolved = new Date(claimed.getTime() + hours * 3_600_000).toISOString();
  return {
    caseId: id,
    cityAdcode: unit.split(':')[0] ?? CD,
    countyAdcode: '510104',
    matterCode: 'FUM-02',
    domainCode: 'fumes',
    source: 'hotline',
    tier: 'simple',
    reportedAt: new Date(claimed.getTime() - 3_600_000).toISOString(),
    respondBy: null,
    firstClaimAt: claimed.toISOString(),
    responseUnit: unit,
    resolveBy: null,
    resolvedAt: resolved,
    closedAt: resolved,
    closingUnit: unit,
    holderUnit: null,
    reopened: 0,
    transfers: 0,
    transfersRejected: 0,
    disputes: 0,
    disputesRuled: 0,
    disputesRuledInTime: 0,
    supervisionOrders: 0,
    supervisionOverdue: 0,
    joint: false,
    border: false,
    repeat: false,
    rating: null,
    published: false,
    historical: true,
    ...NO_RECORDS_OR_REQUESTS,
    ...rest,
  };
}

describe.each(testTargets())('what-if replay on $name', (target) => {
  let handle: DatabaseHandle;
  let base: MatrixVersion;
  let proposed: MatrixVersion;
  const clock = new ManualClock('2026-11-20T04:00:00Z');
  const from = new Date('2026-06-01T00:00:00+08:00');
  const to = new Date('2026-09-01T00:00:00+08:00');
  // In the window: urban management closed 6 FUM-02 cases in Chengdu (median 10 h) and 2 in Meishan (4 h);
  // ecology closed 3 in Chengdu after a dispute ruled them its own, and 1 after an accepted transfer;
  // 4 VEN-01 cases stay with urban management. Outside the window (May, and September 1st at 00:30
  // Beijing time): 2 more, which the replay must not count.
  const history: CaseFacts[] = [
    ...[6, 8, 10, 10, 12, 20].map((hours, i) => closed(`u${i}`, { day: `2026-06-1${i}`, hours, unit: `${CD}:urban` })),
    ...[3, 5].map((hours, i) => closed(`m${i}`, { day: `2026-07-0${i + 1}`, hours, unit: `${MS}:urban`, countyAdcode: '511402', border: i === 0 })),
    ...[30, 40, 50].map((hours, i) => closed(`d${i}`, { day: `2026-08-0${i + 1}`, hours, unit: `${CD}:ecology`, disputes: 1, disputesRuled: 1 })),
    closed('t0', { day: '2026-08-20', hours: 24, unit: `${CD}:ecology`, transfers: 1 }),
    closed('r0', { day: '2026-08-21', hours: 24, unit: `${CD}:ecology`, transfers: 1, transfersRejected: 1 }),
    ...[1, 2, 3, 4].map((hours, i) => closed(`v${i}`, { day: `2026-07-1${i}`, hours, unit: `${CD}:urban`, matterCode: 'VEN-01', domainCode: 'vending' })),
    closed('early', { day: '2026-05-20', hours: 1, unit: `${CD}:urban` }),
    { ...closed('late', { day: '2026-09-01', hours: 1, unit: `${CD}:urban` }), reportedAt: '2026-08-31T16:30:00.000Z' },
    { ...closed('triage', { day: '2026-07-05', hours: 1, unit: `${CD}:urban` }), matterCode: null, domainCode: null },
  ];
  const counts = async () =>
    (
      (await handle.db.execute(sql`
        select (select count(*) from cases) as cases, (select count(*) from case_facts) as facts,
               (select count(*) from workflows) as workflows, (select count(*) from tasks) as tasks,
               (select count(*) from timers) as timers, (select count(*) from audit_log) as audit,
               (select md5(string_agg(case_id || coalesce(closing_unit, '') || coalesce(holder_unit, ''), ',' order by case_id)) from case_facts) as facts_hash,
               (select max(version) from matrix_versions) as matrix`)) as unknown as { rows: Array<Record<string, string>> }
    ).rows[0];

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    await insertFacts(handle.db, history);
    // Live cases beside the history: the replay must leave them, their workflows and their audit alone.
    for (const lon of [104.0657, 104.0757]) {
      await intakeCase({ db: handle.db, clock, alliance }, { matter: 'FUM-02', lon, lat: 30.6574, description: '烧烤油烟', source: 'hotline' }, coordinator);
    }
    base = await loadMatrix(handle.db);
    proposed = { ...base, version: base.version + 1, matters: base.matters.map((m) => (m.code === 'FUM-02' ? { ...m, lead: 'ecology' } : m)) };
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('moves each unit’s cases, estimates their hours from the window’s medians and names the disputes and transfers spared', async () => {
    const r = await whatIf({ ctx: { db: handle.db, clock }, input: { proposed, from, to } });
    expect(r.cases).toBe(17);
    expect(r.unrouted).toBe(1);
    expect(r.moved).toBe(13);
    expect(r.moves.map((m) => [m.cityAdcode, m.from, m.to, m.cases, m.border])).toEqual([
      [CD, 'urban', 'ecology', 11, 0],
      [MS, 'urban', 'ecology', 2, 1],
    ]);
    const unit = (id: string) => r.units.find((u) => u.unit === id);
    expect(unit(`${CD}:urban`)).toMatchObject({ before: 15, after: 4, lost: 11 });
    expect(unit(`${CD}:ecology`)).toMatchObject({ before: 0, after: 11, gained: 11, rise: null, overThreshold: true });
    expect(unit(`${MS}:ecology`)).toMatchObject({ before: 0, after: 2, gained: 2 });
    // Medians: Chengdu urban on FUM-02 over 6, 8, 10, 10, 12, 20 h → 10 h; Chengdu ecology over 24, 24, 30, 40, 50 h
    // → 30 h; Meishan urban over 3, 5 h → 4 h; Meishan ecology has no FUM-02 history: the department's (30 h).
    const months = 92 / (365.25 / 12);
    const cd = r.moves[0];
    expect(cd?.hoursPerMonthFrom).toBe(Math.round(((11 * 10) / months) * 10) / 10);
    expect(cd?.hoursPerMonthTo).toBe(Math.round(((11 * 30) / months) * 10) / 10);
    const ms = r.moves[1];
    expect(ms?.hoursPerMonthFrom).toBe(Math.round(((2 * 4) / months) * 10) / 10);
    expect(ms?.hoursPerMonthTo).toBe(Math.round(((2 * 30) / months) * 10) / 10);
    expect(r.estimates).toEqual({ own: 3, department: 1, matter: 0, overall: 0 });
    expect(r.avoided).toMatchObject({ disputes: 3, transfers: 1 });
    expect(r.avoided.cases.map((c) => c.caseId)).toEqual(['d0', 'd1', 'd2', 't0']);
    expect(r.window.days).toBe(92);
  });

  it('gives the same result twice and leaves every live table and the audit chain as it was', async () => {
    const before = await counts();
    const audit = await verifyAudit(handle.db);
    const first = await whatIf({ ctx: { db: handle.db, clock }, input: { proposed, from, to } });
    const second = await whatIf({ ctx: { db: handle.db, clock }, input: { proposed, from, to } });
    expect(second).toEqual(first);
    expect(await counts()).toEqual(before);
    expect(await verifyAudit(handle.db)).toEqual(audit);
    expect(audit.broken).toEqual([]);
    expect(Number(before?.cases)).toBe(2);
  });

  it('replays the last 90 days by default and refuses a window that ends before it starts', async () => {
    clock.advance(60_000); // the window ends before "now": the live cases were taken in a minute ago
    const r = await whatIf({ ctx: { db: handle.db, clock }, input: { proposed } });
    expect(r.window).toMatchObject({ to: clock.now().toISOString(), days: 90 });
    expect(r.moved).toBe(3); // the two live cases of this week and the one of September 1st at 00:30
    await expect(whatIf({ ctx: { db: handle.db, clock }, input: { proposed, from: to, to: from } })).rejects.toSatisfy(
      (e) => e instanceof DomainError && e.reason === 'WINDOW_EMPTY',
    );
  });
});
