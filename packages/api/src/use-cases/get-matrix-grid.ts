import { buildGrid, type GridCell, type Matter } from '@gongzhi/domain';
import { listMatrixVersions, loadMatrix, loadReference, type Database, type MatrixVersionSummary, type ReferenceData } from '@gongzhi/db';

export interface MatrixGrid {
  version: MatrixVersionSummary;
  departments: ReferenceData['departments'];
  domains: ReferenceData['domains'];
  /** rows follow `departments`, columns follow `domains` */
  cells: GridCell[][];
  matters: Array<Pick<Matter, 'code' | 'domain' | 'name' | 'lead' | 'supports' | 'tier' | 'joint'>>;
}

/** The 12 × 8 department-by-domain view of one matrix version (the latest by default). */
export async function getMatrixGrid(options: { db: Database; version?: number | undefined }): Promise<MatrixGrid> {
  const [matrix, reference, versions] = await Promise.all([loadMatrix(options.db, options.version), loadReference(options.db), listMatrixVersions(options.db)]);
  return {
    version: versions.find((v) => v.version === matrix.version)!,
    departments: reference.departments,
    domains: reference.domains,
    cells: buildGrid(matrix),
    matters: matrix.matters.map(({ code, domain, name, lead, supports, tier, joint }) => ({ code, domain, name, lead, supports, tier, joint })),
  };
}
