import type { SentimentLabel } from '@escucha/core';
import { DEFAULT_FEATURES, extractFeatures, featureDimension, learnIdf, type FeatureOptions, type FeatureVector, type SentimentSignals } from './features';
import { scoreByGroup, stratifiedFolds, type GroupedScores } from './evaluation';
import { logits, DEFAULT_TRAIN, trainLinear, type TrainOptions } from './linear';
import { MODEL_LABELS } from './labels';
import type { SentimentModel } from './model';

export interface LabelledSignals {
  readonly signals: SentimentSignals;
  readonly sentiment: SentimentLabel;
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
  const linear = trainLinear(xs, ys, MODEL_LABELS.length, featureDimension(features), { ...(options.train ?? DEFAULT_TRAIN), nbFeatures: 1 << features.bits });
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
  };
}
