import { activeMatters, DomainError } from '@gongzhi/domain';
import { correctionCounts, latestModel, latestModelVersion, listCorrections, loadMatrix, storeModel } from '@gongzhi/db';
import { changedMatters, MatterClassifier, matrixTrainingSet, testFigures, trainHere, type MatterModelJson, type TestFigures } from '@gongzhi/nlp';
import type { UseCaseContext } from '../context.ts';

type ModelsContext = UseCaseContext<'clock' | 'models' | 'trainer'>;

const requireModels = (ctx: ModelsContext) => {
  if (!ctx.models) throw new DomainError('CONFLICT', 'CLASSIFIER_UNAVAILABLE', 'This server routes without a classifier', {});
  return ctx.models;
};

/**
 * A new model version from the written texts and every correction so far, trained under the matrix
 * in force (a matter added by an amendment learns from its name, keywords and examples at once; a
 * retired one is dropped and its texts teach its successor),
 * measured on the labelled test set, stored, and put in use. One retrain at a time per process.
 */
export async function retrainClassifier({ ctx, input }: { ctx: ModelsContext; input: { by: string } }) {
  const models = requireModels(ctx);
  if (!models.beginTraining(input.by, ctx.clock.now())) {
    throw new DomainError('CONFLICT', 'CLASSIFIER_TRAINING', 'A retrain is already running', {});
  }
  try {
    const [matrix, corrections, previous] = await Promise.all([loadMatrix(ctx.db), listCorrections(ctx.db), latestModel(ctx.db)]);
    const { matters, texts } = matrixTrainingSet(matrix, corrections);
    const model = await (ctx.trainer ?? trainHere)(matters, texts, ctx.clock.now());
    const test = testFigures(new MatterClassifier(model));
    const version = await storeModel(ctx.db, {
      trainedAt: ctx.clock.now(),
      trainedBy: input.by,
      correctionsUpTo: corrections.at(-1)?.id ?? 0,
      model,
      test,
    });
    models.swap(model, version);
    const before = previous ? (previous.test as TestFigures) : testFigures(models.shipped);
    return { version, validation: model.validation, test, corrections: corrections.length, changed: changedMatters(before, test) };
  } finally {
    models.endTraining();
  }
}

/** Puts the newest stored version in use if another process (or the command line) stored one. */
export async function refreshClassifier({ ctx }: { ctx: UseCaseContext<'models'> }): Promise<number | null> {
  const models = ctx.models;
  if (!models) return null;
  const newest = await latestModelVersion(ctx.db);
  if (newest === null || newest === models.version) return models.version;
  const row = await latestModel(ctx.db);
  if (row) models.swap(row.model as MatterModelJson, row.version);
  return models.version;
}

/**
 * The matters taking new cases under the matrix in force that the model in use has not learned as they now stand: added
 * by an amendment since it was trained, or given example complaints it was not trained on. The
 * upkeep retrains at once, so such a matter is learned from its name, keywords and examples (and
 * any corrections) without waiting for the schedule.
 */
export async function unlearnedMatters({ ctx }: { ctx: UseCaseContext<'models'> }): Promise<string[]> {
  const models = ctx.models;
  if (!models) return [];
  const model = models.classifier.model;
  const known = new Set(model.classes);
  const learned = (code: string, examples: readonly string[]) => JSON.stringify(model.examples?.[code] ?? []) === JSON.stringify(examples);
  return activeMatters((await loadMatrix(ctx.db)).matters)
    .filter((m) => !known.has(m.code) || !learned(m.code, m.examples ?? []))
    .map((m) => m.code);
}

/**
 * Retrains when corrections came in since the newest version (the schedule's check): nothing new,
 * nothing trained.
 */
export async function retrainIfCorrected({ ctx, input }: { ctx: ModelsContext; input: { by: string } }) {
  const [{ lastId }, previous] = await Promise.all([correctionCounts(ctx.db), latestModel(ctx.db)]);
  if (lastId === 0 || lastId <= (previous?.correctionsUpTo ?? 0)) return null;
  return retrainClassifier({ ctx, input });
}
