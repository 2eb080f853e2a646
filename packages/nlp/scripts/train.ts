// Trains the shipped matter model from the texts in data/ (never the test set) and writes
// model/matter-model.json. Run with `pnpm --filter @gongzhi/nlp train`.
import { writeFileSync } from 'node:fs';
import { MATRIX_V1_MATTERS } from '@gongzhi/domain';
import { trainingTexts, trainMatterModel } from '../src/index.ts';

// The shipped model learns from the written texts only; corrections come with `gongzhi classifier retrain`.
const model = trainMatterModel(MATRIX_V1_MATTERS, trainingTexts());
const json = JSON.stringify(model);
writeFileSync(new URL('../model/matter-model.json', import.meta.url), `${json}\n`);
const { validation: v } = model;
console.log(
  `trained on ${model.training.texts} texts in ${(model.training.ms / 1000).toFixed(1)} s (l2 ${model.l2}, temperature ${model.temperature}); ` +
    `validation n=${v.n} top-1 ${(v.top1 * 100).toFixed(1)} % top-3 ${(v.top3 * 100).toFixed(1)} % ECE ${v.ece.toFixed(3)}; ` +
    `threshold ${model.threshold}: precision ${(v.precision * 100).toFixed(1)} % coverage ${(v.coverage * 100).toFixed(1)} %; ${(json.length / 1024).toFixed(0)} KiB`,
);
