/**
 * English sentiment beside VADER (the `vader-sentiment` package, the same baseline the
 * analysis bench uses): the airline tweets and a hand-written set of general tweets, each
 * scored by both on the same texts in the same run.
 */
import type { SentimentLabel } from '@escucha/core';
import { createAnalyzer, MODEL_LABELS, score, type Scores } from '@escucha/analysis';

export interface EnglishExample {
  readonly text: string;
  readonly sentiment: SentimentLabel;
  readonly group: string;
}

export interface SideBySide {
  readonly ours: Scores;
  readonly vader: Scores;
  /** Posts where exactly one of the two is right, by who. */
  readonly onlyOurs: number;
  readonly onlyVader: number;
}

interface Vader {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
}

/** VADER's own recommended cut: compound ≥ 0.05 positive, ≤ −0.05 negative. */
export function vaderLabel(compound: number): SentimentLabel {
  return compound >= 0.05 ? 'positive' : compound <= -0.05 ? 'negative' : 'neutral';
}

export function compareWithVader(examples: readonly EnglishExample[]): SideBySide {
  // A dev dependency without types, used only as a baseline.
  const vader = (require('vader-sentiment') as Vader).SentimentIntensityAnalyzer;
  const analyzer = createAnalyzer();
  const gold = examples.map((e) => MODEL_LABELS.indexOf(e.sentiment));
  const ours = examples.map((e) => MODEL_LABELS.indexOf(analyzer.analyze({ text: e.text, lang: 'en' }).sentiment.label));
  const theirs = examples.map((e) => MODEL_LABELS.indexOf(vaderLabel(vader.polarity_scores(e.text).compound)));
  let onlyOurs = 0;
  let onlyVader = 0;
  for (let i = 0; i < gold.length; i++) {
    if (ours[i] === gold[i] && theirs[i] !== gold[i]) onlyOurs++;
    if (theirs[i] === gold[i] && ours[i] !== gold[i]) onlyVader++;
  }
  return { ours: score(gold, ours, MODEL_LABELS), vader: score(gold, theirs, MODEL_LABELS), onlyOurs, onlyVader };
}
