export { NaiveBayesClassifier, type TrainingData } from './naive-bayes.ts';
export {
  MatterClassifier,
  trainMatterModel,
  measure,
  expectedCalibrationError,
  type MatterModelJson,
  type ModelFigures,
  type Explanation,
  type ModelMatter,
} from './model.ts';
export { clauses, type Clause, type ClauseRole } from './clauses.ts';
export { baseTrainingTexts, readTestSet, type LabelledText } from './training-data.ts';
export { segment } from './segment.ts';
export { defaultClassifier, readShippedModel } from './default.ts';
export {
  trainingTexts,
  matrixTrainingSet,
  testFigures,
  trainHere,
  changedMatters,
  LiveClassifier,
  type CorrectionText,
  type TestFigures,
  type Trainer,
  type MatterChange,
} from './retrain.ts';
