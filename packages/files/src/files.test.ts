import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import exifr from 'exifr';
import S3rver from 's3rver';
import { DiskStore, S3Store, type FileStore } from './store.ts';
import { inspect, receive, rendition, sniff, UploadTooLarge } from './inspect.ts';

const fixture = (name: string) => new URL(`../test-data/${name}`, import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'gongzhi-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('inspecting an upload', () => {
  it('reads a phone photo’s EXIF time (China time without an offset) and GPS', async () => {
    expect(await inspect(fixture('before.jpg'))).toEqual({
      mime: 'image/jpeg',
      kind: 'image',
      takenAt: '2026-11-20T01:15:00.000Z',
      lon: 104.0657,
      lat: 30.6574,
    });
    expect(await inspect(fixture('plain.png'))).toEqual({ mime: 'image/png', kind: 'image', takenAt: null, lon: null, lat: null });
    expect(await inspect(fixture('notice.pdf'))).toMatchObject({ mime: 'application/pdf', kind: 'pdf' });
  });

  it('goes by the content, not the name: a file whose extension lies is refused', async () => {
    expect(await sniff(fixture('not-a-photo.jpg'))).toBeNull();
    const renamed = join(work, 'photo.pdf');
    writeFileSync(renamed, readFileSync(fixture('after.jpg')));
    expect(await sniff(renamed)).toEqual({ mime: 'image/jpeg', kind: 'image' });
  });

  it('streams a body to a temporary file with its hash, and stops past the limit', async () => {
    const got = await receive(createReadStream(fixture('before.jpg')));
    expect(got.size).toBe(readFileSync(fixture('before.jpg')).length);
    expect(got.sha256).toMatch(/^[0-9a-f]{64}$/);
    await got.dispose();
    const endless = Readable.from(
      (function* () {
        for (let i = 0; i < 100; i++) yield Buffer.alloc(64 * 1024);
      })(),
    );
    await expect(receive(endless, 1024 * 1024)).rejects.toBeInstanceOf(UploadTooLarge);
  });

  it('makes thumbnails and public copies that carry no EXIF at all', async () => {
    for (const size of ['thumb', 'public'] as const) {
      const out = join(work, `${size}.jpg`);
      expect(await rendition(fixture('before.jpg'), size, out)).toBe(true);
      expect(await exifr.parse(out, true)).toBeUndefined();
      expect(await sniff(out)).toEqual({ mime: 'image/jpeg', kind: 'image' });
    }
    expect(await rendition(fixture('notice.pdf'), 'thumb', join(work, 'pdf-thumb.jpg'))).toBe(false);
  });
});

// Both back ends pass the same suite: disk under a directory, and an S3-compatible server (s3rver,
// started here on a free port, speaking the S3 REST API as MinIO does).
let s3: S3rver | undefined;
let s3Endpoint = '';
beforeAll(async () => {
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: join(work, 's3'), configureBuckets: [{ name: 'existing', configs: [] }] });
  const { port } = (await s3.run()) as { port: number };
  s3Endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3?.close();
});

const stores: Array<[string, () => Promise<FileStore>]> = [
  ['disk', async () => new DiskStore(join(work, 'disk'))],
  [
    'S3-compatible',
    async () => {
      const store = new S3Store({ endpoint: s3Endpoint, bucket: 'gongzhi', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
      await store.ensureBucket();
      return store;
    },
  ],
];

describe.each(stores)('file store: %s', (_name, open) => {
  it('stores, reads back byte for byte, and deletes', async () => {
    const store = await open();
    const key = 'cases/c1/a1';
    await store.put(key, fixture('before.jpg'), 'image/jpeg');
    const got = await store.get(key);
    expect(got).not.toBeNull();
    const chunks: Buffer[] = [];
    for await (const c of got!.body) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(readFileSync(fixture('before.jpg')))).toBe(true);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });

  it('refuses keys that could leave its place', async () => {
    const store = await open();
    await expect(store.put('../etc/passwd', fixture('plain.png'), 'image/png')).rejects.toThrow(/storage key/);
    await expect(store.get('cases/../../x')).rejects.toThrow(/storage key/);
  });
});
