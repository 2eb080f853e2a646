import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Deviation, Measure, Severity } from '@gongzhi/domain';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The enforcement record (执法记录) of a case's latest resolution: the measure taken, against whom,
 * and how it departs from the city's discretion standard in force on the case's date (checked when
 * it was recorded, never re-judged). A resolution again (after a refusal or a reopening) replaces it.
 */
export const enforcementRecords = pgTable(
  'enforcement_records',
  {
    caseId: text('case_id').primaryKey(),
    cityAdcode: text('city_adcode').notNull(),
    matterCode: text('matter_code').notNull(),
    /** the case's date in China (YYYY-MM-DD): the standard in force then judged it */
    caseDate: text('case_date').notNull(),
    /** the standard's effective date that judged it */
    standardFrom: text('standard_from').notNull(),
    measure: text('measure').$type<Measure>().notNull(),
    /** yuan, with a fine only */
    fineAmount: integer('fine_amount'),
    detainedItems: jsonb('detained_items').$type<string[]>().notNull(),
    severity: text('severity').$type<Severity>().notNull(),
    firstOffence: boolean('first_offence').notNull(),
    subjectKind: text('subject_kind').$type<'person' | 'business'>().notNull(),
    subjectName: text('subject_name').notNull(),
    /** 统一社会信用代码, for a business that has one */
    creditCode: text('credit_code'),
    deviations: jsonb('deviations').$type<Deviation[]>().notNull(),
    recordedBy: text('recorded_by').notNull(),
    recordedAt: at('recorded_at').notNull(),
    /** a supervisor's approval of a deviating record (with the reason) */
    approvedBy: text('approved_by'),
    approvedAt: at('approved_at'),
    approvalReason: text('approval_reason'),
    /**
     * whom the violation history counts it against (domain subjectKey: the credit code, else the
     * folded name, with the case's address for a business); null until the server's start fills it
     * for records kept before it existed
     */
    subjectKey: text('subject_key'),
  },
  (t) => [
    index('enforcement_records_matter').on(t.cityAdcode, t.matterCode, t.severity),
    index('enforcement_records_subject').on(t.subjectKey.op('text_pattern_ops')),
  ],
);
