import { DomainError, RESOLUTION_LIMITS, type Matter, type ResolutionLimit } from '@gongzhi/domain';
import { insertMatrixVersion, loadMatrix, refuseUnchanged } from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';

/**
 * A new matrix version with one matter added or replaced, recorded with who and why; example
 * complaints given with it (or kept from the version before) teach the classifier the matter. Based on a
 * version the caller has seen: if someone amended it meanwhile, the caller gets CONFLICT.
 */
export async function amendMatrix({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock' | 'models'>;
  input: {
    basedOn: number;
    reason: string;
    matter: Omit<Matter, 'resolution' | 'examples'> & { resolution?: ResolutionLimit | undefined; examples?: string[] | undefined };
  };
}): Promise<{ version: number }> {
  const latest = await loadMatrix(ctx.db);
  if (latest.version !== input.basedOn) {
    throw new DomainError('CONFLICT', 'MATRIX_CHANGED', `The matrix is now at version ${latest.version}, not ${input.basedOn}`, {
      latest: latest.version,
      basedOn: input.basedOn,
    });
  }
  const current = latest.matters.find((m) => m.code === input.matter.code);
  const { examples: given, ...rest } = input.matter;
  const examples = given ?? current?.examples ?? [];
  const matter: Matter = {
    ...rest,
    resolution: input.matter.resolution ?? current?.resolution ?? RESOLUTION_LIMITS[input.matter.tier],
    ...(examples.length ? { examples } : {}),
  };
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
  // A new matter, or new example complaints, are learned at once rather than at the next check.
  ctx.models?.markStale();
  return { version };
}
