import { inArray } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { DepartmentCode, Role } from '@gongzhi/domain';
import { DEPARTMENT_CODES, DEPARTMENTS } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { memberships, users } from '../schema/index.ts';

/** Demo accounts only: one shared, printed password. Never seed these into a real deployment. */
export const DEMO_PASSWORD = 'gongzhi-demo-2026';

export interface DemoUser {
  username: string;
  displayName: string;
  memberships: Array<{ role: Role; cityAdcode: string | null; departmentCode: DepartmentCode | null }>;
}

const CITY_PREFIX: Record<string, [string, string]> = {
  '510100': ['cd', '成都'],
  '510600': ['dy', '德阳'],
  '511400': ['ms', '眉山'],
  '512000': ['zy', '资阳'],
};

export const DEMO_USERS: readonly DemoUser[] = [
  ...DEPARTMENT_CODES.map((d) => ({
    username: `cd-${d}`,
    displayName: `成都${DEPARTMENTS[d].zh.replace(/\(.*\)/, '')}联络员`,
    memberships: [{ role: 'liaison' as const, cityAdcode: '510100', departmentCode: d }],
  })),
  // a second person in the unit, so a supervisor has someone to assign to
  {
    username: 'cd-urban-2',
    displayName: '成都城管二组联络员',
    memberships: [{ role: 'liaison', cityAdcode: '510100', departmentCode: 'urban' }],
  },
  {
    username: 'cd-urban-supervisor',
    displayName: '成都城管科室负责人',
    memberships: [{ role: 'supervisor', cityAdcode: '510100', departmentCode: 'urban' }],
  },
  ...Object.entries(CITY_PREFIX).map(([adcode, [prefix, zh]]) => ({
    username: `${prefix}-coordinator`,
    displayName: `${zh}市城运协调员`,
    memberships: [{ role: 'coordinator' as const, cityAdcode: adcode, departmentCode: null }],
  })),
  { username: 'leadership', displayName: '整改工作领导小组', memberships: [{ role: 'leadership', cityAdcode: null, departmentCode: null }] },
  { username: 'alliance-office', displayName: '联盟协调办', memberships: [{ role: 'alliance', cityAdcode: null, departmentCode: null }] },
  { username: 'admin', displayName: '联盟系统管理员', memberships: [{ role: 'admin', cityAdcode: null, departmentCode: null }] },
  { username: 'cd-admin', displayName: '成都市信息中心管理员', memberships: [{ role: 'admin', cityAdcode: '510100', departmentCode: null }] },
  { username: 'dy-admin', displayName: '德阳市信息中心管理员', memberships: [{ role: 'admin', cityAdcode: '510600', departmentCode: null }] },
];

/**
 * Creates the demo accounts that do not exist yet (hashing is slow, so existing ones are left as
 * they are, including a password someone changed). Returns the usernames created.
 */
export async function seedDemoUsers(db: Database, hashPassword: (p: string) => Promise<string>, at: Date): Promise<string[]> {
  const existing = new Set(
    (
      await db
        .select({ username: users.username })
        .from(users)
        .where(
          inArray(
            users.username,
            DEMO_USERS.map((u) => u.username),
          ),
        )
    ).map((r) => r.username),
  );
  const missing = DEMO_USERS.filter((u) => !existing.has(u.username));
  if (missing.length === 0) return [];
  for (const u of missing) {
    const hash = await hashPassword(DEMO_PASSWORD);
    await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ id: randomUUID(), username: u.username, displayName: u.displayName, passwordHash: hash, createdAt: at })
        .onConflictDoNothing()
        .returning({ id: users.id });
      if (!row) return;
      await tx
        .insert(memberships)
        .values(u.memberships.map((m) => ({ userId: row.id, ...m })))
        .onConflictDoNothing();
    });
  }
  return missing.map((u) => u.username);
}
