import { ALLIANCE_CITIES } from './standards-v1.ts';
import { DEPARTMENTS, DEPARTMENT_CODES, ROLES, type DepartmentCode, type Role } from './reference.ts';
import { membershipKey, validMembership, validUsername } from './administration.ts';
import { DomainError } from './errors.ts';
import type { Membership } from './principal.ts';

/**
 * Bulk onboarding (issue 12 item 3), pure: a spreadsheet of people — one row per membership
 * (username, name, phone, city, department, role) — read into people, each row with the reason it
 * cannot be taken. A person on several rows holds every membership those rows name.
 */

export const PEOPLE_COLUMNS = {
  username: ['username', 'user', 'login', '用户名', '账号', '登录名'],
  displayName: ['name', 'displayname', 'display name', '姓名', '名字'],
  phone: ['phone', 'mobile', '手机', '手机号', '手机号码', '电话', '联系电话'],
  city: ['city', '城市', '市', '所属城市'],
  department: ['department', 'dept', '部门', '所属部门'],
  role: ['role', '角色'],
} as const;
export type PeopleColumn = keyof typeof PEOPLE_COLUMNS;
const REQUIRED: readonly PeopleColumn[] = ['username', 'displayName', 'role'];

/** Which column holds what (headers in Chinese or English, any case); the required ones not found. */
export function mapPeopleHeader(header: readonly string[]): { columns: Partial<Record<PeopleColumn, number>>; missing: PeopleColumn[] } {
  const norm = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, ' '),
  );
  const columns: Partial<Record<PeopleColumn, number>> = {};
  for (const [col, names] of Object.entries(PEOPLE_COLUMNS) as Array<[PeopleColumn, readonly string[]]>) {
    const i = norm.findIndex((h) => names.includes(h));
    if (i >= 0) columns[col] = i;
  }
  return { columns, missing: REQUIRED.filter((c) => columns[c] === undefined) };
}

/** Why a row is not taken (the portal and the rejects file word each). */
export const ONBOARDING_REASONS = [
  'USERNAME_INVALID',
  'NAME_MISSING',
  'PHONE_INVALID',
  'ROLE_UNKNOWN',
  'CITY_UNKNOWN',
  'DEPARTMENT_UNKNOWN',
  'MEMBERSHIP_INVALID',
  'ROWS_DISAGREE',
  'NOT_IN_SCOPE',
  'SELF',
] as const;
export type OnboardingReason = (typeof ONBOARDING_REASONS)[number];

const CITY_NAMES: Readonly<Record<(typeof ALLIANCE_CITIES)[number], readonly string[]>> = {
  '510100': ['成都', '成都市', 'chengdu'],
  '510600': ['德阳', '德阳市', 'deyang'],
  '511400': ['眉山', '眉山市', 'meishan'],
  '512000': ['资阳', '资阳市', 'ziyang'],
};
const ROLE_NAMES: Readonly<Record<Role, readonly string[]>> = {
  liaison: ['联络员', '部门联络员'],
  supervisor: ['科室负责人', '负责人'],
  coordinator: ['协调员', '市级协调员'],
  leadership: ['领导小组'],
  alliance: ['联盟协调办', '联盟办'],
  admin: ['管理员', '系统管理员'],
};

