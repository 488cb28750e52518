import { seededRandom } from '@escucha/core';
import type { FeatureVector } from './features';

/** How the classifier is fitted. Defaults picked by 5-fold cross-validation on tweets. */
export interface TrainOptions {
  /**
   * L2 strength for the whole training set: each step applies l2 / n, so the prior fades
   * as labelled data grows (as liblinear's C does). 3 is about 8e-4 per example on the
   * 3,800 posts of one TASS training fold.
   */
  readonly l2: number;
  readonly epochs: number;
  /** Initial step; it decays as 1 / (1 + lr·λ·t), the usual schedule for L2-regularised SGD. */
  readonly learningRate: number;
  /** Weigh classes by the inverse of their frequency, which is what macro-F1 rewards. */
  readonly balanced: boolean;
  /** Shuffling seed, so a run is reproducible. */
  readonly seed: number;
  /**
   * Average the weights at the end of each epoch of the second half (Polyak averaging):
   * SGD's last iterate jitters around the optimum; the average sits much closer to it.
   */
  readonly average: boolean;
  /**
   * Independent SGD runs (different shuffles) whose weights are averaged. On a few thousand
   * posts one run's result still depends on the order it saw them; averaging runs removes
   * most of that noise. Costs one training per run.
   */
  readonly runs: number;
  /**
   * Weight of a multinomial naive Bayes fitted on the same hashed features, added to the
   * logistic regression's weights. NB's log-probabilities are linear in the features too,
   * so the blend stays one linear model. 0 turns it off.
   */
  readonly nbBlend: number;
  /** Number of leading feature slots NB may read (counts must be non-negative: the hashed space). */
  readonly nbFeatures?: number;
}

export const DEFAULT_TRAIN: TrainOptions = { l2: 3, epochs: 10, learningRate: 0.5, balanced: true, seed: 7, average: true, runs: 1, nbBlend: 0.2 };

/** Multinomial logistic regression weights, row-major: weights[feature * classes + class]. */
export interface LinearWeights {
  readonly dimension: number;
  readonly classes: number;
  readonly weights: Float32Array;
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Raw class scores (logits) of one example. */
export function logits(model: LinearWeights, x: FeatureVector, out: Float64Array = new Float64Array(model.classes)): Float64Array {
  const C = model.classes;
  const w = model.weights;
  out.fill(0);
  for (let j = 0; j < x.indices.length; j++) {
    const base = x.indices[j] * C;
    const v = x.values[j];
    for (let c = 0; c < C; c++) out[c] += w[base + c] * v;
  }
  return out;
}

export function softmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    z[c] = Math.exp(z[c] - max);
    sum += z[c];
  }
  for (let c = 0; c < z.length; c++) z[c] /= sum;
  return z;
}

/**
 * Fits multinomial logistic regression by SGD with L2 decay. The decay is kept as one
 * scalar that multiplies every weight (Bottou's trick), so a step costs only the features
 * of the example, not the whole 2^18-wide table.
 */
/**
 * Fits multinomial logistic regression by SGD with L2 decay. The decay is kept as one
 * scalar that multiplies every weight (Bottou's trick), so a step costs only the features
 * of the example, not the whole 2^18-wide table.
 */
/** Per-feature NB scale: the largest |log ratio| of a class's feature mass against the rest's, normalised to mean 1. */
export function nbScales(xs: readonly FeatureVector[], ys: readonly number[], classes: number, dimension: number, mix: number): Float32Array {
  const C = classes;
  const mass = new Float64Array(dimension * C);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    for (let j = 0; j < x.indices.length; j++) mass[x.indices[j] * C + ys[i]] += Math.abs(x.values[j]);
  }
  const alpha = 0.1;
  const totals = new Float64Array(C);
  for (let f = 0; f < dimension; f++) for (let c = 0; c < C; c++) totals[c] += mass[f * C + c] + alpha;
  const all = totals.reduce((a, b) => a + b, 0);
  const ratio = new Float32Array(dimension);
  let sum = 0;
  let seen = 0;
  for (let f = 0; f < dimension; f++) {
    let row = 0;
    for (let c = 0; c < C; c++) row += mass[f * C + c];
    if (row === 0) continue;
    let best = 0;
    for (let c = 0; c < C; c++) {
      const p = (mass[f * C + c] + alpha) / totals[c];
      const q = (row - mass[f * C + c] + alpha * (C - 1)) / (all - totals[c]);
      best = Math.max(best, Math.abs(Math.log(p / q)));
    }
    ratio[f] = best;
    sum += best;
    seen++;
  }
  const mean = seen > 0 ? sum / seen : 1;
  const scales = new Float32Array(dimension).fill(1);
  for (let f = 0; f < dimension; f++) if (ratio[f] > 0) scales[f] = mix * (ratio[f] / mean) + (1 - mix);
  return scales;
}

