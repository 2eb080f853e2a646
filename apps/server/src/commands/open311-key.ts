import { parseArgs } from 'node:util';
import { issueApiKey } from '@gongzhi/api/use-cases/issue-api-key';
import { OPERATOR } from '@gongzhi/api/use-cases/administrator';
import { readEnv } from '../env.ts';
import { openPlatform, seedPlatform } from '../platform.ts';
import { usageError } from './usage.ts';

/** `gongzhi open311-key --name NAME [--rate PER_MINUTE]`: shown once, stored hashed, audited. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, rate: { type: 'string' } }, strict: true });
  const name = values.name?.trim();
  if (!name || name.length < 2) return usageError('--name is required');
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  if (rate !== undefined && !(Number.isInteger(rate) && rate >= 1 && rate <= 10_000)) return usageError('--rate is requests per minute, 1 to 10000');
  const platform = await openPlatform(readEnv());
  try {
    await seedPlatform(platform, { demo: false });
    const issued = await issueApiKey({ ctx: { ...platform.services, administrator: OPERATOR }, input: { name, ratePerMinute: rate } });
    console.log(`api_key for "${issued.name}", ${issued.ratePerMinute} requests a minute (shown once; only its hash is stored):\n${issued.apiKey}`);
    return 0;
  } finally {
    await platform.close();
  }
}
