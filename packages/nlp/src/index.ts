export { MatterClassifier, type TrainingData } from './classifier.ts';
export { segment } from './segment.ts';
export { defaultClassifier } from './default.ts';
