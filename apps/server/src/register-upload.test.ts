import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@gongzhi/auth';
import { InboxBus } from '@gongzhi/api';
import { DEMO_PASSWORD, countRegister, seedDemoUsers, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { ManualClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import type { Hono } from 'hono';
import { createApp } from './app.ts';
import { generateRegister, registerCsv } from './import/generate-register.ts';

const json = (res: Response): Promise<any> => res.json();

/** Market regulation uploads its register over HTTP (the portal's upload); others are refused. */
describe.each(testTargets())('register upload on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Hono;
  const clock = new ManualClock('2026-11-27T02:00:00Z');
  const alliance = loadAlliance();
  async function as(username: string) {
    const res = await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: 'localhost:3000', origin: 'http://localhost:3000' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    return res.headers.get('set-cookie')?.split(';')[0] ?? '';
  }
  const upload = async (username: string, body: string) =>
    app.request('/imports/register?name=register.csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv', host: 'localhost:3000', origin: 'http://localhost:3000', cookie: await as(username) },
      body,
    });

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    await seedDemoUsers(handle.db, hashPassword, clock.now());
    app = createApp({ services: { db: handle.db, clock, alliance, bus: new InboxBus() } as never });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('loads into the uploader’s market register with a rejects file; a re-upload adds nothing; an urban liaison is refused', async () => {
    const rows = generateRegister(50, { streets: ['春熙路'] });
    rows[3] = ['', rows[3]?.[1] ?? '', '春熙路1号', '', '存续'];
    const csv = registerCsv(rows);
    const first = await json(await upload('cd-market', csv));
    expect(first).toMatchObject({ read: 50, added: 49, rejected: 1, unit: '510100:market' });
    expect(first.rejectsCsv).toContain('缺少名称');
    expect(await json(await upload('cd-market', csv))).toMatchObject({ added: 0, unchanged: 49, rejected: 1 });
    expect(await countRegister(handle.db, '510100:market')).toBe(49);
    expect((await upload('cd-urban', csv)).status).toBe(403);
  });
});
