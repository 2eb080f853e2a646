import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, numeric, pgTable, smallint, text, timestamp, unique } from 'drizzle-orm/pg-core';
import type { CaseSource, Tier } from '@gongzhi/domain';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * One row per case with what the command centre's indicators need (domain `CaseFacts`), kept by the
 * engine in the same transaction as each workflow step, or imported from an earlier system
 * (`historical`): dashboards and bulletins read these, never the audit log.
 */
export const caseFacts = pgTable(
  'case_facts',
  {
    caseId: text('case_id').primaryKey(),
    cityAdcode: text('city_adcode').notNull(),
    countyAdcode: text('county_adcode').notNull(),
    matterCode: text('matter_code'),
    domainCode: text('domain_code'),
    source: text('source').$type<CaseSource>().notNull(),
    tier: text('tier').$type<Tier>(),
    reportedAt: at('reported_at').notNull(),
    respondBy: at('respond_by'),
    firstClaimAt: at('first_claim_at'),
    responseUnit: text('response_unit'),
    resolveBy: at('resolve_by'),
    resolvedAt: at('resolved_at'),
    closedAt: at('closed_at'),
    closingUnit: text('closing_unit'),
    holderUnit: text('holder_unit'),
    reopened: integer('reopened').notNull().default(0),
    transfers: integer('transfers').notNull().default(0),
    transfersRejected: integer('transfers_rejected').notNull().default(0),
    disputes: integer('disputes').notNull().default(0),
    disputesRuled: integer('disputes_ruled').notNull().default(0),
    disputesRuledInTime: integer('disputes_ruled_in_time').notNull().default(0),
    supervisionOrders: integer('supervision_orders').notNull().default(0),
    supervisionOverdue: integer('supervision_overdue').notNull().default(0),
    joint: boolean('joint').notNull().default(false),
    border: boolean('border').notNull().default(false),
    repeat: boolean('repeat').notNull().default(false),
    rating: text('rating').$type<'satisfied' | 'unsatisfied'>(),
    published: boolean('published').notNull().default(false),
    enforcementFlexible: boolean('enforcement_flexible'),
    enforcementDeviating: boolean('enforcement_deviating'),
    dataRequestsJudged: integer('data_requests_judged').notNull().default(0),
    dataRequestsOnTime: integer('data_requests_on_time').notNull().default(0),
    dataRequestUnit: text('data_request_unit'),
    historical: boolean('historical').notNull().default(false),
    /** the earlier system's order number, for idempotent history imports */
    externalRef: text('external_ref'),
  },
  (t) => [
    index('case_facts_reported').on(t.reportedAt, t.cityAdcode),
    // a drill-down's order (newest report first, the case id breaking ties): a page after a key reads
    // from there, not every case before it
    index('case_facts_reported_case').on(t.reportedAt.desc().nullsFirst(), t.caseId),
    index('case_facts_closed')
      .on(t.closedAt)
      .where(sql`${t.closedAt} is not null`),
    // the third instant a period is counted on (satisfaction's basis): a period's tallies read its range by index
    index('case_facts_resolved')
      .on(t.resolvedAt)
      .where(sql`${t.resolvedAt} is not null`),
    index('case_facts_external_ref').on(t.externalRef),
    // the cases not claimed yet: the one part of a figure that depends on when it is asked (签收及时率 counts
    // them once their window has run out), read live beside the monthly rollup
    index('case_facts_unclaimed')
      .on(t.reportedAt)
      .where(sql`${t.firstClaimAt} is null`),
  ],
);

/**
 * The facts summed per Beijing month of each period basis (0 reported, 1 closed, 2 resolved) and per
 * city × district × unit (the case's: closing, else holding) × domain × matter × source: `n[k]` and `d[k]`
 * are the numerator and denominator of the k-th indicator of `INDICATOR_SQL` over the cases whose
 * instant of that indicator's basis falls in the month. Kept by a statement trigger on `case_facts`
 * (in the same transaction as every insert, update and delete of facts), whose function is generated
 * from `INDICATOR_SQL` and installed, with the rollup rebuilt, whenever that definition changes
 * (repositories/rollup.ts, run by `migrate()`). Month, quarter and year figures read this instead of
 * the facts; weeks, units, hours and drill-downs stay on the facts.
 */
export const caseFactsMonthly = pgTable(
  'case_facts_monthly',
  {
    month: date('month').notNull(),
    basis: smallint('basis').notNull(),
    cityAdcode: text('city_adcode').notNull(),
    countyAdcode: text('county_adcode').notNull(),
    unit: text('unit'),
    domainCode: text('domain_code'),
    matterCode: text('matter_code'),
    source: text('source').notNull(),
    /** the cases with this basis's instant in the month (a group with cases shows, even at zero) */
    cases: integer('cases').notNull(),
    n: numeric('n').array().notNull(),
    d: numeric('d').array().notNull(),
  },
  (t) => [unique('case_facts_monthly_key').on(t.month, t.basis, t.cityAdcode, t.countyAdcode, t.unit, t.domainCode, t.matterCode, t.source).nullsNotDistinct()],
);

/**
 * Complaints per Beijing day × city × district × domain, by hour of the day (`hours`, 24 counts): the
 * early warning's history without reading every case, for a scope and filters of cities, districts
 * and domains (others read the facts). Kept by the same trigger as `case_facts_monthly`.
 */
export const caseFactsCells = pgTable(
  'case_facts_cells',
  {
    day: date('day').notNull(),
    cityAdcode: text('city_adcode').notNull(),
    countyAdcode: text('county_adcode').notNull(),
    domainCode: text('domain_code').notNull(),
    hours: integer('hours').array().notNull(),
  },
  (t) => [unique('case_facts_cells_key').on(t.day, t.cityAdcode, t.countyAdcode, t.domainCode)],
);
