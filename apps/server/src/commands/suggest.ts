import { MATRIX_V1_MATTERS } from '@gongzhi/domain';
import { defaultClassifier } from '@gongzhi/nlp';
import { usageError } from './usage.ts';

/** `gongzhi suggest TEXT`: the shipped classifier alone, no database. */
export async function run(args: string[]): Promise<number> {
  const text = args.join(' ').trim();
  if (!text) return usageError('give the complaint text');
  const classifier = defaultClassifier();
  const { suggestions, explanation } = classifier.explain(text, 3);
  const named = suggestions.map((s) => ({ ...s, name: MATRIX_V1_MATTERS.find((m) => m.code === s.matterCode)?.name }));
  console.log(JSON.stringify({ suggestions: named, explanation, threshold: classifier.threshold }, null, 2));
  return 0;
}
