export { openDatabase, MIGRATIONS_FOLDER } from './client.ts';
export type { Database, DatabaseHandle, DatabaseOptions, Schema } from './client.ts';
export * from './repositories/matrix.repository.ts';
export * from './repositories/reference.repository.ts';
export { seedReference, MATRIX_V1_REASON } from './seed/reference.seed.ts';
export { seedDemoUsers, DEMO_USERS, DEMO_PASSWORD } from './seed/demo-users.seed.ts';
export type { DemoUser } from './seed/demo-users.seed.ts';
