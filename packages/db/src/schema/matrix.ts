import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { DraftOffice, DraftOperation, ResolutionUnit } from '@gongzhi/domain';
import { departments, domains } from './reference.ts';

/** Every version of the responsibility matrix; old versions stay readable. */
export const matrixVersions = pgTable('matrix_versions', {
  version: integer('version').primaryKey(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  createdBy: text('created_by').notNull(),
  reason: text('reason').notNull(),
  basedOn: integer('based_on'),
  /** the dispute whose ruling this version writes into the matrix, if any */
  disputeId: text('dispute_id'),
  /** from when intake routes by this version (a scheduled adoption lies ahead of created_at) */
  effectiveAt: timestamp('effective_at', { withTimezone: true }).notNull(),
  /** the draft this version adopted, if any */
  draftId: text('draft_id'),
});

/** The full list of matters as of one version (a version is a complete snapshot, not a delta). */
export const matters = pgTable(
  'matters',
  {
    version: integer('version')
      .notNull()
      .references(() => matrixVersions.version),
    code: text('code').notNull(),
    domainCode: text('domain_code')
      .notNull()
      .references(() => domains.code),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    lead: text('lead')
      .notNull()
      .references(() => departments.code),
    supports: text('supports').array().notNull(),
    tier: text('tier').notNull(),
    legalBasis: text('legal_basis').notNull(),
    keywords: text('keywords').array().notNull(),
    joint: boolean('joint').notNull(),
    /** 处置时限: a whole number of working hours or working days; null in versions stored before it (the tier's default) */
    resolutionAmount: integer('resolution_amount'),
    resolutionUnit: text('resolution_unit').$type<ResolutionUnit>(),
    /** example complaints written with the amendment (the classifier trains on them) */
    examples: text('examples')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** retired: the matter its cases now route to */
    successor: text('successor'),
    sort: integer('sort').notNull(),
  },
  (t) => [primaryKey({ columns: [t.version, t.code] })],
);

/** Draft amendments (修订草案): a base version and the operations on it, until adopted or withdrawn. */
export const matrixDrafts = pgTable(
  'matrix_drafts',
  {
    id: text('id').primaryKey(),
    basedOn: integer('based_on')
      .notNull()
      .references(() => matrixVersions.version),
    operations: jsonb('operations').$type<DraftOperation[]>().notNull(),
    /** leadership, or the alliance office for alliance-wide matters */
    office: text('office').$type<DraftOffice>().notNull(),
    title: text('title').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** open, adopted or withdrawn */
    state: text('state').$type<'open' | 'adopted' | 'withdrawn'>().notNull(),
    /** optimistic concurrency: every change bumps it */
    revision: integer('revision').notNull().default(1),
    adoptedVersion: integer('adopted_version'),
  },
  (t) => [index('matrix_drafts_state').on(t.state, t.updatedAt)],
);
