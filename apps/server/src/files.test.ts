import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifr from 'exifr';
import { hashPassword } from '@gongzhi/auth';
import { InboxBus } from '@gongzhi/api';
import { intakeCase } from '@gongzhi/api/testing';
import { DEMO_PASSWORD, dispatch, seedDemoUsers, seedReference, type DatabaseHandle } from '@gongzhi/db';
import { testTargets } from '@gongzhi/db/testing';
import { DiskStore } from '@gongzhi/files';
import { ManualClock, type Actor } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import type { Hono } from 'hono';
import { createApp } from './app.ts';

const photo = (name: string) => readFileSync(new URL(`../../../packages/files/test-data/${name}`, import.meta.url));
const json = (res: Response): Promise<any> => res.json();
const CD = '510100';
const coordinator: Actor = {
  kind: 'user',
  userId: 'c',
  username: 'cd-coordinator',
  memberships: [{ role: 'coordinator', cityAdcode: CD, departmentCode: null }],
};

/** Evidence photos (issue #14 item 1) through the HTTP routes: streamed in, checked, read back, shown to the public. */
describe.each(testTargets())('attachments on $name', (target) => {
  let handle: DatabaseHandle;
  let app: Hono;
  const dir = mkdtempSync(join(tmpdir(), 'gongzhi-attach-'));
  const clock = new ManualClock('2026-11-20T00:30:00Z');
  const alliance = loadAlliance();
  const cookies = new Map<string, string>();
  async function as(username: string) {
    const known = cookies.get(username);
    if (known) return known;
    const res = await app.request('/trpc/auth.login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', host: 'localhost:3000', origin: 'http://localhost:3000' },
      body: JSON.stringify({ username, password: DEMO_PASSWORD }),
    });
    const cookie = res.headers.get('set-cookie')?.split(';')[0] ?? '';
    cookies.set(username, cookie);
    return cookie;
  }
  const upload = async (username: string | null, caseId: string, step: string, body: Buffer, name = 'photo.jpg', id?: string) => {
    // Each upload a minute after the last: attachments list in the order they came.
    clock.advance(60_000);
    return app.request(`/files/cases/${caseId}?step=${step}&name=${encodeURIComponent(name)}${id ? `&id=${id}` : ''}`, {
      method: 'POST',
      headers: { 'content-type': 'image/jpeg', host: 'localhost:3000', origin: 'http://localhost:3000', ...(username ? { cookie: await as(username) } : {}) },
      body,
    });
  };
  const trpc = async (username: string, path: string, input: unknown, method: 'GET' | 'POST' = 'GET') =>
    json(
      await app.request(method === 'GET' ? `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `/trpc/${path}`, {
        method,
        headers: { 'content-type': 'application/json', host: 'localhost:3000', origin: 'http://localhost:3000', cookie: await as(username) },
        ...(method === 'POST' ? { body: JSON.stringify(input) } : {}),
      }),
    );
  let caseId = '';
  let number = 0;

  beforeAll(async () => {
    handle = await target.open();
    await seedReference(handle.db, alliance, clock.now());
    await seedDemoUsers(handle.db, hashPassword, clock.now());
    app = createApp({ services: { db: handle.db, clock, alliance, bus: new InboxBus(), files: new DiskStore(dir) } });
    const taken = await intakeCase(
      { db: handle.db, clock, alliance },
      { matter: 'VEN-02', lon: 104.0657, lat: 30.6574, description: '商户出店经营', source: 'hotline' },
      coordinator,
    );
    caseId = taken.caseId;
    number = taken.number;
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes before and after photos from the unit working the case, with their EXIF time and place checked', async () => {
    const before = await upload('cd-urban', caseId, 'before', photo('before.jpg'), '处置前.jpg');
    expect(before.status).toBe(201);
    expect(await json(before)).toMatchObject({
      kind: 'image',
      mime: 'image/jpeg',
      rendered: true,
      takenAt: '2026-11-20T01:15:00.000Z',
      lon: 104.0657,
      lat: 30.6574,
    });
    expect((await upload('cd-urban', caseId, 'after', photo('after.jpg'))).status).toBe(201);
    expect((await upload('cd-urban', caseId, 'after', photo('elsewhere.jpg'))).status).toBe(201);
    const got = (await trpc('cd-urban', 'case.get', { caseId })).result.data;
    expect(got.works).toBe(true);
    expect(got.attachments.map((a: any) => [a.step, a.name, a.checks])).toEqual([
      ['before', '处置前.jpg', { metres: 0, atPlace: true, afterBefore: null }],
      ['after', 'photo.jpg', { metres: 15, atPlace: true, afterBefore: true }],
      ['after', 'photo.jpg', { metres: expect.any(Number), atPlace: false, afterBefore: true }],
    ]);
  });

  it('goes by the content: a file whose extension lies is refused, and so is one over the limit', async () => {
    const lying = await upload('cd-urban', caseId, 'evidence', photo('not-a-photo.jpg'), 'not-a-photo.jpg');
    expect(lying.status).toBe(400);
    expect((await json(lying)).error).toMatchObject({ reason: 'FILE_TYPE_REFUSED', params: { name: 'not-a-photo.jpg' } });
    const huge = Buffer.concat([photo('before.jpg'), Buffer.alloc(21 * 1024 * 1024)]);
    const tooBig = await upload('cd-urban', caseId, 'evidence', huge);
    expect(tooBig.status).toBe(400);
    expect((await json(tooBig)).error).toMatchObject({ reason: 'FILE_TOO_LARGE', params: { limit: 20 } });
    const declared = await app.request(`/files/cases/${caseId}?step=evidence`, {
      method: 'POST',
      headers: { cookie: await as('cd-urban'), 'content-length': String(200 * 1024 * 1024), origin: 'http://localhost:3000', host: 'localhost:3000' },
      body: 'x',
    });
    expect(declared.status).toBe(413);
  });

  it('lets only those who may read the case attach or read, and only workers photograph before and after', async () => {
    expect((await upload(null, caseId, 'evidence', photo('before.jpg'))).status).toBe(401);
    // A page on another site cannot make a signed-in browser upload (the same check as tRPC's).
    const forged = await app.request(`/files/cases/${caseId}?step=evidence`, {
      method: 'POST',
      headers: { cookie: await as('cd-urban'), origin: 'https://evil.example', host: 'localhost:3000', 'content-type': 'image/jpeg' },
      body: photo('before.jpg'),
    });
    expect(forged.status).toBe(403);
    expect((await json(await upload('cd-water', caseId, 'before', photo('before.jpg')))).error.reason).toBe('CASE_NOT_YOURS');
    expect((await upload('dy-coordinator', caseId, 'evidence', photo('before.jpg'))).status).toBe(403);
    // The city's coordinator may add evidence but not the working unit's photos.
    expect((await upload('cd-coordinator', caseId, 'evidence', photo('plain.png'), 'plain.png')).status).toBe(201);
    expect((await upload('cd-coordinator', caseId, 'after', photo('after.jpg'))).status).toBe(403);
    const [first] = (await trpc('cd-urban', 'case.get', { caseId })).result.data.attachments;
    const original = await app.request(`/files/${first.id}`, { headers: { cookie: await as('cd-urban') } });
    expect(original.status).toBe(200);
    expect(Buffer.from(await original.arrayBuffer()).equals(photo('before.jpg'))).toBe(true);
    expect((await app.request(`/files/${first.id}/thumb`, { headers: { cookie: await as('cd-water') } })).status).toBe(403);
    expect((await app.request(`/files/${first.id}`)).status).toBe(401);
  });

  it('shows the chosen photos on the public status page once closed, as copies without EXIF', async () => {
    const files = (await trpc('cd-urban', 'case.get', { caseId })).result.data.attachments;
    const [before, after] = files;
    expect((await trpc('cd-water', 'case.showAttachment', { id: before.id, public: true }, 'POST')).error.data.reason).toBe('CASE_NOT_YOURS');
    for (const a of [before, after]) expect((await trpc('cd-urban', 'case.showAttachment', { id: a.id, public: true }, 'POST')).result.data.public).toBe(true);
    // a photo that does not show the case (a dispute's exhibit, another department's answer) stays internal
    const exhibit = await json(await upload('cd-urban', caseId, 'exhibit', photo('before.jpg'), '证据.jpg'));
    expect(exhibit.rendered).toBe(true);
    expect((await trpc('cd-urban', 'case.showAttachment', { id: exhibit.id, public: true }, 'POST')).error.data.reason).toBe('FILE_NOT_PUBLIC_STEP');
    const status = async () => (await json(await app.request(`/trpc/public.status?input=${encodeURIComponent(JSON.stringify({ number }))}`))).result.data;
    expect((await status()).photos).toEqual([]);
    expect((await app.request(`/public/cases/${number}/photos/${before.id}`)).status).toBe(404);

    const urban: Actor = { kind: 'user', userId: 'u', username: 'cd-urban', memberships: [{ role: 'liaison', cityAdcode: CD, departmentCode: 'urban' }] };
    for (const event of [{ type: 'CLAIM' }, { type: 'START' }, { type: 'RESOLVE', note: '已劝离' }] as const)
      await dispatch({ db: handle.db, clock }, { workflowId: caseId, event, actor: urban });
    await dispatch({ db: handle.db, clock }, { workflowId: caseId, event: { type: 'CONFIRM', satisfied: true }, actor: coordinator });
    expect((await status()).photos).toEqual([
      { id: before.id, step: 'before' },
      { id: after.id, step: 'after' },
    ]);
    const shown = await app.request(`/public/cases/${number}/photos/${before.id}`);
    expect(shown.status).toBe(200);
    expect(shown.headers.get('content-type')).toBe('image/jpeg');
    const copy = Buffer.from(await shown.arrayBuffer());
    expect(await exifr.parse(copy, true)).toBeUndefined();
    expect(copy.equals(photo('before.jpg'))).toBe(false);
    // A photo nobody chose stays private, even with its id.
    expect((await app.request(`/public/cases/${number}/photos/${files[2].id}`)).status).toBe(404);
  });
  it('stores a photo sent twice under the client’s id once (the offline queue resending after a lost answer)', async () => {
    const id = '0b7e9c1d-2f3a-4b5c-8d6e-7f8091a2b3c4';
    const count = async () => (await trpc('cd-urban', 'case.get', { caseId })).result.data.attachments.length;
    const before = await count();
    const first = await upload('cd-urban', caseId, 'after', photo('after.jpg'), '离线.jpg', id);
    expect(first.status).toBe(201);
    const again = await upload('cd-urban', caseId, 'after', photo('after.jpg'), '离线.jpg', id);
    expect(again.status).toBe(201);
    expect(await json(again)).toEqual(await json(first));
    expect(await count()).toBe(before + 1);
    // the id is that person's upload to that case only
    expect((await json(await upload('cd-coordinator', caseId, 'evidence', photo('after.jpg'), 'x.jpg', id))).error.reason).toBe('REQUEST_KEY_REUSED');
    expect((await json(await upload('cd-urban', caseId, 'after', photo('after.jpg'), 'x.jpg', 'not-a-uuid'))).error.reason).toBe('REQUEST_KEY_INVALID');
  });
});
