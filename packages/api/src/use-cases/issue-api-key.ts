import { randomBytes } from 'node:crypto';
import { insertApiClient } from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';
import { hashApiKey } from '../open311/api-keys.ts';

/** A new key for a civic-reporting client; shown once, stored only as its SHA-256. */
export async function issueApiKey({
  ctx,
  input,
}: {
  ctx: UseCaseContext<'clock'>;
  input: { name: string; by: string };
}): Promise<{ id: number; name: string; apiKey: string }> {
  const apiKey = `o311_${randomBytes(24).toString('base64url')}`;
  const id = await insertApiClient(ctx.db, { name: input.name, keyHash: hashApiKey(apiKey), createdBy: input.by, createdAt: ctx.clock.now() });
  return { id, name: input.name, apiKey };
}