export function trainLinear(
  xs: readonly FeatureVector[],
  ys: readonly number[],
  classes: number,
  dimension: number,
  opts: TrainOptions = DEFAULT_TRAIN,
): LinearWeights {
  const runs = Math.max(1, Math.floor(opts.runs));
  const sum = new Float64Array(dimension * classes);
  for (let r = 0; r < runs; r++) sgd(xs, ys, classes, sum, { ...opts, seed: opts.seed + r * 7919 });
  if (opts.nbBlend > 0) addNaiveBayes(xs, ys, classes, opts.nbFeatures ?? dimension, sum, opts.nbBlend * runs);
  const weights = new Float32Array(sum.length);
  for (let k = 0; k < sum.length; k++) weights[k] = sum[k] / runs;
  return { dimension, classes, weights };
}

/**
 * Adds `weight` × the centred log-probabilities of a multinomial naive Bayes (Laplace
 * smoothing, uniform prior: macro-F1 wants no class favoured) over the first `slots` features.
 */
function addNaiveBayes(xs: readonly FeatureVector[], ys: readonly number[], C: number, slots: number, into: Float64Array, weight: number): void {
  const mass = new Float64Array(slots * C);
  const totals = new Float64Array(C);
  const seen = new Uint8Array(slots);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    for (let j = 0; j < x.indices.length; j++) {
      const f = x.indices[j];
      if (f >= slots || x.values[j] <= 0) continue;
      mass[f * C + ys[i]] += x.values[j];
      totals[ys[i]] += x.values[j];
      seen[f] = 1;
    }
  }
  let features = 0;
  for (let f = 0; f < slots; f++) features += seen[f];
  const alpha = 0.1;
  const logp = new Float64Array(C);
  for (let f = 0; f < slots; f++) {
    if (seen[f] === 0) continue;
    let mean = 0;
    for (let c = 0; c < C; c++) {
      logp[c] = Math.log((mass[f * C + c] + alpha) / (totals[c] + alpha * features));
      mean += logp[c] / C;
    }
    for (let c = 0; c < C; c++) into[f * C + c] += weight * (logp[c] - mean);
  }
}

/** One SGD run; adds its (epoch-averaged) weights into `into`. */
function sgd(xs: readonly FeatureVector[], ys: readonly number[], C: number, into: Float64Array, opts: TrainOptions): void {
  const w = new Float64Array(into.length);
  const counts = new Array<number>(C).fill(0);
  for (const y of ys) counts[y]++;
  const present = counts.filter((n) => n > 0).length;
  const classWeight = counts.map((n) => (opts.balanced && n > 0 ? xs.length / (present * n) : 1));

  const l2 = opts.l2 / Math.max(1, xs.length);
  const order = xs.map((_, i) => i);
  const random = seededRandom(opts.seed);
  const z = new Float64Array(C);
  const g = new Float64Array(C);
  let scale = 1;
  let t = 0;
  const firstAveraged = opts.average ? Math.floor(opts.epochs / 2) : opts.epochs - 1;
  const sum = new Float64Array(w.length);
  let averaged = 0;
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const x = xs[i];
      const y = ys[i];
      const lr = opts.learningRate / (1 + opts.learningRate * l2 * t);
      t++;
      z.fill(0);
      for (let j = 0; j < x.indices.length; j++) {
        const base = x.indices[j] * C;
        const v = x.values[j];
        for (let c = 0; c < C; c++) z[c] += w[base + c] * v;
      }
      for (let c = 0; c < C; c++) z[c] *= scale;
      softmax(z);
      for (let c = 0; c < C; c++) g[c] = classWeight[y] * (z[c] - (c === y ? 1 : 0));
      scale *= 1 - lr * l2;
      // Fold the decay into the weights before the factor loses precision.
      if (scale < 1e-9) {
        for (let k = 0; k < w.length; k++) w[k] *= scale;
        scale = 1;
      }
      const step = lr / scale;
      for (let j = 0; j < x.indices.length; j++) {
        const base = x.indices[j] * C;
        const v = x.values[j] * step;
        for (let c = 0; c < C; c++) w[base + c] -= g[c] * v;
      }
    }
    if (epoch >= firstAveraged) {
      for (let k = 0; k < w.length; k++) sum[k] += w[k] * scale;
      averaged++;
    }
  }
  for (let k = 0; k < w.length; k++) into[k] += sum[k] / averaged;
}
