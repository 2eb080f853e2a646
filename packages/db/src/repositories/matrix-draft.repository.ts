import { and, desc, eq, inArray } from 'drizzle-orm';
import { DomainError, type DraftOffice, type DraftOperation } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { matrixDrafts, users } from '../schema/index.ts';

export type DraftState = 'open' | 'adopted' | 'withdrawn';

export interface DraftRecord {
  id: string;
  basedOn: number;
  operations: DraftOperation[];
  office: DraftOffice;
  title: string;
  createdBy: string;
  /** the display name of whoever opened it */
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
  state: DraftState;
  revision: number;
  adoptedVersion: number | null;
}

/** The consultation workflow of a draft: one per draft, started when it is sent or adopted. */
export const consultationIdOf = (draftId: string) => `${draftId}:consultation`;

const select = { d: matrixDrafts, createdByName: users.displayName };
type Row = { d: typeof matrixDrafts.$inferSelect; createdByName: string | null };
const toRecord = ({ d, createdByName }: Row): DraftRecord => ({
  ...d,
  createdByName,
  createdAt: d.createdAt.toISOString(),
  updatedAt: d.updatedAt.toISOString(),
});

export async function insertDraft(
  db: Database,
  draft: { id: string; basedOn: number; office: DraftOffice; title: string; createdBy: string; at: Date; operations: DraftOperation[] },
): Promise<void> {
  await db.insert(matrixDrafts).values({
    id: draft.id,
    basedOn: draft.basedOn,
    operations: draft.operations,
    office: draft.office,
    title: draft.title,
    createdBy: draft.createdBy,
    createdAt: draft.at,
    updatedAt: draft.at,
    state: 'open',
  });
}

export async function findDraft(db: Database, id: string): Promise<DraftRecord> {
  const [row] = await db.select(select).from(matrixDrafts).leftJoin(users, eq(users.username, matrixDrafts.createdBy)).where(eq(matrixDrafts.id, id));
  if (!row) throw new DomainError('NOT_FOUND', 'DRAFT_UNKNOWN', `There is no draft ${id}`, { draft: id });
  return toRecord(row);
}

/** The drafts of these ids (or all), newest first. */
export async function listDrafts(db: Database, filter: { ids?: string[] | undefined; states?: DraftState[] | undefined } = {}): Promise<DraftRecord[]> {
  const conditions = [];
  if (filter.ids) conditions.push(inArray(matrixDrafts.id, filter.ids.length ? filter.ids : ['']));
  if (filter.states) conditions.push(inArray(matrixDrafts.state, filter.states));
  const rows = await db
    .select(select)
    .from(matrixDrafts)
    .leftJoin(users, eq(users.username, matrixDrafts.createdBy))
    .where(and(...conditions))
    .orderBy(desc(matrixDrafts.updatedAt))
    .limit(200);
  return rows.map(toRecord);
}

/**
 * Changes an open draft seen at `revision` (optimistic: someone else's change meanwhile is a
 * CONFLICT, as with amendments).
 */
export async function updateDraft(
  db: Database,
  id: string,
  revision: number,
  change: { operations?: DraftOperation[]; basedOn?: number; state?: DraftState; adoptedVersion?: number; at: Date },
): Promise<number> {
  const { at, ...rest } = change;
  const updated = await db
    .update(matrixDrafts)
    .set({ ...rest, updatedAt: at, revision: revision + 1 })
    .where(and(eq(matrixDrafts.id, id), eq(matrixDrafts.revision, revision), eq(matrixDrafts.state, 'open')))
    .returning({ revision: matrixDrafts.revision });
  if (updated.length === 0) {
    const current = await findDraft(db, id);
    if (current.state !== 'open') throw new DomainError('CONFLICT', 'DRAFT_CLOSED', `Draft ${id} is ${current.state}`, { draft: id });
    throw new DomainError('CONFLICT', 'STALE_VERSION', `Draft ${id} changed meanwhile`, { draft: id });
  }
  return revision + 1;
}
