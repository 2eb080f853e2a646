import type { Polygon } from '@gongzhi/geo';
import { boolean, integer, jsonb, pgTable, text, unique } from 'drizzle-orm/pg-core';

/** GeoJSON polygons, [lon, lat] WGS84, outer ring first. */
/** A division's boundary as GeoJSON polygons (rings of [lon, lat]). */
export type Boundary = readonly Polygon[];

export const cities = pgTable('cities', {
  adcode: text('adcode').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  boundary: jsonb('boundary').$type<Boundary>().notNull(),
});

export const counties = pgTable('counties', {
  adcode: text('adcode').primaryKey(),
  cityAdcode: text('city_adcode')
    .notNull()
    .references(() => cities.adcode),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  kind: text('kind').notNull(),
  boundary: jsonb('boundary').$type<Boundary>().notNull(),
});

export const departments = pgTable('departments', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  sort: integer('sort').notNull(),
});

export const domains = pgTable('domains', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  sort: integer('sort').notNull(),
});

/** A unit is one department in one city: the party that receives and holds cases. */
export const units = pgTable(
  'units',
  {
    id: text('id').primaryKey(),
    cityAdcode: text('city_adcode')
      .notNull()
      .references(() => cities.adcode),
    departmentCode: text('department_code')
      .notNull()
      .references(() => departments.code),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
  },
  (t) => [unique('units_city_department').on(t.cityAdcode, t.departmentCode)],
);

/** One city's enforcement standard for one matter (执法标准), side by side across the alliance. */
export const cityStandards = pgTable(
  'city_standards',
  {
    cityAdcode: text('city_adcode')
      .notNull()
      .references(() => cities.adcode),
    matterCode: text('matter_code').notNull(),
    policy: text('policy').notNull(),
    conditionsZh: text('conditions_zh').notNull(),
    conditionsEn: text('conditions_en').notNull(),
    /** { minor, ordinary, serious }: [min, max] yuan; null where no fine applies */
    fines: jsonb('fines').$type<{ minor: [number, number]; ordinary: [number, number]; serious: [number, number] } | null>(),
    firstOffenceNoPenalty: boolean('first_offence_no_penalty').notNull(),
    effectiveFrom: text('effective_from').notNull(),
    source: text('source').notNull(),
  },
  // a city's standard for a matter changes by a new row effective from a later date; the one in force on a case's date judges it
  (t) => [unique('city_standards_city_matter_from').on(t.cityAdcode, t.matterCode, t.effectiveFrom)],
);
