import { foldCode, foldText, isUpperCode, isWordCode, resolveElongation, squeeze } from './text.normalizer';

export type TokenKind = 'word' | 'hashtag' | 'mention' | 'number' | 'emoji' | 'emoticon' | 'url' | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /**
   * Words, hashtags and mentions: lower-case, accent-free, elongation squeezed, without
   * the leading `#`/`@`. Emoji: the code point. Emoticons: as written. Punctuation: one char.
   */
  readonly norm: string;
  /** Written in capitals (two letters or more), the usual way to shout. */
  readonly caps: boolean;
  /** Had a run of three or more identical letters ("malíiiisimo", "sooo"). */
  readonly elongated: boolean;
  /**
   * For a hashtag made of several words (#SinServicio, #nothappy), how many word tokens
   * follow it that spell its parts ("sin", "servicio"); those carry `part`. Phrases then
   * match inside hashtags and sentiment reads the words.
   */
  readonly parts: number;
  readonly part: boolean;
}

export interface TokenizedText {
  readonly tokens: readonly Token[];
  readonly exclamations: number;
  readonly questions: number;
  /** Words of two letters or more, and how many of them are in capitals. */
  readonly letterWords: number;
  readonly capsWords: number;
  /** Characters only Spanish uses among the configured languages: ñ, ¿, ¡, accented vowels. */
  readonly spanishMarks: number;
  /** English contractions seen before apostrophes were dropped (don't, I'm, it's). */
  readonly contractions: number;
}

export type Vocabulary = (word: string) => boolean;

const NO_VOCABULARY: Vocabulary = () => false;

/** Emoticons need a word boundary before them so "10:30" or "http://" never yield one. */
const EMOTICONS: readonly string[] = [
  '>:(', ":'(", ':’(', ':-)', ':-(', ':-D', ':-P', ':-p', ':-/', ':-|', ';-)', '^_^', '-_-', '-.-', 'T_T', 'u.u', 'u_u', '</3',
  ':)', ':(', ':D', ':P', ':p', ':/', ':|', ':]', ':[', ':@', ':S', ':s', ':c', ':3', ':o', ':O',
  ';)', ';(', ';D', ';p', '=)', '=(', '=D', '<3', '^^', 'D:', '):', '(:', 'xD', 'XD', 'xd',
].sort((a, b) => b.length - a.length);

/** Emoticons by first character, longest first, so most characters cost one map miss. */
const EMOTICONS_BY_START: ReadonlyMap<number, readonly string[]> = (() => {
  const map = new Map<number, string[]>();
  for (const e of EMOTICONS) {
    const list = map.get(e.charCodeAt(0)) ?? [];
    list.push(e);
    map.set(e.charCodeAt(0), list);
  }
  return map;
})();

const PUNCT = new Set(['.', ',', ';', ':', '!', '?', '¡', '¿', '…', '(', ')', '"', '«', '»', '“', '”', '|', '/', '-', '–', '—']);

const SPANISH_MARKS = new Set([0xf1, 0xd1, 0xbf, 0xa1, 0xe1, 0xe9, 0xed, 0xf3, 0xfa, 0xc1, 0xc9, 0xcd, 0xd3, 0xda]);

function isEmojiCodePoint(cp: number): boolean {
  return (
    (cp >= 0x1f000 && cp <= 0x1faff && !(cp >= 0x1f3fb && cp <= 0x1f3ff)) ||
    (cp >= 0x2600 && cp <= 0x27bf) ||
    (cp >= 0x2b00 && cp <= 0x2bff) ||
    (cp >= 0x2300 && cp <= 0x23ff)
  );
}

/** Code points that decorate an emoji without changing its meaning (variation selectors, skin tones, ZWJ). */
function isEmojiModifier(cp: number): boolean {
  return cp === 0xfe0f || cp === 0xfe0e || cp === 0x200d || (cp >= 0x1f3fb && cp <= 0x1f3ff) || cp === 0x20e3;
}