const cityOf = (text: string): string | null | undefined => {
  const t = text.trim().toLowerCase();
  if (t === '') return null;
  return (Object.entries(CITY_NAMES) as Array<[string, readonly string[]]>).find(([code, names]) => code === t || names.includes(t))?.[0];
};
const departmentOf = (text: string): DepartmentCode | null | undefined => {
  const t = text.trim();
  if (t === '') return null;
  const lower = t.toLowerCase();
  return DEPARTMENT_CODES.find(
    (d) => d === lower || DEPARTMENTS[d].zh === t || DEPARTMENTS[d].zh.split(/[(/]/)[0] === t || DEPARTMENTS[d].en.toLowerCase() === lower,
  );
};
const roleOf = (text: string): Role | undefined => {
  const t = text.trim();
  return ROLES.find((r) => r === t.toLowerCase() || ROLE_NAMES[r].includes(t));
};

export interface PersonRow {
  rowNumber: number;
  fields: readonly string[];
}
export type RowReading =
  | { ok: true; rowNumber: number; username: string; displayName: string; phone: string | null; membership: Membership }
  | { ok: false; rowNumber: number; username: string; reason: OnboardingReason };

/** One row as a membership of a person, or the reason it is refused. */
export function readPersonRow(row: PersonRow, columns: Partial<Record<PeopleColumn, number>>): RowReading {
  const get = (c: PeopleColumn) => (columns[c] === undefined ? '' : (row.fields[columns[c]] ?? '').trim());
  const raw = get('username');
  const refuse = (reason: OnboardingReason, username = raw) => ({ ok: false as const, rowNumber: row.rowNumber, username, reason });
  let username: string;
  try {
    username = validUsername(raw);
  } catch {
    return refuse('USERNAME_INVALID');
  }
  const displayName = get('displayName');
  if (displayName === '' || displayName.length > 100) return refuse('NAME_MISSING', username);
  const phone = get('phone').replace(/[\s-]/g, '');
  if (phone !== '' && !/^\+?[0-9]{5,20}$/.test(phone)) return refuse('PHONE_INVALID', username);
  const role = roleOf(get('role'));
  if (!role) return refuse('ROLE_UNKNOWN', username);
  const city = cityOf(get('city'));
  if (city === undefined) return refuse('CITY_UNKNOWN', username);
  const department = departmentOf(get('department'));
  if (department === undefined) return refuse('DEPARTMENT_UNKNOWN', username);
  try {
    const membership = validMembership({ role, cityAdcode: city, departmentCode: department });
    return { ok: true, rowNumber: row.rowNumber, username, displayName, phone: phone || null, membership };
  } catch (e) {
    if (e instanceof DomainError) return refuse('MEMBERSHIP_INVALID', username);
    throw e;
  }
}

export interface PersonInFile {
  username: string;
  displayName: string;
  phone: string | null;
  memberships: Membership[];
  rowNumbers: number[];
}

/**
 * The people of a file: rows grouped by username. A person's rows must agree on name and phone
 * (ROWS_DISAGREE otherwise); one refused row refuses the person's other rows with the same reason,
 * since taking part of what the file says of someone would give them the wrong roles.
 */
export function peopleOf(readings: readonly RowReading[]): {
  people: PersonInFile[];
  rejected: Array<{ rowNumber: number; username: string; reason: OnboardingReason }>;
} {
  const byUser = new Map<string, RowReading[]>();
  const rejected: Array<{ rowNumber: number; username: string; reason: OnboardingReason }> = [];
  for (const r of readings) {
    if (!r.ok && r.reason === 'USERNAME_INVALID') rejected.push(r);
    else byUser.set(r.username, [...(byUser.get(r.username) ?? []), r]);
  }
  const people: PersonInFile[] = [];
  for (const [username, rows] of byUser) {
    const bad = rows.find((r) => !r.ok);
    const good = rows.filter((r): r is Extract<RowReading, { ok: true }> => r.ok);
    const first = good[0];
    const disagree = first !== undefined && good.some((r) => r.displayName !== first.displayName || (r.phone ?? '') !== (first.phone ?? ''));
    if (bad || disagree || !first) {
      const reason = bad && !bad.ok ? bad.reason : 'ROWS_DISAGREE';
      for (const r of rows) rejected.push({ rowNumber: r.rowNumber, username, reason: r.ok ? reason : r.reason });
      continue;
    }
    const memberships = new Map<string, Membership>();
    for (const r of good) memberships.set(membershipKey(r.membership), r.membership);
    people.push({
      username,
      displayName: first.displayName,
      phone: first.phone,
      memberships: [...memberships.values()],
      rowNumbers: good.map((r) => r.rowNumber),
    });
  }
  rejected.sort((a, b) => a.rowNumber - b.rowNumber);
  return { people, rejected };
}

/** Whether two sets of memberships are the same (order aside). */
export function sameMemberships(a: readonly Membership[], b: readonly Membership[]): boolean {
  const ka = new Set(a.map(membershipKey));
  const kb = new Set(b.map(membershipKey));
  return ka.size === kb.size && [...ka].every((k) => kb.has(k));
}
