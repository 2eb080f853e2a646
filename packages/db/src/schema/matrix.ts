import { boolean, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
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
    sort: integer('sort').notNull(),
  },
  (t) => [primaryKey({ columns: [t.version, t.code] })],
);
