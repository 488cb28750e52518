import { ZxcvbnFactory, type ZxcvbnResult } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

export interface PasswordPolicy {
  minLength: number;
  /** Least zxcvbn score (0 to 4) accepted: below 3, common passwords and their simple variants pass. */
  minStrength: number;
}

// Built once: loading the dictionaries takes tens of milliseconds.
let factory: ZxcvbnFactory | undefined;
const estimator = (): ZxcvbnFactory => (factory ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs }));

/** zxcvbn names its warnings; its English texts live in a package we do not ship, so they are said here. */
const WARNINGS: Record<string, string> = {
  straightRow: 'it is a straight row of keys',
  keyPattern: 'it is a short keyboard pattern',
  simpleRepeat: 'it repeats characters (like "aaa")',
  extendedRepeat: 'it repeats a pattern (like "abcabcabc")',
  sequences: 'it is a sequence (like "abc" or "6543")',
  recentYears: 'it is built on a recent year',
  dates: 'it is built on a date',
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is a commonly used password with small changes',
  wordByItself: 'it is a single word',
  namesByThemselves: 'it is a single name',
  commonNames: 'it is built on common names',
  userInputs: 'it contains the username or other personal data',
  pwned: 'it has appeared in a data breach',
};

/** Why `password` breaks the policy, as a sentence naming the rule; undefined when it passes. */
export function passwordWeakness(password: string, policy: PasswordPolicy, userInputs: string[] = []): string | undefined {
  // Counted in code points, as a person counts characters.
  const length = [...password].length;
  if (length < policy.minLength) return `password must be at least ${policy.minLength} characters, got ${length}`;
  if (policy.minStrength === 0) return undefined;
  // zxcvbn is quadratic in the length; past 100 characters any password is long enough to pass.
  const result: ZxcvbnResult = estimator().check(password.slice(0, 100), userInputs);
  if (result.score >= policy.minStrength) return undefined;
  const why = (result.feedback.warning && WARNINGS[result.feedback.warning]) || 'it is too easy to guess';
  return `password is too common or too easy to guess: ${why} (strength ${result.score} of 4, needs ${policy.minStrength})`;
}
