import { createHash } from 'node:crypto';
import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { findRepeatOf, searchBox, type CaseStatus, type EarlierCase, type TaskAction, type TaskRole, type Tier, type WorkflowKind } from '@gongzhi/domain';
import { anyOf, arrayParam } from '../any-of.ts';
import { executePrepared, rowsOf, type Database } from '../client.ts';
import { auditLog, cases, PLACE_LON_SCALE, dataRequests, holdings, tasks, users, workflows } from '../schema/index.ts';

export interface InboxFilter {
  inboxes: string[];
  domain?: string | undefined;
  matterCodes?: string[] | undefined;
  tier?: Tier | undefined;
  cityAdcode?: string | undefined;
  countyAdcode?: string | undefined;
  role?: TaskRole | undefined;
  caseIds?: string[] | undefined;
  limit?: number | undefined;
}

export interface InboxRow {
  taskId: number;
  workflowId: string;
  kind: WorkflowKind;
  inbox: string;
  role: TaskRole;
  action: TaskAction;
  dueAt: string | null;
  warnAt: string | null;
  since: string;
  escalation: number;
  caseId: string | null;
  caseNumber: number | null;
  matterCode: string | null;
  tier: Tier | null;
  cityAdcode: string | null;
  countyAdcode: string | null;
  description: string | null;
  caseState: CaseStatus | null;
  transferLocked: boolean;
  /** later complaints that repeat this case (重复投诉) */
  repeats: number;
  /** the case this one repeats */
  repeatOf: string | null;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Open tasks of some inboxes, soonest deadline first (tasks without one last). */
export async function listInbox(db: Database, filter: InboxFilter): Promise<InboxRow[]> {
  if (filter.inboxes.length === 0) return [];
  const conditions = [inArray(tasks.inbox, filter.inboxes)];
  if (filter.role) conditions.push(eq(tasks.role, filter.role));
  if (filter.caseIds) conditions.push(inArray(tasks.caseId, filter.caseIds.length ? filter.caseIds : ['']));
  if (filter.tier) conditions.push(eq(cases.tier, filter.tier));
  if (filter.cityAdcode) conditions.push(eq(cases.cityAdcode, filter.cityAdcode));
  if (filter.countyAdcode) conditions.push(eq(cases.countyAdcode, filter.countyAdcode));
  if (filter.matterCodes) conditions.push(inArray(cases.matterCode, filter.matterCodes.length ? filter.matterCodes : ['']));
  const rows = await db
    .select({
      taskId: tasks.id,
      workflowId: tasks.workflowId,
      kind: tasks.kind,
      inbox: tasks.inbox,
      role: tasks.role,
      action: tasks.action,
      dueAt: tasks.dueAt,
      warnAt: tasks.warnAt,
      since: tasks.since,
      escalation: tasks.escalation,
      caseId: tasks.caseId,
      caseNumber: cases.number,
      matterCode: sql<string | null>`coalesce(${cases.matterCode}, ${workflows.matterCode})`,
      tier: cases.tier,
      cityAdcode: cases.cityAdcode,
      countyAdcode: cases.countyAdcode,
      description: cases.description,
      caseState: cases.state,
      /** a ruled case cannot be transferred again */
      transferLocked: sql<boolean>`coalesce(${cases.transferLocked}, false)`,
      repeats: sql<number>`(select count(*)::int from cases r where r.repeat_of = ${tasks.caseId})`,
      repeatOf: cases.repeatOf,
    })
    .from(tasks)
    .innerJoin(workflows, eq(workflows.id, tasks.workflowId))
    .leftJoin(cases, eq(cases.id, tasks.caseId))
    .where(and(...conditions))
    .orderBy(sql`${tasks.dueAt} asc nulls last`, asc(tasks.id))
    .limit(filter.limit ?? 500);
  return rows.map((r) => ({ ...r, dueAt: iso(r.dueAt), warnAt: iso(r.warnAt), since: r.since.toISOString() }));
}

export type CaseRow = typeof cases.$inferSelect;

export async function findCase(db: Database, caseId: string): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(eq(cases.id, caseId));
  return row ?? null;
}

export async function findCaseByNumber(db: Database, number: number): Promise<CaseRow | null> {
  const [row] = await db.select().from(cases).where(eq(cases.number, number));
  return row ?? null;
}

