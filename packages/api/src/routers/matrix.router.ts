import { AmendMatrixInput, MatrixDiffInput, MatterInput, VersionInput } from '../inputs.ts';
import { publicProcedure, roleProcedure, router } from '../trpc.ts';
import { amendMatrix } from '../use-cases/amend-matrix.ts';
import { diffMatrixVersions } from '../use-cases/diff-matrix.ts';
import { getMatrixGrid } from '../use-cases/get-matrix-grid.ts';
import { getMatter } from '../use-cases/get-matter.ts';
import { getReference, listMatrixVersions } from '../use-cases/matrix-history.ts';

// The responsibility list is public information (职责清单公开); only amending it is restricted.
export const matrixRouter = router({
  grid: publicProcedure.input(VersionInput.optional()).query(getMatrixGrid),
  matter: publicProcedure.input(MatterInput).query(getMatter),
  versions: publicProcedure.query(listMatrixVersions),
  diff: publicProcedure.input(MatrixDiffInput).query(diffMatrixVersions),
  reference: publicProcedure.query(getReference),
  amend: roleProcedure('leadership', 'admin').input(AmendMatrixInput).mutation(amendMatrix),
});
