import type { Sentiment, SentimentLabel } from '@escucha/core';
import type { CompiledLexicon, LexEntry } from './lexicon';
import { COURTESY_EMOJI, EMOJI_VALENCE, EMOTICON_VALENCE } from './lexicon.emoji';
import type { Token, TokenizedText } from './text.tokenizer';

/** A term that moved the score, with what it added after every rule applied. */
export interface SentimentTerm {
  readonly term: string;
  readonly weight: number;
}

export interface SentimentResult {
  readonly sentiment: Sentiment;
  /** Raw sum before squashing into [-1, 1]. */
  readonly total: number;
}

/**
 * Rule weights. Kept together so tuning touches one place; the values follow the usual
 * lexicon-and-rules analysers (VADER's damping of negated words, the extra weight of what
 * follows "but") adjusted for tweets to a service company.
 */
export interface SentimentRules {
  readonly negatePositive: number;
  readonly negateNegative: number;
  readonly beforeContrast: number;
  readonly afterContrast: number;
  readonly concession: number;
  readonly elongation: number;
  readonly caps: number;
  readonly allCaps: number;
  readonly exclamation: number;
  /** Added for 2–3 question marks, each, in the direction the text leans; 0 leaves them out. */
  readonly question: number;
  /** Added for 4 question marks or more, once. */
  readonly manyQuestions: number;
  readonly persistence: number;
  readonly laughter: number;
  readonly mixedNegative: number;
  readonly alpha: number;
  /** A score at or below −threshold is negative. */
  readonly threshold: number;
  /** A score at or above this is positive. */
  readonly positiveThreshold: number;
  /**
   * VADER's word-order rules for English: "never so/this X" amplifies instead of negating,
   * "so"/"this" right before a word shields it from a negator three words back, and "least X"
   * (not "at least", "very least") negates X.
   */
  readonly vaderOrder: boolean;
  /**
   * What "no" weighs when the next word carries no sentiment for it to negate ("still no
   * word from anyone"): VADER's valence for "no" (−1.2); 0 leaves "no" a negator only.
   */
  readonly lonelyNo: number;
}

export const SENTIMENT_RULES: SentimentRules = {
  /** A negated positive word keeps most of its strength, flipped ("no es bueno"). */
  negatePositive: -0.8,
  /** A negated negative word is only mildly positive ("no es malo", "sin problemas"). */
  negateNegative: -0.4,
  /** What came before "pero"/"but". */
  beforeContrast: 0.5,
  /** What follows "pero"/"but". */
  afterContrast: 1.5,
  /** The clause opened by "aunque"/"although". */
  concession: 0.5,
  elongation: 1.25,
  /** One shouted word among lower-case ones. */
  caps: 1.4,
  /** The whole post in capitals. */
  allCaps: 1.2,
  /** Added per "!" (up to four), in the direction the text already leans. */
  exclamation: 0.25,
  question: 0,
  manyQuestions: 0,
  /** Negative posts that say "since yesterday", "still", "again". */
  persistence: 1.3,
  laughter: 1,
  /** In a post with praise and blame, the blame weighs more: "thanks for ruining my trip". */
  mixedNegative: 1.3,
  /** Squashing: score = total / sqrt(total² + alpha). */
  alpha: 15,
  /** |score| below this is neutral. */
  threshold: 0.2,
  positiveThreshold: 0.2,
  vaderOrder: false,
  lonelyNo: 0,
};

/**
 * English follows VADER (Hutto & Gilbert 2014, MIT; its lexicon, boosters and idioms are
 * merged in lexicon.en.vader.ts) where VADER measured the effect: one negation scalar for both
 * signs (−0.74), 0.292 per "!" and 0.18 per "?" (0.96 for four or more), its word-order rules,
 * its valence for a "no" that negates nothing. This project's rules for complaints (blame
 * outweighing praise, lasting trouble) stay: on the airline tweets they measured better.
 */
