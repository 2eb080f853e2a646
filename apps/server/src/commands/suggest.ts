import { MATRIX_V1_MATTERS } from '@gongzhi/domain';
import { defaultClassifier } from '@gongzhi/nlp';
import { usageError } from './usage.ts';

/** `gongzhi suggest TEXT`: the classifier alone, no database. */
export async function run(args: string[]): Promise<number> {
  const text = args.join(' ').trim();
  if (!text) return usageError('give the complaint text');
  const matters = MATRIX_V1_MATTERS;
  const suggestions = defaultClassifier(matters).suggest(text, 3);
  console.log(
    JSON.stringify(
      suggestions.map((s) => ({ ...s, name: matters.find((m) => m.code === s.matterCode)?.name })),
      null,
      2,
    ),
  );
  return 0;
}
