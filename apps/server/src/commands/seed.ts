import { parseArgs } from 'node:util';
import { readEnv } from '../env.ts';
import { openPlatform, seedPlatform } from '../platform.ts';

/** `gongzhi seed [--demo]`. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean', default: false } }, strict: true });
  const platform = await openPlatform(readEnv());
  try {
    const { demoUsersCreated, demoCasesCreated } = await seedPlatform(platform, { demo: values.demo });
    console.log(`reference data seeded${values.demo ? `; ${demoUsersCreated.length} demo accounts and ${demoCasesCreated} demo cases created` : ''}`);
    return 0;
  } finally {
    await platform.close();
  }
}
