import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@gongzhi/auth';
import { DEMO_PASSWORD, seedDemoUsers, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { ManualClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import type { Hono } from 'hono';
import { InboxBus } from '@gongzhi/api';
import { createApp } from './app.ts';

const portalDir = mkdtempSync(join(tmpdir(), 'gongzhi-portal-'));
mkdirSync(join(portalDir, 'assets'));
writeFileSync(join(portalDir, 'index.html'), '<!doctype html><title>共治</title><div id="root"></div>');
writeFileSync(join(portalDir, 'assets', 'app.js'), 'console.log("portal")');

const json = (res: Response): Promise<any> => res.json();

describe.each(testTargets())('the HTTP app on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Hono;
  const clock = new ManualClock('2026-11-27T08:00:00Z');

  const get = (path: string, input?: unknown, cookie?: string) =>
    app.request(`/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`, {
      headers: { host: 'localhost:3000', ...(cookie ? { cookie } : {}) },
    });
  const post = (path: string, body: unknown, cookie?: string, host = 'localhost:3000') =>
    app.request(`/trpc/${path}`, {
      method: 'POST',
      headers: { host, 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body),
    });
  async function signIn(username: string) {
    const res = await post('auth.login', { username, password: DEMO_PASSWORD });
    return res.headers.get('set-cookie')!.split(';')[0]!;
  }

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, loadAlliance(), clock.now());
    await seedDemoUsers(handle.db, hashPassword, clock.now());
    app = createApp({ services: { db: handle.db, clock, alliance: loadAlliance(), bus: new InboxBus() }, portalDir });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('reports health', async () => {
    const res = await app.request('/health');
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: 'ok', database: 'ok', listener: 'none' });
  });

  it('sets an HttpOnly session cookie on login, Secure only by configuration or a trusted proxy (not by Host)', async () => {
    const local = await post('auth.login', { username: 'cd-urban', password: DEMO_PASSWORD });
    expect(local.status).toBe(200);
    const cookie = local.headers.get('set-cookie')!;
    expect(cookie).toMatch(/gongzhi_session=\w+; HttpOnly; SameSite=Lax; Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    const remote = await post('auth.login', { username: 'cd-urban', password: DEMO_PASSWORD }, undefined, 'gongzhi.chengdu.gov.cn');
    expect(remote.headers.get('set-cookie')).not.toMatch(/Secure/);
    const me = await get('auth.me', undefined, cookie.split(';')[0]);
    expect((await json(me)).result.data.username).toBe('cd-urban');
  });

  it('serves matrix.grid as JSON', async () => {
    const res = await get('matrix.grid');
    expect(res.status).toBe(200);
    const grid = (await json(res)).result.data;
    expect(grid.cells).toHaveLength(12);
    expect(grid.domains.map((d: { name: { zh: string } }) => d.name.zh)).toContain('餐饮油烟与露天烧烤');
  });

  it.each([
    ['bad input → 400 with the reason', () => get('matrix.matter', { code: 'ZZZ-00' }), 400, 'MATTER_UNKNOWN'],
    ['not signed in → 401', () => get('routing.preview', { matter: 'FAC-01', lon: 104, lat: 30.6 }), 401, 'SIGN_IN_REQUIRED'],
    ['unknown version → 404', () => get('matrix.grid', { version: 42 }), 404, 'MATRIX_VERSION_UNKNOWN'],
    ['wrong password → 401', () => post('auth.login', { username: 'cd-urban', password: 'x' }), 401, 'LOGIN_FAILED'],
    ['missing fields → 400', () => post('auth.login', { username: '' }), 400, 'INPUT_INVALID'],
  ] as const)('%s', async (_name, call, status, reason) => {
    const res = await call();
    expect(res.status).toBe(status);
    const body = await json(res);
    expect(body.error.data.reason).toBe(reason);
    expect(body.error.data.stack).toBeUndefined();
    expect(body.error.message.length).toBeGreaterThan(3);
  });

  it('maps FORBIDDEN to 403, CONFLICT to 409 and throttling to 429', async () => {
    const amendment = (basedOn: number) => ({
      basedOn,
      reason: '测试修订',
      matter: {
        code: 'NOI-06',
        domain: 'noise',
        name: { zh: '宠物噪声', en: 'Pet noise' },
        lead: 'police',
        supports: ['subdistrict'],
        tier: 'simple',
        legalBasis: '《噪声污染防治法》',
        keywords: ['狗叫'],
        joint: false,
      },
    });
    const liaison = await signIn('cd-police');
    expect((await post('matrix.amend', amendment(1), liaison)).status).toBe(403);
    const leadership = await signIn('leadership');
    expect((await post('matrix.amend', amendment(1), leadership)).status).toBe(200);
    expect((await post('matrix.amend', amendment(1), leadership)).status).toBe(409);
    for (let i = 0; i < 5; i++) await post('auth.login', { username: 'cd-transport', password: 'guess' });
    const throttled = await post('auth.login', { username: 'cd-transport', password: DEMO_PASSWORD });
    expect(throttled.status).toBe(429);
    expect((await json(throttled)).error.data.reason).toBe('LOGIN_THROTTLED');
  });

  it('previews a route over HTTP for a signed-in user', async () => {
    const cookie = await signIn('cd-urban');
    const res = await get('routing.preview', { matter: 'FAC-01', lon: 104.0815, lat: 30.6555 }, cookie);
    expect(res.status).toBe(200);
    const route = (await json(res)).result.data;
    expect(route.county.name.zh).toBe('锦江区');
    expect(route.lead.id).toBe('510100:urban');
  });

  it('serves the portal and its client-side routes, and 404s unknown API paths', async () => {
    expect(await (await app.request('/')).text()).toContain('共治');
    expect(await (await app.request('/matrix')).text()).toContain('共治');
    expect(await (await app.request('/assets/app.js')).text()).toContain('portal');
    expect((await app.request('/trpc/nope.nothing')).status).toBe(404);
  });
});
