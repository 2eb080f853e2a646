import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { foldText, subjectKey, type Business, type CaseScope, type Measure } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { cases, dataRequests, enforcementRecords, registerBusinesses } from '../schema/index.ts';
import { visibleCaseIds } from './visibility.repository.ts';

/**
 * Stores businesses in a unit's register, upserting by credit code (a re-import updates in place).
 * Returns how many were new, changed and unchanged, so a repeat import can say it added nothing.
 */
export async function upsertBusinesses(
  db: Database,
  unitId: string,
  businesses: readonly Business[],
  at: Date,
): Promise<{ added: number; updated: number; unchanged: number }> {
  const out = { added: 0, updated: 0, unchanged: 0 };
  if (businesses.length === 0) return out;
  const existing = await db
    .select()
    .from(registerBusinesses)
    .where(
      and(
        eq(registerBusinesses.unitId, unitId),
        inArray(
          registerBusinesses.creditCode,
          businesses.map((b) => b.creditCode),
        ),
      ),
    );
  const byCode = new Map(existing.map((r) => [r.creditCode, r]));
  const changed: Business[] = [];
  for (const b of businesses) {
    const old = byCode.get(b.creditCode);
    if (!old) out.added++;
    else if (old.name === b.name && old.address === b.address && old.scope === b.scope && old.status === b.status) {
      out.unchanged++;
      continue;
    } else out.updated++;
    changed.push(b);
  }
  if (changed.length === 0) return out;
  await db
    .insert(registerBusinesses)
    .values(changed.map((b) => ({ unitId, ...b, nameFolded: foldText(b.name), addressFolded: foldText(b.address), importedAt: at })))
    .onConflictDoUpdate({
      target: [registerBusinesses.unitId, registerBusinesses.creditCode],
      set: {
        name: sql`excluded.name`,
        address: sql`excluded.address`,
        scope: sql`excluded.scope`,
        status: sql`excluded.status`,
        nameFolded: sql`excluded.name_folded`,
        addressFolded: sql`excluded.address_folded`,
        importedAt: sql`excluded.imported_at`,
      },
    });
  return out;
}

export interface RegisterEntry extends Business {
  unitId: string;
}

/** The folded name and address as migration 0022 indexes them (the GIN index of their character pairs). */
const foldedText = sql`(${registerBusinesses.nameFolded} || '|' || ${registerBusinesses.addressFolded})`;

/**
 * The character pairs of a folded query the index is asked for (as gongzhi_search_grams makes them),
 * leaving out pairs of digits when others remain: house numbers put those in most rows, so their
 * long lists would be read for nothing (the substring test after the index keeps the answer exact).
 * A one-character query has no pairs: it is a scan.
 */
function telling(q: string): string[] {
  const chars = [...q];
  const pairs = [...new Set(chars.slice(1).map((c, i) => `${chars[i]}${c}`))];
  const worded = pairs.filter((p) => !/^[0-9]{2}$/.test(p));
  return worded.length > 0 ? worded : pairs;
}

/**
 * Registered businesses by credit code (exact), else by a fragment of the name or the address
 * (folded as the domain folds them). Registers are published to every signed-in department. The
 * code goes by its btree index; a fragment by the GIN index of character pairs (a row must have
 * every pair of the query), then by substring on the rows that have them. Two queries, not one with
 * OR: the OR's filter would compute every fetched row's pairs again.
 */
export async function lookupBusinesses(db: Database, query: string, limit = 10): Promise<RegisterEntry[]> {
  const code = query.trim().toUpperCase();
  const byCode = code.length > 0 ? await db.select().from(registerBusinesses).where(eq(registerBusinesses.creditCode, code)).limit(limit) : [];
  const rows = byCode.length > 0 ? byCode : ((await businessesMatching(db, query, limit)) ?? []);
  return rows.map((r) => ({ unitId: r.unitId, name: r.name, creditCode: r.creditCode, address: r.address, scope: r.scope, status: r.status }));
}

/** The lookup's query by a fragment, unsent (its test asks the planner how it would run it); null for an empty query. */
export function businessesMatching(db: Database, query: string, limit = 10) {
  const q = foldText(query);
  if (q.length === 0) return null;
  const inText = sql`(strpos(${registerBusinesses.nameFolded}, ${q}) > 0 or strpos(${registerBusinesses.addressFolded}, ${q}) > 0)`;
  const pairs = telling(q);
  const byPairs =
    pairs.length === 0
      ? sql`true`
      : sql`gongzhi_search_grams(${foldedText}) @> array[${sql.join(
          pairs.map((p) => sql`${p}`),
          sql`, `,
        )}]::text[]`;
  return db
    .select()
    .from(registerBusinesses)
    .where(sql`${byPairs} and ${inText}`)
    .orderBy(registerBusinesses.name)
    .limit(limit);
}

export interface ViolationEntry {
  /** present only where the reader may see the case (the one visibility rule) */
  caseId: string | null;
  caseNumber: number | null;
  cityAdcode: string;
  matterCode: string;
  measure: Measure;
  fineAmount: number | null;
  closedAt: string;
}

/**
 * A subject's violation history (违法记录): the enforcement records of its closed cases, newest
 * first, across every unit, by the subject's key (domain subjectKey: credit code, else folded name,
 * at the case's address for a business). Dates, matters and measures are shared with any
 * department; the case itself (id and number) only where the reader may see it.
 */
