import { readEnv } from '../env.ts';
import { openConfiguredDatabase } from '../database.ts';

/** `gongzhi migrate`: opening the database applies the migrations. */
export async function run(): Promise<number> {
  const handle = await openConfiguredDatabase(readEnv());
  console.log(`migrated ${handle.kind} database at ${handle.location}`);
  await handle.close();
  return 0;
}
