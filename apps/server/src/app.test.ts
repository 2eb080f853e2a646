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
import { sql } from 'drizzle-orm';
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

  it('is ready when the database answers and every migration is applied, and not ready when one is missing', async () => {
    const ready = await app.request('/ready');
    expect(ready.status).toBe(200);
    const body = await json(ready);
    expect(body).toMatchObject({ status: 'ready', database: 'ok', listener: 'none' });
    expect(body.migrations.applied).toBe(body.migrations.expected);
    const { rows } = (await handle.db.execute(sql`select id, hash, created_at from drizzle.__drizzle_migrations order by id desc limit 1`)) as unknown as {
      rows: Array<{ id: number; hash: string; created_at: string }>;
    };
    const last = rows[0];
    await handle.db.execute(sql`delete from drizzle.__drizzle_migrations where id = ${last!.id}`);
    try {
      const behind = await app.request('/ready');
      expect(behind.status).toBe(503);
      expect(await json(behind)).toMatchObject({ status: 'not-ready', migrations: { applied: body.migrations.expected - 1 } });
    } finally {
      await handle.db.execute(sql`insert into drizzle.__drizzle_migrations (id, hash, created_at) values (${last!.id}, ${last!.hash}, ${last!.created_at})`);
    }
  });

  it('serves Prometheus metrics to loopback: requests per procedure (names a stranger makes up never become labels), timers due and their lag', async () => {
    const cookie = await signIn('cd-coordinator');
    const intake = await post(
      'case.intake',
      { matter: 'FAC-01', lon: 104.0815, lat: 30.6555, description: '东大街路灯不亮已经三天了', source: 'hotline' },
      cookie,
    );
    expect(intake.status).toBe(200);
    await get('matrix.versions,matrix.reference?batch=1');
    for (let i = 0; i < 3; i++) await app.request(`/trpc/invented.procedure${i}`);
    const before = clock.now();
    clock.advance(3 * 24 * 3_600_000); // the new case's response deadline has passed
    try {
      const res = await app.request('/metrics');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await res.text();
      // Prometheus' text exposition format, line by line.
      for (const line of text.split('\n').filter(Boolean)) {
        expect(line).toMatch(
          /^(# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.]+(e[+-]?[0-9]+)?|[Nn]a[Nn]|[+-]Inf))$/,
        ); // Prometheus reads NaN in any case
      }
      const value = (series: string) =>
        Number(
          text
            .split('\n')
            .find((l) => l.startsWith(`${series} `))
            ?.split(' ')[1],
        );
      expect(value('gongzhi_requests_total{procedure="case.intake",status="2xx"}')).toBe(1);
      expect(value('gongzhi_requests_total{procedure="matrix.versions",status="2xx"}')).toBe(1);
      expect(value('gongzhi_requests_total{procedure="unknown",status="4xx"}')).toBeGreaterThanOrEqual(3);
      expect(text).not.toContain('invented');
      expect(value('gongzhi_request_duration_seconds_count{procedure="case.intake"}')).toBe(1);
      expect(value('gongzhi_timers_due')).toBeGreaterThanOrEqual(1);
      expect(value('gongzhi_timers_lag_seconds')).toBeGreaterThan(3600);
      expect(value('gongzhi_intake_queue_depth{state="waiting"}')).toBe(0);
      expect(value('gongzhi_sse_connections')).toBe(0);
      expect(value('gongzhi_database_up')).toBe(1);
      expect(text).toContain('gongzhi_process_resident_memory_bytes');
    } finally {
      clock.set(before);
    }
    // Through a proxy for someone outside, or without the token where one is set: refused.
    const services = { db: handle.db, clock, alliance: loadAlliance(), bus: new InboxBus() };
    const proxied = createApp({ services, trustedProxies: ['in-process'] });
    expect((await proxied.request('/metrics', { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(403);
    const tokened = createApp({ services, metricsToken: 'scrape-token-0123456789' });
    expect((await tokened.request('/metrics')).status).toBe(403);
    expect((await tokened.request('/metrics', { headers: { authorization: 'Bearer scrape-token-0123456789' } })).status).toBe(200);
  });
});