/** A case's tasks, oldest first (the statement: awaited, its rows). */
export function caseTasks(db: Database, caseId: string) {
  return db.select().from(tasks).where(eq(tasks.caseId, caseId)).orderBy(asc(tasks.id));
}

/** The inboxes the tasks of these cases are in, as (inbox, case) pairs (the statement: awaited, its rows). */
export function inboxesOfCases(db: Database, caseIds: readonly string[]) {
  return db.selectDistinct({ inbox: tasks.inbox, caseId: tasks.caseId }).from(tasks).where(anyOf(tasks.caseId, caseIds));
}

/** Units (and other inboxes) that work or worked the case: they may see the reporter's contact. */
export async function caseParticipants(db: Database, caseId: string): Promise<Set<string>> {
  const [t, h] = await Promise.all([
    inboxesOfCases(db, [caseId]),
    db.selectDistinct({ unit: holdings.unit }).from(holdings).where(eq(holdings.caseId, caseId)),
  ]);
  return new Set([...t.map((r) => r.inbox), ...h.map((r) => r.unit)]);
}

/** Units asked for data on the case (data requests): they read it, and their answer, but do not work it. */
export async function caseAskedUnits(db: Database, caseId: string): Promise<Set<string>> {
  const rows = await db.selectDistinct({ unit: dataRequests.toUnit }).from(dataRequests).where(eq(dataRequests.caseId, caseId));
  return new Set(rows.map((r) => r.unit));
}

/** How long each unit has held the case, transfers and disputes included, up to `now`. */
export async function timeHeld(db: Database, caseId: string, now: Date): Promise<Array<{ unit: string; ms: number; current: boolean }>> {
  const rows = await db.select().from(holdings).where(eq(holdings.caseId, caseId)).orderBy(asc(holdings.fromAt));
  const byUnit = new Map<string, { ms: number; current: boolean }>();
  for (const r of rows) {
    const entry = byUnit.get(r.unit) ?? { ms: 0, current: false };
    entry.ms += (r.toAt ?? now).getTime() - r.fromAt.getTime();
    if (!r.toAt) entry.current = true;
    byUnit.set(r.unit, entry);
  }
  return [...byUnit.entries()].map(([unit, v]) => ({ unit, ...v }));
}

export async function caseTimeline(db: Database, caseId: string) {
  const rows = await db
    .select({ entry: auditLog, actorName: users.displayName })
    .from(auditLog)
    .leftJoin(users, eq(users.username, auditLog.actor))
    .where(eq(auditLog.chain, caseId))
    .orderBy(asc(auditLog.seq));
  return rows.map(({ entry: r, actorName }) => ({
    seq: r.seq,
    at: r.at.toISOString(),
    /** the login name, `system:<why>` or `reporter`: the portal names people by `actorName` and the others in words */
    actor: r.actor,
    /** the person's display name (null for the system and the reporter) */
    actorName,
    unit: r.unit,
    action: r.action,
    workflowId: r.workflowId,
    payload: r.payload,
    hash: r.hash,
  }));
}

/** Later complaints repeating a case, oldest first. */
export async function repeatsOf(db: Database, caseId: string) {
  return db
    .select({ id: cases.id, number: cases.number, createdAt: cases.createdAt, state: cases.state })
    .from(cases)
    .where(eq(cases.repeatOf, caseId))
    .orderBy(asc(cases.createdAt));
}

export interface RepeatRange {
  from: Date;
  to: Date;
  cityAdcode?: string | undefined;
}

/** The statement of `repeatCounts`: the repeats reported in the range (the partial index `cases_repeats_reported`), and the cases they repeat. */
export function repeatCountsStatement(range: RepeatRange): SQL {
  return sql`
    select coalesce(o.holder_unit, (select h.unit from holdings h where h.case_id = o.id order by h.from_at desc limit 1)) as unit,
           o.matter_code, count(*)::int as repeats, count(distinct o.id)::int as cases
    from cases r join cases o on o.id = r.repeat_of
    where r.repeat_of is not null and r.created_at >= ${range.from} and r.created_at <= ${range.to}
      ${range.cityAdcode ? sql`and o.city_adcode = ${range.cityAdcode}` : sql``}
    group by 1, 2 order by 3 desc, 1, 2`;
}

