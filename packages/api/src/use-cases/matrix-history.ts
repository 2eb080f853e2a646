import { listMatrixVersions as list, loadReference } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';

/** Every version of the responsibility matrix, newest first, with who made it and why. */
export const listMatrixVersions = ({ ctx }: { ctx: UseCaseContext }) => list(ctx.db);

/** Cities, counties, departments, domains and units, with their names in both languages. */
export const getReference = ({ ctx }: { ctx: UseCaseContext }) => loadReference(ctx.db);
