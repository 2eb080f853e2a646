import { DomainError, type Clock, type Matter, type Principal } from '@gongzhi/domain';
import { insertMatrixVersion, loadMatrix, type Database } from '@gongzhi/db';

/**
 * A new matrix version with one matter added or replaced, recorded with who and why. Based on a
 * version the caller has seen: if someone amended it meanwhile, the caller gets CONFLICT.
 */
export async function amendMatrix(options: {
  db: Database;
  clock: Clock;
  principal: Principal;
  basedOn: number;
  reason: string;
  matter: Matter;
}): Promise<{ version: number }> {
  const latest = await loadMatrix(options.db);
  if (latest.version !== options.basedOn) {
    throw new DomainError('CONFLICT', 'MATRIX_CHANGED', `The matrix is now at version ${latest.version}, not ${options.basedOn}`, {
      latest: latest.version,
      basedOn: options.basedOn,
    });
  }
  const exists = latest.matters.some((m) => m.code === options.matter.code);
  const matters = exists ? latest.matters.map((m) => (m.code === options.matter.code ? options.matter : m)) : [...latest.matters, options.matter];
  const version = latest.version + 1;
  await insertMatrixVersion(options.db, {
    version,
    basedOn: latest.version,
    createdBy: options.principal.username,
    reason: options.reason,
    at: options.clock.now(),
    matters,
  });
  return { version };
}
