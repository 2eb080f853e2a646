import { diffMatrices } from '@gongzhi/domain';
import { loadMatrix, type Database } from '@gongzhi/db';

/** What changed between two versions of the responsibility matrix. */
export async function diffMatrixVersions(options: { db: Database; from: number; to: number }) {
  const [from, to] = await Promise.all([loadMatrix(options.db, options.from), loadMatrix(options.db, options.to)]);
  return { from: from.version, to: to.version, changes: diffMatrices(from, to) };
}
