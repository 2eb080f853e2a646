import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock } from '@gongzhi/domain';
import { seedDemoUsers, seedReference, DEMO_PASSWORD, type DatabaseHandle } from '@gongzhi/db';
import { sessions } from '@gongzhi/db/schema';
import { counting, testTargets } from '@gongzhi/db/testing';
import { hashPassword, verifyPassword } from './password.ts';
import { login } from './login.ts';
import { invalidateSession, sessionIdOf, validateSessionToken } from './session.ts';
import { SessionCache } from './session-cache.ts';
import { blankSessionCookie, readSessionToken, sessionCookie } from './cookie.ts';

const DAY = 86_400_000;

describe('password hashing', () => {
  it('uses argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('正确的密码');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, '正确的密码')).toBe(true);
    expect(await verifyPassword(hash, '错误的密码')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });
});

describe('session cookie', () => {
  it('is HttpOnly and SameSite=Lax, Secure when asked', () => {
    const expires = new Date('2026-12-27T00:00:00Z');
    expect(sessionCookie('tok', expires, { secure: false })).toBe('gongzhi_session=tok; HttpOnly; SameSite=Lax; Path=/; Expires=Sun, 27 Dec 2026 00:00:00 GMT');
    expect(sessionCookie('tok', expires, { secure: true })).toMatch(/; Secure$/);
    expect(blankSessionCookie({ secure: false })).toMatch(/Max-Age=0/);
    expect(readSessionToken('a=1; gongzhi_session=abc; b=2')).toBe('abc');
    expect(readSessionToken('a=1')).toBeNull();
  });
});

