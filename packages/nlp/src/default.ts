import { COMPLAINT_EXAMPLES, MATRIX_V1_MATTERS, type Matter } from '@gongzhi/domain';
import { MatterClassifier } from './classifier.ts';

let shared: { matters: readonly Pick<Matter, 'code' | 'name' | 'keywords'>[]; classifier: MatterClassifier } | undefined;

/**
 * The classifier trained on the given matrix's matters (matrix v1 by default) and the shipped
 * example complaints; built once per set of matters (training takes a few milliseconds).
 */
export function defaultClassifier(matters: readonly Pick<Matter, 'code' | 'name' | 'keywords'>[] = MATRIX_V1_MATTERS): MatterClassifier {
  if (shared?.matters !== matters) shared = { matters, classifier: new MatterClassifier({ matters, examples: COMPLAINT_EXAMPLES }) };
  return shared.classifier;
}
