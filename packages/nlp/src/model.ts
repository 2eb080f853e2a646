import type { Matter, Suggestion, SuggestionExplanation } from '@gongzhi/domain';
import type { Clause } from './clauses.ts';
import { createFeaturizer, surface, type Featurizer } from './features.ts';
import { logits, softmax, trainSoftmax, type LinearModel, type SparseExample } from './logistic.ts';
import type { LabelledText } from './training-data.ts';

export type ModelMatter = Pick<Matter, 'code' | 'name' | 'keywords' | 'examples'>;

/** Figures of a model measured on the validation split it was tuned on. */
export interface ModelFigures {
  n: number;
  top1: number;
  top3: number;
  /** share of routed suggestions that were right, at the threshold */
  precision: number;
  /** share of texts routed at the threshold */
  coverage: number;
  /** expected calibration error of the top-1 confidence (10 bins) */
  ece: number;
  perMatter: Record<string, { n: number; top1: number }>;
}

/** The stored model: what `gongzhi classifier retrain` writes and the server loads. */
export interface MatterModelJson {
  format: 1;
  trainedAt: string;
  classes: string[];
  keywords: Record<string, string[]>;
  /** the example complaints of matters that have them (an amendment's), as trained on */
  examples?: Record<string, string[]>;
  temperature: number;
  threshold: number;
  l2: number;
  bias: number[];
  /** per feature, pairs of class index and weight, flattened */
  weights: Record<string, number[]>;
  validation: ModelFigures;
  training: { texts: number; corrections: number; ms: number };
}

/** Why the classifier suggested its top matter, for the operator (the domain's shape). */
export type Explanation = SuggestionExplanation;

/** Routing at or above this calibrated confidence was chosen for ≥ 98 % precision on validation. */
const TARGET_PRECISION = 0.98;
const L2_GRID = [3e-5, 1e-4, 3e-4];
const EPOCHS = 30;
const MIN_TEXTS_PER_FEATURE = 3;
/** Smaller weights are dropped from the stored model (they move no confidence by more than a rounding). */
const MIN_WEIGHT = 0.15;

export function expectedCalibrationError(rows: readonly { confidence: number; right: boolean }[], bins = 10): number {
  let ece = 0;
  for (let b = 0; b < bins; b++) {
    const inBin = rows.filter((r) => Math.min(bins - 1, Math.floor(r.confidence * bins)) === b);
    if (!inBin.length) continue;
    const acc = inBin.filter((r) => r.right).length / inBin.length;
    const conf = inBin.reduce((a, r) => a + r.confidence, 0) / inBin.length;
    ece += (inBin.length / rows.length) * Math.abs(acc - conf);
  }
  return ece;
}

/** Top-1/top-3, per matter, precision and coverage at a threshold and ECE of ranked probabilities against gold labels. */
export function measure(rows: readonly { matter: string; ranked: Suggestion[] }[], threshold: number): ModelFigures {
  const n = rows.length;
  const right = (r: (typeof rows)[number], k: number) => r.ranked.slice(0, k).some((s) => s.matterCode === r.matter);
  const routed = rows.filter((r) => (r.ranked[0]?.confidence ?? 0) >= threshold);
  const perMatter: ModelFigures['perMatter'] = {};
  for (const r of rows) {
    const m = (perMatter[r.matter] ??= { n: 0, top1: 0 });
    m.n++;
    if (right(r, 1)) m.top1++;
  }
  for (const m of Object.values(perMatter)) m.top1 = m.top1 / m.n;
  return {
    n,
    top1: rows.filter((r) => right(r, 1)).length / n,
    top3: rows.filter((r) => right(r, 3)).length / n,
    precision: routed.length ? routed.filter((r) => right(r, 1)).length / routed.length : 1,
    coverage: routed.length / n,
    ece: expectedCalibrationError(rows.map((r) => ({ confidence: r.ranked[0]?.confidence ?? 0, right: right(r, 1) }))),
    perMatter,
  };
}

function rank(classes: readonly string[], z: ArrayLike<number>, temperature: number): Suggestion[] {
  return softmax(z, temperature)
    .map((confidence, i) => ({ matterCode: classes[i] ?? '', confidence }))
    .sort((a, b) => b.confidence - a.confidence);
}

