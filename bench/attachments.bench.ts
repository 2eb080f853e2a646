/**
 * Upload of a 5 MB phone photo: the server's path (streamed to a temporary file, hashed, type
 * sniffed, EXIF read, thumbnail and public copy rendered, stored) against a baseline that holds the
 * whole body in memory first, as a naive handler would. Time and the growth of the process's
 * external + array-buffer memory while each runs, in one run.
 *
 *   pnpm --filter @gongzhi/bench bench:attachments
 */
import { mkdtempSync, rmSync, statSync, writeFileSync, createReadStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { DiskStore, inspect, receive, rendition, type FileStore } from '@gongzhi/files';

const dir = mkdtempSync(join(tmpdir(), 'gongzhi-bench-upload-'));
const photo = join(dir, 'photo.jpg');
// Noise compresses badly: a 2,800 × 2,100 JPEG of it is about the size of a phone photo.
const width = 2800;
const height = 2100;
const noise = Buffer.alloc(width * height * 3);
for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
writeFileSync(
  photo,
  await sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 92 })
    .toBuffer(),
);
const size = statSync(photo).size;
const store: FileStore = new DiskStore(join(dir, 'store'));

const offHeap = () => {
  const m = process.memoryUsage();
  return m.external + m.arrayBuffers + m.heapUsed;
};

async function measure(label: string, run: () => Promise<void>) {
  const times: number[] = [];
  let peak = 0;
  for (let i = 0; i < 5; i++) {
    globalThis.gc?.();
    const base = offHeap();
    const sampler = setInterval(() => (peak = Math.max(peak, offHeap() - base)), 1);
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
    clearInterval(sampler);
    peak = Math.max(peak, offHeap() - base);
  }
  times.sort((a, b) => a - b);
  const median = times[2] ?? 0;
  console.log(`${label.padEnd(44)} median ${median.toFixed(0)} ms, peak memory growth ${(peak / 1024 / 1024).toFixed(1)} MiB`);
  return { median, peak };
}

let n = 0;
// Receiving the body: what the limit and "never held whole" are about.
const streamed = await measure('receive: streamed to a temporary file', async () => {
  const file = await receive(createReadStream(photo, { highWaterMark: 64 * 1024 }));
  await file.dispose();
});
const buffered = await measure('receive: buffered whole (baseline)', async () => {
  const chunks: Buffer[] = [];
  for await (const c of Readable.from(createReadStream(photo, { highWaterMark: 64 * 1024 }))) chunks.push(c as Buffer);
  writeFileSync(join(dir, `copy-${++n}`), Buffer.concat(chunks));
});
// The whole server path after it: sniff, EXIF, store, thumbnail and public copy.
const whole = await measure('whole attach path (receive → renditions → store)', async () => {
  const file = await receive(createReadStream(photo, { highWaterMark: 64 * 1024 }));
  const found = await inspect(file.path);
  if (!found) throw new Error('not a photo?');
  await store.put(`cases/bench/${++n}`, file.path, found.mime);
  await rendition(file.path, 'thumb', join(dir, 'thumb.jpg'));
  await rendition(file.path, 'public', join(dir, 'public.jpg'));
  await file.dispose();
});
console.log(
  `\n${(size / 1024 / 1024).toFixed(1)} MB photo: receiving it streamed grows memory by ${(streamed.peak / 1024 / 1024).toFixed(1)} MiB against ${(buffered.peak / 1024 / 1024).toFixed(1)} MiB buffered (ratio ${(streamed.peak / Math.max(1, buffered.peak)).toFixed(2)}), ` +
    `time ${streamed.median.toFixed(0)} ms vs ${buffered.median.toFixed(0)} ms; the whole attach path takes ${whole.median.toFixed(0)} ms`,
);
rmSync(dir, { recursive: true, force: true });
