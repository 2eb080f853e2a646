/**
 * The matter classifier before (naive Bayes, routing at 0.7) and after (calibrated logistic
 * regression of model/matter-model.json, routing at its validation-chosen threshold), measured on
 * the held-out test set (packages/nlp/test-data/complaints-test.tsv: 8 texts per matter, a quarter
 * of them hard) and on the older labelled set (231 texts): top-1, top-3, top-1 per kind,
 * precision and coverage at the threshold, ECE (10 bins); then the time to get a ready classifier.
 *
 *   pnpm --filter @gongzhi/bench bench:classifier
 */
import { COMPLAINT_EXAMPLES, DEFAULT_CONFIDENCE_THRESHOLD, MATRIX_V1_MATTERS, type Suggestion } from '@gongzhi/domain';
import { MatterClassifier, measure, NaiveBayesClassifier, readShippedModel, readTestSet } from '@gongzhi/nlp';
import { percentile } from './lib.ts';

const OLD_THRESHOLD = 0.7;
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

const naive = new NaiveBayesClassifier({ matters: MATRIX_V1_MATTERS, examples: COMPLAINT_EXAMPLES });
const model = readShippedModel();
const logistic = new MatterClassifier(model);
const variants: { name: string; threshold: number; suggest: (t: string) => Suggestion[] }[] = [
  { name: 'before (naive Bayes)', threshold: OLD_THRESHOLD, suggest: (t) => naive.suggest(t, 33) },
  { name: 'after (logistic, calibrated)', threshold: logistic.threshold, suggest: (t) => logistic.suggest(t, 33) },
];

for (const set of ['complaints-test.tsv', 'complaints-labelled.tsv'] as const) {
  const rows = readTestSet(set);
  console.log(`\n${set}: ${rows.length} texts`);
  for (const v of variants) {
    const ranked = rows.map((r) => ({ ...r, ranked: v.suggest(r.text) }));
    const f = measure(ranked, v.threshold);
    const kinds = [...new Set(rows.map((r) => r.kind))];
    const perKind = kinds.map((k) => {
      const of = ranked.filter((r) => r.kind === k);
      return `${k} ${of.filter((r) => r.ranked[0]?.matterCode === r.matter).length}/${of.length}`;
    });
    const routed = Math.round(f.coverage * f.n);
    const wrong = Math.round(routed * (1 - f.precision));
    console.log(
      `  ${v.name.padEnd(30)} top-1 ${pct(f.top1)}  top-3 ${pct(f.top3)}  [${perKind.join(', ')}]  ` +
        `at ${v.threshold}: routed ${routed}/${f.n} (coverage ${pct(f.coverage)}), ${wrong} wrong (precision ${pct(f.precision)})  ECE ${f.ece.toFixed(3)}`,
    );
  }
}

const RUNS = 15;
const time = (fn: () => unknown) => {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return percentile(
    ms.sort((a, b) => a - b),
    50,
  );
};
const probe = '楼下烧烤摊每天晚上烟熏火燎到凌晨';
const before = time(() => new NaiveBayesClassifier({ matters: MATRIX_V1_MATTERS, examples: COMPLAINT_EXAMPLES }).suggest(probe));
const after = time(() => new MatterClassifier(readShippedModel()).suggest(probe));
console.log(
  `\nready classifier (median of ${RUNS}): before ${before.toFixed(1)} ms (trains naive Bayes), after ${after.toFixed(1)} ms (reads ${(JSON.stringify(model).length / 1024).toFixed(0)} KiB JSON); ratio ${(after / before).toFixed(2)}`,
);
console.log(
  `model: trained on ${model.training.texts} texts in ${(model.training.ms / 1000).toFixed(1)} s; old default threshold ${DEFAULT_CONFIDENCE_THRESHOLD}, model threshold ${model.threshold}`,
);
