import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Requests a client may send twice: a phone that resolved a case offline sends it again when it
 * cannot tell whether the first try arrived (the answer was lost). The client names the request with
 * a random key; the first one to commit stores its answer here in the same transaction as its work,
 * and a repeat of the key gets that answer back instead of doing the work again.
 */
export const requestKeys = pgTable(
  'request_keys',
  {
    key: text('key').primaryKey(),
    /** what the request did, e.g. `case.resolve` */
    action: text('action').notNull(),
    username: text('username').notNull(),
    caseId: text('case_id').notNull(),
    /** the first answer, given again to a repeat */
    result: jsonb('result'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('request_keys_case').on(t.caseId)],
);
