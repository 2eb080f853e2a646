import { parseArgs } from 'node:util';
import { issueApiKey } from '@gongzhi/api/use-cases/issue-api-key';
import { readEnv } from '../env.ts';
import { openPlatform, seedPlatform } from '../platform.ts';
import { usageError } from './usage.ts';

/** `gongzhi open311-key --name NAME`: shown once, stored hashed. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' } }, strict: true });
  const name = values.name?.trim();
  if (!name || name.length < 2) return usageError('--name is required');
  const platform = await openPlatform(readEnv());
  try {
    await seedPlatform(platform, { demo: false });
    const issued = await issueApiKey({ ctx: platform.services, input: { name, by: 'cli' } });
    console.log(`api_key for "${issued.name}" (shown once; only its hash is stored):\n${issued.apiKey}`);
    return 0;
  } finally {
    await platform.close();
  }
}