export const ENGLISH_SENTIMENT_RULES: SentimentRules = {
  ...SENTIMENT_RULES,
  negatePositive: -0.74,
  negateNegative: -0.74,
  exclamation: 0.292,
  question: 0.18,
  manyQuestions: 0.96,
  vaderOrder: true,
  lonelyNo: -1.2,
  // Swept on the airline tweets alone: symmetric bands from 0.05 to 0.3 all score within
  // 0.005 macro-F1 there, 0.15 the top on each half. A band wider on the positive side
  // (negative from 0.05, positive from 0.35) scores 0.015 more there, where polite words fill
  // neutral questions, but calls plain praise neutral ("although it is slow, the support was
  // excellent"): not taken (eval section (g)).
  threshold: 0.15,
  positiveThreshold: 0.15,
};

const SENTENCE_END = new Set(['.', '!', '?', ';', '…', '¡', '¿']);
const CLAUSE_END = new Set([',', ':', '(', ')', '-', '–', '—', '"', '«', '»', '“', '”', '|', '/']);
/** What may follow a discourse word for it to be one ("Bueno, …", "Buenas. …", "Bueno: …"). */
const DISCOURSE_END = new Set([',', '.', '…', ':', ';']);
const NEGATION_WINDOW_CAP = 3;
const INTENSIFIER_REACH = 2;

const LAUGHTER = /^(?:(?:j[aeiou]|[aeiou]j)+j?|(?:h[ae])+h?|(?:js)+j?|(?:xd)+)$/;

const LAUGH_ENTRY: LexEntry = {
  term: 'jaja',
  valence: SENTIMENT_RULES.laughter,
  negated: 0,
  negScope: 0,
  mult: 1,
  contrast: 'none',
  persistence: false,
  opener: 'none',
  courtesy: false,
};

function isLaughter(word: string): boolean {
  const c = word.charCodeAt(0);
  return word.length >= 4 && (c === 106 || c === 104 || c === 97) && LAUGHTER.test(word);
}

function isWordish(token: Token | undefined): token is Token {
  return token !== undefined && (token.kind === 'word' || token.kind === 'hashtag');
}

function labelOf(score: number, rules: SentimentRules): SentimentLabel {
  if (score >= rules.positiveThreshold) return 'positive';
  if (score <= -rules.threshold) return 'negative';
  return 'neutral';
}

/** Whether token `i` is the first of its sentence. */
function opensSentence(tokens: readonly Token[], i: number): boolean {
  const before = tokens[i - 1];
  return before === undefined || (before.kind === 'punct' && SENTENCE_END.has(before.norm));
}

/** VADER's "so"/"this": intensifies what follows and keeps a negation further back from reaching it. */
function isSoThis(token: Token | undefined): boolean {
  return token !== undefined && token.kind === 'word' && (token.norm === 'so' || token.norm === 'this');
}

/** The word token before `i`, skipping nothing: VADER reads adjacent words only. */
function wordBefore(tokens: readonly Token[], i: number, back: number): Token | undefined {
  const t = tokens[i - back];
  return t !== undefined && t.kind === 'word' ? t : undefined;
}

interface Match {
  entry: LexEntry;
  span: number;
}

/** Words that name a currency after an amount ("500 pesos"). */
const CURRENCY_WORDS = new Set(['pesos', 'peso', 'dolares', 'dollars', 'usd', 'ars', 'euros', 'eur']);

/**
 * Past an amount inside a phrase that carries sentiment: "me cobraron $3.800 de más" is "me
 * cobraron de más" with its figure, as complaints about a bill say it. Only after a phrase's
 * first word; not in the phrases that set a rule ("for hours" stays two words apart from "for 2
 * hours", as VADER reads it).
 */
function pastAmount(tokens: readonly Token[], j: number): number {
  if (tokens[j]?.kind !== 'number') return j;
  return tokens[j + 1]?.kind === 'word' && CURRENCY_WORDS.has(tokens[j + 1].norm) ? j + 2 : j + 1;
}

