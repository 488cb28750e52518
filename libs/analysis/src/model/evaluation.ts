import { seededRandom } from '@escucha/core';
import { shuffle } from './linear';

/**
 * Assigns each example to one of `k` folds so every fold holds about the same share of
 * each class (stratified), reproducibly for a given seed. Returns the fold of each example.
 */
export function stratifiedFolds(labels: readonly number[], k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds: k must be an integer ≥ 2, got ${k}`);
  const byClass = new Map<number, number[]>();
  labels.forEach((y, i) => {
    const list = byClass.get(y) ?? [];
    list.push(i);
    byClass.set(y, list);
  });
  const fold = new Array<number>(labels.length).fill(0);
  const random = seededRandom(seed);
  // Deal each class round-robin, continuing where the previous class stopped so small
  // classes do not all land in fold 0.
  let next = 0;
  for (const y of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const i of shuffle(byClass.get(y) ?? [], random)) {
      fold[i] = next;
      next = (next + 1) % k;
    }
  }
  return fold;
}

export interface ClassScores {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** Examples of this class in the gold labels. */
  readonly support: number;
}

export interface Scores {
  readonly macroF1: number;
  readonly accuracy: number;
  readonly size: number;
  readonly perClass: Readonly<Record<string, ClassScores>>;
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Macro-F1 over `labels` (every class counts equally, present or not in this sample). */
export function score(gold: readonly number[], predicted: readonly number[], labels: readonly string[]): Scores {
  const C = labels.length;
  const tp = new Array<number>(C).fill(0);
  const fp = new Array<number>(C).fill(0);
  const fn = new Array<number>(C).fill(0);
  let correct = 0;
  for (let i = 0; i < gold.length; i++) {
    if (gold[i] === predicted[i]) {
      tp[gold[i]]++;
      correct++;
    } else {
      fp[predicted[i]]++;
      fn[gold[i]]++;
    }
  }
  const perClass: Record<string, ClassScores> = {};
  let sum = 0;
  for (let c = 0; c < C; c++) {
    const precision = tp[c] + fp[c] > 0 ? tp[c] / (tp[c] + fp[c]) : 0;
    const recall = tp[c] + fn[c] > 0 ? tp[c] / (tp[c] + fn[c]) : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    sum += f1;
    perClass[labels[c]] = { precision: round(precision), recall: round(recall), f1: round(f1), support: tp[c] + fn[c] };
  }
  return { macroF1: round(sum / C), accuracy: round(gold.length > 0 ? correct / gold.length : 0), size: gold.length, perClass };
}

/** Overall scores plus one set per group (language, dataset…). */
export interface GroupedScores {
  readonly overall: Scores;
  readonly byGroup: Readonly<Record<string, Scores>>;
}

export function scoreByGroup(
  gold: readonly number[],
  predicted: readonly number[],
  groups: readonly string[],
  labels: readonly string[],
): GroupedScores {
  const byGroup: Record<string, Scores> = {};
  for (const g of [...new Set(groups)].sort()) {
    const idx = groups.flatMap((x, i) => (x === g ? [i] : []));
    byGroup[g] = score(
      idx.map((i) => gold[i]),
      idx.map((i) => predicted[i]),
      labels,
    );
  }
  return { overall: score(gold, predicted, labels), byGroup };
}
