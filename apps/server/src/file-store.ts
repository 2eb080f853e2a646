import { join } from 'node:path';
import { DiskStore, S3Store, type FileStore } from '@gongzhi/files';
import type { Env } from './env.ts';

/** Where attachments go: the S3-compatible store when FILES_S3_ENDPOINT is set, else DATA_DIR/files. */
export async function openFileStore(
  env: Pick<Env, 'DATA_DIR' | 'FILES_S3_ENDPOINT' | 'FILES_S3_BUCKET' | 'FILES_S3_ACCESS_KEY' | 'FILES_S3_SECRET_KEY' | 'FILES_S3_REGION'>,
): Promise<FileStore> {
  if (!env.FILES_S3_ENDPOINT) return new DiskStore(join(env.DATA_DIR, 'files'));
  if (!env.FILES_S3_ACCESS_KEY || !env.FILES_S3_SECRET_KEY) {
    throw new Error('FILES_S3_ENDPOINT is set: give FILES_S3_ACCESS_KEY and FILES_S3_SECRET_KEY too (or unset it to keep files under DATA_DIR/files)');
  }
  const store = new S3Store({
    endpoint: env.FILES_S3_ENDPOINT,
    bucket: env.FILES_S3_BUCKET,
    accessKeyId: env.FILES_S3_ACCESS_KEY,
    secretAccessKey: env.FILES_S3_SECRET_KEY,
    region: env.FILES_S3_REGION,
  });
  try {
    await store.ensureBucket();
  } catch (e) {
    throw new Error(
      `The object store at ${env.FILES_S3_ENDPOINT} could not be reached or refused the bucket ${env.FILES_S3_BUCKET}: ${e instanceof Error ? e.message : e}`,
      { cause: e },
    );
  }
  return store;
}