/**
 * The repeat-complaint KPI: repeats counted against the unit that holds (or last held) the case
 * they repeat, per matter, for repeats received from `from` to `to` (both included).
 */
export async function repeatCounts(db: Database, range: RepeatRange) {
  const result = await db.execute(repeatCountsStatement(range));
  const rows = rowsOf<{ unit: string | null; matter_code: string | null; repeats: number; cases: number }>(result);
  return rows.map((r) => ({ unit: r.unit, matterCode: r.matter_code, repeats: Number(r.repeats), cases: Number(r.cases) }));
}

// ---- intake ------------------------------------------------------------------------------------

/** The reporter's code is stored only as this hash (the code itself is given to them once). */
export const hashCode = (code: string) => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

/** Which of these external order numbers (`12345:<order>`) were taken in before. */
export async function takenExternalRefs(db: Database, refs: readonly string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const rows = await db
    .select({ ref: cases.externalRef })
    .from(cases)
    .where(inArray(cases.externalRef, [...refs]));
  return new Set(rows.flatMap((r) => (r.ref === null ? [] : [r.ref])));
}

/** A new case's row as intake writes it: its number was reserved (`findRepeats`' `reserve`). */
export type NewCaseRow = typeof cases.$inferInsert & { number: number };

/** A case that was waiting in triage takes its matter and route, and is offered (as intake writes a routed case). */
export async function recordCaseRoute(
  db: Database,
  caseId: string,
  route: { matterCode: string; matrixVersion: number; tier: Tier; holderUnit: string; repeatOf: string | null },
): Promise<void> {
  await db
    .update(cases)
    .set({ ...route, state: 'offered' })
    .where(eq(cases.id, caseId));
}

/**
 * The statement of `findRepeats`: the nearest live case of each new case's matter in its box, and
 * `reserved`'s numbers after them.
 */
export function nearestCasesStatement(items: ReadonlyArray<{ matterCode: string; lon: number; lat: number }>, cutoff: Date, reserved: SQL): SQL {
  // Only the nearest live case of the matter in each new case's box (planar distance, which orders
  // points 100 m apart as the haversine does): a hotspot with thousands of earlier reports sends
  // one row per new case, not all of them. `cases_matter_near` hands a matter's cases over nearest
  // first by its own scale of longitude (`PLACE_LON_SCALE`), not each new case's, so the first it
  // hands over (`f`) may not be the nearest: any nearer one lies within the circle, in the index's
  // scale, that `slack` (the least ratio of the two scales' squared distances) draws around the new case,
  // and `g` is the nearest in it. Neither sorts the box.
  const scale = sql.raw(String(PLACE_LON_SCALE));
  const place = sql`point(${cases.lon} * ${scale}, ${cases.lat})`;
  // Each new case's values as columns of arrays (one parameter each): the text is the same for a batch of any size.
  const columns: Array<Array<string | number>> = [[], [], [], [], [], [], [], [], []];
  for (const a of items) {
    const box = searchBox(a.lon, a.lat);
    const k = Math.cos((a.lat * Math.PI) / 180) ** 2;
    const row = [a.matterCode, a.lon, a.lat, k, Math.min(1, k / PLACE_LON_SCALE ** 2), box.minLon, box.maxLon, box.minLat, box.maxLat];
    row.forEach((v, i) => columns[i]?.push(v));
  }
  const wanted = sql.join(
    columns.map((values, i) => arrayParam(values, i === 0 ? 'text' : 'float8')),
    sql`, `,
  );
  const live = sql`(${cases.closedAt} is null or ${cases.closedAt} >= ${cutoff})`;
  const distance = sql`(${cases.lat} - n.lat) ^ 2 + n.k * (${cases.lon} - n.lon) ^ 2`;
  return sql`
    select * from (select distinct c.id, c.matter_code as "matterCode", c.lon, c.lat, c.closed_at as "closedAt", c.repeat_of as "repeatOf", null::int as "number"
    from unnest(${wanted}) as n(matter, lon, lat, k, slack, min_lon, max_lon, min_lat, max_lat)
    cross join lateral (
      select id, matter_code, lon, lat, closed_at, repeat_of, ${distance} as d2 from ${cases}
      where ${cases.matterCode} = n.matter and ${live}
        and ${place} <@ box(point(n.min_lon * ${scale}, n.min_lat), point(n.max_lon * ${scale}, n.max_lat))
      order by ${place} <-> point(n.lon * ${scale}, n.lat)
      limit 1
    ) f
    left join lateral (
      select id, matter_code, lon, lat, closed_at, repeat_of from ${cases}
      where f.d2 > 0 and ${cases.matterCode} = n.matter and ${live}
        and ${place} <@ box(point(n.min_lon * ${scale}, n.min_lat), point(n.max_lon * ${scale}, n.max_lat))
        and ${place} <@ circle(point(n.lon * ${scale}, n.lat), sqrt(f.d2 / n.slack) * 1.000001)
      order by ${distance}
      limit 1
    ) g on true
    cross join lateral (values (f.id, f.matter_code, f.lon, f.lat, f.closed_at, f.repeat_of), (g.id, g.matter_code, g.lon, g.lat, g.closed_at, g.repeat_of))
      as c(id, matter_code, lon, lat, closed_at, repeat_of)
    where c.id is not null) as near
    union all ${reserved}`;
}

