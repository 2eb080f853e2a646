import { and, desc, eq, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { WORKFLOWS, type CaseView } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { cases, open311Clients, workflows } from '../schema/index.ts';
import type { CaseRow } from './case.repository.ts';

/** Stores a civic-reporting client by the SHA-256 of its key (the key itself is never stored). */
export async function insertApiClient(
  db: Database,
  client: { name: string; keyHash: string; createdBy: string; createdAt: Date; ratePerMinute?: number | undefined },
): Promise<number> {
  const [row] = await db.insert(open311Clients).values(client).returning({ id: open311Clients.id });
  if (!row) throw new Error('the api client was not stored');
  return row.id;
}

export interface ApiClientUse {
  id: number;
  name: string;
  /** requests in the current one-minute window, this one included */
  windowCount: number;
  ratePerMinute: number;
  windowStart: Date;
}

/**
 * One request made with a key, counted in one statement (so concurrent requests each take their
 * own place in the window): the request count and last use, and the fixed one-minute window — a
 * new window when the last one is over. Null when the key is unknown or revoked.
 */
export async function meterApiClient(db: Database, keyHash: string, at: Date): Promise<ApiClientUse | null> {
  const stale = sql`(${open311Clients.windowStart} is null or ${open311Clients.windowStart} <= ${at}::timestamptz - interval '1 minute' or ${open311Clients.windowStart} > ${at}::timestamptz)`;
  const [row] = await db
    .update(open311Clients)
    .set({
      requestCount: sql`${open311Clients.requestCount} + 1`,
      lastUsedAt: at,
      windowStart: sql`case when ${stale} then ${at}::timestamptz else ${open311Clients.windowStart} end`,
      windowCount: sql`case when ${stale} then 1 else ${open311Clients.windowCount} + 1 end`,
    })
    .where(and(eq(open311Clients.keyHash, keyHash), isNull(open311Clients.revokedAt)))
    .returning({
      id: open311Clients.id,
      name: open311Clients.name,
      windowCount: open311Clients.windowCount,
      ratePerMinute: open311Clients.ratePerMinute,
      windowStart: open311Clients.windowStart,
    });
  if (!row) return null;
  return { ...row, windowStart: row.windowStart ?? at };
}

export interface ApiClientRecord {
  id: number;
  name: string;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  requestCount: number;
  ratePerMinute: number;
}

const clientColumns = {
  id: open311Clients.id,
  name: open311Clients.name,
  createdBy: open311Clients.createdBy,
  createdAt: open311Clients.createdAt,
  revokedAt: open311Clients.revokedAt,
  lastUsedAt: open311Clients.lastUsedAt,
  requestCount: open311Clients.requestCount,
  ratePerMinute: open311Clients.ratePerMinute,
};

/** Every client, the ones in use first, newest first. */
export async function listApiClients(db: Database): Promise<ApiClientRecord[]> {
  return db
    .select(clientColumns)
    .from(open311Clients)
    .orderBy(sql`${open311Clients.revokedAt} is not null`, desc(open311Clients.createdAt), desc(open311Clients.id));
}

export async function findApiClientById(db: Database, id: number): Promise<ApiClientRecord | null> {
  const [row] = await db.select(clientColumns).from(open311Clients).where(eq(open311Clients.id, id));
  return row ?? null;
}

/** Revokes a key: its next request is refused (every request reads the row). False when it was already revoked. */
export async function revokeApiClient(db: Database, id: number, at: Date): Promise<boolean> {
  const rows = await db
    .update(open311Clients)
    .set({ revokedAt: at })
    .where(and(eq(open311Clients.id, id), isNull(open311Clients.revokedAt)))
    .returning({ id: open311Clients.id });
  return rows.length > 0;
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
