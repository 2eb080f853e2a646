import { asc, desc, eq } from 'drizzle-orm';
import type { CityStandard, DepartmentCode, DomainCode, Name, Policy } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { allianceStandards, cities, cityStandards, counties, departments, domains, units } from '../schema/index.ts';

export interface UnitInfo {
  id: string;
  cityAdcode: string;
  department: DepartmentCode;
  name: Name;
}

export interface ReferenceData {
  cities: Array<{ adcode: string; name: Name; counties: Array<{ adcode: string; name: Name }> }>;
  departments: Array<{ code: DepartmentCode; name: Name }>;
  domains: Array<{ code: DomainCode; name: Name }>;
}

export async function loadReference(db: Database): Promise<ReferenceData> {
  const [cityRows, countyRows, departmentRows, domainRows] = await Promise.all([
    db.select({ adcode: cities.adcode, nameZh: cities.nameZh, nameEn: cities.nameEn }).from(cities).orderBy(asc(cities.adcode)),
    db
      .select({ adcode: counties.adcode, cityAdcode: counties.cityAdcode, nameZh: counties.nameZh, nameEn: counties.nameEn })
      .from(counties)
      .orderBy(asc(counties.adcode)),
    db.select().from(departments).orderBy(asc(departments.sort)),
    db.select().from(domains).orderBy(asc(domains.sort)),
  ]);
  return {
    cities: cityRows.map((c) => ({
      adcode: c.adcode,
      name: { zh: c.nameZh, en: c.nameEn },
      counties: countyRows.filter((k) => k.cityAdcode === c.adcode).map((k) => ({ adcode: k.adcode, name: { zh: k.nameZh, en: k.nameEn } })),
    })),
    departments: departmentRows.map((d) => ({ code: d.code as DepartmentCode, name: { zh: d.nameZh, en: d.nameEn } })),
    domains: domainRows.map((d) => ({ code: d.code as DomainCode, name: { zh: d.nameZh, en: d.nameEn } })),
  };
}

export async function listUnits(db: Database): Promise<UnitInfo[]> {
  const rows = await db.select().from(units).orderBy(asc(units.id));
  return rows.map((u) => ({
    id: u.id,
    cityAdcode: u.cityAdcode,
    department: u.departmentCode as DepartmentCode,
    name: { zh: u.nameZh, en: u.nameEn },
  }));
}

/** The cities' enforcement standards, for one matter or all of them. */
export async function listStandards(db: Database, matterCode?: string): Promise<CityStandard[]> {
  const rows = await db
    .select()
    .from(cityStandards)
    .where(matterCode ? eq(cityStandards.matterCode, matterCode) : undefined)
    .orderBy(asc(cityStandards.matterCode), asc(cityStandards.cityAdcode));
  return rows.map((r) => ({
    cityAdcode: r.cityAdcode,
    matterCode: r.matterCode,
    policy: r.policy as Policy,
    conditions: { zh: r.conditionsZh, en: r.conditionsEn },
    fines: r.fines,
    firstOffenceNoPenalty: r.firstOffenceNoPenalty,
    effectiveFrom: r.effectiveFrom,
    source: r.source,
  }));
}

/** Published alliance standards (harmonised), newest first. */
export async function listAllianceStandards(db: Database) {
  const rows = await db.select().from(allianceStandards).orderBy(desc(allianceStandards.publishedAt));
  return rows.map((r) => ({ matterCode: r.matterCode, text: r.text, proposalId: r.proposalId, publishedAt: r.publishedAt.toISOString() }));
}
