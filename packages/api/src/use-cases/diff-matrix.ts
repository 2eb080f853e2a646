import { diffMatrices } from '@gongzhi/domain';
import { loadMatrix } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

/** What changed between two versions of the responsibility matrix. */
export async function diffMatrixVersions({ ctx, input }: { ctx: UseCaseContext; input: { from: number; to: number } }) {
  const [from, to] = await Promise.all([loadMatrix(ctx.db, input.from), loadMatrix(ctx.db, input.to)]);
  return { from: from.version, to: to.version, changes: diffMatrices(from, to) };
}
