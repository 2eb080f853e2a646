import { and, asc, desc, eq, gte, inArray, lte, ne, sql, type SQL } from 'drizzle-orm';
import { ALLIANCE_SCOPE, type AdminScope, type DepartmentCode, type Membership, type Role } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { auditLog, memberships, sessions, users, workflows } from '../schema/index.ts';
import { lockAuditHead, nextAuditEntry } from '../workflow/audit.ts';
import { INBOX_CHANNEL } from '../workflow/engine.ts';

/** The audit chain of every administrative action (people, memberships, passwords, API keys). */
export const ADMIN_CHAIN = 'admin';

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  active: boolean;
  deactivatedAt: Date | null;
  mustChangePassword: boolean;
  createdAt: Date;
  memberships: Membership[];
}

const toMembership = (m: typeof memberships.$inferSelect): Membership => ({
  role: m.role as Role,
  cityAdcode: m.cityAdcode,
  departmentCode: m.departmentCode as DepartmentCode | null,
});

async function withMemberships(db: Database, rows: Array<typeof users.$inferSelect>): Promise<UserRecord[]> {
  if (rows.length === 0) return [];
  const held = await db
    .select()
    .from(memberships)
    .where(
      inArray(
        memberships.userId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(memberships.id));
  const byUser = new Map<string, Membership[]>();
  for (const m of held) byUser.set(m.userId, [...(byUser.get(m.userId) ?? []), toMembership(m)]);
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    phone: u.phone,
    active: u.active,
    deactivatedAt: u.deactivatedAt,
    mustChangePassword: u.mustChangePassword,
    createdAt: u.createdAt,
    memberships: byUser.get(u.id) ?? [],
  }));
}

/** A membership lies in an administrator's scopes (the SQL twin of the domain's `managersOf`). */
function membershipInScopes(scopes: readonly AdminScope[]): SQL {
  const cities = scopes.filter((s) => s !== ALLIANCE_SCOPE);
  const parts: SQL[] = [];
  if (cities.length > 0) parts.push(sql`m.city_adcode in ${cities}`);
  if (scopes.includes(ALLIANCE_SCOPE)) parts.push(sql`(m.city_adcode is null or m.role = 'admin')`);
  if (parts.length === 0) return sql`false`;
  return sql.join(parts, sql` or `);
}

export interface UserFilter {
  /** only people holding a membership in one of these scopes */
  scopes: readonly AdminScope[];
  /** part of the username, the name or the phone number */
  query?: string | undefined;
  active?: boolean | undefined;
  limit: number;
}

