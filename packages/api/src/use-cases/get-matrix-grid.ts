import { buildGrid, type GridCell, type Matter } from '@gongzhi/domain';
import { listMatrixVersions, loadMatrix, loadReference, type MatrixVersionSummary, type ReferenceData } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

export interface MatrixGrid {
  version: MatrixVersionSummary;
  departments: ReferenceData['departments'];
  domains: ReferenceData['domains'];
  /** rows follow `departments`, columns follow `domains` */
  cells: GridCell[][];
  matters: Array<Pick<Matter, 'code' | 'domain' | 'name' | 'lead' | 'supports' | 'tier' | 'joint'>>;
}

/** The 12 × 8 department-by-domain view of one matrix version (the latest by default). */
export async function getMatrixGrid({ ctx, input }: { ctx: UseCaseContext; input?: { version?: number | undefined } | undefined }): Promise<MatrixGrid> {
  const [matrix, reference, versions] = await Promise.all([loadMatrix(ctx.db, input?.version), loadReference(ctx.db), listMatrixVersions(ctx.db)]);
  const version = versions.find((v) => v.version === matrix.version);
  if (!version) throw new Error(`matrix version ${matrix.version} is not listed`);
  return {
    version,
    departments: reference.departments,
    domains: reference.domains,
    cells: buildGrid(matrix),
    matters: matrix.matters.map(({ code, domain, name, lead, supports, tier, joint }) => ({ code, domain, name, lead, supports, tier, joint })),
  };
}