export async function violationsOf(
  db: Database,
  scope: CaseScope,
  key: string,
  options: { excludeCaseId?: string | undefined } = {},
): Promise<ViolationEntry[]> {
  const rows = await db
    .select({ r: enforcementRecords, number: cases.number, closedAt: cases.closedAt })
    .from(enforcementRecords)
    .innerJoin(cases, eq(cases.id, enforcementRecords.caseId))
    .where(
      and(
        eq(enforcementRecords.subjectKey, key),
        isNotNull(cases.closedAt),
        eq(cases.state, 'closed'),
        options.excludeCaseId ? sql`${cases.id} <> ${options.excludeCaseId}` : undefined,
      ),
    )
    .orderBy(desc(cases.closedAt))
    .limit(200);
  const visible = await visibleCaseIds(
    db,
    scope,
    rows.map((r) => r.r.caseId),
  );
  return rows.map(({ r, number, closedAt }) => ({
    caseId: visible.has(r.caseId) ? r.caseId : null,
    caseNumber: visible.has(r.caseId) ? number : null,
    cityAdcode: r.cityAdcode,
    matterCode: r.matterCode,
    measure: r.measure,
    fineAmount: r.fineAmount,
    closedAt: (closedAt as Date).toISOString(),
  }));
}

/** A subject of closed cases with no credit code (a person, a named stall, an unregistered shop). */
export interface UnregisteredSubject {
  key: string;
  kind: 'person' | 'business';
  /** as the latest record wrote it */
  name: string;
  /** a business's: the case's address its key was made with */
  place: string | null;
}

/**
 * The subjects without a credit code whose folded name is the query's (a person or stall by name,
 * an unregistered business by name at each address it was recorded at): by the records' key index.
 */
export async function unregisteredSubjectsNamed(db: Database, query: string, limit = 10): Promise<UnregisteredSubject[]> {
  const name = foldText(query);
  if (name.length === 0) return [];
  const businessPrefix = `business:${name.replace(/[\\%_]/g, (c) => `\\${c}`)}@%`;
  const rows = await db
    .selectDistinctOn([enforcementRecords.subjectKey], {
      key: enforcementRecords.subjectKey,
      kind: enforcementRecords.subjectKind,
      name: enforcementRecords.subjectName,
      place: cases.address,
    })
    .from(enforcementRecords)
    .innerJoin(cases, eq(cases.id, enforcementRecords.caseId))
    .where(
      and(eq(cases.state, 'closed'), sql`(${enforcementRecords.subjectKey} = ${`person:${name}`} or ${enforcementRecords.subjectKey} like ${businessPrefix})`),
    )
    .orderBy(enforcementRecords.subjectKey, desc(cases.closedAt))
    .limit(limit);
  return rows.flatMap((r) => (r.key ? [{ key: r.key, kind: r.kind, name: r.name, place: r.kind === 'business' ? r.place : null }] : []));
}

/**
 * Fills the subject key of enforcement records kept before it existed (migration 0022), by the
 * domain's rule, in the server's start: the key needs foldText, which SQL cannot repeat exactly.
 */
export async function backfillSubjectKeys(db: Database): Promise<number> {
  const rows = await db
    .select({
      caseId: enforcementRecords.caseId,
      kind: enforcementRecords.subjectKind,
      name: enforcementRecords.subjectName,
      creditCode: enforcementRecords.creditCode,
      place: cases.address,
    })
    .from(enforcementRecords)
    .innerJoin(cases, eq(cases.id, enforcementRecords.caseId))
    .where(isNull(enforcementRecords.subjectKey));
  for (const r of rows) {
    await db
      .update(enforcementRecords)
      .set({ subjectKey: subjectKey({ kind: r.kind, name: r.name, creditCode: r.creditCode }, r.place) })
      .where(eq(enforcementRecords.caseId, r.caseId));
  }
  return rows.length;
}

/** The register of a data request as sent (its workflow keeps the deadline's timer and the inbox rows). */
export async function insertDataRequest(db: Database, row: typeof dataRequests.$inferInsert): Promise<void> {
  await db.insert(dataRequests).values(row);
}

export async function recordDataAnswer(db: Database, id: string, answer: { text: string; attachmentIds: string[]; by: string; at: Date }): Promise<void> {
  await db
    .update(dataRequests)
    .set({ answer: answer.text, attachmentIds: answer.attachmentIds, answeredBy: answer.by, answeredAt: answer.at })
    .where(eq(dataRequests.id, id));
}

export async function findDataRequestRow(db: Database, id: string) {
  const [row] = await db.select().from(dataRequests).where(eq(dataRequests.id, id));
  return row ?? null;
}

/** When each of a case's data requests was escalated (null: not, or not yet), by request id. */
export async function dataRequestEscalations(db: Database, caseId: string): Promise<Map<string, Date | null>> {
  const rows = await db.select({ id: dataRequests.id, escalatedAt: dataRequests.escalatedAt }).from(dataRequests).where(eq(dataRequests.caseId, caseId));
  return new Map(rows.map((r) => [r.id, r.escalatedAt]));
}

/** The businesses enforcement records name with a credit code (the demo register includes them, so their history shows). */
export async function recordedBusinesses(db: Database): Promise<Array<{ name: string; creditCode: string }>> {
  const rows = await db
    .selectDistinctOn([enforcementRecords.creditCode], { name: enforcementRecords.subjectName, creditCode: enforcementRecords.creditCode })
    .from(enforcementRecords)
    .where(isNotNull(enforcementRecords.creditCode));
  return rows.flatMap((r) => (r.creditCode ? [{ name: r.name, creditCode: r.creditCode }] : []));
}

export async function countRegister(db: Database, unitId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(registerBusinesses)
    .where(eq(registerBusinesses.unitId, unitId));
  return row?.n ?? 0;
}