describe.each(testTargets())('sessions and login on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T08:00:00Z');

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, loadAlliance(), clock.now());
    await seedDemoUsers(handle.db, hashPassword, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('logs in with the right password and stores only the token’s hash', async () => {
    const result = await login(handle.db, clock, 'cd-urban', DEMO_PASSWORD);
    expect(result.principal.memberships).toEqual([{ role: 'liaison', cityAdcode: '510100', departmentCode: 'urban' }]);
    expect(result.token).toMatch(/^[a-z2-7]{32}$/);
    const [stored] = await handle.db.select().from(sessions).where(eq(sessions.userId, result.principal.userId));
    expect(stored!.id).toBe(sessionIdOf(result.token));
    expect(stored!.id).not.toContain(result.token);
    expect(stored!.expiresAt.getTime() - clock.now().getTime()).toBe(30 * DAY);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    await expect(login(handle.db, clock, 'cd-police', 'wrong')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'LOGIN_FAILED' });
    await expect(login(handle.db, clock, 'nobody', 'wrong')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'LOGIN_FAILED' });
  });

  it('validates a token, rejects a tampered one, and slides the expiry', async () => {
    const { token } = await login(handle.db, clock, 'cd-market', DEMO_PASSWORD);
    expect((await validateSessionToken(handle.db, clock, token))?.principal.username).toBe('cd-market');
    const tampered = (token[0] === 'a' ? 'b' : 'a') + token.slice(1);
    expect(await validateSessionToken(handle.db, clock, tampered)).toBeNull();
    expect(await validateSessionToken(handle.db, clock, '')).toBeNull();

    clock.advance(10 * DAY); // more than 15 days left: unchanged
    const early = await validateSessionToken(handle.db, clock, token);
    expect(early!.session.expiresAt.getTime() - clock.now().getTime()).toBe(20 * DAY);
    clock.advance(10 * DAY); // 10 days left: renewed to 30
    const renewed = await validateSessionToken(handle.db, clock, token);
    expect(renewed!.session.expiresAt.getTime() - clock.now().getTime()).toBe(30 * DAY);
  });

  it('rejects and deletes an expired session', async () => {
    const { token } = await login(handle.db, clock, 'cd-ecology', DEMO_PASSWORD);
    clock.advance(30 * DAY + 1);
    expect(await validateSessionToken(handle.db, clock, token)).toBeNull();
    expect(
      await handle.db
        .select()
        .from(sessions)
        .where(eq(sessions.id, sessionIdOf(token))),
    ).toEqual([]);
  });

  it('invalidates a session on logout', async () => {
    const { token } = await login(handle.db, clock, 'cd-water', DEMO_PASSWORD);
    await invalidateSession(handle.db, sessionIdOf(token));
    expect(await validateSessionToken(handle.db, clock, token)).toBeNull();
  });

  it('a cached session is not read again, yet still slides its expiry, records last seen, and expires', async () => {
    const { token } = await login(handle.db, clock, 'cd-planning', DEMO_PASSWORD);
    const id = sessionIdOf(token);
    let statements = 0;
    const db = counting(handle.db, () => statements++);
    // a max age longer than the session's life: only the writes and the clock decide here
    const cache = new SessionCache({ serving: () => true, maxAgeMs: 60 * DAY });
    const stored = async () => (await handle.db.select().from(sessions).where(eq(sessions.id, id)))[0];

    expect((await validateSessionToken(db, clock, token, cache))?.principal.username).toBe('cd-planning');
    expect(statements).toBeGreaterThan(0);
    statements = 0;
    expect((await validateSessionToken(db, clock, token, cache))?.principal.username).toBe('cd-planning');
    expect(statements).toBe(0);

    clock.advance(60_000); // last seen a minute ago: written, not read
    await validateSessionToken(db, clock, token, cache);
    expect(statements).toBe(1);
    expect((await stored())!.lastSeenAt).toEqual(clock.now());

    clock.advance(20 * DAY); // 10 days left: renewed to 30, in the database too
    const renewed = await validateSessionToken(db, clock, token, cache);
    expect(renewed!.session.expiresAt.getTime() - clock.now().getTime()).toBe(30 * DAY);
    expect((await stored())!.expiresAt).toEqual(renewed!.session.expiresAt);

    clock.advance(30 * DAY); // expired, though cached: refused and deleted
    expect(await validateSessionToken(db, clock, token, cache)).toBeNull();
    expect(await stored()).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('a cached session deleted unannounced is refused at its next write', async () => {
    const { token } = await login(handle.db, clock, 'cd-emergency', DEMO_PASSWORD);
    const cache = new SessionCache({ serving: () => true, maxAgeMs: 60 * DAY });
    expect(await validateSessionToken(handle.db, clock, token, cache)).not.toBeNull();
    await handle.db.delete(sessions).where(eq(sessions.id, sessionIdOf(token)));
    clock.advance(60_000);
    expect(await validateSessionToken(handle.db, clock, token, cache)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('slows a guesser at one address progressively, even for the right password, then lets them in', async () => {
    for (let i = 0; i < 5; i++) await expect(login(handle.db, clock, 'cd-parks', `guess-${i}`)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(login(handle.db, clock, 'cd-parks', DEMO_PASSWORD)).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      reason: 'LOGIN_THROTTLED',
      params: { seconds: 1 },
    });
    // another account is not affected
    await expect(login(handle.db, clock, 'cd-commerce', DEMO_PASSWORD)).resolves.toBeTruthy();
    clock.advance(1_000);
    await expect(login(handle.db, clock, 'cd-parks', 'guess-again')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(login(handle.db, clock, 'CD-Parks', DEMO_PASSWORD)).rejects.toMatchObject({ params: { seconds: 2 } });
    clock.advance(2_000);
    await expect(login(handle.db, clock, 'cd-parks', DEMO_PASSWORD)).resolves.toMatchObject({ principal: { username: 'cd-parks' } });
    // success resets the count
    await expect(login(handle.db, clock, 'cd-parks', 'oops')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(login(handle.db, clock, 'cd-parks', DEMO_PASSWORD)).resolves.toBeTruthy();
  });

  it('#4 counts each attempt before verifying it: 30 concurrent guesses, at most the free ones are tried', async () => {
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => login(handle.db, clock, 'cd-transport', `guess-${i}`, '203.0.113.9')));
    const reasons = results.map((r) => (r.status === 'rejected' ? (r.reason as { reason: string }).reason : 'SIGNED_IN'));
    expect(reasons.filter((r) => r === 'LOGIN_FAILED').length).toBeLessThanOrEqual(5);
    expect(reasons.filter((r) => r === 'LOGIN_THROTTLED').length).toBeGreaterThanOrEqual(25);
  });

  it('#5 never lets a stranger lock a colleague out of their usual browser', async () => {
    await login(handle.db, clock, 'cd-housing', DEMO_PASSWORD, '10.0.0.5'); // the owner's usual browser
    // a stranger guesses from many addresses, in any letter case
    for (let i = 0; i < 40; i++) await login(handle.db, clock, i % 2 ? 'CD-HOUSING' : 'cd-housing', 'guess', `198.51.100.${i}`).catch(() => null);
    await expect(login(handle.db, clock, 'cd-housing', DEMO_PASSWORD, '10.0.0.5')).resolves.toMatchObject({ principal: { username: 'cd-housing' } });
    // guessing from yet another address is slowed, by minutes at most
    const elsewhere = await login(handle.db, clock, 'cd-housing', 'guess', '192.0.2.1').catch((e: { reason: string; params: { seconds: number } }) => e);
    expect(elsewhere).toMatchObject({ reason: 'LOGIN_THROTTLED' });
    expect((elsewhere as { params: { seconds: number } }).params.seconds).toBeLessThanOrEqual(300);
  });
});

describe('session cache', () => {
  const entry = (id: string, readAt = 0) => ({
    session: { id, userId: 'u', expiresAt: new Date(DAY), lastSeenAt: null },
    principal: { userId: 'u', username: 'u', displayName: 'u', memberships: [] },
    readAt,
  });

  it('does not store a read that began before a session was forgotten, nor serve while the signal is not heard', () => {
    let serving = true;
    const cache = new SessionCache({ serving: () => serving });
    const generation = cache.generation; // a read begins…
    cache.forget(['a']); // …the session ends meanwhile…
    cache.put(entry('a'), generation); // …and what the read saw is not kept
    expect(cache.get('a', 0)).toBeUndefined();

    cache.put(entry('b'), cache.generation);
    expect(cache.get('b', 1)).toBeDefined();
    serving = false;
    expect(cache.get('b', 1)).toBeUndefined();
    cache.put(entry('c'), cache.generation);
    serving = true;
    expect(cache.get('c', 1)).toBeUndefined();
    cache.clear();
    expect(cache.get('b', 1)).toBeUndefined();
  });

  it('keeps an entry for its max age at most, and the most recently used ones when full', () => {
    const cache = new SessionCache({ serving: () => true, maxAgeMs: 1_000, maxEntries: 2 });
    cache.put(entry('a', 0), cache.generation);
    expect(cache.get('a', 999)).toBeDefined();
    expect(cache.get('a', 1_000)).toBeUndefined();

    cache.put(entry('a', 0), cache.generation);
    cache.put(entry('b', 0), cache.generation);
    cache.get('a', 1); // b is now the least recently used
    cache.put(entry('c', 0), cache.generation);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)].map(Boolean)).toEqual([true, false, true]);
  });
});
