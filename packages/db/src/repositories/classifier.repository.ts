import { desc, eq, gt, max, sql, type SQL } from 'drizzle-orm';
import type { CaseLabel, CaseScope, CorrectionSource } from '@gongzhi/domain';
import { caseVisibleTo } from './visibility.repository.ts';
import type { Database } from '../client.ts';
import { cases, classifierCorrections, classifierModels, users } from '../schema/index.ts';
import type { WriteQueue } from '../workflow/write-queue.ts';

/**
 * The statement recording a label given to a case's complaint text, for the caller's transaction
 * (the step that gave it). The text is copied from the case as it is then.
 */
export function labelInsert(label: CaseLabel, actor: string, at: Date): SQL {
  return sql`insert into ${classifierCorrections} (case_id, text, matter_code, source, suggested, actor, created_at)
    select ${cases.id}, ${cases.description}, ${label.matterCode}, ${label.source}, ${label.suggested}, ${actor}, ${at.toISOString()}::timestamptz
    from ${cases} where ${cases.id} = ${label.caseId}`;
}

/**
 * Queues the labels given to cases being taken in (not yet in the table, so their text is given)
 * with the engine's writes: one insert for a batch, however many there are.
 */
export function queueIntakeLabels(
  writes: Pick<WriteQueue, 'insert'>,
  labels: ReadonlyArray<{ label: CaseLabel; actor: string; text: string }>,
  at: Date,
): void {
  writes.insert(
    classifierCorrections,
    labels.map(({ label, actor, text }) => ({
      caseId: label.caseId,
      text,
      matterCode: label.matterCode,
      source: label.source,
      suggested: label.suggested,
      actor,
      createdAt: at,
    })),
  );
}

export interface StoredCorrection {
  id: number;
  caseId: string;
  text: string;
  matterCode: string;
  source: CorrectionSource;
  suggested: string | null;
  actor: string;
  createdAt: Date;
}

/** Every correction after `afterId` (all by default), oldest first: the retraining data. */
export function listCorrections(db: Database, afterId = 0): Promise<StoredCorrection[]> {
  return db.select().from(classifierCorrections).where(gt(classifierCorrections.id, afterId)).orderBy(classifierCorrections.id);
}

/** The newest corrections of cases the reader may see (the one visibility rule), for the classifier page, with the case number. */
export function recentCorrections(db: Database, limit: number, scope: CaseScope) {
  return db
    .select({
      id: classifierCorrections.id,
      caseId: classifierCorrections.caseId,
      caseNumber: cases.number,
      text: classifierCorrections.text,
      matterCode: classifierCorrections.matterCode,
      source: classifierCorrections.source,
      suggested: classifierCorrections.suggested,
      actor: classifierCorrections.actor,
      actorName: users.displayName,
      createdAt: classifierCorrections.createdAt,
    })
    .from(classifierCorrections)
    .innerJoin(cases, eq(cases.id, classifierCorrections.caseId))
    .leftJoin(users, eq(users.username, classifierCorrections.actor))
    .where(caseVisibleTo(scope))
    .orderBy(desc(classifierCorrections.id))
    .limit(limit);
}

/** Counts of corrections per source, and the newest id. */
export async function correctionCounts(db: Database): Promise<{ bySource: Partial<Record<CorrectionSource, number>>; lastId: number }> {
  const rows = await db
    .select({ source: classifierCorrections.source, n: sql<number>`count(*)::int`, last: max(classifierCorrections.id) })
    .from(classifierCorrections)
    .groupBy(classifierCorrections.source);
  return {
    bySource: Object.fromEntries(rows.map((r) => [r.source, r.n])),
    lastId: Math.max(0, ...rows.map((r) => r.last ?? 0)),
  };
}

export interface StoredModel {
  version: number;
  trainedAt: Date;
  trainedBy: string;
  correctionsUpTo: number;
  model: unknown;
  test: unknown;
}

/** The model versions, newest first, without their weights; who trained each by display name when a person did. */
export async function modelVersions(db: Database, limit = 20): Promise<Array<Omit<StoredModel, 'model'> & { trainedByName: string | null }>> {
  return db
    .select({
      version: classifierModels.version,
      trainedAt: classifierModels.trainedAt,
      trainedBy: classifierModels.trainedBy,
      trainedByName: users.displayName,
      correctionsUpTo: classifierModels.correctionsUpTo,
      test: classifierModels.test,
    })
    .from(classifierModels)
    .leftJoin(users, eq(users.username, classifierModels.trainedBy))
    .orderBy(desc(classifierModels.version))
    .limit(limit);
}

/** The newest stored model with its weights, or null when only the shipped one exists. */
export async function latestModel(db: Database): Promise<StoredModel | null> {
  const [row] = await db.select().from(classifierModels).orderBy(desc(classifierModels.version)).limit(1);
  return row ?? null;
}

export async function latestModelVersion(db: Database): Promise<number | null> {
  const [row] = await db.select({ v: max(classifierModels.version) }).from(classifierModels);
  return row?.v ?? null;
}

/** Stores a new version; two retrains racing both compute the next number and the second is refused by the key. */
export async function storeModel(db: Database, row: Omit<StoredModel, 'version'>): Promise<number> {
  const next = ((await latestModelVersion(db)) ?? 0) + 1;
  await db.insert(classifierModels).values({ ...row, version: next });
  return next;
}
