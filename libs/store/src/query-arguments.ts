import { INTERVALS, SPLITS, ValidationError, type Interval, type Split } from '@escucha/core';
import { MAX_MENTION_HANDLES, MAX_PERSON_AUTHORS, type PersonKey } from './post-store.port';

/**
 * Argument checks and text folding shared by every PostStore driver, so that the drivers
 * reject the same inputs with the same messages and agree on what a "word" of `q` is.
 */

export const MAX_SEARCH_LIMIT = 500;
/** Ranked lists are for dashboards; a larger ask is a mistake or an export, which has its own path. */
export const MAX_RANKING_LIMIT = 1_000;

export function assertLimit(name: string, value: number, max: number): void {
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ValidationError(`${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
}

/** A prefix that matches everything would empty the store: refused, with its caller to blame. */
export function checkIdPrefix(prefix: string): string {
  if (typeof prefix !== 'string' || prefix.length === 0) throw new ValidationError('an id prefix must not be empty');
  return prefix;
}

export function assertInterval(interval: string): asserts interval is Interval {
  if (!(INTERVALS as readonly string[]).includes(interval)) {
    throw new ValidationError(`interval must be one of ${INTERVALS.join(', ')}, got "${interval}"`);
  }
}

export function assertSplit(split: string): asserts split is Split {
  if (!(SPLITS as readonly string[]).includes(split)) {
    throw new ValidationError(`split must be one of ${SPLITS.join(', ')}, got "${split}"`);
  }
}

/** `facts` reads unpaged, so it insists on a bounded range. */
export function assertRange(from: unknown, to: unknown): void {
  for (const [name, value] of [['from', from], ['to', to]] as const) {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new ValidationError(`${name} must be a valid date, got ${String(value)}`);
  }
}

/** Lower-cases and removes diacritics, the same way the drivers fold stored text for matching. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * The words of a free-text query, folded. Punctuation separates words, so `café-bar!`
 * asks for `cafe` and `bar`, which is also what an analysed full-text engine does.
 */
export function queryWords(q: string | undefined): string[] {
  if (!q) return [];
  const words = foldText(q).match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words)];
}

/** Setting versions are what compare-and-set compares: whole, positive, and within 32 bits. */
export function checkVersion(version: number): void {
  if (!Number.isInteger(version) || version < 1 || version > 2 ** 31 - 1) {
    throw new ValidationError(`version must be a positive integer, got ${version}`);
  }
}

/** Checks whose posts `postsOf` is asked for; refuses with the field at fault. */
export function checkPerson(person: PersonKey): void {
  if (typeof person?.customerId !== 'string' || person.customerId === '') throw new ValidationError('customerId must not be empty');
  if (!Array.isArray(person.authors)) throw new ValidationError('authors must be a list');
  if (person.authors.length > MAX_PERSON_AUTHORS) throw new ValidationError(`authors must hold at most ${MAX_PERSON_AUTHORS}, got ${person.authors.length}`);
  for (const author of person.authors) {
    if (typeof author?.source !== 'string' || author.source === '' || typeof author.id !== 'string' || author.id === '') {
      throw new ValidationError(`each of authors needs a source and an id, got ${JSON.stringify(author)}`);
    }
  }
}

/** The author ids of a person, by source: each driver asks for a source's authors together. */
export function authorIdsBySource(person: PersonKey): Map<string, string[]> {
  const bySource = new Map<string, string[]>();
  for (const author of person.authors) {
    const ids = bySource.get(author.source);
    if (ids) ids.push(author.id);
    else bySource.set(author.source, [author.id]);
  }
  return bySource;
}

/**
 * The handles `mentioning` looks for, folded as stored text is and without a leading `@`;
 * handles left empty are dropped (they would match every post).
 */
export function mentionHandles(handles: readonly string[]): string[] {
  if (!Array.isArray(handles)) throw new ValidationError('handles must be a list');
  if (handles.length > MAX_MENTION_HANDLES) throw new ValidationError(`handles must hold at most ${MAX_MENTION_HANDLES}, got ${handles.length}`);
  const folded = new Set<string>();
  for (const handle of handles) {
    if (typeof handle !== 'string') throw new ValidationError(`each of handles must be text, got ${JSON.stringify(handle)}`);
    const bare = foldText(handle.trim().replace(/^@+/, ''));
    if (bare !== '') folded.add(bare);
  }
  return [...folded];
}