function lookup(lex: CompiledLexicon, tokens: readonly Token[], i: number): Match | undefined {
  const first = tokens[i].norm;
  const phrases = lex.phrases.get(first);
  if (phrases !== undefined) {
    for (const phrase of phrases) {
      let at = i;
      let ok = true;
      const amounts = phrase.entry.valence !== 0;
      for (let k = 1; k < phrase.words.length; k++) {
        at = amounts ? pastAmount(tokens, at + 1) : at + 1;
        const next = tokens[at];
        if (!isWordish(next) || next.norm !== phrase.words[k]) {
          ok = false;
          break;
        }
      }
      if (ok) return { entry: phrase.entry, span: at - i + 1 };
    }
  }
  const entry = lex.words.get(first);
  if (entry !== undefined) return { entry, span: 1 };
  if (isLaughter(first)) return { entry: LAUGH_ENTRY, span: 1 };
  return undefined;
}

/** Whether the next word carries sentiment, so a dual word ("bien caro", "pretty bad") intensifies it. */
function nextCarries(lex: CompiledLexicon, tokens: readonly Token[], from: number): boolean {
  const next = tokens[from];
  if (!isWordish(next)) return false;
  const m = lookup(lex, tokens, from);
  return m !== undefined && (m.entry.valence !== 0 || m.entry.negated !== 0 || m.entry.mult !== 1);
}

/**
 * Lexicon-and-rules sentiment over a tokenized post. `explain` collects the terms that
 * moved the result; leave it out on the hot path. `local`, when given (zeroed, one slot per
 * token), receives each term's weight at the token where it starts, before the post-wide
 * rules ("but", concession): what each clause says, for sentiment per topic.
 */