/** People an administrator's scopes reach (any membership in them), by username. */
export async function listUsers(db: Database, filter: UserFilter): Promise<UserRecord[]> {
  const conditions: SQL[] = [sql`exists (select 1 from ${memberships} m where m.user_id = ${users.id} and (${membershipInScopes(filter.scopes)}))`];
  const q = filter.query?.trim().toLowerCase();
  if (q) {
    const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(lower(${users.username}) like ${like} or lower(${users.displayName}) like ${like} or ${users.phone} like ${like})`);
  }
  if (filter.active !== undefined) conditions.push(eq(users.active, filter.active));
  const rows = await db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.username))
    .limit(filter.limit);
  return withMemberships(db, rows);
}

export async function findUser(db: Database, userId: string): Promise<UserRecord | null> {
  const rows = await db.select().from(users).where(eq(users.id, userId));
  return (await withMemberships(db, rows))[0] ?? null;
}

export async function findUserByUsername(db: Database, username: string): Promise<UserRecord | null> {
  const rows = await db.select().from(users).where(eq(users.username, username));
  return (await withMemberships(db, rows))[0] ?? null;
}

/** Several people by username at once (bulk onboarding). */
export async function findUsersByUsername(db: Database, usernames: readonly string[]): Promise<Map<string, UserRecord>> {
  const out = new Map<string, UserRecord>();
  for (let i = 0; i < usernames.length; i += 1000) {
    const rows = await db
      .select()
      .from(users)
      .where(inArray(users.username, usernames.slice(i, i + 1000)));
    for (const u of await withMemberships(db, rows)) out.set(u.username, u);
  }
  return out;
}

export interface NewUser {
  id: string;
  username: string;
  displayName: string;
  phone: string | null;
  passwordHash: string;
  mustChangePassword: boolean;
  createdAt: Date;
}

/** Stores a person with their memberships; false when the username is taken. */
export async function insertUser(db: Database, user: NewUser, held: readonly Membership[]): Promise<boolean> {
  const [row] = await db.insert(users).values(user).onConflictDoNothing().returning({ id: users.id });
  if (!row) return false;
  if (held.length > 0) await db.insert(memberships).values(held.map((m) => ({ userId: user.id, ...m })));
  return true;
}

/** Replaces a person's memberships with these. */
export async function setMemberships(db: Database, userId: string, held: readonly Membership[]): Promise<void> {
  await db.delete(memberships).where(eq(memberships.userId, userId));
  if (held.length > 0) await db.insert(memberships).values(held.map((m) => ({ userId, ...m })));
}

export async function updateUserDetails(db: Database, userId: string, details: { displayName?: string; phone?: string | null }): Promise<void> {
  await db.update(users).set(details).where(eq(users.id, userId));
}

export async function setUserActive(db: Database, userId: string, active: boolean, at: Date): Promise<void> {
  await db
    .update(users)
    .set({ active, deactivatedAt: active ? null : at })
    .where(eq(users.id, userId));
}

export async function setPasswordHash(db: Database, userId: string, passwordHash: string, options: { mustChange: boolean; at: Date }): Promise<void> {
  await db.update(users).set({ passwordHash, mustChangePassword: options.mustChange, passwordChangedAt: options.at }).where(eq(users.id, userId));
}

export async function passwordHashOf(db: Database, userId: string): Promise<string | null> {
  const [row] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row?.hash ?? null;
}

/** How many active administrators other than this person each scope has. */
export async function otherActiveAdmins(db: Database, userId: string): Promise<Record<AdminScope, number>> {
  const rows = await db
    .select({ city: memberships.cityAdcode, n: sql<number>`count(distinct ${users.id})::int` })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.role, 'admin'), eq(users.active, true), ne(users.id, userId)))
    .groupBy(memberships.cityAdcode);
  return Object.fromEntries(rows.map((r) => [r.city ?? ALLIANCE_SCOPE, Number(r.n)]));
}

/** Case workflows still claimed or in progress whose latest claim this person made. */
export async function openClaimsOf(db: Database, username: string): Promise<string[]> {
  const rows = await db
    .select({ id: workflows.id })
    .from(workflows)
    .where(
      and(
        eq(workflows.kind, 'case'),
        inArray(workflows.state, ['claimed', 'inProgress']),
        sql`${workflows.id} in (select a.workflow_id from ${auditLog} a where a.action = 'case.CLAIM' and a.actor = ${username})`,
        sql`(select a.actor from ${auditLog} a where a.chain = ${workflows.id} and a.action = 'case.CLAIM' order by a.seq desc limit 1) = ${username}`,
      ),
    );
  return rows.map((r) => r.id);
}

export interface AdminAuditEntry {
  at: Date;
  /** the administrator's username (or `cli` for the command line) */
  actor: string;
  /** `user.create`, `user.memberships`, `user.deactivate`, … */
  action: string;
  /** whose account (absent for API keys) */
  target?: { userId: string; username: string } | undefined;
  /** the scopes the account lies in: what an administrator's audit page shows */
  scopes: readonly AdminScope[];
  from?: unknown;
  to?: unknown;
  detail?: Record<string, unknown> | undefined;
}

/** Appends an administrative action to the admin audit chain; call inside the action's transaction. */
export async function appendAdminAudit(tx: Database, entry: AdminAuditEntry): Promise<void> {
  const head = await lockAuditHead(tx, ADMIN_CHAIN);
  const heads = new Map([[ADMIN_CHAIN, head]]);
  const { at, actor, action, ...payload } = entry;
  await nextAuditEntry(tx, { chain: ADMIN_CHAIN, at, actor, unit: null, action: `admin.${action}`, workflowId: null, payload }, heads);
}

export interface AdminAuditFilter {
  scopes: readonly AdminScope[];
  actor?: string | undefined;
  /** the target's username */
  target?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
}

export interface AdminAuditRow {
  id: number;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  payload: Omit<AdminAuditEntry, 'at' | 'actor' | 'action'>;
}

/** The administrative actions filed under any of the scopes, newest first. */
export async function listAdminAudit(db: Database, filter: AdminAuditFilter): Promise<AdminAuditRow[]> {
  if (filter.scopes.length === 0) return [];
  const conditions: Array<SQL | undefined> = [
    eq(auditLog.chain, ADMIN_CHAIN),
    sql`exists (select 1 from jsonb_array_elements_text(${auditLog.payload}->'scopes') s where s in ${filter.scopes})`,
  ];
  if (filter.actor) conditions.push(eq(auditLog.actor, filter.actor));
  if (filter.target) conditions.push(sql`${auditLog.payload}->'target'->>'username' = ${filter.target}`);
  if (filter.action) conditions.push(eq(auditLog.action, `admin.${filter.action}`));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lte(auditLog.at, filter.to));
  const rows = await db
    .select({ id: auditLog.id, seq: auditLog.seq, at: auditLog.at, actor: auditLog.actor, action: auditLog.action, payload: auditLog.payload })
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.seq))
    .limit(filter.limit);
  return rows.map((r) => ({ ...r, action: r.action.replace(/^admin\./, ''), payload: r.payload as AdminAuditRow['payload'] }));
}

export interface SessionInfo {
  id: string;
  createdAt: Date;
  lastSeenAt: Date | null;
  expiresAt: Date;
  device: string | null;
  clientAddress: string | null;
}

/** A person's sessions, most recently used first. */
export async function sessionsOf(db: Database, userId: string): Promise<SessionInfo[]> {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      device: sessions.device,
      clientAddress: sessions.clientAddress,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sql`coalesce(${sessions.lastSeenAt}, ${sessions.createdAt})`));
}

/** Ends one of a person's sessions; false when they have no such session. */
export async function deleteSessionOf(db: Database, userId: string, sessionId: string): Promise<boolean> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Ends every session of a person but one (or all); the ids ended. */
export async function deleteSessionsOf(db: Database, userId: string, except?: string): Promise<string[]> {
  const rows = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), except ? ne(sessions.id, except) : undefined))
    .returning({ id: sessions.id });
  return rows.map((r) => r.id);
}

/**
 * Tells every server process (on commit) to close the live connections of these sessions and forget
 * any validation of them it cached: they ended (deactivation, reset, sign-out) or their principal
 * changed (memberships, name, a password that had to be changed); the client reconnects, or finds
 * itself signed out. Every path that ends a session or changes a principal calls this. The same
 * channel as the inbox changes, so one listener carries both.
 */
export async function closeLiveStreams(db: Database, sessionIds: readonly string[]): Promise<void> {
  for (let i = 0; i < sessionIds.length; i += 100) {
    const payload = JSON.stringify({ closeStreams: sessionIds.slice(i, i + 100) });
    await db.execute(sql`select pg_notify(${INBOX_CHANNEL}, ${payload})`);
  }
}
