export { getMatrixGrid, type MatrixGrid } from './get-matrix-grid.ts';
export { getMatter, type MatterDetail } from './get-matter.ts';
export { previewRoute } from './preview-route.ts';
export { amendMatrix } from './amend-matrix.ts';
