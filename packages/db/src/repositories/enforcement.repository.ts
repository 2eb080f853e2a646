import { and, desc, eq } from 'drizzle-orm';
import { enforcementFactsOf, subjectKey, type CaseScope, type Deviation, type EnforcementRecord } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { caseFacts, cases, enforcementRecords } from '../schema/index.ts';
import { caseVisibleTo } from './visibility.repository.ts';

export interface StoredEnforcementRecord extends EnforcementRecord {
  caseId: string;
  caseNumber: number;
  standardFrom: string;
  deviations: Deviation[];
  recordedBy: string;
  recordedAt: string;
  approval: { by: string; at: string; reason: string } | null;
}

type Row = typeof enforcementRecords.$inferSelect;

const recordOf = (r: Row, caseNumber: number): StoredEnforcementRecord => ({
  caseId: r.caseId,
  caseNumber,
  cityAdcode: r.cityAdcode,
  matterCode: r.matterCode,
  caseDate: r.caseDate,
  standardFrom: r.standardFrom,
  measure: r.measure,
  fineAmount: r.fineAmount,
  detainedItems: r.detainedItems,
  severity: r.severity,
  firstOffence: r.firstOffence,
  subject: r.subjectKind === 'business' ? { kind: 'business', name: r.subjectName, creditCode: r.creditCode } : { kind: 'person', name: r.subjectName },
  deviations: r.deviations,
  recordedBy: r.recordedBy,
  recordedAt: r.recordedAt.toISOString(),
  approval: r.approvedBy && r.approvedAt ? { by: r.approvedBy, at: r.approvedAt.toISOString(), reason: r.approvalReason ?? '' } : null,
});

/**
 * The record of a case's resolution; a later resolution of the same case replaces it (and any approval
 * of the earlier one). The case's command-centre facts (柔性执法, deviation) change with it, in the
 * same transaction.
 */
export async function saveEnforcementRecord(
  db: Database,
  caseId: string,
  record: EnforcementRecord,
  checked: { standardFrom: string; deviations: Deviation[] },
  by: { username: string; at: Date },
): Promise<void> {
  const [place] = await db.select({ address: cases.address }).from(cases).where(eq(cases.id, caseId));
  const values = {
    cityAdcode: record.cityAdcode,
    matterCode: record.matterCode,
    caseDate: record.caseDate,
    standardFrom: checked.standardFrom,
    measure: record.measure,
    fineAmount: record.fineAmount,
    detainedItems: [...record.detainedItems],
    severity: record.severity,
    firstOffence: record.firstOffence,
    subjectKind: record.subject.kind,
    subjectName: record.subject.name,
    creditCode: record.subject.kind === 'business' ? record.subject.creditCode : null,
    deviations: checked.deviations,
    recordedBy: by.username,
    recordedAt: by.at,
    approvedBy: null,
    approvedAt: null,
    approvalReason: null,
    subjectKey: subjectKey(record.subject, place?.address),
  };
  await db
    .insert(enforcementRecords)
    .values({ caseId, ...values })
    .onConflictDoUpdate({ target: enforcementRecords.caseId, set: values });
  await db
    .update(caseFacts)
    .set(enforcementFactsOf({ measure: record.measure, deviations: checked.deviations }))
    .where(eq(caseFacts.caseId, caseId));
}

export async function approveEnforcementRecord(db: Database, caseId: string, approval: { by: string; at: Date; reason: string }): Promise<void> {
  await db
    .update(enforcementRecords)
    .set({ approvedBy: approval.by, approvedAt: approval.at, approvalReason: approval.reason })
    .where(eq(enforcementRecords.caseId, caseId));
}

export async function findEnforcementRecord(db: Database, caseId: string): Promise<StoredEnforcementRecord | null> {
  const [row] = await db
    .select({ r: enforcementRecords, number: cases.number })
    .from(enforcementRecords)
    .innerJoin(cases, eq(cases.id, enforcementRecords.caseId))
    .where(eq(enforcementRecords.caseId, caseId));
  return row ? recordOf(row.r, row.number) : null;
}

/** The enforcement records of the cases a reader may see (the one visibility rule), newest first. */
export async function listEnforcementRecords(db: Database, scope: CaseScope, filter: { cityAdcode?: string | undefined } = {}) {
  const rows = await db
    .select({ r: enforcementRecords, number: cases.number })
    .from(enforcementRecords)
    .innerJoin(cases, eq(cases.id, enforcementRecords.caseId))
    .where(and(caseVisibleTo(scope), filter.cityAdcode ? eq(enforcementRecords.cityAdcode, filter.cityAdcode) : undefined))
    .orderBy(desc(enforcementRecords.recordedAt));
  return rows.map((row) => recordOf(row.r, row.number));
}
