export { DEFAULT_FEATURES, LEXICON_FEATURES, extractFeatures, featureDimension, hashString } from './features';
export type { FeatureOptions, FeatureVector, SentimentSignals } from './features';
export { DEFAULT_TRAIN, trainLinear } from './linear';
export type { LinearWeights, TrainOptions } from './linear';
export { score, scoreByGroup, stratifiedFolds } from './evaluation';
export type { ClassScores, GroupedScores, Scores } from './evaluation';
export { MODEL_LABELS, normaliseSentimentLabel } from './labels';
export {
  MODEL_FORMAT,
  explainSentiment,
  parseSentimentModel,
  predictIntents,
  predictSentiment,
  serializeSentimentModel,
} from './model';
export type { ModelContribution, ModelPrediction, SentimentModel, SentimentModelInfo, SentimentModelJson } from './model';
export { DEFAULT_CV, crossValidateSentiment, intentCounts, trainSentimentModel } from './trainer';
export type { CrossValidationOptions, LabelledSignals, TrainSentimentOptions } from './trainer';
export { MODELS_DIR, LATEST_POINTER, modelFileName, parseModelFileName } from './files';
