import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { loadAlliance } from '@gongzhi/geo';
import { MATRIX_V1_MATTERS, DomainError } from '@gongzhi/domain';
import { testTargets } from '../testing.ts';
import type { DatabaseHandle } from '../client.ts';
import { cities, counties, departments, domains, matters, matrixVersions, memberships, units, users } from '../schema/index.ts';
import { seedReference } from './reference.seed.ts';
import { DEMO_USERS, seedDemoUsers } from './demo-users.seed.ts';
import { insertMatrixVersion, listMatrixVersions, loadMatrix } from '../repositories/matrix.repository.ts';
import { listUnits, loadReference } from '../repositories/reference.repository.ts';

const alliance = loadAlliance();
const at = new Date('2026-11-27T08:00:00Z');
const fakeHash = async (p: string) => `hash:${p}`;

describe.each(testTargets())('reference data on $name', (target) => {
  let handle: DatabaseHandle;
  const rows = async (table: PgTable) => (await handle.db.select({ n: count() }).from(table))[0]!.n;

  beforeAll(async () => {
    handle = await target.open();
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('seeds the cities, counties with boundaries, departments, domains, units and matrix v1', async () => {
    expect(await seedReference(handle.db, alliance, at)).toEqual({ matrixCreated: true });
    expect(await rows(cities)).toBe(4);
    expect(await rows(counties)).toBe(35);
    expect(await rows(departments)).toBe(12);
    expect(await rows(domains)).toBe(8);
    expect(await rows(units)).toBe(48);
    expect(await rows(matters)).toBe(MATRIX_V1_MATTERS.length);
    const [jinjiang] = await handle.db.select().from(counties).where(eq(counties.adcode, '510104'));
    expect(jinjiang!.nameEn).toBe('Jinjiang District');
    expect(jinjiang!.boundary[0]![0]!.length).toBeGreaterThan(50);
  });

  it('is idempotent: a second and third run change nothing', async () => {
    expect(await seedReference(handle.db, alliance, at)).toEqual({ matrixCreated: false });
    await seedReference(handle.db, alliance, at);
    expect(await rows(units)).toBe(48);
    expect(await rows(matrixVersions)).toBe(1);
    expect(await rows(matters)).toBe(MATRIX_V1_MATTERS.length);
  });

  it('reads back matrix version 1 exactly as seeded, with who, when and why', async () => {
    const v1 = await loadMatrix(handle.db);
    expect(v1.version).toBe(1);
    expect(v1.createdBy).toBe('system:seed');
    expect(v1.createdAt).toBe(at.toISOString());
    expect(v1.reason).toMatch(/职责清单/);
    expect(v1.matters).toEqual(MATRIX_V1_MATTERS);
  });

  it('stores an amendment as a new version and keeps the old one readable', async () => {
    const amended = MATRIX_V1_MATTERS.map((m) =>
      m.code === 'VEN-05' ? { ...m, lead: 'commerce' as const, supports: ['urban' as const, 'subdistrict' as const] } : m,
    );
    await insertMatrixVersion(handle.db, { version: 2, basedOn: 1, createdBy: 'leadership', reason: 'ruling', at, matters: amended });
    expect((await loadMatrix(handle.db)).matters.find((m) => m.code === 'VEN-05')!.lead).toBe('commerce');
    expect((await loadMatrix(handle.db, 1)).matters.find((m) => m.code === 'VEN-05')!.lead).toBe('subdistrict');
    expect((await listMatrixVersions(handle.db)).map((v) => v.version)).toEqual([2, 1]);
    await seedReference(handle.db, alliance, at);
    expect((await loadMatrix(handle.db)).version).toBe(2);
  });

  it('refuses a taken version number and an unsound matrix, storing nothing', async () => {
    const taken = insertMatrixVersion(handle.db, { version: 2, basedOn: 1, createdBy: 'x', reason: 'x', at, matters: MATRIX_V1_MATTERS });
    await expect(taken).rejects.toMatchObject({ code: 'CONFLICT', reason: 'MATRIX_VERSION_TAKEN' });
    const unsound = MATRIX_V1_MATTERS.map((m) => ({ ...m, supports: [...m.supports, m.lead] }));
    await expect(insertMatrixVersion(handle.db, { version: 3, basedOn: 2, createdBy: 'x', reason: 'x', at, matters: unsound })).rejects.toBeInstanceOf(
      DomainError,
    );
    expect(await rows(matrixVersions)).toBe(2);
  });

  it('answers a missing version with NOT_FOUND', async () => {
    await expect(loadMatrix(handle.db, 99)).rejects.toMatchObject({ code: 'NOT_FOUND', reason: 'MATRIX_VERSION_UNKNOWN' });
  });

  it('lists the units and the reference names', async () => {
    const all = await listUnits(handle.db);
    expect(all.find((u) => u.id === '510600:police')?.name.zh).toBe('德阳市公安局(含交警)');
    const ref = await loadReference(handle.db);
    expect(ref.cities.map((c) => c.counties.length)).toEqual([20, 6, 6, 3]);
    expect(ref.departments[0]!.code).toBe('urban');
  });

  it('creates demo users with their memberships once', async () => {
    const created = await seedDemoUsers(handle.db, fakeHash, at);
    expect(created).toHaveLength(DEMO_USERS.length);
    expect(await seedDemoUsers(handle.db, fakeHash, at)).toEqual([]);
    expect(await rows(users)).toBe(DEMO_USERS.length);
    expect(await rows(memberships)).toBe(DEMO_USERS.reduce((n, u) => n + u.memberships.length, 0));
  });
});