/**
 * Trains the matter model: features from data the caller gives (base texts, corrections, the
 * matters' names and keywords as seeds), L2 strength chosen on the validation split, then a
 * temperature fitted on validation (least log loss) and the routing threshold chosen there.
 */
export function trainMatterModel(matters: readonly ModelMatter[], texts: readonly LabelledText[], now = new Date()): MatterModelJson {
  const started = performance.now();
  const classes = matters.map((m) => m.code);
  const index = new Map(classes.map((c, i) => [c, i]));
  const featurizer = createFeaturizer(matters);
  const toExample = (t: { matter: string; text: string }, weight = 1): SparseExample | null => {
    const y = index.get(t.matter);
    return y === undefined ? null : { x: featurizer.features(t.text).vector, y, weight };
  };
  const seeds = matters.flatMap((m) => [m.name.zh, ...m.keywords].map((text) => ({ matter: m.code, text })));
  // A matter's example complaints are whole texts written for it, as the training texts are; the
  // few an amendment brings count double, so a new matter is suggested for them from the first model.
  const examples = matters.flatMap((m) => (m.examples ?? []).map((text) => ({ matter: m.code, text })));
  const all = [
    ...seeds.map((s) => toExample(s, 0.5)),
    ...examples.map((e) => toExample(e, 2)),
    ...texts.filter((t) => t.split === 'train').map((t) => toExample(t)),
  ].filter((e) => e !== null);
  // Features seen in one training text only are noise that bloats the model: keep those seen twice
  // (and every keyword feature). Vectors stay normalised over all their features, as at run time.
  const df = new Map<string, number>();
  for (const e of all) for (const f of e.x.keys()) df.set(f, (df.get(f) ?? 0) + 1);
  const kept = (f: string) => (df.get(f) ?? 0) >= MIN_TEXTS_PER_FEATURE || /^(n:)?[km]:/.test(f);
  const train = all.map((e) => ({ ...e, x: new Map([...e.x].filter(([f]) => kept(f))) }));
  const validation = texts.filter((t) => t.split === 'validation' && index.has(t.matter));
  const validationX = validation.map((t) => featurizer.features(t.text).vector);

  let best: { model: LinearModel; l2: number; top1: number; loss: number } | undefined;
  for (const l2 of L2_GRID) {
    const model = trainSoftmax(train, classes.length, { l2, epochs: EPOCHS, learningRate: 0.5 });
    let top1 = 0;
    let loss = 0;
    validation.forEach((t, i) => {
      const p = softmax(logits(model, validationX[i] ?? new Map()));
      const y = index.get(t.matter) ?? -1;
      if (p.indexOf(Math.max(...p)) === y) top1++;
      loss -= Math.log(Math.max(1e-12, p[y] ?? 0));
    });
    if (!best || top1 > best.top1 || (top1 === best.top1 && loss < best.loss)) best = { model, l2, top1, loss };
  }
  if (!best) throw new Error('no regularisation strength to try');
  const { l2 } = best;
  // Softmax ignores a constant added to one feature's weights across all matters: centring each
  // feature on its median leaves most weights near zero, and those are dropped from the stored model.
  const weights: Record<string, number[]> = {};
  for (const [f, w] of best.model.weights) {
    const median = [...w].sort((a, b) => a - b)[Math.floor(w.length / 2)] ?? 0;
    const flat: number[] = [];
    w.forEach((v, c) => {
      if (Math.abs(v - median) >= MIN_WEIGHT) flat.push(c, Math.round((v - median) * 100) / 100);
    });
    if (flat.length) weights[f] = flat;
  }
  const bias = [...best.model.bias].map((b) => Math.round(b * 1000) / 1000);
  const model = linearFrom(classes.length, weights, bias);
  const z = validationX.map((x) => logits(model, x));
  let temperature = 1;
  let bestLoss = Infinity;
  for (let t = 0.2; t <= 4; t += 0.02) {
    const loss = validation.reduce((a, row, i) => a - Math.log(Math.max(1e-12, softmax(z[i] ?? [], t)[index.get(row.matter) ?? -1] ?? 0)), 0);
    if (loss < bestLoss) [bestLoss, temperature] = [loss, Math.round(t * 100) / 100];
  }
  const rows = validation.map((t, i) => ({ matter: t.matter, ranked: rank(classes, z[i] ?? [], temperature) }));
  let threshold = 0.99;
  for (let t = 0.5; t < 0.99; t += 0.01) {
    const routed = rows.filter((r) => (r.ranked[0]?.confidence ?? 0) >= t);
    if (routed.length && routed.filter((r) => r.ranked[0]?.matterCode === r.matter).length / routed.length >= TARGET_PRECISION) {
      threshold = Math.round(t * 100) / 100;
      break;
    }
  }
  return {
    format: 1,
    trainedAt: now.toISOString(),
    classes,
    keywords: Object.fromEntries(matters.map((m) => [m.code, [...m.keywords]])),
    ...(examples.length ? { examples: Object.fromEntries(matters.filter((m) => m.examples?.length).map((m) => [m.code, [...(m.examples ?? [])]])) } : {}),
    temperature,
    threshold,
    l2,
    bias,
    weights,
    validation: measure(rows, threshold),
    training: { texts: train.length, corrections: texts.filter((t) => t.kind === 'correction').length, ms: Math.round(performance.now() - started) },
  };
}

