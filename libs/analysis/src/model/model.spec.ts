import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../analyzer';
import { stratifiedFolds, score } from './evaluation';
import { MODEL_LABELS, normaliseSentimentLabel } from './labels';
import { seededRandom } from '@escucha/core';
import { explainSentiment, parseSentimentModel, predictSentiment, serializeSentimentModel } from './model';
import { crossValidateSentiment, trainSentimentModel, type LabelledSignals } from './trainer';
import { DEFAULT_FEATURES, extractFeatures, hashString } from './features';
import type { SentimentLabel } from '@escucha/core';

/**
 * A synthetic, separable language: made-up words (unknown to the lexicon, so only the model
 * can learn them) carry the label; filler words carry nothing.
 */
const POSITIVE = ['florp', 'zindle', 'quabby', 'mervish'];
const NEGATIVE = ['grusk', 'blenth', 'skorv', 'vadrel'];
const FILLER = ['the', 'plan', 'today', 'app', 'store', 'line', 'phone', 'week'];

function synthetic(seed: number, count: number): { text: string; sentiment: SentimentLabel }[] {
  const random = seededRandom(seed);
  const next = (n: number): number => Math.floor(random() * n);
  const out: { text: string; sentiment: SentimentLabel }[] = [];
  for (let i = 0; i < count; i++) {
    const label = MODEL_LABELS[i % 3];
    const words = [FILLER[next(FILLER.length)], FILLER[next(FILLER.length)]];
    if (label === 'positive') words.push(POSITIVE[next(POSITIVE.length)]);
    if (label === 'negative') words.push(NEGATIVE[next(NEGATIVE.length)]);
    words.push(FILLER[next(FILLER.length)]);
    out.push({ text: words.join(' '), sentiment: label });
  }
  return out;
}

const analyzer = createAnalyzer({ languages: ['en'] });
const labelled = (rows: { text: string; sentiment: SentimentLabel }[]): LabelledSignals[] =>
  rows.map((r) => ({ signals: analyzer.sentimentSignals({ text: r.text, lang: 'en' }), sentiment: r.sentiment }));

describe('sentiment model', () => {
  const train = labelled(synthetic(1, 240));
  const model = trainSentimentModel(train, { version: 1, now: new Date('2026-01-01T00:00:00Z') });

  it('learns a separable set and generalises to unseen combinations', () => {
    // Pairs of cue and filler the training set never put together, in a new order.
    const unseen: [string, SentimentLabel][] = [
      ['week florp line', 'positive'],
      ['mervish phone phone store', 'positive'],
      ['store grusk today plan', 'negative'],
      ['vadrel app', 'negative'],
      ['the line week app', 'neutral'],
      ['plan store phone', 'neutral'],
    ];
    for (const [text, label] of unseen) {
      expect(predictSentiment(model, analyzer.sentimentSignals({ text, lang: 'en' })).sentiment.label, text).toBe(label);
    }
  });

  it('keeps its score in [-1, 1] with the sign of its label', () => {
    const pos = predictSentiment(model, analyzer.sentimentSignals({ text: 'zindle plan', lang: 'en' }));
    const neg = predictSentiment(model, analyzer.sentimentSignals({ text: 'skorv plan', lang: 'en' }));
    expect(pos.sentiment.score).toBeGreaterThan(0);
    expect(neg.sentiment.score).toBeLessThan(0);
    expect(Math.abs(pos.sentiment.score)).toBeLessThanOrEqual(1);
  });

  it('round-trips through JSON with identical predictions', () => {
    const json = JSON.parse(JSON.stringify(serializeSentimentModel(model))) as unknown;
    const loaded = parseSentimentModel(json);
    expect(loaded.info).toEqual(model.info);
    for (const row of synthetic(99, 60)) {
      const signals = analyzer.sentimentSignals({ text: row.text, lang: 'en' });
      expect(predictSentiment(loaded, signals)).toEqual(predictSentiment(model, signals));
    }
  });

  it('refuses files that are not models, naming what is wrong', () => {
    expect(() => parseSentimentModel({ hello: 1 })).toThrow(/not an escucha-sentiment-model/);
    const json = serializeSentimentModel(model);
    expect(() => parseSentimentModel({ ...json, formatVersion: 99 })).toThrow(/format version 99/);
    expect(() => parseSentimentModel({ ...json, weights: 'AAAAAA==' })).toThrow(/does not match/);
  });

  it('explains with the features that pushed toward its label', () => {
    const why = explainSentiment(model, analyzer.sentimentSignals({ text: 'the grusk plan', lang: 'en' }));
    expect(why.sentiment.label).toBe('negative');
    expect(why.contributions[0].weight).toBeGreaterThan(0);
    expect(why.contributions.map((c) => c.feature).join(' ')).toMatch(/grusk/);
  });

  it('is what the analyzer uses for sentiment when given, while topics stay rule-based', () => {
    const plain = createAnalyzer();
    const withModel = createAnalyzer({ sentimentModel: model });
    const input = { text: 'sin señal desde ayer, florp', lang: 'es' };
    expect(withModel.analyze(input).topics).toEqual(plain.analyze(input).topics);
    expect(withModel.analyze(input).sentiment).toEqual(predictSentiment(model, withModel.sentimentSignals(input)).sentiment);
    const explained = withModel.explain(input);
    expect(explained.model?.version).toBe(1);
    expect(explained.enrichment).toEqual(withModel.analyze(input));
    expect(withModel.describe().sentimentModel).toMatchObject({ version: 1, trainingSize: 240 });
    expect(plain.explain(input).model).toBeUndefined();
  });

  it('cross-validates well on a separable set and reports per language', () => {
    const scores = crossValidateSentiment(train, { folds: 5, seed: 3 });
    expect(scores.overall.macroF1).toBeGreaterThan(0.95);
    expect(Object.keys(scores.byGroup)).toEqual(['en']);
  });
});

