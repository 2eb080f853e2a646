import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, type Actor } from '@gongzhi/domain';
import { createPostgresDatabase, testTargets } from '@gongzhi/db/testing';
import {
  insertMatrixVersion,
  loadMatrix,
  openDatabase,
  repeatsOf,
  seedReference,
  verifyAudit,
  watchMatrix,
  type Database,
  type DatabaseHandle,
} from '@gongzhi/db';
import { intakeCase } from '../testing.ts';
import type { IntakeInput } from './intake-cases.ts';

const alliance = loadAlliance();
const coordinator: Actor = {
  kind: 'user',
  userId: 'c',
  username: 'cd-coord',
  memberships: [{ role: 'coordinator', cityAdcode: '510100', departmentCode: null }],
};
const vendor = (over: Partial<IntakeInput> = {}): IntakeInput => ({
  matter: 'VEN-01',
  lon: 104.0657,
  lat: 30.6574,
  description: '流动摊贩占道经营',
  source: 'hotline',
  ...over,
});

/** The next matrix version with VEN-01 led by `lead`, as an amendment stores it. */
async function leadVendingBy(db: Database, lead: 'market' | 'urban', at: Date) {
  const latest = await loadMatrix(db);
  await insertMatrixVersion(db, {
    version: latest.version + 1,
    basedOn: latest.version,
    createdBy: 'test',
    reason: `VEN-01 to ${lead}`,
    at,
    matters: latest.matters.map((m) => (m.code === 'VEN-01' ? { ...m, lead } : m)),
  });
}

describe.each(testTargets())('intake and the matrix in force on $name', (target) => {
  let handle: DatabaseHandle;
  let unwatch: () => Promise<void>;
  const clock = new ManualClock('2026-03-02T01:00:00Z');
  const ctx = () => ({ db: handle.db, clock, alliance });

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    unwatch = await watchMatrix(handle);
  });
  afterAll(async () => {
    await unwatch?.();
    await handle?.close();
  });

  it('routes the next intake by an amendment made since the version in force was remembered', async () => {
    const before = await intakeCase(ctx(), vendor({ lon: 104.1 }), coordinator);
    expect(before.route).toMatchObject({ matrixVersion: 1, lead: { id: '510100:urban' } });
    await leadVendingBy(handle.db, 'market', clock.now());
    const after = await intakeCase(ctx(), vendor({ lon: 104.2 }), coordinator);
    expect(after.route).toMatchObject({ matrixVersion: 2, lead: { id: '510100:market' } });
  });

  it('routes by a version adopted for a later moment from that moment on, the version remembered before it notwithstanding', async () => {
    const latest = await loadMatrix(handle.db);
    const at = clock.now();
    await insertMatrixVersion(handle.db, {
      version: latest.version + 1,
      basedOn: latest.version,
      createdBy: 'test',
      reason: 'VEN-01 back to urban, from tomorrow',
      at,
      effectiveAt: new Date(at.getTime() + 86_400_000),
      matters: latest.matters.map((m) => (m.code === 'VEN-01' ? { ...m, lead: 'urban' } : m)),
    });
    expect((await intakeCase(ctx(), vendor({ lon: 104.3 }), coordinator)).route).toMatchObject({ matrixVersion: latest.version });
    clock.advance(86_400_000);
    expect((await intakeCase(ctx(), vendor({ lon: 104.4 }), coordinator)).route).toMatchObject({
      matrixVersion: latest.version + 1,
      lead: { id: '510100:urban' },
    });
  });

  it('takes in cases given together in one transaction, each linked to the first at the spot, with audit chains that verify', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => intakeCase(ctx(), vendor({ lat: 30.7, description: `摆摊 ${i}` }), coordinator)));
    const [first, ...rest] = results;
    expect(first!.repeatOf).toBeNull();
    for (const r of rest) expect(r.repeatOf).toBe(first!.caseId);
    expect((await repeatsOf(handle.db, first!.caseId)).map((r) => r.number).sort()).toEqual(rest.map((r) => r.number).sort());
    // Fewer transactions than cases: the rows of one transaction share its id (xmin).
    const ids = results.map((r) => r.caseId);
    const xmins = (await handle.db.execute(
      sql`select count(distinct xmin::text)::int as n from cases where id = any(${`{${ids.join(',')}}`}::text[])`,
    )) as unknown as {
      rows: Array<{ n: number }>;
    };
    expect(xmins.rows[0]!.n).toBeLessThan(results.length);
    expect(await verifyAudit(handle.db)).toMatchObject({ broken: [] });
  });
});

describe.skipIf(!testTargets().some((t) => t.name === 'postgres'))('an amendment made by another process', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let handle: DatabaseHandle;
  let unwatch: () => Promise<void>;
  const clock = new ManualClock('2026-03-02T01:00:00Z');

  beforeAll(async () => {
    database = await createPostgresDatabase();
    handle = await openDatabase({ url: database.url, poolSize: 2 });
    await handle.migrate();
    await seedReference(handle.db, alliance, clock.now());
    unwatch = await watchMatrix(handle);
  });
  afterAll(async () => {
    await unwatch?.();
    await handle?.close();
    await database?.drop();
  });

  it('is what this process routes by once it has committed', async () => {
    const ctx = { db: handle.db, clock, alliance };
    expect((await intakeCase(ctx, vendor(), coordinator)).route).toMatchObject({ matrixVersion: 1, lead: { id: '510100:urban' } });
    // Another process (the same repository function, in a child node) amends VEN-01.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { insertMatrixVersion, loadMatrix, openDatabase } from '@gongzhi/db';
         const h = await openDatabase({ url: ${JSON.stringify(database.url)}, poolSize: 1 });
         const latest = await loadMatrix(h.db);
         await insertMatrixVersion(h.db, { version: latest.version + 1, basedOn: latest.version, createdBy: 'other', reason: 'VEN-01 to market', at: new Date(${JSON.stringify(clock.now().toISOString())}),
           matters: latest.matters.map((m) => (m.code === 'VEN-01' ? { ...m, lead: 'market' } : m)) });
         await h.close();`,
      ],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'inherit', 'inherit'] },
    );
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
    // Its NOTIFY reaches this process's listener soon after the commit; no clock is raced here.
    let route = (await intakeCase(ctx, vendor({ lon: 104.07 }), coordinator)).route;
    for (let i = 0; i < 600 && route?.matrixVersion !== 2; i++) {
      await new Promise((r) => setTimeout(r, 50));
      route = (await intakeCase(ctx, vendor({ lon: 104.07 + (i + 1) * 0.01 }), coordinator)).route;
    }
    expect(route).toMatchObject({ matrixVersion: 2, lead: { id: '510100:market' } });
  });
});
