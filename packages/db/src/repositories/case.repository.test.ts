import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { findRepeatOf, type EarlierCase } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { rowsOf, type DatabaseHandle } from '../client.ts';
import { cases, workflows } from '../schema/index.ts';
import { seedReference } from '../seed/reference.seed.ts';
import { planReads, testCaseRow, testTargets } from '../testing.ts';
import { caseTasks, findRepeats, inboxesOfCases, nearestCasesStatement } from './case.repository.ts';

const alliance = loadAlliance();
const at = new Date('2026-06-01T02:00:00Z');
const DAY = 86_400_000;
const WINDOW_DAYS = 30;
const SPOT = { lon: 104.0657, lat: 30.6574 };
/** degrees per metre here, north and east */
const NORTH = 1 / 111_000;
const EAST = 1 / (111_000 * Math.cos((SPOT.lat * Math.PI) / 180));

/** The same jitter on every run (a linear congruential generator). */
function jitter(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    return x / 2_147_483_648 - 0.5;
  };
}

const noRows = sql`select null::text, null::text, null::float8, null::float8, null::timestamptz, null::text, null::int where false`;

describe.each(testTargets())('the repeat search on $name', (target) => {
  let handle: DatabaseHandle;
  const stored: EarlierCase[] = [];

  async function store(rows: EarlierCase[]): Promise<void> {
    await handle.db
      .insert(cases)
      .values(
        rows.map((r) =>
          testCaseRow(r.id, at, { matterCode: r.matterCode, lon: r.lon, lat: r.lat, state: r.closedAt ? 'closed' : 'offered', closedAt: r.closedAt }),
        ),
      );
    stored.push(...rows);
  }

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, at);
    // A hotspot: 300 live reports of cooking fumes within 30 m of one spot, as many of another matter,
    // and 60 fumes reports closed long ago, nearer still.
    const next = jitter(7);
    const around = (m: number) => ({ lon: SPOT.lon + next() * 2 * m * EAST, lat: SPOT.lat + next() * 2 * m * NORTH });
    await store(Array.from({ length: 300 }, (_, i) => ({ id: `fumes-${i}`, matterCode: 'FUM-01', ...around(30), closedAt: null, repeatOf: null })));
    await store(Array.from({ length: 300 }, (_, i) => ({ id: `vending-${i}`, matterCode: 'VEN-01', ...around(30), closedAt: null, repeatOf: null })));
    await store(
      Array.from({ length: 60 }, (_, i) => ({
        id: `fumes-closed-${i}`,
        matterCode: 'FUM-01',
        ...around(5),
        closedAt: new Date(at.getTime() - (WINDOW_DAYS + 1 + i) * DAY),
        repeatOf: null,
      })),
    );
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('finds the nearest live case of the matter, as a search of every stored case would', async () => {
    const next = jitter(11);
    const probes = Array.from({ length: 40 }, (_, i) => ({
      caseId: `probe-${i}`,
      matterCode: i % 4 === 0 ? 'VEN-01' : 'FUM-01',
      lon: SPOT.lon + next() * 340 * EAST,
      lat: SPOT.lat + next() * 340 * NORTH,
    }));
    let repeating = 0;
    for (const probe of probes) {
      const { repeats } = await findRepeats(handle.db, [probe], at, WINDOW_DAYS);
      const expected = findRepeatOf({ ...probe, at }, stored, WINDOW_DAYS);
      expect(repeats.get(probe.caseId) ?? null).toBe(expected);
      if (expected) repeating += 1;
    }
    // some probes repeat a case and some do not, or the comparison proves little
    expect(repeating).toBeGreaterThan(5);
    expect(repeating).toBeLessThan(probes.length);
  });

  it('reads a few of a hotspot’s cases, not every one in the box', async () => {
    const statement = nearestCasesStatement(
      [{ matterCode: 'FUM-01', lon: SPOT.lon + 3 * EAST, lat: SPOT.lat }],
      new Date(at.getTime() - WINDOW_DAYS * DAY),
      noRows,
    );
    const result = await handle.db.execute(sql`explain (analyze, costs off, timing off, summary off) ${statement}`);
    const plan = rowsOf<Record<string, string>>(result)
      .map((r) => Object.values(r)[0])
      .join('\n');
    const rowsPerNode = [...plan.matchAll(/rows=(\d+)/g)].map((m) => Number(m[1]));
    expect(rowsPerNode.length).toBeGreaterThan(0);
    expect(Math.max(...rowsPerNode)).toBeLessThan(20);
  });

  it('finds the nearest when the index, by its own scale of longitude, hands over another first', async () => {
    // Somewhere quiet: a case 50 m east of the new one and another 50.05 m north. At this latitude a
    // degree east is a little shorter than the index's scale says, so the index puts the northern one
    // first; the eastern one is nearer.
    const spot = { lon: 104.2, lat: 30.9 };
    const east = 1 / (111_000 * Math.cos((spot.lat * Math.PI) / 180));
    await store([
      { id: 'east', matterCode: 'NOI-01', lon: spot.lon + 50 * east, lat: spot.lat, closedAt: null, repeatOf: null },
      { id: 'north', matterCode: 'NOI-01', lon: spot.lon, lat: spot.lat + 50.05 * NORTH, closedAt: null, repeatOf: null },
    ]);
    const { repeats } = await findRepeats(handle.db, [{ caseId: 'new', matterCode: 'NOI-01', ...spot }], at, WINDOW_DAYS);
    expect(repeats.get('new')).toBe('east');
  });
});

describe.each(testTargets())('a case’s tasks on $name', (target) => {
  let handle: DatabaseHandle;

  beforeAll(async () => {
    handle = await target.open();
    // 3,000 open cases' tasks, as a city holds tens of thousands: reading one case's must not read them all.
    await handle.db
      .insert(workflows)
      .values({ id: 'w', kind: 'case', state: 'offered', done: false, snapshot: {} as never, version: 1, createdAt: at, updatedAt: at });
    await handle.db.execute(
      sql`insert into tasks (workflow_id, kind, case_id, inbox, role, action, escalation, since) select 'w', 'case', 'case-' || g, 'unit-' || (g % 40), 'lead', 'claim', 0, now() from generate_series(1, 3000) g`,
    );
    await handle.db.execute(sql`analyze tasks`);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('finds a case’s tasks and the inboxes of a few cases by an index, not by reading every task', async () => {
    expect((await caseTasks(handle.db, 'case-1500')).map((t) => t.inbox)).toEqual(['unit-20']);
    expect(await inboxesOfCases(handle.db, ['case-7', 'case-8', 'none'])).toEqual(
      expect.arrayContaining([
        { inbox: 'unit-7', caseId: 'case-7' },
        { inbox: 'unit-8', caseId: 'case-8' },
      ]),
    );
    for (const statement of [caseTasks(handle.db, 'case-1500'), inboxesOfCases(handle.db, ['case-7', 'case-8', 'none'])]) {
      const { plan, most } = await planReads(handle.db, statement);
      expect(most, plan).toBeLessThan(20);
    }
  });
});
