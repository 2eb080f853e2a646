export * from './errors.ts';
export * from './clock.ts';
export * from './reference.ts';
export * from './matrix.ts';
export * from './routing.ts';
export { MATRIX_V1_MATTERS } from './matrix-v1.ts';
export * from './principal.ts';
export * from './calendar.ts';
export * from './workflow/index.ts';
