import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { CaseStatus } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { cases, memberships, tasks, users } from '../schema/index.ts';

export interface UnitMember {
  username: string;
  displayName: string;
  role: 'liaison' | 'supervisor';
}

const unitParts = (unit: string) => {
  const [cityAdcode = '', departmentCode = ''] = unit.split(':');
  return { cityAdcode, departmentCode };
};

/** The people who act for a unit (its liaisons and supervisors), by display name. */
export async function unitMembers(db: Database, unit: string): Promise<UnitMember[]> {
  const { cityAdcode, departmentCode } = unitParts(unit);
  const rows = await db
    .selectDistinctOn([users.username], { username: users.username, displayName: users.displayName, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.cityAdcode, cityAdcode), eq(memberships.departmentCode, departmentCode), inArray(memberships.role, ['liaison', 'supervisor'])))
    .orderBy(asc(users.username), asc(memberships.role));
  return rows.map((r) => ({ ...r, role: r.role === 'supervisor' ? 'supervisor' : 'liaison' }));
}

/** The units (`city:department`) a user acts for as liaison or supervisor; null when there is no such user. */
export async function unitsOfUser(db: Database, username: string): Promise<string[] | null> {
  const rows = await db
    .select({ cityAdcode: memberships.cityAdcode, departmentCode: memberships.departmentCode, role: memberships.role })
    .from(users)
    .leftJoin(memberships, eq(memberships.userId, users.id))
    .where(eq(users.username, username.toLowerCase()));
  if (rows.length === 0) return null;
  return rows.filter((r) => r.departmentCode && (r.role === 'liaison' || r.role === 'supervisor')).map((r) => `${r.cityAdcode}:${r.departmentCode}`);
}

/** Display names of some users, by username. */
export async function displayNames(db: Database, usernames: readonly string[]): Promise<Record<string, string>> {
  if (usernames.length === 0) return {};
  const rows = await db
    .select({ username: users.username, displayName: users.displayName })
    .from(users)
    .where(inArray(users.username, [...new Set(usernames)]));
  return Object.fromEntries(rows.map((r) => [r.username, r.displayName]));
}

export interface HeldCase {
  caseId: string;
  number: number;
  state: CaseStatus;
  matterCode: string | null;
  assignee: string | null;
  /** the unit's lead task on it: its deadline and escalation */
  dueAt: string | null;
  escalation: number;
}

/** The open cases a unit holds, with the person working each and its lead task's deadline, most overdue first. */
export async function unitHoldings(db: Database, unit: string): Promise<HeldCase[]> {
  const rows = await heldCases(db, unit);
  return rows.map((r) => ({ ...r, dueAt: r.dueAt ? r.dueAt.toISOString() : null }));
}

/** The statement of `unitHoldings` (awaited, its rows): the unit's open cases by `cases_held_open`, not every case it ever held. */
export function heldCases(db: Database, unit: string) {
  return db
    .select({
      caseId: cases.id,
      number: cases.number,
      state: cases.state,
      matterCode: cases.matterCode,
      assignee: cases.assignee,
      dueAt: sql<Date | null>`min(${tasks.dueAt})`.mapWith((v: string | Date | null) => (v === null ? null : new Date(v))),
      escalation: sql<number>`coalesce(max(${tasks.escalation}), 0)::int`,
    })
    .from(cases)
    .leftJoin(tasks, and(eq(tasks.caseId, cases.id), eq(tasks.inbox, unit), eq(tasks.role, 'lead'), isNotNull(tasks.dueAt)))
    .where(and(eq(cases.holderUnit, unit), sql`${cases.state} <> 'closed'`))
    .groupBy(cases.id)
    .orderBy(sql`min(${tasks.dueAt}) asc nulls last`, asc(cases.number));
}
