import { parseArgs } from 'node:util';
import { z } from 'zod';
import { readEnv } from '../env.ts';
import { openPlatform, seedPlatform } from '../platform.ts';
import { usageError } from './usage.ts';

const SeedArgs = z.object({
  demo: z.boolean(),
  cases: z.coerce.number({ error: '--cases must be a number' }).int('--cases must be a whole number').positive('--cases must be at least 1').optional(),
});

/** `gongzhi seed [--demo [--cases N]]`. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { demo: { type: 'boolean', default: false }, cases: { type: 'string' } }, strict: true });
  const parsed = SeedArgs.safeParse(values);
  if (!parsed.success) return usageError(parsed.error.issues.map((i) => i.message).join('; '));
  if (parsed.data.cases !== undefined && !parsed.data.demo) return usageError('--cases goes with --demo');
  const platform = await openPlatform(readEnv());
  try {
    const { demoUsersCreated, demoCasesCreated } = await seedPlatform(platform, { demo: parsed.data.demo, demoCases: parsed.data.cases });
    console.log(`reference data seeded${parsed.data.demo ? `; ${demoUsersCreated.length} demo accounts and ${demoCasesCreated} demo cases created` : ''}`);
    return 0;
  } finally {
    await platform.close();
  }
}
