import { and, desc, eq, gte, inArray, isNull, lte, or, type SQL } from 'drizzle-orm';
import { WORKFLOWS, type CaseView } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { cases, open311Clients, workflows } from '../schema/index.ts';
import type { CaseRow } from './case.repository.ts';

/** Stores a civic-reporting client by the SHA-256 of its key (the key itself is never stored). */
export async function insertApiClient(db: Database, client: { name: string; keyHash: string; createdBy: string; createdAt: Date }): Promise<number> {
  const [row] = await db.insert(open311Clients).values(client).returning({ id: open311Clients.id });
  if (!row) throw new Error('the api client was not stored');
  return row.id;
}

/** The client a key belongs to, unless revoked. */
export async function findApiClient(db: Database, keyHash: string): Promise<{ id: number; name: string } | null> {
  const [client] = await db
    .select({ id: open311Clients.id, name: open311Clients.name })
    .from(open311Clients)
    .where(and(eq(open311Clients.keyHash, keyHash), isNull(open311Clients.revokedAt)));
  return client ?? null;
}

/** The number of the case whose reporter's code has this hash. */
export async function findCaseNumberByCode(db: Database, codeHash: string): Promise<number | null> {
  const [row] = await db.select({ number: cases.number }).from(cases).where(eq(cases.publicCodeHash, codeHash));
  return row?.number ?? null;
}

export interface ServiceRequestFilter {
  /** cases in this city, or reported in it */
  city?: string | undefined;
  /** by case number (then the other fields but `city` are ignored) */
  numbers?: number[] | undefined;
  matterCodes?: string[] | undefined;
  status?: 'open' | 'closed' | undefined;
  /** received between (inclusive) */
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
}

/** Cases for Open311 GET requests, newest first, each with its case workflow's view (none while in triage). */
export async function listServiceRequests(
  db: Database,
  filter: ServiceRequestFilter,
): Promise<Array<{ case: CaseRow; view: CaseView | null; updatedAt: Date | null }>> {
  const conditions: Array<SQL | undefined> = [];
  if (filter.city) conditions.push(or(eq(cases.cityAdcode, filter.city), eq(cases.reportedIn, filter.city)));
  if (filter.numbers) conditions.push(inArray(cases.number, filter.numbers.length > 0 ? filter.numbers : [0]));
  else {
    if (filter.matterCodes && filter.matterCodes.length > 0) conditions.push(inArray(cases.matterCode, filter.matterCodes));
    if (filter.status === 'closed') conditions.push(eq(cases.state, 'closed'));
    if (filter.status === 'open') conditions.push(or(isNull(cases.closedAt), eq(cases.state, 'triage')));
    if (filter.from) conditions.push(gte(cases.createdAt, filter.from));
    if (filter.to) conditions.push(lte(cases.createdAt, filter.to));
  }
  const rows = await db
    .select({ c: cases, snapshot: workflows.snapshot, definitionVersion: workflows.definitionVersion, updatedAt: workflows.updatedAt })
    .from(cases)
    .leftJoin(workflows, eq(workflows.id, cases.id))
    .where(and(...conditions))
    .orderBy(desc(cases.createdAt))
    .limit(filter.limit);
  // A case waiting in triage has only its triage workflow (another id): no case view yet.
  return rows.map((r) => ({
    case: r.c,
    view: r.snapshot && r.definitionVersion !== null ? WORKFLOWS.case.view(r.snapshot, r.definitionVersion) : null,
    updatedAt: r.updatedAt,
  }));
}