/**
 * The case each new routed case repeats, among stored cases and the earlier new ones (same batch);
 * and, in the same statement, `reserve` numbers for new cases from the cases' own sequence (what a
 * case inserted without one would get), so intake writes its cases with everything else it writes.
 */
export async function findRepeats(
  db: Database,
  items: ReadonlyArray<{ caseId: string; matterCode: string; lon: number; lat: number }>,
  at: Date,
  windowDays: number,
  reserve = 0,
): Promise<{ repeats: Map<string, string>; numbers: number[] }> {
  const found = new Map<string, string>();
  const reserved = sql`select null::text, null::text, null::float8, null::float8, null::timestamptz, null::text, nextval(pg_get_serial_sequence('cases', 'number'))::int from generate_series(1, ${reserve}::int)`;
  if (items.length === 0) {
    if (reserve === 0) return { repeats: found, numbers: [] };
    return {
      repeats: found,
      numbers: rowsOf<{ number: number }>(await executePrepared(db, sql`select n as "number" from (${reserved}) as r(a, b, c, d, e, f, n)`)).map((r) =>
        Number(r.number),
      ),
    };
  }
  const cutoff = new Date(at.getTime() - windowDays * 86_400_000);
  // Prepared: a batch's read has the same text for every batch of its size.
  const nearest = await executePrepared(db, nearestCasesStatement(items, cutoff, reserved));
  const rows = rowsOf<{
    id: string | null;
    matterCode: string | null;
    lon: number;
    lat: number;
    closedAt: Date | string | null;
    repeatOf: string | null;
    number: number | null;
  }>(nearest);
  const columns = { id: cases.id, matterCode: cases.matterCode, lon: cases.lon, lat: cases.lat, closedAt: cases.closedAt, repeatOf: cases.repeatOf };
  const numbers = rows.flatMap((r) => (r.number === null ? [] : [Number(r.number)]));
  const seen: EarlierCase[] = rows.flatMap(({ id, number: _, ...r }) =>
    id === null ? [] : [{ ...r, id, lon: Number(r.lon), lat: Number(r.lat), closedAt: r.closedAt === null ? null : new Date(r.closedAt) }],
  );
  // The first cases of the chains found, which may lie further away.
  const roots = [...new Set(seen.map((e) => e.repeatOf).filter((id): id is string => id !== null && !seen.some((e) => e.id === id)))];
  if (roots.length > 0) seen.push(...(await db.select(columns).from(cases).where(inArray(cases.id, roots))));
  for (const a of items) {
    const repeatOf = findRepeatOf(
      { ...a, at },
      seen.filter((e) => e.id !== a.caseId),
      windowDays,
    );
    if (repeatOf) found.set(a.caseId, repeatOf);
    seen.push({ id: a.caseId, matterCode: a.matterCode, lon: a.lon, lat: a.lat, closedAt: null, repeatOf });
  }
  return { repeats: found, numbers };
}

export async function countCases(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(cases);
  return row?.n ?? 0;
}
