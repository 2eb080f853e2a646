import { findMatter, type Matter } from '@gongzhi/domain';
import { loadMatrix, type Database } from '@gongzhi/db';

export interface MatterDetail extends Matter {
  matrixVersion: number;
}

/** One matter with its lead, supports, tier and legal basis, as of a matrix version (latest by default). */
export async function getMatter(options: { db: Database; code: string; version?: number | undefined }): Promise<MatterDetail> {
  const matrix = await loadMatrix(options.db, options.version);
  return { ...findMatter(matrix, options.code), matrixVersion: matrix.version };
}
