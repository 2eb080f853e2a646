import { activeMatters, COMPLAINT_EXAMPLES, splitOfText, type MatrixVersion, type MatterSuggester, type Suggestion } from '@gongzhi/domain';
import { MatterClassifier, measure, trainMatterModel, type MatterModelJson, type ModelFigures, type ModelMatter } from './model.ts';
import { baseTrainingTexts, readTestSet, type LabelledText } from './training-data.ts';

/** A complaint text a person labelled at work (a triage routing, an accepted transfer, a ruling, an intake override). */
export interface CorrectionText {
  text: string;
  matterCode: string;
}

/**
 * Everything a model is trained and validated on: the texts written for training, the matters'
 * example complaints, and the corrections (each in the split its text hashes to, so the
 * validation figures of two versions compare). The labelled test set is never among them.
 */
export function trainingTexts(corrections: readonly CorrectionText[] = []): LabelledText[] {
  return [
    ...baseTrainingTexts(),
    ...Object.entries(COMPLAINT_EXAMPLES).flatMap(([matter, list]) => list.map((text) => ({ matter, text, kind: 'plain' as const, split: 'train' as const }))),
    ...corrections.map((c) => ({ matter: c.matterCode, text: c.text, kind: 'correction' as const, split: splitOfText(c.text) })),
  ];
}

/**
 * What a model is trained on under a matrix: its matters that take new cases, and the training texts
 * with those of a retired matter relabelled to its successor (where routing sends such complaints),
 * so a retired matter is never suggested and its complaints teach the matter that took it over.
 */
export function matrixTrainingSet(
  matrix: Pick<MatrixVersion, 'matters'>,
  corrections: readonly CorrectionText[] = [],
): { matters: ModelMatter[]; texts: LabelledText[] } {
  const successor = new Map(matrix.matters.flatMap((m) => (m.successor === undefined ? [] : [[m.code, m.successor] as const])));
  return {
    matters: activeMatters(matrix.matters).map((m) => ({ code: m.code, name: m.name, keywords: m.keywords, ...(m.examples ? { examples: m.examples } : {}) })),
    texts: trainingTexts(corrections).map((t) => {
      const next = successor.get(t.matter);
      return next === undefined ? t : { ...t, matter: next };
    }),
  };
}

/** Figures on the project's labelled test set (8 per matter, a quarter hard, never trained on), with top-1 per kind. */
export interface TestFigures extends ModelFigures {
  perKind: Record<string, { n: number; top1: number }>;
}

const measured = new WeakMap<MatterClassifier, TestFigures>();

export function testFigures(classifier: MatterClassifier): TestFigures {
  const known = measured.get(classifier);
  if (known) return known;
  const figures = measureOnTestSet(classifier);
  measured.set(classifier, figures);
  return figures;
}

function measureOnTestSet(classifier: MatterClassifier): TestFigures {
  const known = new Set(classifier.model.classes);
  const rows = readTestSet('complaints-test.tsv')
    .filter((r) => known.has(r.matter))
    .map((r) => ({ ...r, ranked: classifier.suggest(r.text, classifier.model.classes.length) }));
  const perKind: TestFigures['perKind'] = {};
  for (const r of rows) {
    const k = (perKind[r.kind] ??= { n: 0, top1: 0 });
    k.n++;
    if (r.ranked[0]?.matterCode === r.matter) k.top1++;
  }
  for (const k of Object.values(perKind)) k.top1 /= k.n;
  return { ...measure(rows, classifier.threshold), perKind };
}

/** Trains a model from the matters in force and the corrections; `train` may run it off the main thread. */
export type Trainer = (matters: readonly ModelMatter[], texts: readonly LabelledText[], now: Date) => Promise<MatterModelJson>;
export const trainHere: Trainer = async (matters, texts, now) => trainMatterModel(matters, texts, now);

/** A matter whose accuracy on the test set moved between two versions (leadership's "what changed"). */
export interface MatterChange {
  matterCode: string;
  before: number | null;
  after: number;
}

export function changedMatters(before: ModelFigures | null, after: ModelFigures, atLeast = 0.01): MatterChange[] {
  return Object.entries(after.perMatter)
    .map(([matterCode, m]) => ({ matterCode, before: before?.perMatter[matterCode]?.top1 ?? null, after: m.top1 }))
    .filter((c) => c.before === null || Math.abs(c.after - c.before) >= atLeast)
    .sort((a, b) => Math.abs(b.after - (b.before ?? 0)) - Math.abs(a.after - (a.before ?? 0)));
}

/**
 * The classifier the platform routes with: the newest model version, swapped in place when a
 * retrain (here or in another process) stores a newer one, so every holder of it sees the new model.
 */
export class LiveClassifier implements MatterSuggester {
  #current: MatterClassifier;
  #version: number | null;
  #training: { since: Date; by: string } | null = null;
  readonly #staleListeners = new Set<() => void>();

  /** the model shipped with the platform, the baseline every version is compared with first */
  readonly shipped: MatterClassifier;

  constructor(shipped: MatterClassifier) {
    this.shipped = shipped;
    this.#current = shipped;
    this.#version = null;
  }

  /** null: the model shipped with the platform (no retrain yet) */
  get version(): number | null {
    return this.#version;
  }

  get classifier(): MatterClassifier {
    return this.#current;
  }

  get threshold(): number {
    return this.#current.threshold;
  }

  /** a retrain running in this process, if any (one at a time) */
  get training(): { since: Date; by: string } | null {
    return this.#training;
  }

  /** Marks a retrain as running; false when one already is. */
  beginTraining(by: string, since: Date): boolean {
    if (this.#training) return false;
    this.#training = { since, by };
    return true;
  }

  endTraining(): void {
    this.#training = null;
  }

  /** Says the matrix changed under the model in use (an amendment): whoever keeps it current checks at once. */
  markStale(): void {
    for (const listener of this.#staleListeners) listener();
  }

  /** Calls `listener` on each `markStale` until the returned function is called. */
  onStale(listener: () => void): () => void {
    this.#staleListeners.add(listener);
    return () => this.#staleListeners.delete(listener);
  }

  swap(model: MatterModelJson, version: number): void {
    this.#current = new MatterClassifier(model);
    this.#version = version;
  }

  suggest(text: string, k = 3): Suggestion[] {
    return this.#current.suggest(text, k);
  }

  explain(text: string, k = 3) {
    return this.#current.explain(text, k);
  }
}
