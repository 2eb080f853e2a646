/** Multinomial logistic regression over sparse features, trained by AdaGrad with L2 regularisation. */
export interface SparseExample {
  x: Map<string, number>;
  y: number;
  weight?: number;
}

export interface LinearModel {
  classes: number;
  weights: Map<string, Float64Array>;
  bias: Float64Array;
}

export interface TrainOptions {
  l2: number;
  epochs: number;
  learningRate: number;
  seed?: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so a retrain on the same data gives the same model. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function logits(model: LinearModel, x: ReadonlyMap<string, number>): Float64Array {
  const z = Float64Array.from(model.bias);
  // Plain loops: a typed array's forEach with a closure cost a hundred times as much here (Node 20).
  for (const [f, v] of x) {
    const w = model.weights.get(f);
    if (w) for (let c = 0; c < z.length; c++) z[c] = (z[c] ?? 0) + (w[c] ?? 0) * v;
  }
  return z;
}

export function softmax(z: ArrayLike<number>, temperature = 1): number[] {
  const scaled = Array.from(z, (v) => v / temperature);
  const max = Math.max(...scaled);
  const e = new Array<number>(scaled.length);
  let sum = 0;
  for (let c = 0; c < scaled.length; c++) sum += e[c] = Math.exp((scaled[c] ?? 0) - max);
  for (let c = 0; c < e.length; c++) e[c] = (e[c] ?? 0) / sum;
  return e;
}

export function trainSoftmax(examples: readonly SparseExample[], classes: number, options: TrainOptions): LinearModel {
  const weights = new Map<string, Float64Array>();
  const squares = new Map<string, Float64Array>();
  const bias = new Float64Array(classes);
  const biasSquares = new Float64Array(classes).fill(1e-8);
  const order = examples.map((_, i) => i);
  const rand = random(options.seed ?? 1);
  const model = { classes, weights, bias };
  const { learningRate, l2 } = options;
  // Plain loops throughout: a typed array's forEach with a closure cost many times as much (Node 20).
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    for (const index of order) {
      const ex = examples[index];
      if (!ex) continue;
      // The gradient of the log loss with respect to the logits: predicted minus true.
      const residual = softmax(logits(model, ex.x));
      for (let c = 0; c < classes; c++) residual[c] = ((residual[c] ?? 0) - (c === ex.y ? 1 : 0)) * (ex.weight ?? 1);
      for (let c = 0; c < classes; c++) {
        const r = residual[c] ?? 0;
        const sq = (biasSquares[c] ?? 0) + r * r;
        biasSquares[c] = sq;
        bias[c] = (bias[c] ?? 0) - (learningRate * r) / Math.sqrt(sq);
      }
      for (const [f, v] of ex.x) {
        let w = weights.get(f);
        let s = squares.get(f);
        if (!w || !s) {
          w = new Float64Array(classes);
          s = new Float64Array(classes).fill(1e-8);
          weights.set(f, w);
          squares.set(f, s);
        }
        for (let c = 0; c < classes; c++) {
          const r = residual[c] ?? 0;
          const wc = w[c] ?? 0;
          const g = r * v + l2 * wc;
          const sq = (s[c] ?? 0) + g * g;
          s[c] = sq;
          w[c] = wc - (learningRate * g) / Math.sqrt(sq);
        }
      }
    }
  }
  return model;
}
