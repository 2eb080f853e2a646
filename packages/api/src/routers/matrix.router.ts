import { listMatrixVersions, loadReference } from '@gongzhi/db';
import { AmendMatrixInput, MatrixDiffInput, MatterInput, VersionInput } from '../inputs.ts';
import { publicProcedure, roleProcedure, router } from '../trpc.ts';
import { getMatrixGrid } from '../use-cases/get-matrix-grid.ts';
import { getMatter } from '../use-cases/get-matter.ts';
import { amendMatrix } from '../use-cases/amend-matrix.ts';
import { diffMatrixVersions } from '../use-cases/diff-matrix.ts';

// The responsibility list is public information (职责清单公开); only amending it is restricted.
export const matrixRouter = router({
  grid: publicProcedure.input(VersionInput.optional()).query(({ ctx, input }) => getMatrixGrid({ db: ctx.db, version: input?.version })),
  matter: publicProcedure.input(MatterInput).query(({ ctx, input }) => getMatter({ db: ctx.db, ...input })),
  versions: publicProcedure.query(({ ctx }) => listMatrixVersions(ctx.db)),
  diff: publicProcedure.input(MatrixDiffInput).query(({ ctx, input }) => diffMatrixVersions({ db: ctx.db, ...input })),
  reference: publicProcedure.query(({ ctx }) => loadReference(ctx.db)),
  amend: roleProcedure('leadership', 'admin')
    .input(AmendMatrixInput)
    .mutation(({ ctx, input }) => amendMatrix({ db: ctx.db, clock: ctx.clock, principal: ctx.principal, ...input })),
});
