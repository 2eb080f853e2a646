import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsClient } from 'aws4fetch';

/**
 * Where attachment bytes live: one interface, files on disk under DATA_DIR by default or an
 * S3-compatible object store (MinIO, Ceph, a cloud's) when configured. Keys are the platform's own
 * (`cases/<caseId>/<attachmentId>[.thumb|.public]`), never a name a user gave.
 */
export interface FileStore {
  /** where, in words, for the operator (a directory, or a bucket at an endpoint) */
  readonly describe: string;
  /** streams a local file into the store */
  put(key: string, file: string, contentType: string): Promise<void>;
  /** the stored bytes as a stream; NOT_FOUND-like null when there is no such key */
  get(key: string): Promise<{ body: Readable; size: number } | null>;
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9][a-z0-9/._-]{0,200}$/;
function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`not a storage key: ${key}`);
  return key;
}

/** Files on disk under a root directory. */
export class DiskStore implements FileStore {
  readonly #root: string;
  constructor(root: string) {
    this.#root = resolve(root);
  }

  get describe() {
    return `files under ${this.#root}`;
  }

  #path(key: string): string {
    const path = resolve(join(this.#root, checkKey(key)));
    if (!path.startsWith(this.#root + sep)) throw new Error(`not a storage key: ${key}`);
    return path;
  }

  async put(key: string, file: string): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    await pipeline(createReadStream(file), createWriteStream(path));
  }

  async get(key: string) {
    const path = this.#path(key);
    try {
      const { size } = await stat(path);
      return { body: createReadStream(path), size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}

export interface S3Options {
  /** e.g. http://127.0.0.1:9000 (MinIO) */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region?: string | undefined;
}

/**
 * An S3-compatible object store over its REST API (path-style addressing, as MinIO serves it),
 * signed with AWS Signature V4. Uploads stream from the local file with an unsigned payload.
 */
export class S3Store implements FileStore {
  readonly #client: AwsClient;
  readonly #base: string;

  constructor(readonly options: S3Options) {
    this.#client = new AwsClient({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      service: 's3',
      region: options.region ?? 'us-east-1',
    });
    this.#base = `${options.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(options.bucket)}`;
  }

  get describe() {
    return `bucket ${this.options.bucket} at ${this.options.endpoint}`;
  }

  #url(key: string) {
    return `${this.#base}/${checkKey(key).split('/').map(encodeURIComponent).join('/')}`;
  }

  async put(key: string, file: string, contentType: string): Promise<void> {
    const { size } = await stat(file);
    const body = Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
    const res = await this.#client.fetch(this.#url(key), {
      method: 'PUT',
      body,
      headers: { 'content-type': contentType, 'content-length': String(size), 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      // Node's fetch sends a stream body only half-duplex.
      ...({ duplex: 'half' } as object),
    });
    if (!res.ok) throw new Error(`object store refused ${key}: ${res.status} ${await res.text()}`);
  }

  async get(key: string) {
    const res = await this.#client.fetch(this.#url(key), { headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok || !res.body) throw new Error(`object store could not read ${key}: ${res.status}`);
    return { body: Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), size: Number(res.headers.get('content-length') ?? 0) };
  }

  async delete(key: string): Promise<void> {
    const res = await this.#client.fetch(this.#url(key), { method: 'DELETE', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    await res.body?.cancel();
    if (!res.ok && res.status !== 404) throw new Error(`object store could not delete ${key}: ${res.status}`);
  }

  /** Creates the bucket if it is missing (a new deployment). */
  async ensureBucket(): Promise<void> {
    const head = await this.#client.fetch(this.#base, { method: 'HEAD', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    if (head.ok) return;
    const res = await this.#client.fetch(this.#base, { method: 'PUT', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    await res.body?.cancel();
    if (!res.ok && res.status !== 409) throw new Error(`could not create bucket ${this.options.bucket}: ${res.status}`);
  }
}
