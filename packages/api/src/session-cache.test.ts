import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock } from '@gongzhi/domain';
import { hashPassword, readSessionToken, sessionIdOf, type SessionCache } from '@gongzhi/auth';
import { closeLiveStreams, DEMO_PASSWORD, findUserByUsername, INBOX_CHANNEL, seedDemoUsers, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { counting, testTargets } from '@gongzhi/db/testing';
import { createContext, type Services } from './context.ts';
import { InboxBus } from './inbox-bus.ts';
import { sessionCacheOn } from './session-cache.ts';
import { importPeople } from './use-cases/import-people.ts';
import { createCallerFactory } from './trpc.ts';
import { appRouter } from './root.ts';
import { reasonOf } from './testing.ts';

const createCaller = createCallerFactory(appRouter);
const alliance = loadAlliance();

/**
 * Sessions validated from this process's cache, as the server does: each test first has a session
 * served from the cache (a request that reads nothing), then ends or changes it, and the very next
 * request, once this process has heard every signal committed before it, is answered from the
 * database's truth. A cache that were not told would go on serving the old session.
 */
describe.each(testTargets())('the session cache on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T01:00:00Z');
  const bus = new InboxBus();
  let listening = true;
  let statements = 0;
  let services: Services & { sessions: SessionCache };
  let unlisten = async () => {};

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    await seedDemoUsers(handle.db, hashPassword, clock.now());
    unlisten = await handle.listen(INBOX_CHANNEL, (payload) => bus.publishPayload(payload));
    services = { db: counting(handle.db, () => statements++), clock, alliance, bus, sessions: sessionCacheOn(bus, () => listening) };
  });
  afterAll(async () => {
    await unlisten();
    await handle?.close();
  });

  const contextOf = (cookie: string | null) =>
    createContext(services, { cookieHeader: cookie, secureCookies: false, requestId: 'test', clientAddress: '10.1.1.1', setCookie: () => {} });
  const as = async (cookie: string) => createCaller(await contextOf(cookie));
  const principalOf = async (cookie: string) => (await contextOf(cookie)).principal;
  const idOf = (cookie: string) => sessionIdOf(readSessionToken(cookie)!);

  async function signIn(username: string, password = DEMO_PASSWORD): Promise<string> {
    let cookie = '';
    const ctx = await createContext(services, {
      cookieHeader: null,
      secureCookies: false,
      requestId: 'test',
      clientAddress: '10.1.1.1',
      setCookie: (c) => (cookie = c.split(';')[0]!),
    });
    await createCaller(ctx).auth.login({ username, password });
    return cookie;
  }

  /** Signs in and makes a request, so that the session is cached: the next request reads nothing. */
  async function cachedSession(username: string, password = DEMO_PASSWORD): Promise<string> {
    const cookie = await signIn(username, password);
    expect((await principalOf(cookie))?.username).toBe(username);
    statements = 0;
    expect((await principalOf(cookie))?.username).toBe(username);
    expect(statements).toBe(0);
    return cookie;
  }

  /**
   * Every signal committed so far has reached this process: a marker sent after them has (PostgreSQL
   * delivers notifications in commit order; PGlite in-process). Waits for the event, not for a time.
   */
  async function heardEverything() {
    const marker = randomUUID();
    const arrived = new Promise<void>((resolve) => {
      const off = bus.onSessionsClosing((ids) => {
        if (ids?.has(marker)) {
          off();
          resolve();
        }
      });
    });
    await closeLiveStreams(handle.db, [marker]);
    await arrived;
  }

  it('serves a second request in a row without reading its session', async () => {
    const cookie = await signIn('cd-urban');
    statements = 0;
    expect((await principalOf(cookie))?.username).toBe('cd-urban');
    expect(statements).toBeGreaterThan(0); // the first request reads it
    statements = 0;
    const again = await contextOf(cookie);
    expect(again.principal?.username).toBe('cd-urban');
    expect(again.session?.id).toBe(idOf(cookie));
    expect(statements).toBe(0);
    // a minute on, it is read again (and its last use recorded)
    clock.advance(60_000);
    expect((await principalOf(cookie))?.username).toBe('cd-urban');
    expect(statements).toBeGreaterThan(0);
  });

  it('a signed-out session is refused at once', async () => {
    const cookie = await cachedSession('cd-police');
    await (await as(cookie)).auth.logout();
    await heardEverything();
    expect(await principalOf(cookie)).toBeNull();
  });

  it('a session ended from my sessions (one, or all others) is refused at once', async () => {
    const phone = await cachedSession('cd-market');
    const laptop = await cachedSession('cd-market');
    const tablet = await cachedSession('cd-market');
    await (await as(laptop)).account.endSession({ sessionId: idOf(phone) });
    await heardEverything();
    expect(await principalOf(phone)).toBeNull();
    expect((await principalOf(tablet))?.username).toBe('cd-market');
    await (await as(laptop)).account.endSession({ others: true });
    await heardEverything();
    expect(await principalOf(tablet)).toBeNull();
    expect((await principalOf(laptop))?.username).toBe('cd-market');
  });

  it('a password change refuses every other session at once, and a temporary password is no longer asked to change', async () => {
    const elsewhere = await cachedSession('cd-ecology');
    const here = await cachedSession('cd-ecology');
    await (await as(here)).account.changePassword({ current: DEMO_PASSWORD, next: 'Jinli-street-2026' });
    await heardEverything();
    expect(await principalOf(elsewhere)).toBeNull();
    expect((await principalOf(here))?.username).toBe('cd-ecology');

    // an administrator resets it: the temporary password must be changed first, then no more
    const admin = await signIn('cd-admin');
    const { temporaryPassword } = await (await as(admin)).users.resetPassword({ userId: (await findUserByUsername(handle.db, 'cd-ecology'))!.id });
    await heardEverything();
    expect(await principalOf(here)).toBeNull();
    const temporary = await cachedSession('cd-ecology', temporaryPassword);
    expect(await reasonOf((await as(temporary)).case.inbox())).toBe('PASSWORD_CHANGE_REQUIRED');
    await (await as(temporary)).account.changePassword({ current: temporaryPassword, next: 'Kuanzhai-alley-2026' });
    await heardEverything();
    expect((await principalOf(temporary))?.mustChangePassword).toBeUndefined();
    expect(await reasonOf((await as(temporary)).case.inbox())).toBe('OK');
  });

  it('a deactivated person’s session is refused at once', async () => {
    const cookie = await cachedSession('cd-water');
    const admin = await signIn('cd-admin');
    await (await as(admin)).users.deactivate({ userId: (await findUserByUsername(handle.db, 'cd-water'))!.id, reason: '离职' });
    await heardEverything();
    expect(await principalOf(cookie)).toBeNull();
  });

  it('an edit of someone’s roles or name takes effect on their next request', async () => {
    const cookie = await cachedSession('cd-parks');
    const admin = await signIn('cd-admin');
    const userId = (await findUserByUsername(handle.db, 'cd-parks'))!.id;
    await (await as(admin)).users.edit({ userId, memberships: [{ role: 'supervisor', cityAdcode: '510100', departmentCode: 'parks' }] });
    await heardEverything();
    expect((await principalOf(cookie))?.memberships).toEqual([{ role: 'supervisor', cityAdcode: '510100', departmentCode: 'parks' }]);

    expect((await principalOf(cookie))?.displayName).not.toBe('公园城市局负责人'); // cached again
    await (await as(admin)).users.edit({ userId, displayName: '公园城市局负责人' });
    await heardEverything();
    expect((await principalOf(cookie))?.displayName).toBe('公园城市局负责人');
  });

  it('a rename by a people import takes effect on the next request', async () => {
    const cookie = await cachedSession('cd-subdistrict');
    const admin = (await findUserByUsername(handle.db, 'cd-admin'))!;
    const imported = await importPeople({
      ctx: { db: handle.db, clock, administrator: { userId: admin.id, username: admin.username, scopes: ['510100'] } },
      input: {
        columns: { username: 0, displayName: 1, city: 2, department: 3, role: 4 },
        rows: [{ rowNumber: 2, fields: ['cd-subdistrict', '街道联络员(改名)', '成都', 'subdistrict', 'liaison'] }],
        apply: true,
        source: 'people.csv',
      },
    });
    expect(imported.rows.map((r) => r.changes)).toEqual([['name']]);
    await heardEverything();
    expect((await principalOf(cookie))?.displayName).toBe('街道联络员(改名)');
  });

  it('while the signal is not heard every request reads its session, and what was cached is dropped once it is again', async () => {
    const cookie = await cachedSession('cd-transport');
    listening = false; // the LISTEN connection is being reopened
    statements = 0;
    expect((await principalOf(cookie))?.username).toBe('cd-transport');
    expect(statements).toBeGreaterThan(0);
    listening = true;
    bus.resync(); // reopened: what was sent meanwhile is lost
    statements = 0;
    expect((await principalOf(cookie))?.username).toBe('cd-transport');
    expect(statements).toBeGreaterThan(0);
  });
});
