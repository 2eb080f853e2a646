import { readFileSync } from 'node:fs';
import { MatterClassifier, type MatterModelJson } from './model.ts';

let shared: MatterClassifier | undefined;

/** The model trained at build time (`pnpm --filter @gongzhi/nlp train`) and committed in model/. */
export function readShippedModel(): MatterModelJson {
  return JSON.parse(readFileSync(new URL('../model/matter-model.json', import.meta.url), 'utf8')) as MatterModelJson;
}

/** The classifier of the shipped model, loaded once per process. */
export function defaultClassifier(): MatterClassifier {
  shared ??= new MatterClassifier(readShippedModel());
  return shared;
}