function isBoundary(code: number): boolean {
  return Number.isNaN(code) || code === 32 || code === 10 || code === 13 || code === 9 || code === 0xa0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isApostrophe(code: number): boolean {
  return code === 0x27 || code === 0x2019;
}

function splitCamel(raw: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 1; i < raw.length; i++) {
    const prev = raw.charCodeAt(i - 1);
    const cur = raw.charCodeAt(i);
    const lowerToUpper = isUpperCode(cur) && !isUpperCode(prev) && isWordCode(prev) && !(prev >= 48 && prev <= 57);
    const underscore = cur === 95;
    if (lowerToUpper || underscore) {
      if (i > start) parts.push(raw.slice(start, i));
      start = underscore ? i + 1 : i;
    }
  }
  if (start < raw.length) parts.push(raw.slice(start));
  return parts.filter((p) => p.length > 0);
}

const MAX_SEGMENTED = 30;

/**
 * Splits a lower-case hashtag into known words (#sinservicio → sin servicio,
 * #nothappy → not happy), fewest words first. Undefined when no full split exists.
 */
export function segmentHashtag(tag: string, known: Vocabulary): string[] | undefined {
  const n = tag.length;
  if (n < 4 || n > MAX_SEGMENTED) return undefined;
  // best[i]: fewest words covering tag[0, i); from[i]: where the last of them starts.
  const best = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(-1);
  best[0] = 0;
  for (let end = 2; end <= n; end++) {
    for (let start = Math.max(0, end - 20); start <= end - 2; start++) {
      if (best[start] + 1 < best[end] && known(tag.slice(start, end))) {
        best[end] = best[start] + 1;
        from[end] = start;
      }
    }
  }
  if (best[n] < 2 || best[n] > 4) return undefined;
  const parts: string[] = [];
  for (let end = n; end > 0; end = from[end]) parts.unshift(tag.slice(from[end], end));
  return parts;
}

interface WordScan {
  norm: string;
  caps: boolean;
  letters: number;
  elongated: boolean;
  contraction: boolean;
  spanish: number;
}

/**
 * Folds raw[start, end) into a token form. Apostrophes are dropped ("don't" → "dont",
 * the spelling most people type anyway), elongations are squeezed with the vocabulary's help.
 */
function scanWord(raw: string, start: number, end: number, known: Vocabulary): WordScan {
  let norm = '';
  let letters = 0;
  let upper = 0;
  let spanish = 0;
  let contraction = false;
  for (let i = start; i < end; i++) {
    const code = raw.charCodeAt(i);
    if (isApostrophe(code)) {
      contraction = true;
      continue;
    }
    if (code === 95) continue;
    if (!(code >= 48 && code <= 57) && !(code >= 0x300 && code <= 0x36f)) {
      letters++;
      if (isUpperCode(code)) upper++;
    }
    if (SPANISH_MARKS.has(code)) spanish++;
    norm += foldCode(code);
  }
  const forms = squeeze(norm);
  return {
    norm: forms ? resolveElongation(forms, known) : norm,
    caps: letters >= 2 && upper === letters,
    letters,
    elongated: forms !== undefined,
    contraction,
    spanish,
  };
}

function word(kind: TokenKind, norm: string, caps = false, elongated = false, parts = 0, part = false): Token {
  return { kind, norm, caps, elongated, parts, part };
}

/**
 * Splits a post into tokens in one pass over its characters. Everything downstream
 * (language, sentiment, topics, intents, entities) reads this one result.
 */
