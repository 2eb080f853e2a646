import { eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { requestKeys } from '../schema/index.ts';

export interface StoredRequest {
  action: string;
  username: string;
  caseId: string;
  result: unknown;
}

/**
 * Claims a request's key inside the transaction doing its work: null when this is the first time
 * (the work goes ahead, and rolls back with the key if it fails), otherwise what the first request
 * stored. A repeat racing the first waits on the key's row until the first commits or rolls back.
 */
export async function claimRequestKey(
  db: Database,
  row: { key: string; action: string; username: string; caseId: string; at: Date },
): Promise<StoredRequest | null> {
  const inserted = await db
    .insert(requestKeys)
    .values({ key: row.key, action: row.action, username: row.username, caseId: row.caseId, createdAt: row.at })
    .onConflictDoNothing()
    .returning({ key: requestKeys.key });
  if (inserted.length > 0) return null;
  const [found] = await db
    .select({ action: requestKeys.action, username: requestKeys.username, caseId: requestKeys.caseId, result: requestKeys.result })
    .from(requestKeys)
    .where(eq(requestKeys.key, row.key));
  if (!found) throw new Error(`request key ${row.key} vanished`);
  return found;
}

export async function recordRequestResult(db: Database, key: string, result: unknown): Promise<void> {
  await db.update(requestKeys).set({ result }).where(eq(requestKeys.key, key));
}
