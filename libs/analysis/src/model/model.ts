import type { Sentiment, SentimentLabel } from '@escucha/core';
import { ValidationError } from '@escucha/core';
import { DEFAULT_FEATURES, extractFeatures, featureDimension, LEXICON_FEATURES, type FeatureOptions, type SentimentSignals } from './features';
import type { GroupedScores } from './evaluation';
import { logits, softmax, type LinearWeights } from './linear';
import { MODEL_LABELS } from './labels';

export const MODEL_FORMAT = 'escucha-sentiment-model';
export const MODEL_FORMAT_VERSION = 1;

/** Facts about how a model was made, kept with it so a deployment can tell what it runs. */
export interface SentimentModelInfo {
  /** Increments per deployment: sentiment-<version>.json. */
  readonly version: number;
  readonly createdAt: string;
  readonly trainingSize: number;
  readonly labels: readonly SentimentLabel[];
  /** Examples per language in the training set. */
  readonly languages: Readonly<Record<string, number>>;
  /** Cross-validated scores measured before the final fit, when they were run. */
  readonly crossValidation?: { readonly folds: number; readonly seed: number; readonly scores: GroupedScores };
}

export interface SentimentModel {
  readonly info: SentimentModelInfo;
  readonly features: FeatureOptions;
  readonly linear: LinearWeights;
  /** Per hashed feature, when the features use IDF; 0 for features never seen in training. */
  readonly idf?: Float32Array;
  /**
   * Yes/no classifiers (class 1 = the post has the intent) for intents the deployment labelled,
   * on the same features; where one exists it decides that intent instead of the rules.
   */
  readonly intents?: Readonly<Record<string, LinearWeights>>;
}

export interface ModelContribution {
  readonly feature: string;
  readonly weight: number;
}

export interface ModelPrediction {
  readonly sentiment: Sentiment;
  readonly probabilities: Readonly<Record<SentimentLabel, number>>;
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Label = most probable class; score = P(positive) − P(negative), so it keeps the [-1, 1] meaning. */
/** The intents the model's classifiers decide, each with whether the post has it. */
export function predictIntents(model: SentimentModel, signals: SentimentSignals): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (model.intents === undefined) return out;
  const x = extractFeatures(signals, model.features, false, model.idf);
  const z = new Float64Array(2);
  for (const [intent, linear] of Object.entries(model.intents)) {
    logits(linear, x, z);
    out.set(intent, z[1] > z[0]);
  }
  return out;
}

export function predictSentiment(model: SentimentModel, signals: SentimentSignals): ModelPrediction {
  const p = softmax(logits(model.linear, extractFeatures(signals, model.features, false, model.idf)));
  return toPrediction(model, p);
}

function toPrediction(model: SentimentModel, p: Float64Array): ModelPrediction {
  const labels = model.info.labels;
  let best = 0;
  for (let c = 1; c < p.length; c++) if (p[c] > p[best]) best = c;
  const probabilities = { negative: 0, neutral: 0, positive: 0 };
  labels.forEach((l, c) => (probabilities[l] = r4(p[c])));
  return { sentiment: { label: labels[best], score: r4(probabilities.positive - probabilities.negative) }, probabilities };
}

/**
 * The prediction plus the features that pushed hardest toward the chosen label, relative
 * to the other labels' average: what a person needs to see why the model decided.
 */
export function explainSentiment(model: SentimentModel, signals: SentimentSignals, top = 8): ModelPrediction & { contributions: ModelContribution[] } {
  const x = extractFeatures(signals, model.features, true, model.idf);
  const prediction = toPrediction(model, softmax(logits(model.linear, x)));
  const C = model.linear.classes;
  const chosen = model.info.labels.indexOf(prediction.sentiment.label);
  const w = model.linear.weights;
  const byName = new Map<string, number>();
  for (let j = 0; j < x.indices.length; j++) {
    const base = x.indices[j] * C;
    let others = 0;
    for (let c = 0; c < C; c++) if (c !== chosen) others += w[base + c];
    const contribution = x.values[j] * (w[base + chosen] - others / (C - 1));
    const name = x.names?.[j] ?? String(x.indices[j]);
    if (name === 'bias') continue;
    byName.set(name, (byName.get(name) ?? 0) + contribution);
  }
  const contributions = [...byName]
    .map(([feature, weight]) => ({ feature, weight: Math.round(weight * 1000) / 1000 }))
    .filter((c) => c.weight !== 0)
    .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight))
    .slice(0, top);
  return { ...prediction, contributions };
}