export function tokenize(text: string, known: Vocabulary = NO_VOCABULARY): TokenizedText {
  const tokens: Token[] = [];
  let exclamations = 0;
  let questions = 0;
  let letterWords = 0;
  let capsWords = 0;
  let spanishMarks = 0;
  let contractions = 0;
  const n = text.length;
  let i = 0;

  while (i < n) {
    const code = text.charCodeAt(i);
    const prev = i > 0 ? text.charCodeAt(i - 1) : NaN;

    if (isBoundary(code)) {
      i++;
      continue;
    }

    // URLs carry no sentiment and their slashes would read as emoticons.
    if ((code === 104 || code === 119) && (text.startsWith('http://', i) || text.startsWith('https://', i) || text.startsWith('www.', i))) {
      let j = i;
      while (j < n && !isBoundary(text.charCodeAt(j))) j++;
      tokens.push(word('url', text.slice(i, j)));
      i = j;
      continue;
    }

    const emoticons = isBoundary(prev) ? EMOTICONS_BY_START.get(code) : undefined;
    if (emoticons !== undefined) {
      const emoticon = emoticons.find((e) => text.startsWith(e, i));
      if (emoticon !== undefined) {
        let j = i + emoticon.length;
        const last = text.charCodeAt(j - 1);
        while (j < n && text.charCodeAt(j) === last) j++;
        const after = text.charCodeAt(j);
        if (j >= n || isBoundary(after) || !isWordCode(after)) {
          tokens.push(word('emoticon', emoticon));
          i = j;
          continue;
        }
      }
    }

    if ((code === 35 || code === 64) && i + 1 < n && isWordCode(text.charCodeAt(i + 1))) {
      let j = i + 1;
      while (j < n && (isWordCode(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
      const raw = text.slice(i + 1, j);
      if (code === 64) {
        // Handles are identifiers: folded, never squeezed.
        tokens.push(word('mention', foldText(raw)));
      } else {
        const scan = scanWord(raw, 0, raw.length, known);
        spanishMarks += scan.spanish;
        const camel = splitCamel(raw);
        if (camel.length > 1) {
          tokens.push(word('hashtag', scan.norm, scan.caps, scan.elongated, camel.length));
          for (const piece of camel) {
            const p = scanWord(piece, 0, piece.length, known);
            tokens.push(word('word', p.norm, p.caps, p.elongated, 0, true));
          }
        } else {
          const pieces = known(scan.norm) ? undefined : segmentHashtag(scan.norm, known);
          tokens.push(word('hashtag', scan.norm, scan.caps, scan.elongated, pieces?.length ?? 0));
          if (pieces) for (const piece of pieces) tokens.push(word('word', piece, scan.caps, false, 0, true));
        }
      }
      i = j;
      continue;
    }

    if (isWordCode(code)) {
      let j = i + 1;
      let digitsOnly = code >= 48 && code <= 57;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (isWordCode(c)) {
          if (!(c >= 48 && c <= 57)) digitsOnly = false;
          j++;
        } else if (
          (isApostrophe(c) && isWordCode(text.charCodeAt(j + 1))) ||
          (digitsOnly && (c === 46 || c === 44 || c === 58) && isDigit(text.charCodeAt(j + 1)))
        ) {
          // Keeps "don't" and "10:30" / "1.500" in one token.
          j++;
        } else {
          break;
        }
      }
      if (digitsOnly) {
        tokens.push(word('number', text.slice(i, j)));
      } else {
        const scan = scanWord(text, i, j, known);
        spanishMarks += scan.spanish;
        if (scan.contraction) contractions++;
        if (scan.letters >= 2) {
          letterWords++;
          if (scan.caps) capsWords++;
        }
        tokens.push(word('word', scan.norm, scan.caps, scan.elongated));
      }
      i = j;
      continue;
    }

    const cp = text.codePointAt(i) ?? code;
    const width = cp > 0xffff ? 2 : 1;
    if (isEmojiCodePoint(cp)) {
      tokens.push(word('emoji', String.fromCodePoint(cp)));
      i += width;
      continue;
    }
    if (isEmojiModifier(cp)) {
      i += width;
      continue;
    }

    const ch = text[i];
    if (code === 33 || code === 0xa1) exclamations++;
    if (code === 63 || code === 0xbf) questions++;
    if (code === 0xbf || code === 0xa1) spanishMarks++;
    if (PUNCT.has(ch)) {
      const last = tokens.length > 0 ? tokens[tokens.length - 1] : undefined;
      // "!!!" is one boundary for the rules; the count above keeps the emphasis.
      if (!(last && last.kind === 'punct' && last.norm === ch)) tokens.push(word('punct', ch));
    }
    i += width;
  }

  return { tokens, exclamations, questions, letterWords, capsWords, spanishMarks, contractions };
}
