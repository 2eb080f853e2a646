import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { auditLog } from '@gongzhi/db/schema';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock } from '@gongzhi/domain';
import { hashPassword } from '@gongzhi/auth';
import { DEMO_PASSWORD, findUserByUsername, seedDemoUsers, seedReference, verifyAudit, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { createContext } from './context.ts';
import { InboxBus } from './inbox-bus.ts';
import { createCallerFactory } from './trpc.ts';
import { appRouter } from './root.ts';
import { reasonOf } from './testing.ts';

const createCaller = createCallerFactory(appRouter);
const alliance = loadAlliance();
const CD = '510100';
const DY = '510600';

describe.each(testTargets())('administration on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const bus = new InboxBus();
  let unlisten = async () => {};

  async function caller(cookie: string | null = null) {
    const cookies: string[] = [];
    const ctx = await createContext(
      { db: handle.db, clock, alliance, bus },
      {
        cookieHeader: cookie,
        secureCookies: false,
        requestId: 'test',
        clientAddress: '10.1.1.1',
        setCookie: (c) => cookies.push(c),
        userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1',
      },
    );
    return { api: createCaller(ctx), cookies };
  }
  async function signIn(username: string, password = DEMO_PASSWORD) {
    const { api, cookies } = await caller();
    await api.auth.login({ username, password });
    const cookie = cookies[0]!.split(';')[0]!;
    return { api: (await caller(cookie)).api, cookie, again: async () => (await caller(cookie)).api };
  }
  const idOf = async (username: string) => (await findUserByUsername(handle.db, username))!.id;

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    await seedDemoUsers(handle.db, hashPassword, clock.now());
    unlisten = await handle.listen('gongzhi_inbox', (payload) => bus.publishPayload(payload));
  });
  afterAll(async () => {
    await unlisten();
    await handle?.close();
  });

  it('permission table: every administrative procedure × every role and scope', async () => {
    const callers = {
      liaison: (await signIn('cd-urban')).api,
      supervisor: (await signIn('cd-urban-supervisor')).api,
      coordinator: (await signIn('cd-coordinator')).api,
      leadership: (await signIn('leadership')).api,
      alliance: (await signIn('alliance-office')).api,
      chengduAdmin: (await signIn('cd-admin')).api,
      deyangAdmin: (await signIn('dy-admin')).api,
      allianceAdmin: (await signIn('admin')).api,
    };
    const cdPolice = await idOf('cd-police');
    const dyCoordinator = await idOf('dy-coordinator');
    const leadership = await idOf('leadership');
    type Api = (typeof callers)['liaison'];
    // Each procedure run against a Chengdu person, a Deyang person and an alliance-level account.
    const procedures: Record<string, (api: Api, userId: string) => Promise<unknown>> = {
      list: (api) => api.users.list({}),
      audit: (api) => api.users.audit({}),
      edit: (api, userId) => api.users.edit({ userId, phone: '13800000001' }),
      resetPassword: (api, userId) => api.users.resetPassword({ userId }),
      deactivate: async (api, userId) => {
        await api.users.deactivate({ userId, reason: '权限测试' });
        await api.users.reactivate({ userId }); // back for the next caller
      },
      reactivate: (api, userId) => api.users.reactivate({ userId }),
      create: (api, userId) =>
        api.users.create({
          username: `t-${userId.slice(0, 8)}-${Math.random().toString(36).slice(2, 8)}`,
          displayName: '测试',
          memberships:
            userId === cdPolice
              ? [{ role: 'liaison', cityAdcode: CD, departmentCode: 'police' }]
              : userId === dyCoordinator
                ? [{ role: 'coordinator', cityAdcode: DY }]
                : [{ role: 'leadership' }],
        }),
    };
    const table: Record<string, Record<string, string>> = {};
    for (const [who, api] of Object.entries(callers)) {
      for (const [name, run] of Object.entries(procedures)) {
        for (const [label, userId] of [
          ['cd', cdPolice],
          ['dy', dyCoordinator],
          ['alliance', leadership],
        ] as const) {
          if ((name === 'list' || name === 'audit') && label !== 'cd') continue;
          table[`${name}:${label}`] ??= {};
          table[`${name}:${label}`]![who] = await reasonOf(run(api, userId));
        }
      }
    }
    const nonAdmins = {
      liaison: 'ROLE_REQUIRED',
      supervisor: 'ROLE_REQUIRED',
      coordinator: 'ROLE_REQUIRED',
      leadership: 'ROLE_REQUIRED',
      alliance: 'ROLE_REQUIRED',
    };
    const expected = (cd: string, dy: string, all: string) => ({ ...nonAdmins, chengduAdmin: cd, deyangAdmin: dy, allianceAdmin: all });
    const scoped = (label: 'cd' | 'dy' | 'alliance') =>
      expected(label === 'cd' ? 'OK' : 'USER_NOT_IN_SCOPE', label === 'dy' ? 'OK' : 'USER_NOT_IN_SCOPE', label === 'alliance' ? 'OK' : 'USER_NOT_IN_SCOPE');
    expect(table).toEqual({
      'list:cd': expected('OK', 'OK', 'OK'),
      'audit:cd': expected('OK', 'OK', 'OK'),
      ...Object.fromEntries(
        ['edit', 'resetPassword', 'deactivate', 'reactivate', 'create'].flatMap((n) =>
          (['cd', 'dy', 'alliance'] as const).map((l) => [`${n}:${l}`, scoped(l)]),
        ),
      ),
    });
    // what each administrator's list holds
    const names = async (api: Api) => (await api.users.list({})).map((u) => u.username);
    expect(await names(callers.chengduAdmin)).toContain('cd-police');
    expect(await names(callers.chengduAdmin)).not.toContain('dy-coordinator');
    expect(await names(callers.chengduAdmin)).not.toContain('leadership');
    expect(await names(callers.deyangAdmin)).toEqual(expect.arrayContaining(['dy-coordinator', 'dy-admin']));
    expect(await names(callers.allianceAdmin)).toEqual(expect.arrayContaining(['leadership', 'alliance-office', 'cd-admin', 'dy-admin', 'admin']));
    expect(await names(callers.allianceAdmin)).not.toContain('cd-police');
    // the alliance's administrator appoints city administrators; a city's administrators their colleagues
    expect(await reasonOf(callers.allianceAdmin.users.edit({ userId: await idOf('cd-admin'), phone: '13800000002' }))).toBe('OK');
    expect(await reasonOf(callers.deyangAdmin.users.edit({ userId: await idOf('cd-admin'), phone: '13800000003' }))).toBe('USER_NOT_IN_SCOPE');
    // a Chengdu administrator cannot move a Chengdu person to Deyang
    expect(
      await reasonOf(callers.chengduAdmin.users.edit({ userId: cdPolice, memberships: [{ role: 'liaison', cityAdcode: DY, departmentCode: 'police' }] })),
    ).toBe('USER_NOT_IN_SCOPE');
  });

  it('validates memberships: a liaison in a department of a city, a coordinator in a city, leadership at the alliance', async () => {
    const { api } = await signIn('admin');
    const cd = (await signIn('cd-admin')).api;
    const create = (memberships: Parameters<typeof api.users.create>[0]['memberships'], a = cd) =>
      reasonOf(a.users.create({ username: `m-${Math.random().toString(36).slice(2, 10)}`, displayName: '测试', memberships }));
    expect(await create([{ role: 'liaison', cityAdcode: CD }])).toBe('MEMBERSHIP_INVALID');
    expect(await create([{ role: 'supervisor', departmentCode: 'urban' }])).toBe('MEMBERSHIP_INVALID');
    expect(await create([{ role: 'coordinator', cityAdcode: CD, departmentCode: 'urban' }])).toBe('MEMBERSHIP_INVALID');
    expect(await create([{ role: 'leadership', cityAdcode: CD }], api)).toBe('MEMBERSHIP_INVALID');
    expect(await create([{ role: 'alliance' }], api)).toBe('OK');
    expect(await create([{ role: 'liaison', cityAdcode: CD, departmentCode: 'urban' }])).toBe('OK');
    expect(await reasonOf(cd.users.create({ username: 'cd-urban', displayName: '重名', memberships: [{ role: 'coordinator', cityAdcode: CD }] }))).toBe(
      'USERNAME_TAKEN',
    );
    expect(await reasonOf(cd.users.create({ username: 'A B', displayName: '坏名', memberships: [{ role: 'coordinator', cityAdcode: CD }] }))).toBe(
      'USERNAME_INVALID',
    );
  });

  it('a new person gets a temporary password that must be changed first; common and short passwords are refused', async () => {
    const admin = (await signIn('cd-admin')).api;
    const created = await admin.users.create({
      username: 'cd-new-liaison',
      displayName: '新联络员',
      phone: '13811112222',
      memberships: [{ role: 'liaison', cityAdcode: CD, departmentCode: 'market' }],
    });
    expect(created.temporaryPassword).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const me = await signIn('cd-new-liaison', created.temporaryPassword!);
    expect((await me.api.auth.me())?.mustChangePassword).toBe(true);
    expect(await reasonOf(me.api.case.inbox())).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await reasonOf(me.api.account.sessions())).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await reasonOf(me.api.account.changePassword({ current: 'wrong', next: 'Tianfu-square-42' }))).toBe('PASSWORD_CURRENT_WRONG');
    expect(await reasonOf(me.api.account.changePassword({ current: created.temporaryPassword!, next: 'short' }))).toBe('PASSWORD_TOO_SHORT');
    for (const common of ['password123', 'woaini1314520', '1234567890', 'qwertyuiop!', 'Password2026', 'cd-new-liaison1'])
      expect(await reasonOf(me.api.account.changePassword({ current: created.temporaryPassword!, next: common }))).toBe('PASSWORD_TOO_COMMON');
    await me.api.account.changePassword({ current: created.temporaryPassword!, next: 'Tianfu-square-42' });
    const after = await me.again();
    expect((await after.auth.me())?.mustChangePassword).toBeUndefined();
    expect(await after.case.inbox()).toEqual([]);
    // the temporary password is gone
    expect(await reasonOf(signIn('cd-new-liaison', created.temporaryPassword!))).toBe('LOGIN_FAILED');
  });

  it('lists one’s own sessions with their device and ends them', async () => {
    const first = await signIn('cd-ecology');
    const second = await signIn('cd-ecology');
    const sessions = await first.api.account.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions.find((s) => s.current)).toMatchObject({ device: 'Safari · iOS', clientAddress: '10.1.1.1' });
    const other = sessions.find((s) => !s.current)!;
    await first.api.account.endSession({ sessionId: other.id });
    expect(await (await second.again()).auth.me()).toBeNull();
    expect(await reasonOf(first.api.account.endSession({ sessionId: other.id }))).toBe('SESSION_UNKNOWN');
    await signIn('cd-ecology');
    expect(await first.api.account.endSession({ others: true })).toEqual({ ended: 1 });
    expect(await (await first.again()).account.sessions()).toHaveLength(1);
  });

  it('deactivation refuses the next request, closes the live stream, returns open claims to the unit; reactivation restores access', async () => {
    const coordinator = (await signIn('cd-coordinator')).api;
    const liaison = await signIn('cd-urban');
    const { caseId: claimed } = await coordinator.case.intake({ matter: 'FAC-01', lon: 104.0815, lat: 30.6555, description: '路灯不亮', source: 'app' });
    const { caseId: offered } = await coordinator.case.intake({ matter: 'FAC-01', lon: 104.0815, lat: 30.6555, description: '路灯又坏了', source: 'app' });
    await liaison.api.case.claim({ caseId: claimed });

    const stream = await liaison.api.inbox.changes();
    const ended = (async () => {
      for await (const _ of stream) {
        // changes may arrive before the end
      }
      return 'ended';
    })();
    const admin = (await signIn('cd-admin')).api;
    const userId = await idOf('cd-urban');
    const result = await admin.users.deactivate({ userId, reason: '调离岗位' });
    expect(result.casesReturned).toBe(1);
    expect(result.sessionsEnded).toBeGreaterThanOrEqual(1); // this one and any earlier sign-in
    expect(await ended).toBe('ended');
    expect(await reasonOf((await liaison.again()).case.inbox())).toBe('SIGN_IN_REQUIRED');
    expect(await reasonOf(signIn('cd-urban'))).toBe('LOGIN_FAILED');
    // the claim is back with the unit, with the reason on the case's timeline; a colleague can work it
    const supervisorView = await (await signIn('cd-coordinator')).api.case.get({ caseId: claimed });
    expect(supervisorView.timeline.at(-1)).toMatchObject({ action: 'case.RETURNED_TO_UNIT', payload: expect.objectContaining({ reason: '调离岗位' }) });
    // a case only offered to the unit is untouched
    expect((await (await signIn('cd-coordinator')).api.case.get({ caseId: offered })).timeline.map((e) => e.action)).not.toContain('case.RETURNED_TO_UNIT');
    const [entry] = await admin.users.audit({ target: 'cd-urban', action: 'user.deactivate' });
    expect(entry).toMatchObject({
      actor: 'cd-admin',
      payload: { detail: { reason: '调离岗位', casesReturned: 1, sessionsEnded: result.sessionsEnded }, from: { active: true }, to: { active: false } },
    });

    await admin.users.reactivate({ userId });
    expect((await (await signIn('cd-urban')).api.case.inbox()).some((t) => t.caseId === claimed)).toBe(true);
    expect((await verifyAudit(handle.db)).broken).toEqual([]);
  });

  it('the last administrator cannot remove themselves; every action is in the admin audit chain, filtered by scope', async () => {
    const dy = (await signIn('dy-admin')).api;
    const self = await idOf('dy-admin');
    expect(await reasonOf(dy.users.deactivate({ userId: self, reason: '离职' }))).toBe('LAST_ADMIN');
    expect(await reasonOf(dy.users.edit({ userId: self, memberships: [{ role: 'coordinator', cityAdcode: DY }] }))).toBe('LAST_ADMIN');
    // with a colleague, they may
    const colleague = await dy.users.create({ username: 'dy-admin-2', displayName: '德阳管理员二', memberships: [{ role: 'admin', cityAdcode: DY }] });
    expect(
      await reasonOf(
        dy.users.edit({
          userId: self,
          memberships: [
            { role: 'admin', cityAdcode: DY },
            { role: 'coordinator', cityAdcode: DY },
          ],
        }),
      ),
    ).toBe('OK');
    const edits = await dy.users.audit({ target: 'dy-admin', action: 'user.memberships' });
    expect(edits[0]).toMatchObject({
      actor: 'dy-admin',
      payload: { from: { memberships: [{ role: 'admin', cityAdcode: DY }] }, to: { memberships: [{ role: 'admin' }, { role: 'coordinator' }] } },
    });
    // Chengdu's administrator does not see Deyang's actions; the alliance's sees the appointment of a city administrator
    const cdAudit = await (await signIn('cd-admin')).api.users.audit({});
    expect(cdAudit.some((e) => e.payload.target?.username === 'dy-admin-2')).toBe(false);
    const allianceAudit = await (await signIn('admin')).api.users.audit({ target: 'dy-admin-2' });
    expect(allianceAudit.map((e) => e.action)).toEqual(['user.create']);
    expect(colleague.temporaryPassword).toBeTruthy();
    const [counted] = await handle.db.select({ n: count() }).from(auditLog).where(eq(auditLog.chain, 'admin'));
    expect(counted!.n).toBeGreaterThan(5);
    expect((await verifyAudit(handle.db)).broken).toEqual([]);
  });

  it('a password reset ends the sessions and forces a change at the next sign-in', async () => {
    const before = await signIn('cd-transport');
    const admin = (await signIn('cd-admin')).api;
    const { temporaryPassword } = await admin.users.resetPassword({ userId: await idOf('cd-transport') });
    expect(await (await before.again()).auth.me()).toBeNull();
    expect(await reasonOf(signIn('cd-transport'))).toBe('LOGIN_FAILED');
    const after = await signIn('cd-transport', temporaryPassword);
    expect(await reasonOf(after.api.case.inbox())).toBe('PASSWORD_CHANGE_REQUIRED');
  });

  it('Open311 keys: the alliance’s administrators list, issue and revoke them (audited); a city’s administrator and others are refused', async () => {
    const admin = (await signIn('admin')).api;
    const issued = await admin.open311.issueKey({ name: '市民随手拍', ratePerMinute: 30 });
    expect(issued.apiKey).toMatch(/^o311_/);
    const listed = (await admin.open311.keys()).find((k) => k.id === issued.id);
    expect(listed).toMatchObject({
      name: '市民随手拍',
      createdByName: '联盟系统管理员',
      requestCount: 0,
      lastUsedAt: null,
      revokedAt: null,
      ratePerMinute: 30,
    });
    expect(JSON.stringify(await admin.open311.keys())).not.toContain(issued.apiKey);
    const cd = (await signIn('cd-admin')).api;
    expect(await reasonOf(cd.open311.keys())).toBe('API_KEYS_ALLIANCE_ONLY');
    expect(await reasonOf(cd.open311.revokeKey({ id: issued.id }))).toBe('API_KEYS_ALLIANCE_ONLY');
    expect(await reasonOf((await signIn('alliance-office')).api.open311.keys())).toBe('ROLE_REQUIRED');
    expect(await reasonOf(admin.open311.revokeKey({ id: 999_999 }))).toBe('API_KEY_UNKNOWN');
    await admin.open311.revokeKey({ id: issued.id });
    await admin.open311.revokeKey({ id: issued.id }); // a second revocation changes nothing
    expect((await admin.open311.keys()).find((k) => k.id === issued.id)?.revokedAt).toBe(clock.now().toISOString());
    const audit = await admin.users.audit({});
    expect(audit.filter((e) => e.action.startsWith('apiKey.')).map((e) => [e.action, e.actor])).toEqual([
      ['apiKey.revoke', 'admin'],
      ['apiKey.issue', 'admin'],
    ]);
    expect((await cd.users.audit({})).some((e) => e.action.startsWith('apiKey.'))).toBe(false);
    expect((await verifyAudit(handle.db)).broken).toEqual([]);
  });
});
