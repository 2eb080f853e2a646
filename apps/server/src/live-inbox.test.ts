import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { AppRouter } from '@gongzhi/api';
import { hashPassword, readSessionToken, sessionIdOf } from '@gongzhi/auth';
import { closeLiveStreams, DEMO_PASSWORD, seedDemoUsers, seedReference } from '@gongzhi/db';
import { testTargets, type PersistentDatabase } from '@gongzhi/db/testing';
import { systemClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { createApp } from './app.ts';
import { openPlatformOn, type Platform } from './platform.ts';

/** Two server processes' worth of app (each with its own pool and LISTEN) over one database. */
describe.each(testTargets().filter((t) => t.name === 'postgres'))('live inbox across two servers on $name', (target) => {
  let database: PersistentDatabase;
  const platforms: Platform[] = [];
  const servers: ServerType[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    database = await target.persistent();
    for (let i = 0; i < 2; i++) {
      const platform = await openPlatformOn(await database.open(), systemClock);
      platforms.push(platform);
      const app = createApp({ services: platform.services });
      const server: ServerType = await new Promise((resolve) => {
        const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
      });
      servers.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc`);
    }
    await seedReference(platforms[0]!.services.db, loadAlliance(), systemClock.now());
    await seedDemoUsers(platforms[0]!.services.db, hashPassword, systemClock.now());
  });
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
    for (const p of platforms) await p.close();
    await database?.dispose();
  });

  async function client(url: string, username: string) {
    let cookie = '';
    const fetchWithCookie: typeof fetch = async (input, init) => {
      const res = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie } });
      const set = res.headers.get('set-cookie');
      if (set) cookie = set.split(';')[0]!;
      return res;
    };
    class CookieEventSource extends EventSource {
      constructor(u: string | URL, init?: EventSourceInit) {
        super(u, { ...init, fetch: (i, o) => fetch(i, { ...o, headers: { ...(o?.headers as Record<string, string>), cookie } }) });
      }
    }
    const api = createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url, EventSource: CookieEventSource }),
          false: httpLink({ url, fetch: fetchWithCookie }),
        }),
      ],
    });
    await api.auth.login.mutate({ username, password: DEMO_PASSWORD });
    return api;
  }

  /** Waits until exactly `n` live streams are subscribed to the server's bus (an earlier test's closed stream may take a moment to go). */
  const streamsOn = (platform: Platform, n: number) => expect.poll(() => platform.services.bus.subscribers).toBe(n);

  it('pushes a claim made through one server to a colleague subscribed on the other', async () => {
    const coordinator = await client(urls[0]!, 'cd-coordinator');
    const claimer = await client(urls[0]!, 'cd-urban');
    const colleague = await client(urls[1]!, 'cd-urban-supervisor');
    const { caseId } = await coordinator.case.intake.mutate({ matter: 'FAC-01', lon: 104.0815, lat: 30.6555, description: '路灯不亮', source: 'app' });
    expect((await colleague.case.inbox.query()).some((t) => t.caseId === caseId && t.action === 'claim')).toBe(true);

    await streamsOn(platforms[1]!, 0);
    let sub: { unsubscribe(): void } | undefined;
    const received = new Promise<{ inboxes: string[]; cases: string[] }>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('no event within 60 s')), 60_000);
      sub = colleague.inbox.changes.subscribe(undefined, {
        onData: (message) => {
          if (!message.data.cases.includes(caseId)) return;
          clearTimeout(timeout);
          resolve(message.data);
        },
        onError: (e) => {
          clearTimeout(timeout);
          reject(e);
        },
      });
    });
    try {
      // the other server has subscribed this stream to its bus (however long that takes on a busy
      // machine); a stream that fails first says why
      await Promise.race([streamsOn(platforms[1]!, 1), received]);
      const t0 = performance.now();
      await claimer.case.claim.mutate({ caseId });
      const change = await received;
      console.log(`claim → event on the other server: ${(performance.now() - t0).toFixed(0)} ms`);
      expect(change.inboxes).toContain('510100:urban');
      expect((await colleague.case.inbox.query()).some((t) => t.caseId === caseId && t.action === 'claim')).toBe(false);
    } finally {
      // closed however the test ends, so the next test's count of streams starts at none
      sub?.unsubscribe();
    }
  });

  /** A client of one server sending this cookie (and keeping the one it is given). */
  function withCookie(url: string, jar: { cookie: string }) {
    return createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url,
          fetch: async (input, init) => {
            const res = await fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: jar.cookie } });
            const set = res.headers.get('set-cookie');
            if (set) jar.cookie = set.split(';')[0]!;
            return res;
          },
        }),
      ],
    });
  }

  /** Every signal committed so far has reached this server: a marker committed after them has (PostgreSQL delivers them in commit order). */
  async function heardEverything(platform: Platform) {
    const marker = randomUUID();
    const arrived = new Promise<void>((resolve) => {
      const off = platform.services.bus.onSessionsClosing((ids) => ids?.has(marker) && (off(), resolve()));
    });
    await closeLiveStreams(platforms[0]!.services.db, [marker]);
    await arrived;
  }

  it('refuses at once a session the other server served from its cache, signed out through this one', async () => {
    const jar = { cookie: '' };
    const onB = withCookie(urls[1]!, jar);
    await onB.auth.login.mutate({ username: 'cd-market', password: DEMO_PASSWORD });
    const cookie = jar.cookie;
    const id = sessionIdOf(readSessionToken(cookie)!);
    expect((await onB.auth.me.query())?.username).toBe('cd-market');
    expect(platforms[1]!.services.sessions!.get(id, systemClock.now().getTime())).toBeDefined(); // B validates it from memory now

    await withCookie(urls[0]!, { cookie }).auth.logout.mutate();
    await heardEverything(platforms[1]!);
    const again = withCookie(urls[1]!, { cookie });
    expect(await again.auth.me.query()).toBeNull();
    await expect(again.case.inbox.query()).rejects.toMatchObject({ data: { reason: 'SIGN_IN_REQUIRED' } });
  });

  it('ends a deactivated person’s live connection on the other server and refuses their next request', async () => {
    const admin = await client(urls[0]!, 'cd-admin');
    const liaison = await client(urls[1]!, 'cd-parks');
    await streamsOn(platforms[1]!, 0);
    const ended = new Promise<number>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('the stream did not end within 60 s')), 60_000);
      liaison.inbox.changes.subscribe(undefined, {
        onComplete: () => {
          clearTimeout(timeout);
          resolve(performance.now());
        },
        onError: () => {
          clearTimeout(timeout);
          resolve(performance.now());
        },
      });
    });
    // the other server has subscribed this stream to its bus and to its session's end; a stream
    // that ends first says so
    const endedEarly = ended.then(() => {
      throw new Error('the stream ended before the other server subscribed it');
    });
    await Promise.race([streamsOn(platforms[1]!, 1), endedEarly]);
    const [person] = await admin.users.list.query({ query: 'cd-parks' });
    const t0 = performance.now();
    await admin.users.deactivate.mutate({ userId: person!.id, reason: '离职' });
    const t1 = await ended;
    console.log(`deactivation → live connection ended on the other server: ${(t1 - t0).toFixed(0)} ms`);
    await expect(liaison.case.inbox.query()).rejects.toMatchObject({ data: { reason: 'SIGN_IN_REQUIRED' } });
  });
});
