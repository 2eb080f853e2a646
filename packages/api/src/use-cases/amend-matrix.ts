import { DomainError, type Matter } from '@gongzhi/domain';
import { insertMatrixVersion, loadMatrix, refuseUnchanged } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';

/**
 * A new matrix version with one matter added or replaced, recorded with who and why. Based on a
 * version the caller has seen: if someone amended it meanwhile, the caller gets CONFLICT.
 */
export async function amendMatrix({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: { basedOn: number; reason: string; matter: Matter };
}): Promise<{ version: number }> {
  const latest = await loadMatrix(ctx.db);
  if (latest.version !== input.basedOn) {
    throw new DomainError('CONFLICT', 'MATRIX_CHANGED', `The matrix is now at version ${latest.version}, not ${input.basedOn}`, {
      latest: latest.version,
      basedOn: input.basedOn,
    });
  }
  const exists = latest.matters.some((m) => m.code === input.matter.code);
  const matters = exists ? latest.matters.map((m) => (m.code === input.matter.code ? input.matter : m)) : [...latest.matters, input.matter];
  refuseUnchanged(latest, matters, input.matter.code);
  const version = latest.version + 1;
  await insertMatrixVersion(ctx.db, {
    version,
    basedOn: latest.version,
    createdBy: ctx.principal.username,
    reason: input.reason,
    at: ctx.clock.now(),
    matters,
  });
  return { version };
}
