import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { loadAlliance } from '@gongzhi/geo';
import { ManualClock, MATRIX_V1_MATTERS } from '@gongzhi/domain';
import { hashPassword } from '@gongzhi/auth';
import { eq } from 'drizzle-orm';
import { DEMO_PASSWORD, seedDemoUsers, seedReference, verifyAudit, type DatabaseHandle } from '@gongzhi/db';
import { auditLog } from '@gongzhi/db/schema';
import { testTargets } from '@gongzhi/db/testing';
import { createContext } from './context.ts';
import { InboxBus } from './inbox-bus.ts';
import { createCallerFactory } from './trpc.ts';
import { appRouter } from './root.ts';

const createCaller = createCallerFactory(appRouter);
const alliance = loadAlliance();

describe.each(testTargets())('tRPC procedures on $name', (target) => {
  let handle: DatabaseHandle;
  const clock = new ManualClock('2026-11-27T08:00:00Z');

  /** A caller as a browser would be: carrying whatever cookie the last login set. */
  async function caller(cookie: string | null = null) {
    const cookies: string[] = [];
    const ctx = await createContext(
      { db: handle.db, clock, alliance, bus: new InboxBus() },
      { cookieHeader: cookie, secureCookies: false, requestId: 'test', clientAddress: 'test', setCookie: (c) => cookies.push(c) },
    );
    return { api: createCaller(ctx), cookies };
  }
  async function signedIn(username: string) {
    const { api, cookies } = await caller();
    await api.auth.login({ username, password: DEMO_PASSWORD });
    return (await caller(cookies[0]!.split(';')[0]!)).api;
  }
  async function failure(p: Promise<unknown>): Promise<TRPCError> {
    try {
      await p;
    } catch (e) {
      if (e instanceof TRPCError) return e;
      throw e;
    }
    throw new Error('expected a failure');
  }

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    await seedDemoUsers(handle.db, hashPassword, clock.now());
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('logs in with a session cookie, knows who is signed in, and logs out', async () => {
    const { api, cookies } = await caller();
    const result = await api.auth.login({ username: 'cd-urban', password: DEMO_PASSWORD });
    expect(result.principal.username).toBe('cd-urban');
    expect(cookies[0]).toMatch(/^gongzhi_session=[a-z2-7]{32}; HttpOnly; SameSite=Lax; Path=\/; Expires=/);
    const cookie = cookies[0]!.split(';')[0]!;
    const me = (await caller(cookie)).api;
    expect((await me.auth.me())?.memberships[0]).toMatchObject({ role: 'liaison', departmentCode: 'urban' });
    const out = await caller(cookie);
    await out.api.auth.logout();
    expect(out.cookies[0]).toMatch(/Max-Age=0/);
    expect(await (await caller(cookie)).api.auth.me()).toBeNull();
  });

  it('answers a wrong password with UNAUTHORIZED and a reason key', async () => {
    const { api } = await caller();
    const e = await failure(api.auth.login({ username: 'cd-urban', password: 'nope' }));
    expect(e.code).toBe('UNAUTHORIZED');
    expect(e.message).toBe('Wrong username or password');
  });

  it('serves the 12 × 8 grid and a matter’s drill-down', async () => {
    const { api } = await caller();
    const grid = await api.matrix.grid();
    expect(grid.version.version).toBe(1);
    expect(grid.departments).toHaveLength(12);
    expect(grid.domains).toHaveLength(8);
    expect(grid.cells.every((row) => row.length === 8)).toBe(true);
    const matter = await api.matrix.matter({ code: 'FUM-01' });
    expect(matter).toMatchObject({ lead: 'ecology', supports: ['urban', 'market'], tier: 'complex', matrixVersion: 1 });
    const e = await failure(api.matrix.matter({ code: 'NOPE-1' }));
    expect(e.code).toBe('BAD_REQUEST');
  });

  it('previews a route for a signed-in user only', async () => {
    const anonymous = (await caller()).api;
    expect((await failure(anonymous.routing.preview({ matter: 'VEN-01', lon: 104.0657, lat: 30.6574 }))).code).toBe('UNAUTHORIZED');
    const api = await signedIn('cd-police');
    const route = await api.routing.preview({ matter: 'VEN-01', lon: 104.0657, lat: 30.6574, reportedIn: '510100' });
    expect(route).toMatchObject({ matrixVersion: 1, lead: { id: '510100:urban' }, tier: 'simple', crossCity: false });
    expect(route.respondBy).toBe('2026-11-27T10:00:00.000Z');
    const outside = await failure(api.routing.preview({ matter: 'VEN-01', lon: 116.4, lat: 39.9 }));
    expect(outside.code).toBe('BAD_REQUEST');
    expect(outside.message).toMatch(/outside/);
  });

  it('refuses a liaison the leadership-only amendment, and records one by leadership as version 2', async () => {
    const base = MATRIX_V1_MATTERS.find((m) => m.code === 'VEN-05')!;
    const amendment = {
      basedOn: 1,
      reason: '领导小组裁定:临时便民点由商务局牵头',
      matter: { ...base, lead: 'commerce' as const, supports: ['subdistrict' as const, 'urban' as const] },
    };
    const liaison = await signedIn('cd-urban');
    expect((await failure(liaison.matrix.amend(amendment))).code).toBe('FORBIDDEN');
    const leadership = await signedIn('leadership');
    expect(await leadership.matrix.amend(amendment)).toEqual({ version: 2 });
    expect((await leadership.matrix.matter({ code: 'VEN-05' })).lead).toBe('commerce');
    expect((await leadership.matrix.matter({ code: 'VEN-05', version: 1 })).lead).toBe('subdistrict');
    expect((await leadership.matrix.versions())[0]).toMatchObject({ version: 2, createdBy: 'leadership', basedOn: 1 });
    // An amendment changes authority: it is on the matrix audit chain, with the matter it changed, and the chains verify.
    const audited = await handle.db.select().from(auditLog).where(eq(auditLog.chain, 'matrix'));
    expect(audited).toMatchObject([{ actor: 'leadership', action: 'matrix.amend', payload: { version: 2, basedOn: 1, changed: ['VEN-05'] } }]);
    expect((await verifyAudit(handle.db)).broken).toEqual([]);
    const stale = await failure(leadership.matrix.amend(amendment));
    expect(stale.code).toBe('CONFLICT');
    const route = await liaison.routing.preview({ matter: 'VEN-05', lon: 104.0657, lat: 30.6574 });
    expect(route).toMatchObject({ matrixVersion: 2, lead: { id: '510100:commerce' } });
  });

  it('refuses malformed input with BAD_REQUEST', async () => {
    const leadership = await signedIn('leadership');
    const e = await failure(leadership.matrix.amend({ basedOn: 2, reason: 'x', matter: {} as never }));
    expect(e.code).toBe('BAD_REQUEST');
  });
});
