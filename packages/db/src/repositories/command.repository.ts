import { and, asc, eq, getTableColumns, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { factsFromHistory, type CaseFacts, type CaseIntake, type HistoryEntry } from '@gongzhi/domain';
import { executePrepared, rowsOf, type Database } from '../client.ts';
import { insertStatements } from '../workflow/write-queue.ts';
import { auditLog, caseFacts, cases, enforcementRecords, matters } from '../schema/index.ts';

type FactsRow = typeof caseFacts.$inferSelect;
const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function factsOfRow(r: FactsRow): CaseFacts {
  return {
    caseId: r.caseId,
    cityAdcode: r.cityAdcode,
    countyAdcode: r.countyAdcode,
    matterCode: r.matterCode,
    domainCode: r.domainCode as CaseFacts['domainCode'],
    source: r.source,
    tier: r.tier,
    reportedAt: r.reportedAt.toISOString(),
    respondBy: iso(r.respondBy),
    firstClaimAt: iso(r.firstClaimAt),
    responseUnit: r.responseUnit,
    resolveBy: iso(r.resolveBy),
    resolvedAt: iso(r.resolvedAt),
    closedAt: iso(r.closedAt),
    closingUnit: r.closingUnit,
    holderUnit: r.holderUnit,
    reopened: r.reopened,
    transfers: r.transfers,
    transfersRejected: r.transfersRejected,
    disputes: r.disputes,
    disputesRuled: r.disputesRuled,
    disputesRuledInTime: r.disputesRuledInTime,
    supervisionOrders: r.supervisionOrders,
    supervisionOverdue: r.supervisionOverdue,
    joint: r.joint,
    border: r.border,
    repeat: r.repeat,
    rating: r.rating,
    published: r.published,
    historical: r.historical,
    enforcementFlexible: r.enforcementFlexible,
    enforcementDeviating: r.enforcementDeviating,
    dataRequestsJudged: r.dataRequestsJudged,
    dataRequestsOnTime: r.dataRequestsOnTime,
    dataRequestUnit: r.dataRequestUnit,
  };
}

export interface FactsFilter {
  /** cases whose report, resolution or closure falls in [from, to) */
  from?: Date | undefined;
  to?: Date | undefined;
  caseIds?: readonly string[] | undefined;
  cityAdcode?: string | undefined;
}

/** The facts rows kept by the engine (and imported history). */
export async function loadFacts(db: Database, filter: FactsFilter = {}): Promise<CaseFacts[]> {
  const where: SQL[] = [];
  if (filter.caseIds) where.push(inArray(caseFacts.caseId, [...filter.caseIds]));
  if (filter.cityAdcode) where.push(eq(caseFacts.cityAdcode, filter.cityAdcode));
  if (filter.from && filter.to) {
    const { from, to } = filter;
    where.push(
      sql`((${caseFacts.reportedAt} >= ${from.toISOString()} and ${caseFacts.reportedAt} < ${to.toISOString()})
        or (${caseFacts.closedAt} >= ${from.toISOString()} and ${caseFacts.closedAt} < ${to.toISOString()})
        or (${caseFacts.resolvedAt} >= ${from.toISOString()} and ${caseFacts.resolvedAt} < ${to.toISOString()}))`,
    );
  }
  const rows = await db
    .select()
    .from(caseFacts)
    .where(where.length ? and(...where) : undefined);
  return rows.map(factsOfRow);
}

/**
 * Facts recomputed from the cases' full history (their rows and audit trails), by the domain's
 * `factsFromHistory`: the independent path the engine's incremental facts are checked against.
 */
export async function factsFromAudit(db: Database, caseIds?: readonly string[]): Promise<CaseFacts[]> {
  const rows = await db
    .select({
      id: cases.id,
      cityAdcode: cases.cityAdcode,
      countyAdcode: cases.countyAdcode,
      matterCode: cases.matterCode,
      domainCode: matters.domainCode,
      source: cases.source,
      tier: cases.tier,
      reportedAt: sql<Date>`coalesce(${cases.reportedAt}, ${cases.createdAt})`.mapWith(cases.createdAt),
      border: sql<boolean>`cardinality(${cases.borderCities}) > 0`,
      repeat: sql<boolean>`${cases.repeatOf} is not null`,
      resolveBy: cases.resolveBy,
      measure: enforcementRecords.measure,
      deviations: enforcementRecords.deviations,
    })
    .from(cases)
    .leftJoin(matters, and(eq(matters.version, cases.matrixVersion), eq(matters.code, cases.matterCode)))
    .leftJoin(enforcementRecords, eq(enforcementRecords.caseId, cases.id))
    .where(caseIds ? inArray(cases.id, [...caseIds]) : undefined);
  const ids = rows.map((r) => r.id);
  if (ids.length === 0) return [];
  const entries = await db
    .select({ chain: auditLog.chain, at: auditLog.at, action: auditLog.action, workflowId: auditLog.workflowId, payload: auditLog.payload })
    .from(auditLog)
    .where(inArray(auditLog.chain, ids))
    .orderBy(asc(auditLog.chain), asc(auditLog.seq));
  const byCase = new Map<string, HistoryEntry[]>();
  for (const e of entries) {
    const list = byCase.get(e.chain) ?? [];
    list.push({ at: e.at.toISOString(), action: e.action, workflowId: e.workflowId, payload: (e.payload ?? {}) as Record<string, unknown> });
    byCase.set(e.chain, list);
  }
  return rows.map((r) => {
    const intake: CaseIntake = {
      caseId: r.id,
      cityAdcode: r.cityAdcode,
      countyAdcode: r.countyAdcode,
      matterCode: r.matterCode,
      domainCode: r.domainCode as CaseIntake['domainCode'],
      source: r.source,
      tier: r.tier,
      reportedAt: new Date(r.reportedAt).toISOString(),
      border: Boolean(r.border),
      repeat: Boolean(r.repeat),
      resolveBy: r.resolveBy ? new Date(r.resolveBy).toISOString() : null,
      enforcement: r.measure && r.deviations ? { measure: r.measure, deviations: r.deviations } : null,
    };
    return factsFromHistory(intake, byCase.get(r.id) ?? []);
  });
}

/** Cases that have no facts row yet (stored before the command centre existed) get one, from their history. */
export async function backfillFacts(db: Database): Promise<number> {
  const missing = await db.select({ id: cases.id }).from(cases).leftJoin(caseFacts, eq(caseFacts.caseId, cases.id)).where(isNull(caseFacts.caseId));
  let done = 0;
  for (let i = 0; i < missing.length; i += 500) {
    const facts = await factsFromAudit(
      db,
      missing.slice(i, i + 500).map((m) => m.id),
    );
    if (facts.length > 0) await insertFacts(db, facts);
    done += facts.length;
  }
  return done;
}

/** Rows per insert statement (one JSON parameter each): a bound on one statement's size. */
const FACTS_PER_INSERT = 2000;
const FACTS_COLUMNS = Object.keys(getTableColumns(caseFacts));

/** Inserts facts rows (history imports, backfill); a case already present is left as it is. */
export async function insertFacts(db: Database, facts: readonly CaseFacts[], externalRefs?: ReadonlyMap<string, string>): Promise<number> {
  let added = 0;
  for (let i = 0; i < facts.length; i += FACTS_PER_INSERT) {
    // Only the table's columns: facts built by spreading a wider record (an intake's) carry more.
    const rows = facts.slice(i, i + FACTS_PER_INSERT).map((f) => {
      const given: Record<string, unknown> = { ...f, externalRef: externalRefs?.get(f.caseId) ?? null };
      return Object.fromEntries(FACTS_COLUMNS.filter((key) => given[key] !== undefined).map((key) => [key, given[key]]));
    });
    for (const statement of insertStatements(caseFacts, rows, sql`on conflict do nothing returning case_id`)) {
      added += rowsOf(await executePrepared(db, statement)).length;
    }
  }
  return added;
}

/** Which of these case ids already have facts (a history import's idempotency check). */
export async function existingFacts(db: Database, caseIds: readonly string[]): Promise<Set<string>> {
  if (caseIds.length === 0) return new Set();
  const rows = await db
    .select({ id: caseFacts.caseId })
    .from(caseFacts)
    .where(inArray(caseFacts.caseId, [...caseIds]));
  return new Set(rows.map((r) => r.id));
}