// ---------------------------------------------------------------------------------------
// JSON form. Only features some class uses are stored (most of the hashed space is never
// touched by a few thousand posts), as base64 of little-endian typed arrays.

export interface SentimentModelJson {
  readonly format: typeof MODEL_FORMAT;
  readonly formatVersion: number;
  readonly info: SentimentModelInfo;
  readonly features: FeatureOptions;
  readonly classes: number;
  /** base64 Uint32Array of feature indices in ascending order. */
  readonly indices: string;
  /** base64 Float32Array, `classes` weights per stored index. */
  readonly weights: string;
  /** base64 Float32Array, the IDF of each stored index (0 for the dense lexicon slots). */
  readonly idf?: string;
  /** Intent classifiers: per intent, base64 indices and 2 weights per index, like the sentiment weights. */
  readonly intents?: Readonly<Record<string, { readonly indices: string; readonly weights: string }>>;
}

function toBase64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

function fromBase64(text: string, bytesPer: number, what: string): ArrayBuffer {
  const buf = Buffer.from(text, 'base64');
  if (buf.byteLength % bytesPer !== 0) throw new ValidationError(`sentiment model: "${what}" is not a whole number of ${bytesPer}-byte values`);
  // Copy into an aligned buffer of its own: a Buffer may sit at any offset of a shared pool.
  const out = new ArrayBuffer(buf.byteLength);
  new Uint8Array(out).set(buf);
  return out;
}

export function serializeSentimentModel(model: SentimentModel): SentimentModelJson {
  const { classes: C, weights: w, dimension } = model.linear;
  const kept: number[] = [];
  const seen = model.idf;
  for (let f = 0; f < dimension; f++) {
    // An IDF'd feature must survive even with zero weights: it still counts in its group's norm.
    if (seen !== undefined && f < seen.length && seen[f] > 0) {
      kept.push(f);
      continue;
    }
    for (let c = 0; c < C; c++) {
      if (w[f * C + c] !== 0) {
        kept.push(f);
        break;
      }
    }
  }
  const indices = Uint32Array.from(kept);
  const weights = new Float32Array(kept.length * C);
  kept.forEach((f, k) => weights.set(w.subarray(f * C, f * C + C), k * C));
  const idf = model.idf;
  return {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    info: model.info,
    features: model.features,
    classes: C,
    indices: toBase64(indices),
    weights: toBase64(weights),
    ...(idf ? { idf: toBase64(Float32Array.from(kept, (f) => (f < idf.length ? idf[f] : 0))) } : {}),
    ...(model.intents ? { intents: Object.fromEntries(Object.entries(model.intents).map(([intent, linear]) => [intent, compact(linear)])) } : {}),
  };
}

