import type { SentimentLabel } from '@escucha/core';
import { DEFAULT_FEATURES, extractFeatures, featureDimension, learnIdf, type FeatureOptions, type FeatureVector, type SentimentSignals } from './features';
import { scoreByGroup, stratifiedFolds, type GroupedScores } from './evaluation';
import { logits, DEFAULT_TRAIN, trainLinear, type LinearWeights, type TrainOptions } from './linear';
import { MODEL_LABELS } from './labels';
import type { SentimentModel } from './model';

export interface LabelledSignals {
  readonly signals: SentimentSignals;
  readonly sentiment: SentimentLabel;
  /**
   * The intents a person gave the post ("complaint", "churn", ...), when they labelled intents
   * at all: an intent absent from the list means the post is not that. Undefined: not labelled.
   */
  readonly intents?: readonly string[];
}

export interface CrossValidationOptions {
  readonly folds: number;
  /** What to score separately, one key per example; by default the signals' language. */
  readonly groups?: readonly string[];
  readonly seed: number;
  readonly features: FeatureOptions;
  readonly train: TrainOptions;
}

export const DEFAULT_CV: CrossValidationOptions = { folds: 5, seed: 42, features: DEFAULT_FEATURES, train: DEFAULT_TRAIN };

function prepare(examples: readonly LabelledSignals[], features: FeatureOptions): { xs: FeatureVector[]; ys: number[] } {
  return {
    xs: examples.map((e) => extractFeatures(e.signals, features)),
    ys: examples.map((e) => MODEL_LABELS.indexOf(e.sentiment)),
  };
}

/** IDF from `fit` only (never from held-out posts), then every example re-weighted by it. */
function withIdf(examples: readonly LabelledSignals[], raw: readonly FeatureVector[], fit: readonly number[], features: FeatureOptions) {
  if (!features.idf) return { xs: raw, idf: undefined };
  const idf = learnIdf(
    fit.map((i) => raw[i]),
    features.bits,
    features.minDf,
  );
  return { xs: examples.map((e) => extractFeatures(e.signals, features, false, idf)), idf };
}

function argmax(z: Float64Array): number {
  let best = 0;
  for (let c = 1; c < z.length; c++) if (z[c] > z[best]) best = c;
  return best;
}

/**
 * Stratified k-fold cross-validation: each example is predicted by a model that never saw
 * it. Scores overall and per language (the signals' language, detected or given).
 */
export function crossValidateSentiment(examples: readonly LabelledSignals[], options: Partial<CrossValidationOptions> = {}): GroupedScores {
  const opts = { ...DEFAULT_CV, ...options };
  if (opts.groups !== undefined && opts.groups.length !== examples.length) throw new RangeError('cross-validation: "groups" must have one key per example');
  const { xs, ys } = prepare(examples, opts.features);
  const fold = stratifiedFolds(ys, opts.folds, opts.seed);
  const predicted = new Array<number>(ys.length).fill(0);
  const dimension = featureDimension(opts.features);
  for (let k = 0; k < opts.folds; k++) {
    const trainIdx = ys.flatMap((_, i) => (fold[i] !== k ? [i] : []));
    const { xs: fx } = withIdf(examples, xs, trainIdx, opts.features);
    const linear = trainLinear(
      trainIdx.map((i) => fx[i]),
      trainIdx.map((i) => ys[i]),
      MODEL_LABELS.length,
      dimension,
      { ...opts.train, nbFeatures: 1 << opts.features.bits },
    );
    const z = new Float64Array(MODEL_LABELS.length);
    for (let i = 0; i < ys.length; i++) if (fold[i] === k) predicted[i] = argmax(logits(linear, fx[i], z));
  }
  return scoreByGroup(
    ys,
    predicted,
    opts.groups ?? examples.map((e) => e.signals.lang),
    MODEL_LABELS,
  );
}

export interface TrainSentimentOptions {
  readonly version: number;
  readonly features?: FeatureOptions;
  readonly train?: TrainOptions;
  /** Cross-validation already run on the same examples, to keep with the model. */
  readonly crossValidation?: { readonly folds: number; readonly seed: number; readonly scores: GroupedScores };
  readonly now?: Date;
}

/** Fits the final model on every example. */
export function trainSentimentModel(examples: readonly LabelledSignals[], options: TrainSentimentOptions): SentimentModel {
  if (examples.length === 0) throw new RangeError('sentiment model: no labelled examples to train on');
  const features = options.features ?? DEFAULT_FEATURES;
  const prepared = prepare(examples, features);
  const ys = prepared.ys;
  const { xs, idf } = withIdf(
    examples,
    prepared.xs,
    ys.map((_, i) => i),
    features,
  );
  const train = { ...(options.train ?? DEFAULT_TRAIN), nbFeatures: 1 << features.bits };
  const linear = trainLinear(xs, ys, MODEL_LABELS.length, featureDimension(features), train);
  const intents = trainIntents(examples, xs, featureDimension(features), train);
  const languages: Record<string, number> = {};
  for (const e of examples) languages[e.signals.lang] = (languages[e.signals.lang] ?? 0) + 1;
  return {
    info: {
      version: options.version,
      createdAt: (options.now ?? new Date()).toISOString(),
      trainingSize: examples.length,
      labels: [...MODEL_LABELS],
      languages,
      ...(options.crossValidation ? { crossValidation: options.crossValidation } : {}),
    },
    features,
    linear,
    ...(idf ? { idf } : {}),
    ...(Object.keys(intents).length > 0 ? { intents } : {}),
  };
}

/** Posts labelled for intents, and how many carry each intent. */
export function intentCounts(examples: readonly LabelledSignals[]): { labelled: number; byIntent: Record<string, number> } {
  const byIntent: Record<string, number> = {};
  let labelled = 0;
  for (const e of examples) {
    if (e.intents === undefined) continue;
    labelled++;
    for (const intent of new Set(e.intents)) byIntent[intent] = (byIntent[intent] ?? 0) + 1;
  }
  return { labelled, byIntent };
}

/**
 * One yes/no classifier per intent the labels show both ways (some posts with it, some
 * without), on the same features as sentiment: a deployment teaches what a complaint is in
 * its own trade. Posts not labelled for intents take no part.
 */
function trainIntents(examples: readonly LabelledSignals[], xs: readonly FeatureVector[], dimension: number, train: TrainOptions): Record<string, LinearWeights> {
  const { labelled, byIntent } = intentCounts(examples);
  const out: Record<string, LinearWeights> = {};
  for (const [intent, positives] of Object.entries(byIntent)) {
    if (positives === labelled) continue;
    const idx = examples.flatMap((e, i) => (e.intents !== undefined ? [i] : []));
    out[intent] = trainLinear(
      idx.map((i) => xs[i]),
      idx.map((i) => (examples[i].intents!.includes(intent) ? 1 : 0)),
      2,
      dimension,
      train,
    );
  }
  return out;
}