describe('stratifiedFolds', () => {
  const labels = Array.from({ length: 103 }, (_, i) => (i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2));

  it('puts every example in exactly one fold, each fold with about the same class mix', () => {
    const fold = stratifiedFolds(labels, 5, 42);
    expect(fold).toHaveLength(labels.length);
    const members = [0, 1, 2, 3, 4].map((k) => fold.flatMap((f, i) => (f === k ? [i] : [])));
    // Disjoint and covering: the folds partition the indices.
    expect(members.flat().sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    for (const c of [0, 1, 2]) {
      const total = labels.filter((y) => y === c).length;
      for (const m of members) {
        const n = m.filter((i) => labels[i] === c).length;
        expect(Math.abs(n - total / 5)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('is reproducible for a seed and differs across seeds', () => {
    expect(stratifiedFolds(labels, 5, 42)).toEqual(stratifiedFolds(labels, 5, 42));
    expect(stratifiedFolds(labels, 5, 42)).not.toEqual(stratifiedFolds(labels, 5, 43));
  });

  it('refuses fewer than two folds', () => {
    expect(() => stratifiedFolds(labels, 1, 1)).toThrow(RangeError);
  });
});

describe('score', () => {
  it('averages F1 over every class', () => {
    const s = score([0, 0, 1, 2], [0, 1, 1, 2], MODEL_LABELS);
    expect(s.perClass.negative).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(s.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 1) / 3, 3);
    expect(s.accuracy).toBe(0.75);
  });
});

describe('normaliseSentimentLabel', () => {
  it('reads the usual spellings', () => {
    expect(['N', 'neg', 'Negative', ' negative '].map(normaliseSentimentLabel)).toEqual(Array(4).fill('negative'));
    expect(['NEU', 'neu', 'neutral'].map(normaliseSentimentLabel)).toEqual(Array(3).fill('neutral'));
    expect(['P', 'pos', 'POSITIVE', 1].map(normaliseSentimentLabel)).toEqual(Array(4).fill('positive'));
    expect(normaliseSentimentLabel('maybe')).toBeUndefined();
    expect(normaliseSentimentLabel(undefined)).toBeUndefined();
  });
});

describe('extractFeatures', () => {
  it('hashes character n-grams exactly as hashString of their names', () => {
    const signals = createAnalyzer().sentimentSignals({ text: 'Malísimo el servicio', lang: 'es' });
    const x = extractFeatures(signals, DEFAULT_FEATURES, true);
    const mask = (1 << DEFAULT_FEATURES.bits) - 1;
    const names = x.names ?? [];
    const grams = names.filter((n) => n.startsWith('c:'));
    expect(grams).toContain('c: mal');
    for (const name of names.filter((n) => !n.startsWith('lex:') && n !== 'bias')) {
      expect(x.indices[names.indexOf(name)]).toBe(hashString(name) & mask);
    }
  });
});

describe('intents taught to the model', () => {
  // A trade whose complaints the rules cannot know: "wobblecrank" means the part came broken.
  const rows = synthetic(7, 240).map((r, i) => ({
    ...r,
    text: i % 4 === 0 ? `${r.text} wobblecrank` : r.text,
    intents: i % 4 === 0 ? ['complaint'] : [],
  }));
  const examples: LabelledSignals[] = rows.map((r) => ({ ...labelled([r])[0], intents: r.intents }));
  const model = trainSentimentModel(examples, { version: 2, now: new Date('2026-01-01T00:00:00Z') });

  it('learns a classifier for an intent the labels show both ways, and it survives the JSON form', () => {
    expect(Object.keys(model.intents ?? {})).toEqual(['complaint']);
    const loaded = parseSentimentModel(JSON.parse(JSON.stringify(serializeSentimentModel(model))));
    for (const m of [model, loaded]) {
      const taught = createAnalyzer({ languages: ['en'], sentimentModel: m });
      expect(taught.analyze({ text: 'store wobblecrank today', lang: 'en' }).intents).toContain('complaint');
      expect(taught.analyze({ text: 'store plan today', lang: 'en' }).intents).not.toContain('complaint');
    }
  });

  it('decides only the intents it was taught; the rules keep the others', () => {
    const taught = createAnalyzer({ languages: ['en'], sentimentModel: model });
    expect(taught.analyze({ text: 'how much is the unlimited plan?', lang: 'en' }).intents).toEqual(expect.arrayContaining(['question', 'purchase']));
  });

  it('posts not labelled for intents take no part, and a model without intent labels has no classifiers', () => {
    expect(trainSentimentModel(labelled(synthetic(3, 60)), { version: 3 }).intents).toBeUndefined();
  });
});
