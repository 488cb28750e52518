import type { SentimentLabel } from '@escucha/core';

/** The model's classes, in the order of its weight columns. */
export const MODEL_LABELS: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];

const ALIASES: Readonly<Record<string, SentimentLabel>> = {
  negative: 'negative',
  neg: 'negative',
  n: 'negative',
  '-1': 'negative',
  neutral: 'neutral',
  neu: 'neutral',
  none: 'neutral',
  '0': 'neutral',
  positive: 'positive',
  pos: 'positive',
  p: 'positive',
  '1': 'positive',
};

/**
 * Reads the label spellings found in labelled exports (negative/neutral/positive,
 * TASS's N/NEU/P, neg/neu/pos, -1/0/1), case-insensitively. Undefined when unknown.
 */
export function normaliseSentimentLabel(value: unknown): SentimentLabel | undefined {
  if (typeof value === 'number') return ALIASES[String(Math.sign(value))];
  if (typeof value !== 'string') return undefined;
  return ALIASES[value.trim().toLowerCase()];
}
