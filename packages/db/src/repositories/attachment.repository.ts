import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../client.ts';
import { attachments } from '../schema/index.ts';

export type AttachmentRow = typeof attachments.$inferSelect;

/** Stores an attachment's row; false when one with its id is there already (a client's id sent twice). */
export async function insertAttachment(db: Database, row: typeof attachments.$inferInsert): Promise<boolean> {
  const inserted = await db.insert(attachments).values(row).onConflictDoNothing().returning({ id: attachments.id });
  return inserted.length > 0;
}

/** A case's attachments, oldest first. */
export function caseAttachments(db: Database, caseId: string): Promise<AttachmentRow[]> {
  return db.select().from(attachments).where(eq(attachments.caseId, caseId)).orderBy(asc(attachments.createdAt), asc(attachments.id));
}

export async function findAttachment(db: Database, id: string): Promise<AttachmentRow | null> {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
  return row ?? null;
}

export async function setAttachmentPublic(db: Database, id: string, shown: boolean): Promise<void> {
  await db.update(attachments).set({ public: shown }).where(eq(attachments.id, id));
}

/** The photos of a case its closing officer chose to show the public (rendered copies only). */
export function publicPhotos(db: Database, caseId: string): Promise<AttachmentRow[]> {
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.caseId, caseId), eq(attachments.public, true), eq(attachments.rendered, true)))
    .orderBy(asc(attachments.createdAt));
}
