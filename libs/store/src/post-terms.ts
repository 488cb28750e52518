import { placeNameLength, type CountEntry } from '@escucha/core';

// URLs and @handles are dropped whole before splitting ("https", "com" and user names are not
// terms); then anything that is not a letter separates words. Two passes, or the separator pass
// would take the "@" and leave the handle behind as words.
const URL_OR_HANDLE = /(https?:\/\/|www\.)\S+|@[\p{L}\p{N}_.@-]+/gu;
const NOT_A_LETTER = /[^\p{L}\p{M}]+/u;
const NOT_ASCII = /[^\x00-\x7f]/;
const MARKS = /\p{M}/gu;

/** Words that negate the one after them, in the languages posts come in. */
const NEGATIONS = new Set(['no', 'sin', 'ni', 'not', 'without']);
/** Pronouns Spanish puts between the negation and its verb: "no me anda". */
const CLITICS = new Set(['me', 'te', 'se', 'le', 'les', 'lo', 'la', 'los', 'las', 'nos']);
/**
 * What people say is missing or broken (folded). Counted apart, "no anda" read as "anda" (it
 * works) and "sin señal" as "señal": the top terms of an outage said the opposite of the posts.
 * A closed list: "no tengo" or "sin embargo" as terms would only be noise.
 */
const NEGATED = new Set([
  'anda', 'andan', 'funciona', 'funcionan', 'carga', 'cargan', 'conecta', 'responde', 'responden', 'sirve', 'llega', 'llegan', 'entra', 'entran',
  'senal', 'servicio', 'internet', 'red', 'linea', 'conexion', 'datos', 'cobertura', 'wifi', 'respuesta', 'atencion', 'luz',
  'working', 'work', 'works', 'signal', 'service', 'connection', 'coverage', 'answer',
]);

const fold = (word: string): string => (NOT_ASCII.test(word) ? word.normalize('NFD').replace(MARKS, '') : word);

/** The key top terms group by: "señal", "senal" and "SEÑAL" are one word to a reader. */
export const foldedTerm = fold;

/** Where the word negated by `folded[start]` is, or -1. */
function negatedAt(folded: readonly string[], start: number): number {
  if (!NEGATIONS.has(folded[start])) return -1;
  let next = start + 1;
  while (next < folded.length && next - start <= 2 && CLITICS.has(folded[next])) next++;
  return next < folded.length && NEGATED.has(folded[next]) ? next : -1;
}

/**
 * The distinct lower-cased words of 3+ letters of a post's text: what top terms count. A place of
 * several words is one term ("mar del plata"), and a negated breakdown keeps its negation ("no
 * anda", "sin señal"). Words that differ only by accents are one term per post, written with them
 * if the post writes them so once ("senal" then "señal" gives "señal"): top terms add the forms up
 * across posts, and a post must not count twice. Both drivers store them at write time, from this
 * one function.
 */
export function termsOf(text: string): string[] {
  const words = text.toLowerCase().replace(URL_OR_HANDLE, ' ').split(NOT_A_LETTER).filter((word) => word !== '');
  const folded = words.map(fold);
  const terms = new Map<string, string>();
  const add = (term: string, key: string): void => {
    const seen = terms.get(key);
    if (seen === undefined || (seen === key && term !== key)) terms.set(key, term);
  };
  for (let i = 0; i < words.length; i++) {
    const place = placeNameLength(folded, i);
    if (place > 1) {
      add(words.slice(i, i + place).join(' '), folded.slice(i, i + place).join(' '));
      i += place - 1;
      continue;
    }
    const negated = negatedAt(folded, i);
    if (negated > 0) {
      add(`${words[i]} ${words[negated]}`, `${folded[i]} ${folded[negated]}`);
      i = negated;
      continue;
    }
    if ([...words[i]].length >= 3) add(words[i], folded[i]);
  }
  return [...terms.values()];
}

/**
 * Per-form post counts merged into per-word counts, highest first, at most `limit`. A word is
 * shown as most posts write it; on a tie, with its accents ("señal" over "senal"), since that is
 * how it is spelt. The DuckDB driver does the same in SQL; keep the two orders alike.
 */
export function foldedRanking(forms: readonly CountEntry[], limit: number): CountEntry[] {
  const words = new Map<string, { shown: CountEntry; count: number }>();
  for (const form of forms) {
    const key = fold(form.key);
    const word = words.get(key);
    if (word === undefined) {
      words.set(key, { shown: form, count: form.count });
      continue;
    }
    word.count += form.count;
    if (shownBefore(form, word.shown)) word.shown = form;
  }
  return [...words.values()]
    .map(({ shown, count }) => ({ key: shown.key, count }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit);
}

function shownBefore(a: CountEntry, b: CountEntry): boolean {
  if (a.count !== b.count) return a.count > b.count;
  const aMarked = fold(a.key) !== a.key;
  const bMarked = fold(b.key) !== b.key;
  if (aMarked !== bMarked) return aMarked;
  return a.key < b.key;
}
