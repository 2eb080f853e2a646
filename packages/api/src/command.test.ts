import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { loadAlliance } from '@gongzhi/geo';
import { compute, ManualClock, MATRIX_V1_MATTERS, parsePeriod, type Membership, type Period, type Principal } from '@gongzhi/domain';
import { generateDemoHistory, insertFacts, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import type { Context } from './context.ts';
import { InboxBus } from './inbox-bus.ts';
import { createCallerFactory } from './trpc.ts';
import { appRouter } from './root.ts';

const createCaller = createCallerFactory(appRouter);
const alliance = loadAlliance();
const CD = '510100';
const DY = '510600';

describe.each(testTargets())('command centre procedures on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-20T04:00:00Z');
  const facts = generateDemoHistory({
    counties: [
      { adcode: '510104', cityAdcode: CD, perDay: 4, vendingPeak: true, borderShare: 0.05 },
      { adcode: '510681', cityAdcode: DY, perDay: 2, vendingPeak: false, borderShare: 0.3 },
    ],
    matters: MATRIX_V1_MATTERS,
    until: clock.now(),
    months: 14,
    seed: 3,
  });

  const as = (...memberships: Membership[]) => {
    const principal: Principal = { userId: 'u', username: 'u', displayName: 'u', memberships };
    const ctx: Context = {
      db: handle.db,
      clock,
      alliance,
      bus: new InboxBus(),
      principal,
      session: { id: 's', userId: 'u', expiresAt: new Date('2027-01-01T00:00:00Z') } as Context['session'],
      secureCookies: false,
      setCookie: () => {},
      requestId: 'test',
      clientAddress: 'test',
    };
    return createCaller(ctx).command;
  };
  const leadership = () => as({ role: 'leadership', cityAdcode: CD, departmentCode: null });
  const coordinator = () => as({ role: 'coordinator', cityAdcode: CD, departmentCode: null });
  const supervisor = () => as({ role: 'supervisor', cityAdcode: CD, departmentCode: 'urban' });
  const liaison = () => as({ role: 'liaison', cityAdcode: CD, departmentCode: 'urban' });
  const intakeOf = (tiles: Awaited<ReturnType<ReturnType<typeof leadership>['tiles']>>) => tiles.tiles.find((t) => t.code === 'intake')?.numerator ?? -1;

  beforeAll(async () => {
    handle = await target.open();
    for (let i = 0; i < facts.length; i += 2000) await insertFacts(handle.db, facts.slice(i, i + 2000));
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('scopes every figure: leadership all, a coordinator their city, a supervisor their unit, a liaison nothing', async () => {
    const period = '2026-10';
    const inOctober = facts.filter((f) => f.reportedAt >= '2026-09-30T16:00:00.000Z' && f.reportedAt < '2026-10-31T16:00:00.000Z');
    const all = await leadership().tiles({ period });
    expect(intakeOf(all)).toBe(inOctober.length);
    const city = await coordinator().tiles({ period });
    expect(intakeOf(city)).toBe(inOctober.filter((f) => f.cityAdcode === CD).length);
    // asking for another city gives nothing of it
    expect(intakeOf(await coordinator().tiles({ period, city: DY }))).toBe(0);
    const unit = await supervisor().tiles({ period });
    expect(intakeOf(unit)).toBe(inOctober.filter((f) => (f.closingUnit ?? f.holderUnit) === `${CD}:urban`).length);
    expect(intakeOf(unit)).toBeGreaterThan(0);
    expect(intakeOf(unit)).toBeLessThan(intakeOf(city));

    const districts = await coordinator().districts({ period });
    expect(districts.districts.map((d) => d.county)).toEqual(['510104']);
    const ranking = await supervisor().ranking({ period });
    expect(ranking.units.map((u) => u.unit)).toEqual([`${CD}:urban`]);
    const drill = await supervisor().drill({ period, code: 'intake', limit: 500 });
    expect(drill.total).toBe(intakeOf(unit));
    expect(new Set(drill.cases.map((c) => c.unit))).toEqual(new Set([`${CD}:urban`]));

    for (const call of [() => liaison().tiles({ period }), () => liaison().drill({ period, code: 'intake' }), () => as().heatmap({ period })]) {
      const e = await call().then(
        () => null,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(TRPCError);
      expect((e as TRPCError).code).toBe('FORBIDDEN');
    }
  });

  it('tiles carry target, baseline, 同比 and 环比 computed from the periods around', async () => {
    const t = await leadership().tiles({ period: '2026-10' });
    expect(t.previous).toBe('2026-09');
    expect(t.yearEarlier).toBe('2025-10');
    const response = t.tiles.find((x) => x.code === 'responseHours');
    expect(response).toMatchObject({ target: 2, baseline: 4.2, better: 'lower' });
    expect(response?.value).not.toBeNull();
    expect(response?.yoy).toBeCloseTo(((response?.value ?? 0) - (response?.yearEarlier ?? 0)) / (response?.yearEarlier ?? 1), 9);
    expect(response?.mom).toBeCloseTo(((response?.value ?? 0) - (response?.previous ?? 0)) / (response?.previous ?? 1), 9);
    expect(['green', 'amber', 'red']).toContain(response?.rag);
    // imported history has no data requests: nothing is counted and nothing shown, but the target and baseline are
    expect(t.tiles.find((x) => x.code === 'infoSharing')).toMatchObject({
      available: true,
      denominator: 0,
      value: null,
      rag: 'none',
      target: 0.8,
      baseline: 0.3,
    });
    // the demo history's enforcement records (resolved cases of enforced domains)
    for (const code of ['flexibleEnforcement', 'discretionDeviation'] as const) {
      const expected = compute(code, facts, parsePeriod('2026-10') as Period, clock.now());
      expect(expected.denominator).toBeGreaterThan(0);
      expect(t.tiles.find((x) => x.code === code)).toMatchObject({ numerator: expected.numerator, denominator: expected.denominator });
    }
  });

  it('the trend, ranking, districts and heatmap add up to the tile, and each drills to exactly its cases', async () => {
    const period = '2026-10';
    const api = leadership();
    const intake = intakeOf(await api.tiles({ period }));
    const trend = await api.trend({ period, code: 'intake', points: 13 });
    expect(trend.points.map((p) => p.label).slice(-2)).toEqual(['2026-09', '2026-10']);
    expect(trend.points.at(-1)?.numerator).toBe(intake);
    const districts = await api.districts({ period });
    expect(districts.districts.reduce((s, d) => s + d.intake, 0)).toBe(intake);
    const heat = await api.heatmap({ period });
    expect(heat.cells.reduce((s, c) => s + c.count, 0)).toBe(intake);
    const ranking = await api.ranking({ period });
    expect(ranking.units.reduce((s, u) => s + u.cases, 0)).toBe(intake);
    expect(ranking.top).toHaveLength(3);
    expect(ranking.bottom).toHaveLength(3);
    expect((ranking.top[0]?.score ?? 0) >= (ranking.bottom[0]?.score ?? 100)).toBe(true);

    const busiest = heat.cells.reduce((a, b) => (b.count > a.count ? b : a));
    const cell = await api.drill({ period, code: 'intake', group: { kind: 'slot', key: busiest.slot }, limit: 500 });
    expect(cell.total).toBe(busiest.count);
    expect(cell.cases).toHaveLength(Math.min(500, busiest.count));
    const district = districts.districts[0];
    const dd = await api.drill({ period, code: 'intake', group: { kind: 'county', key: district?.county ?? '' }, limit: 1 });
    expect(dd.total).toBe(district?.intake);
    const worst = ranking.bottom[0];
    const missed = await api.drill({ period, code: 'resolution', part: 'missed', group: { kind: 'unit', key: worst?.unit ?? '' }, limit: 500 });
    expect(missed.cases.every((c) => c.closedAt === null)).toBe(true);
    const month = await api.drill({ period: '2026-Q4', code: 'intake', group: { kind: 'month', key: '2026-10' }, limit: 1 });
    expect(month.total).toBe(intake);
  });

  it('early warning: the next 7 days in the coordinator’s city, with the backtest of the last 8 weeks beside it', async () => {
    const f = await coordinator().forecast({});
    expect(f.from).toBe('2026-11-21');
    expect(f.peaks.length).toBe(10);
    expect(f.peaks.every((p) => p.county === '510104')).toBe(true);
    expect(f.peaks.every((p) => p.day >= '2026-11-21' && p.day <= '2026-11-27')).toBe(true);
    expect(f.backtest.weeks).toBe(8);
    expect(f.backtest.cellDays).toBeGreaterThan(0);
    expect(f.backtest.top10HitRate).toBeGreaterThanOrEqual(0);
    expect(f.backtest.top10HitRate).toBeLessThanOrEqual(1);
    expect(f.backtest.mae).toBeGreaterThan(0);
    const e = await liaison()
      .forecast({})
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect((e as TRPCError).code).toBe('FORBIDDEN');
  });

  it('a drill-down pages by its cursor: every case of the figure once, in the first page’s order, the total with the first page', async () => {
    const period = '2026-10';
    const api = leadership();
    const all = await api.drill({ period, code: 'intake', limit: 500 });
    expect(all.next).toBeNull();
    const first = await api.drill({ period, code: 'intake', limit: 7 });
    expect(first.total).toBe(all.total);
    const seen = first.cases.map((c) => c.caseId);
    for (let cursor = first.next; cursor;) {
      const page = await api.drill({ period, code: 'intake', limit: 7, cursor });
      expect(page.total).toBeNull();
      seen.push(...page.cases.map((c) => c.caseId));
      cursor = page.next;
    }
    expect(seen).toEqual(all.cases.map((c) => c.caseId));
    // a cursor is the server's: one made up is refused with its reason, not answered with a fault of
    // the database (a date that does not exist, a control character), nor one of another list
    const [instant, caseId, list] = JSON.parse(Buffer.from(first.next!, 'base64url').toString('utf8')) as [string, string, string];
    const forged = (...parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const refusals = [
      { period, cursor: 'not-a-cursor' },
      { period, cursor: forged('yesterday', 'x') },
      { period, cursor: forged(`2026-02-30${instant.slice(10)}`, caseId, list) },
      { period, cursor: forged(`${instant.slice(0, 11)}99${instant.slice(13)}`, caseId, list) },
      { period, cursor: forged(instant, `${caseId}\u0000`, list) },
      { period: '2026-09', cursor: first.next! },
    ];
    for (const { period: p, cursor } of refusals) {
      const e = await api.drill({ period: p, code: 'intake', cursor }).then(
        () => null,
        (x: unknown) => x,
      );
      expect((e as TRPCError).code).toBe('BAD_REQUEST');
      expect((e as TRPCError).cause).toMatchObject({ reason: 'CURSOR_INVALID' });
    }
    // a client of before the cursors, paging by offset, is refused rather than shown the first page again
    const old = await api.drill({ period, code: 'intake', offset: 100 } as never).then(
      () => null,
      (x: unknown) => x,
    );
    expect((old as TRPCError).code).toBe('BAD_REQUEST');
  });

  it('a period that is not one is INVALID with its reason', async () => {
    const e = await leadership()
      .tiles({ period: '2026-13' })
      .then(
        () => null,
        (x: unknown) => x,
      );
    expect((e as TRPCError).code).toBe('BAD_REQUEST');
    expect((e as TRPCError).cause).toMatchObject({ reason: 'PERIOD_INVALID' });
  });
});
