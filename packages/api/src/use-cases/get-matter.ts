import { findMatter, type Matter } from '@gongzhi/domain';
import { loadMatrix } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

export interface MatterDetail extends Matter {
  matrixVersion: number;
}

/** One matter with its lead, supports, tier and legal basis, as of a matrix version (latest by default). */
export async function getMatter({ ctx, input }: { ctx: UseCaseContext; input: { code: string; version?: number | undefined } }): Promise<MatterDetail> {
  const matrix = await loadMatrix(ctx.db, input.version);
  return { ...findMatter(matrix, input.code), matrixVersion: matrix.version };
}