export function scoreSentiment(
  text: TokenizedText,
  lex: CompiledLexicon,
  explain?: SentimentTerm[],
  local?: Float64Array,
): SentimentResult {
  const R = lex.rules ?? SENTIMENT_RULES;
  const tokens = text.tokens;
  const shouting = text.capsWords > 0 && text.capsWords < text.letterWords;
  const allCaps = text.letterWords >= 2 && text.capsWords === text.letterWords;
  const asking = text.questions > 0;

  let pos = 0;
  let neg = 0;
  let negLeft = 0;
  /** Token index and word of the negator whose scope is open. */
  let negAt = -1;
  let negWord = '';
  let mult = 1;
  let multLeft = 0;
  let clause = 1;
  let after = 1;
  let persistent = false;
  let lastEmoji = '';
  let emojiRun = 0;
  /** Opening greetings: counted once the post is read, and only if nothing in it blames. Most posts have none. */
  let greetings: LexEntry[] | undefined;

  const add = (term: string, weight: number): void => {
    if (weight > 0) pos += weight;
    else neg += weight;
    if (explain) explain.push({ term, weight });
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    switch (token.kind) {
      case 'punct':
        if (SENTENCE_END.has(token.norm)) {
          negLeft = 0;
          multLeft = 0;
          clause = 1;
        } else if (CLAUSE_END.has(token.norm)) {
          negLeft = 0;
          clause = 1;
        }
        continue;
      case 'emoji':
      case 'emoticon': {
        const v = (token.kind === 'emoji' ? EMOJI_VALENCE : EMOTICON_VALENCE).get(token.norm);
        if (v === undefined || (asking && COURTESY_EMOJI.has(token.norm))) continue;
        // 😡😡😡 is one angry face said loudly, not three complaints.
        emojiRun = token.norm === lastEmoji ? emojiRun + 1 : 1;
        lastEmoji = token.norm;
        if (emojiRun > 3) continue;
        if (local) local[i] += v;
        add(token.norm, v * (emojiRun === 1 ? 1 : 0.5) * after);
        continue;
      }
      case 'word':
      case 'hashtag':
        break;
      default:
        continue;
    }

    const found = lookup(lex, tokens, i);
    // #SinServicio: the whole tag if the lexicon knows it (then its words are skipped), else its words.
    const wholeTag = token.kind === 'hashtag' && token.parts > 0;
    if (wholeTag && (found === undefined || found.span !== 1)) continue;
    if (found === undefined) {
      if (negLeft > 0) negLeft--;
      if (multLeft > 0) multLeft--;
      continue;
    }
    const { entry, span } = found;
    if (entry.opener === 'discourse' && opensSentence(tokens, i) && DISCOURSE_END.has(tokens[i + 1]?.norm ?? '')) continue;
    if (entry.opener === 'greeting' && opensSentence(tokens, i)) {
      (greetings ??= []).push(entry);
      i += span - 1;
      continue;
    }
    const at = i;
    let caps = false;
    let elongated = false;
    for (let k = 0; k < span; k++) {
      caps ||= tokens[i + k].caps;
      elongated ||= tokens[i + k].elongated;
    }
    i += span - 1 + (wholeTag ? token.parts : 0);
    const next = i + 1;

    if (entry.contrast === 'but') {
      pos *= R.beforeContrast;
      neg *= R.beforeContrast;
      if (explain) for (let k = 0; k < explain.length; k++) explain[k] = { term: explain[k].term, weight: explain[k].weight * R.beforeContrast };
      after = R.afterContrast;
      negLeft = 0;
      continue;
    }
    if (entry.contrast === 'though') {
      clause = R.concession;
      negLeft = 0;
      continue;
    }
    if (entry.persistence) persistent = true;
    if (entry.negScope > 0 && entry.valence === 0 && entry.negated === 0) {
      negLeft = Math.max(negLeft, Math.min(entry.negScope, NEGATION_WINDOW_CAP));
      negAt = at;
      negWord = token.norm;
      // "No, the service was great": an answer, not a grievance.
      if (R.lonelyNo !== 0 && token.norm === 'no' && tokens[next]?.kind !== 'punct' && !nextCarries(lex, tokens, next)) {
        if (local) local[at] += R.lonelyNo;
        add('no', R.lonelyNo * clause * after);
      }
      continue;
    }
    if (entry.mult !== 1 && (entry.valence === 0 || nextCarries(lex, tokens, next))) {
      mult = entry.mult;
      if (caps) mult *= R.caps;
      if (elongated) mult *= R.elongation;
      multLeft = INTENSIFIER_REACH;
      continue;
    }

    let v = entry.courtesy && asking ? 0 : entry.valence;
    let shielded = 1;
    if (R.vaderOrder && v !== 0) {
      const back = at - negAt;
      if (negLeft > 0 && back === 2 && negWord === 'never' && isSoThis(tokens[at - 1])) shielded = 1.5;
      else if (negLeft > 0 && back === 3 && ((negWord === 'never' && isSoThis(tokens[at - 2])) || isSoThis(tokens[at - 1]))) shielded = 1.25;
      else if (negLeft === 0) {
        const least = wordBefore(tokens, at, 1);
        if (least?.norm === 'least') {
          const before = wordBefore(tokens, at, 2)?.norm;
          if (before !== 'at' && before !== 'very') v *= R.negatePositive;
        }
      }
    }
    if (shielded !== 1) {
      // "never been so pissed off": emphasis, not denial.
      v *= shielded;
      negLeft = 0;
    } else if (negLeft > 0) {
      v = entry.negated !== 0 ? entry.negated : v * (v > 0 ? R.negatePositive : R.negateNegative);
      // A negator flips the first word it reaches: "no calls for 12 hours" is not "no hours".
      negLeft = 0;
    }
    if (v === 0) {
      if (multLeft > 0) multLeft--;
      continue;
    }
    if (multLeft > 0) {
      v *= mult;
      multLeft = 0;
    }
    if (elongated) v *= R.elongation;
    if (caps && shouting) v *= R.caps;
    if (local) local[at] += v;
    add(entry.term, v * clause * after);
  }

  if (greetings && neg === 0) for (const greeting of greetings) add(greeting.term, greeting.valence);
  let total = pos + (pos > 0 ? neg * R.mixedNegative : neg);
  if (total !== 0) {
    const sign = total > 0 ? 1 : -1;
    if (total < 0 && persistent) total *= R.persistence;
    if (allCaps) total *= R.allCaps;
    total += sign * Math.min(text.exclamations, 4) * R.exclamation;
    if (text.questions > 3) total += sign * R.manyQuestions;
    else if (text.questions > 1) total += sign * text.questions * R.question;
  }
  const score = Math.round((total / Math.sqrt(total * total + R.alpha)) * 1e4) / 1e4;
  return { sentiment: { label: labelOf(score, R), score }, total };
}
