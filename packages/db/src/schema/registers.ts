import { index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { LicenceStatus } from '@gongzhi/domain';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * A business in a department's published register (信息共享: market regulation's licensed
 * businesses). One row per publishing unit and credit code; a re-import updates it in place. The
 * folded name and address (domain foldText) are what a lookup matches against.
 */
export const registerBusinesses = pgTable(
  'register_businesses',
  {
    /** the publishing unit, `adcode:department` */
    unitId: text('unit_id').notNull(),
    creditCode: text('credit_code').notNull(),
    name: text('name').notNull(),
    address: text('address').notNull(),
    scope: text('scope').notNull(),
    status: text('status').$type<LicenceStatus>().notNull(),
    nameFolded: text('name_folded').notNull(),
    addressFolded: text('address_folded').notNull(),
    importedAt: at('imported_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.creditCode] }), index('register_businesses_code').on(t.creditCode)],
);

/**
 * A data request (数据请求) from one unit working a case to another unit: what is needed and a
 * deadline in working days; answered in the platform with text and attachments. Its deadline is a
 * durable timer of its workflow (data-request.machine.ts); the row is the register of requests the
 * information-sharing rate counts.
 */
export const dataRequests = pgTable(
  'data_requests',
  {
    id: text('id').primaryKey(),
    caseId: text('case_id').notNull(),
    fromUnit: text('from_unit').notNull(),
    toUnit: text('to_unit').notNull(),
    need: text('need').notNull(),
    workingDays: integer('working_days').notNull(),
    sentBy: text('sent_by').notNull(),
    sentAt: at('sent_at').notNull(),
    dueAt: at('due_at').notNull(),
    answer: text('answer'),
    attachmentIds: jsonb('attachment_ids').$type<string[]>().notNull().default([]),
    answeredBy: text('answered_by'),
    answeredAt: at('answered_at'),
    escalatedAt: at('escalated_at'),
  },
  (t) => [index('data_requests_case').on(t.caseId), index('data_requests_to').on(t.toUnit, t.sentAt), index('data_requests_from').on(t.fromUnit, t.sentAt)],
);
