import { correctionCounts, modelVersions, recentCorrections } from '@gongzhi/db';
import { changedMatters, testFigures, type ModelFigures, type TestFigures } from '@gongzhi/nlp';
import { caseScopeOf } from '@gongzhi/domain';
import type { SignedInContext } from '../context.ts';

/**
 * The classifier page: the version in use and the earlier ones with their figures (validation and
 * the labelled test set), the matters whose accuracy moved with the newest version, the
 * corrections by source and the latest of them, and a retrain in progress.
 */
export async function classifierStatus({ ctx }: { ctx: SignedInContext<'models'> }) {
  const [versions, counts, recent] = await Promise.all([
    modelVersions(ctx.db, 20),
    correctionCounts(ctx.db),
    recentCorrections(ctx.db, 30, caseScopeOf(ctx.principal)),
  ]);
  const models = ctx.models;
  const shipped = models ? { validation: models.shipped.model.validation, test: testFigures(models.shipped), trainedAt: models.shipped.model.trainedAt } : null;
  const [newest, previous] = versions;
  const before: ModelFigures | null = previous ? (previous.test as TestFigures) : (shipped?.test ?? null);
  return {
    inUse: models?.version ?? null,
    threshold: models?.threshold ?? null,
    training: models?.training ? { since: models.training.since.toISOString(), by: models.training.by } : null,
    shipped,
    versions: versions.map((v) => ({
      version: v.version,
      trainedAt: v.trainedAt.toISOString(),
      trainedBy: v.trainedBy,
      trainedByName: v.trainedByName,
      correctionsUpTo: v.correctionsUpTo,
      test: v.test as TestFigures,
    })),
    changed: newest ? changedMatters(before, newest.test as TestFigures) : [],
    corrections: counts.bySource,
    recent: recent.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })),
  };
}
