import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import exifr from 'exifr';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';

/** What may be attached, by the type read from the content (never the name or the declared type). */
export const ACCEPTED = {
  'image/jpeg': 'image',
  'image/png': 'image',
  'image/heic': 'image',
  'image/heif': 'image',
  'application/pdf': 'pdf',
  'video/mp4': 'video',
  'video/quicktime': 'video',
} as const;
export type AcceptedMime = keyof typeof ACCEPTED;
export type AttachmentKind = (typeof ACCEPTED)[AcceptedMime];

/** Upload limits by kind, in bytes: photos and documents 20 MB, short videos 100 MB. */
export const SIZE_LIMITS: Record<AttachmentKind, number> = { image: 20 * 1024 * 1024, pdf: 20 * 1024 * 1024, video: 100 * 1024 * 1024 };
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(SIZE_LIMITS));

export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`larger than ${limit} bytes`);
  }
}

/** A received upload in a temporary file: remove it with `dispose` once stored. */
export interface Received {
  path: string;
  size: number;
  sha256: string;
  dispose(): Promise<void>;
}

/**
 * Streams a request body to a temporary file, hashing as it goes and stopping as soon as it passes
 * `limit` bytes: an upload is never held in memory whole.
 */
export async function receive(body: Readable, limit = MAX_UPLOAD_BYTES): Promise<Received> {
  const dir = await mkdtemp(join(tmpdir(), 'gongzhi-upload-'));
  const path = join(dir, 'upload');
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > limit) return done(new UploadTooLarge(limit));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    await pipeline(body, counter, createWriteStream(path));
  } catch (e) {
    await dispose();
    throw e;
  }
  return { path, size, sha256: hash.digest('hex'), dispose };
}

/** Where and when a photo says it was taken (EXIF), in WGS84 and as an instant. */
export interface PhotoMeta {
  takenAt: string | null;
  lon: number | null;
  lat: number | null;
}

export interface Inspected extends PhotoMeta {
  mime: AcceptedMime;
  kind: AttachmentKind;
}

/** The file's real type, or null when it is none of the accepted ones (whatever its name says). */
export async function sniff(path: string): Promise<{ mime: AcceptedMime; kind: AttachmentKind } | null> {
  const type = await fileTypeFromFile(path);
  if (!type || !Object.hasOwn(ACCEPTED, type.mime)) return null;
  const mime = type.mime as AcceptedMime;
  return { mime, kind: ACCEPTED[mime] };
}

/**
 * EXIF time and GPS of a photo. A camera writes local time without a zone unless it adds an
 * offset; without one the time is read as China Standard Time (UTC+8), where these photos are taken.
 */
export async function photoMeta(path: string): Promise<PhotoMeta> {
  const none = { takenAt: null, lon: null, lat: null };
  let tags: Record<string, unknown> | undefined;
  try {
    tags = (await exifr.parse(path, {
      gps: true,
      reviveValues: false,
      pick: ['DateTimeOriginal', 'CreateDate', 'OffsetTimeOriginal', 'GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'],
    })) as Record<string, unknown> | undefined;
  } catch {
    return none;
  }
  if (!tags) return none;
  const raw = typeof tags.DateTimeOriginal === 'string' ? tags.DateTimeOriginal : typeof tags.CreateDate === 'string' ? tags.CreateDate : null;
  const offset = typeof tags.OffsetTimeOriginal === 'string' && /^[+-]\d\d:\d\d$/.test(tags.OffsetTimeOriginal) ? tags.OffsetTimeOriginal : '+08:00';
  const m = raw?.match(/^(\d{4}):(\d\d):(\d\d) (\d\d):(\d\d):(\d\d)/);
  const at = m ? new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`) : null;
  const degrees = (v: unknown, ref: unknown, negative: string) => {
    if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number')) return null;
    const [d, min, s] = v as [number, number, number];
    const value = d + min / 60 + s / 3600;
    return ref === negative ? -value : value;
  };
  const lat = degrees(tags.GPSLatitude, tags.GPSLatitudeRef, 'S');
  const lon = degrees(tags.GPSLongitude, tags.GPSLongitudeRef, 'W');
  return {
    takenAt: at && !Number.isNaN(at.getTime()) ? at.toISOString() : null,
    lat: lat !== null && Math.abs(lat) <= 90 ? Math.round(lat * 1e6) / 1e6 : null,
    lon: lon !== null && Math.abs(lon) <= 180 ? Math.round(lon * 1e6) / 1e6 : null,
  };
}

/** The type read from the content and, for a photo, its EXIF time and place. */
export async function inspect(path: string): Promise<Inspected | null> {
  const type = await sniff(path);
  if (!type) return null;
  const meta = type.kind === 'image' ? await photoMeta(path) : { takenAt: null, lon: null, lat: null };
  return { ...type, ...meta };
}

/**
 * A JPEG rendition of a photo, turned upright and with no metadata at all (sharp writes none unless
 * asked): thumbnails (480 px) and the public copy (1280 px). Null when the format cannot be decoded
 * here (HEIC from HEVC cameras: the prebuilt image library decodes AVIF-coded HEIF only).
 */
export async function rendition(path: string, size: 'thumb' | 'public', out: string): Promise<boolean> {
  const px = size === 'thumb' ? 480 : 1280;
  try {
    await sharp(path, { failOn: 'error' })
      .rotate()
      .resize(px, px, { fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: size === 'thumb' ? 75 : 85, mozjpeg: true })
      .toFile(out);
    return true;
  } catch {
    return false;
  }
}