function linearFrom(classes: number, stored: Record<string, number[]>, bias: readonly number[]): LinearModel {
  const weights = new Map<string, Float64Array>();
  for (const [f, flat] of Object.entries(stored)) {
    const w = new Float64Array(classes);
    for (let i = 0; i + 1 < flat.length; i += 2) w[flat[i] ?? 0] = flat[i + 1] ?? 0;
    weights.set(f, w);
  }
  return { classes, weights, bias: Float64Array.from(bias) };
}

/** A trained model ready to suggest and explain; building it from JSON takes a few milliseconds. */
export class MatterClassifier {
  readonly threshold: number;
  readonly model: MatterModelJson;
  private readonly linear: LinearModel;
  private readonly featurizer: Featurizer;

  constructor(model: MatterModelJson) {
    this.model = model;
    this.threshold = model.threshold;
    this.linear = linearFrom(model.classes.length, model.weights, model.bias);
    this.featurizer = createFeaturizer(model.classes.map((code) => ({ code, keywords: model.keywords[code] ?? [] })));
  }

  /** The `k` likeliest matters for a complaint with calibrated confidences, most likely first. */
  suggest(text: string, k = 3): Suggestion[] {
    return this.analyse(text).ranked.slice(0, k);
  }

  /** Suggestions plus the words and clause that drove the top one. */
  explain(text: string, k = 3): { suggestions: Suggestion[]; explanation: Explanation } {
    const { ranked, vector, clauses } = this.analyse(text);
    const top = this.model.classes.indexOf(ranked[0]?.matterCode ?? '');
    const scored: { term: string; weight: number }[] = [];
    for (const [f, v] of vector) {
      const w = this.linear.weights.get(f);
      const term = surface(f);
      if (!w || !term || f.startsWith('n:')) continue;
      const mean = w.reduce((a, b) => a + b, 0) / w.length;
      const weight = ((w[top] ?? mean) - mean) * v;
      if (weight > 0) scored.push({ term, weight });
    }
    scored.sort((a, b) => b.weight - a.weight);
    const terms: string[] = [];
    for (const { term } of scored) {
      if (terms.length >= 5) break;
      if (terms.some((t) => t.includes(term))) continue;
      const shorter = terms.findIndex((t) => term.includes(t));
      if (shorter >= 0) terms[shorter] = term;
      else terms.push(term);
    }
    const request = clauses.find((c: Clause) => c.role === 'request')?.text ?? null;
    const ruledOut = clauses.filter((c) => c.role === 'negated').map((c) => c.text);
    return { suggestions: ranked.slice(0, k), explanation: { terms: [...new Set(terms)], request, ruledOut } };
  }

  private analyse(text: string) {
    const { vector, clauses } = this.featurizer.features(text);
    const ranked = rank(this.model.classes, logits(this.linear, vector), this.model.temperature).map((s) => ({
      ...s,
      confidence: Math.round(s.confidence * 1000) / 1000,
    }));
    return { ranked, vector, clauses };
  }
}
