import { DomainError, RESOLUTION_LIMITS, type Matter, type ResolutionLimit } from '@gongzhi/domain';
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
  input: { basedOn: number; reason: string; matter: Omit<Matter, 'resolution'> & { resolution?: ResolutionLimit | undefined } };
}): Promise<{ version: number }> {
  const latest = await loadMatrix(ctx.db);
  if (latest.version !== input.basedOn) {
    throw new DomainError('CONFLICT', 'MATRIX_CHANGED', `The matrix is now at version ${latest.version}, not ${input.basedOn}`, {
      latest: latest.version,
      basedOn: input.basedOn,
    });
  }
  const current = latest.matters.find((m) => m.code === input.matter.code);
  const matter: Matter = { ...input.matter, resolution: input.matter.resolution ?? current?.resolution ?? RESOLUTION_LIMITS[input.matter.tier] };
  const matters = current ? latest.matters.map((m) => (m.code === matter.code ? matter : m)) : [...latest.matters, matter];
  refuseUnchanged(latest, matters, matter.code);
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