function compact(linear: LinearWeights): { indices: string; weights: string } {
  const { classes: C, weights: w, dimension } = linear;
  const kept: number[] = [];
  for (let f = 0; f < dimension; f++) {
    for (let c = 0; c < C; c++) {
      if (w[f * C + c] !== 0) {
        kept.push(f);
        break;
      }
    }
  }
  const weights = new Float32Array(kept.length * C);
  kept.forEach((f, k) => weights.set(w.subarray(f * C, f * C + C), k * C));
  return { indices: toBase64(Uint32Array.from(kept)), weights: toBase64(weights) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Validates and loads a model's JSON form; a file from another tool or a newer format is refused by name. */
export function parseSentimentModel(json: unknown): SentimentModel {
  const fail = (why: string): never => {
    throw new ValidationError(`sentiment model: ${why}`);
  };
  if (!isRecord(json) || json.format !== MODEL_FORMAT) return fail(`not an ${MODEL_FORMAT} file`);
  if (json.formatVersion !== MODEL_FORMAT_VERSION) return fail(`format version ${String(json.formatVersion)} is not supported (expected ${MODEL_FORMAT_VERSION})`);
  const info = json.info;
  const features = json.features;
  if (!isRecord(info) || typeof info.version !== 'number' || !Array.isArray(info.labels)) return fail('"info" must hold version and labels');
  if (info.labels.join() !== MODEL_LABELS.join()) return fail(`labels must be ${MODEL_LABELS.join(', ')}`);
  if (!isRecord(features)) return fail('"features" is missing');
  const opts: FeatureOptions = { ...DEFAULT_FEATURES, ...(features as Partial<FeatureOptions>) };
  if (!Number.isInteger(opts.bits) || opts.bits < 8 || opts.bits > 24) return fail('"features.bits" must be an integer in 8..24');
  const C = json.classes;
  if (C !== MODEL_LABELS.length) return fail(`"classes" must be ${MODEL_LABELS.length}`);
  if (typeof json.indices !== 'string' || typeof json.weights !== 'string') return fail('"indices" and "weights" must be base64 strings');
  const indices = new Uint32Array(fromBase64(json.indices, 4, 'indices'));
  const stored = new Float32Array(fromBase64(json.weights, 4, 'weights'));
  if (stored.length !== indices.length * C) return fail('"weights" does not match "indices"');
  const dimension = featureDimension(opts);
  const weights = new Float32Array(dimension * C);
  for (let k = 0; k < indices.length; k++) {
    if (indices[k] >= dimension) return fail(`feature index ${indices[k]} is outside the feature space`);
    weights.set(stored.subarray(k * C, k * C + C), indices[k] * C);
  }
  let idf: Float32Array | undefined;
  if (opts.idf) {
    if (typeof json.idf !== 'string') return fail('"idf" is missing though "features.idf" is on');
    const storedIdf = new Float32Array(fromBase64(json.idf, 4, 'idf'));
    if (storedIdf.length !== indices.length) return fail('"idf" does not match "indices"');
    idf = new Float32Array(1 << opts.bits);
    for (let k = 0; k < indices.length; k++) if (indices[k] < idf.length) idf[indices[k]] = storedIdf[k];
  }
  const linear = { dimension, classes: C, weights };
  let intents: Record<string, LinearWeights> | undefined;
  if (json.intents !== undefined) {
    if (!isRecord(json.intents)) return fail('"intents" must be an object');
    intents = {};
    for (const [intent, stored] of Object.entries(json.intents)) {
      if (!isRecord(stored) || typeof stored.indices !== 'string' || typeof stored.weights !== 'string') return fail(`"intents.${intent}" must hold base64 "indices" and "weights"`);
      const at = new Uint32Array(fromBase64(stored.indices, 4, `intents.${intent}.indices`));
      const values = new Float32Array(fromBase64(stored.weights, 4, `intents.${intent}.weights`));
      if (values.length !== at.length * 2) return fail(`"intents.${intent}.weights" does not match its indices`);
      const full = new Float32Array(dimension * 2);
      for (let k = 0; k < at.length; k++) {
        if (at[k] >= dimension) return fail(`intent feature index ${at[k]} is outside the feature space`);
        full.set(values.subarray(k * 2, k * 2 + 2), at[k] * 2);
      }
      intents[intent] = { dimension, classes: 2, weights: full };
    }
  }
  return {
    info: info as unknown as SentimentModelInfo,
    features: opts,
    linear,
    ...(idf ? { idf } : {}),
    ...(intents ? { intents } : {}),
  };
}

export { LEXICON_FEATURES };
