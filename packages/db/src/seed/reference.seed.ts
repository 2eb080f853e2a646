import { getTableColumns, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Alliance } from '@gongzhi/geo';
import { DEPARTMENT_CODES, DEPARTMENTS, DOMAIN_CODES, DOMAINS, MATRIX_V1_MATTERS, STANDARDS_V1, unitId } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { cities, cityStandards, counties, departments, domains, matrixVersions, units, type Boundary } from '../schema/index.ts';
import { insertMatrixVersion } from '../repositories/matrix.repository.ts';

export const MATRIX_V1_REASON = '城管整改职责清单初始版本(设计方案所列 33 项事项)';

/** Conflict target → overwrite the listed columns with the incoming row, so corrected names reach old databases. */
function refresh<T extends PgTable>(table: T, ...keys: Array<keyof T['_']['columns'] & string>) {
  const columns = getTableColumns(table);
  return Object.fromEntries(keys.map((k) => [k, sql.raw(`excluded."${columns[k]?.name ?? k}"`)]));
}

/**
 * Reference data: cities, county-level units with their boundaries, department kinds, domains,
 * the 48 units, the cities' enforcement standards and matrix version 1. Safe to run any number of times; never touches later
 * matrix versions.
 */
export async function seedReference(db: Database, alliance: Alliance, at: Date): Promise<{ matrixCreated: boolean }> {
  const boundaries = (level: 'city' | 'county') => {
    const byAdcode = new Map<string, Boundary>(alliance.boundaries(level).map((b) => [b.adcode, b.polygons]));
    return (adcode: string) => {
      const found = byAdcode.get(adcode);
      if (!found) throw new Error(`no ${level} boundary for ${adcode}`);
      return found;
    };
  };
  const cityBoundary = boundaries('city');
  const countyBoundary = boundaries('county');

  await db
    .insert(cities)
    .values(alliance.cities.map((c) => ({ adcode: c.adcode, nameZh: c.name.zh, nameEn: c.name.en, boundary: cityBoundary(c.adcode) })))
    .onConflictDoUpdate({ target: cities.adcode, set: refresh(cities, 'nameZh', 'nameEn', 'boundary') });
  await db
    .insert(counties)
    .values(
      alliance.counties.map((c) => ({
        adcode: c.adcode,
        cityAdcode: c.cityAdcode,
        nameZh: c.name.zh,
        nameEn: c.name.en,
        kind: c.kind,
        boundary: countyBoundary(c.adcode),
      })),
    )
    .onConflictDoUpdate({ target: counties.adcode, set: refresh(counties, 'nameZh', 'nameEn', 'kind', 'boundary') });
  await db
    .insert(departments)
    .values(DEPARTMENT_CODES.map((code, sort) => ({ code, nameZh: DEPARTMENTS[code].zh, nameEn: DEPARTMENTS[code].en, sort })))
    .onConflictDoUpdate({ target: departments.code, set: refresh(departments, 'nameZh', 'nameEn', 'sort') });
  await db
    .insert(domains)
    .values(DOMAIN_CODES.map((code, sort) => ({ code, nameZh: DOMAINS[code].zh, nameEn: DOMAINS[code].en, sort })))
    .onConflictDoUpdate({ target: domains.code, set: refresh(domains, 'nameZh', 'nameEn', 'sort') });
  await db
    .insert(units)
    .values(
      alliance.cities.flatMap((c) =>
        DEPARTMENT_CODES.map((d) => ({
          id: unitId(c.adcode, d),
          cityAdcode: c.adcode,
          departmentCode: d,
          nameZh: `${c.name.zh}${DEPARTMENTS[d].zh}`,
          nameEn: `${c.name.en} ${DEPARTMENTS[d].en}`,
        })),
      ),
    )
    .onConflictDoUpdate({ target: units.id, set: refresh(units, 'nameZh', 'nameEn') });

  // The cities' enforcement standards as first collected; a standard already stored is kept as it is.
  await db
    .insert(cityStandards)
    .values(
      STANDARDS_V1.map((s) => ({
        cityAdcode: s.cityAdcode,
        matterCode: s.matterCode,
        policy: s.policy,
        conditionsZh: s.conditions.zh,
        conditionsEn: s.conditions.en,
        fines: s.fines as never,
        firstOffenceNoPenalty: s.firstOffenceNoPenalty,
        effectiveFrom: s.effectiveFrom,
        source: s.source,
      })),
    )
    .onConflictDoNothing();

  const existing = await db.select({ v: matrixVersions.version }).from(matrixVersions).limit(1);
  if (existing.length > 0) return { matrixCreated: false };
  await insertMatrixVersion(db, { version: 1, basedOn: null, createdBy: 'system:seed', reason: MATRIX_V1_REASON, at, matters: MATRIX_V1_MATTERS });
  return { matrixCreated: true };
}
