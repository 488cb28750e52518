import type { SentimentTerm } from '../sentiment';
import type { TokenizedText } from '../text.tokenizer';

/**
 * What the analyser already knows about a post when sentiment is decided: its tokens, its
 * language and the lexicon's verdict. The model reads these, so training and serving see
 * exactly the same tokenisation and lexicon rules.
 */
export interface SentimentSignals {
  readonly lang: string;
  readonly text: TokenizedText;
  readonly lexicon: {
    /** The lexicon's squashed score in [-1, 1]. */
    readonly score: number;
    /** Raw sum before squashing. */
    readonly total: number;
    /** Terms that moved the lexicon score, with their final weights. */
    readonly terms: readonly SentimentTerm[];
    /** Negators seen ("no", "nunca", "sin", "not"). */
    readonly negators: number;
  };
}

/** A sparse feature vector; `names` only when asked for, to explain a prediction. */
export interface FeatureVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
  readonly names?: readonly string[];
}

/** Dense lexicon features sit after the hashed space, at fixed slots, so they never collide. */
export const LEXICON_FEATURES = [
  'lex:score',
  'lex:total',
  'lex:pos',
  'lex:neg',
  'lex:posTerms',
  'lex:negTerms',
  'lex:negators',
  'lex:exclamations',
  'lex:questions',
  'lex:positive',
  'lex:neutral',
  'lex:negative',
  'bias',
] as const;

export interface FeatureOptions {
  /** Hashed space is 2^bits wide. */
  readonly bits: number;
  /** Character n-gram lengths, inclusive. */
  readonly charMin: number;
  readonly charMax: number;
  /** Weight of each group after it is L2-normalised: they are on one scale, then balanced. */
  readonly wordWeight: number;
  readonly charWeight: number;
  readonly lexiconWeight: number;
  /** Words inside a negator's reach get their own feature ("no bueno" is not "bueno"). */
  readonly markNegation: boolean;
  /** Each lexicon term also becomes a feature with the sign the rules gave it ("bueno" negated reads "-bueno"). */
  readonly lexiconTerms: boolean;
  /** Scale hashed features by inverse document frequency learnt from the training set. */
  readonly idf: boolean;
  /** Character n-grams also span word boundaries ("o b" in "no bueno"), not only inside words. */
  readonly charAcrossWords: boolean;
  /** With IDF, features in fewer training posts than this are dropped: one-off typos and names are noise. */
  readonly minDf: number;
}

export const DEFAULT_FEATURES: FeatureOptions = {
  bits: 18,
  charMin: 2,
  charMax: 5,
  wordWeight: 1,
  charWeight: 1,
  lexiconWeight: 1,
  markNegation: true,
  lexiconTerms: true,
  idf: true,
  charAcrossWords: false,
  minDf: 1,
};

/** FNV-1a over UTF-16 code units: fast, stable across runs and platforms, good enough spread. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Inverse document frequency per hashed feature, smoothed as in common TF-IDF tools:
 * ln((1 + n) / (1 + df)) + 1. Features never seen keep 0, which drops them.
 */
export function learnIdf(vectors: readonly FeatureVector[], bits: number, minDf = 1): Float32Array {
  const size = 1 << bits;
  const df = new Uint32Array(size);
  for (const x of vectors) for (let j = 0; j < x.indices.length; j++) if (x.indices[j] < size) df[x.indices[j]]++;
  const idf = new Float32Array(size);
  const n = vectors.length;
  for (let h = 0; h < size; h++) if (df[h] >= Math.max(1, minDf)) idf[h] = Math.log((1 + n) / (1 + df[h])) + 1;
  return idf;
}

/** FNV-1a state after "c:", where every character n-gram's hash starts. */
const CHAR_PREFIX = Math.imul(Math.imul(0x811c9dc5 ^ 0x63, 0x01000193) ^ 0x3a, 0x01000193);

export function featureDimension(opts: FeatureOptions): number {
  return (1 << opts.bits) + LEXICON_FEATURES.length;
}

/** Tokens reduced to the words the model sees: user names, links and numbers become placeholders. */
function units(text: TokenizedText): string[] {
  const out: string[] = [];
  for (const t of text.tokens) {
    switch (t.kind) {
      case 'word':
      case 'hashtag':
        out.push(t.kind === 'hashtag' ? `#${t.norm}` : t.norm);
        break;
      case 'mention':
        out.push('@user');
        break;
      case 'url':
        out.push('<url>');
        break;
      case 'number':
        out.push('<num>');
        break;
      case 'emoji':
      case 'emoticon':
        out.push(t.norm);
        break;
      case 'punct':
        // Only the punctuation that carries tone; commas and brackets are noise.
        if (t.norm === '!' || t.norm === '?' || t.norm === '.' || t.norm === '…') out.push(t.norm);
        break;
    }
  }
  return out;
}

const CLAUSE_BREAK = new Set(['.', '!', '?', '…']);

/**
 * Turns signals into a sparse vector: hashed word uni/bi-grams, hashed character n-grams
 * inside each word (padded with spaces so prefixes and suffixes count: "-ísimo", "des-"),
 * and the lexicon's verdict as dense features. Each group is L2-normalised so a long post
 * does not outvote a short one and one group cannot drown the other.
 */
export function extractFeatures(
  signals: SentimentSignals,
  opts: FeatureOptions = DEFAULT_FEATURES,
  withNames = false,
  idf?: Float32Array,
): FeatureVector {
  const mask = (1 << opts.bits) - 1;
  const words = new Map<number, number>();
  const chars = new Map<number, number>();
  const names = withNames ? new Map<number, string>() : undefined;
  const put = (map: Map<number, number>, key: string): void => {
    const h = hashString(key) & mask;
    map.set(h, (map.get(h) ?? 0) + 1);
    if (names !== undefined && !names.has(h)) names.set(h, key);
  };

  const seq = units(signals.text);
  let negLeft = 0;
  let prev = '<s>';
  for (const u of seq) {
    if (CLAUSE_BREAK.has(u)) negLeft = 0;
    put(words, negLeft > 0 ? `w:NOT_${u}` : `w:${u}`);
    put(words, `b:${prev} ${u}`);
    prev = u;
    if (opts.markNegation && NEGATORS.has(u)) negLeft = 3;
    else if (negLeft > 0) negLeft--;
  }
  if (seq.length > 0) put(words, `b:${prev} </s>`);
  if (opts.lexiconTerms) {
    for (const term of signals.lexicon.terms) if (term.weight !== 0) put(words, `t${term.weight > 0 ? '+' : '-'}:${term.term}`);
  }

  const charWords = signals.text.tokens.filter((t) => (t.kind === 'word' || t.kind === 'hashtag') && !t.part).map((t) => t.norm);
  const spans = opts.charAcrossWords ? [` ${charWords.join(' ')} `] : charWords.map((w) => ` ${w} `);
  // The hot loop: hash each n-gram straight from the string (same value as hashString of
  // "c:" + n-gram) instead of building a string per n-gram.
  for (const w of spans) {
    for (let i = 0; i < w.length; i++) {
      let h = CHAR_PREFIX;
      for (let n = 1; n <= opts.charMax && i + n <= w.length; n++) {
        h = Math.imul(h ^ w.charCodeAt(i + n - 1), 0x01000193);
        if (n < opts.charMin) continue;
        const key = (h >>> 0) & mask;
        chars.set(key, (chars.get(key) ?? 0) + 1);
        if (names !== undefined && !names.has(key)) names.set(key, `c:${w.slice(i, i + n)}`);
      }
    }
  }

  const lex = signals.lexicon;
  let pos = 0;
  let neg = 0;
  let posTerms = 0;
  let negTerms = 0;
  for (const term of lex.terms) {
    if (term.weight > 0) {
      pos += term.weight;
      posTerms++;
    } else if (term.weight < 0) {
      neg -= term.weight;
      negTerms++;
    }
  }
  const dense = [
    lex.score,
    Math.tanh(lex.total / 4),
    Math.tanh(pos / 4),
    Math.tanh(neg / 4),
    Math.log1p(posTerms),
    Math.log1p(negTerms),
    Math.log1p(lex.negators),
    Math.log1p(signals.text.exclamations),
    Math.log1p(signals.text.questions),
    lex.score >= 0.2 ? 1 : 0,
    lex.score > -0.2 && lex.score < 0.2 ? 1 : 0,
    lex.score <= -0.2 ? 1 : 0,
    1,
  ];

  const size = words.size + chars.size + dense.length; // upper bound: IDF may drop some
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  const outNames: string[] = [];
  let k = 0;
  const emit = (map: Map<number, number>, weight: number): void => {
    // Sub-linear counts, then unit length.
    let norm = 0;
    for (const [h, c] of map) {
      // With IDF, a feature training never saw is dropped, as a fitted vocabulary would.
      const v = (1 + Math.log(c)) * (idf !== undefined ? idf[h] : 1);
      if (v === 0) map.delete(h);
      else {
        map.set(h, v);
        norm += v * v;
      }
    }
    const scale = norm > 0 ? weight / Math.sqrt(norm) : 0;
    for (const [h, v] of map) {
      indices[k] = h;
      values[k] = v * scale;
      if (names !== undefined) outNames.push(names.get(h) ?? String(h));
      k++;
    }
  };
  emit(words, opts.wordWeight);
  emit(chars, opts.charWeight);
  const base = 1 << opts.bits;
  for (let i = 0; i < dense.length; i++) {
    indices[k] = base + i;
    values[k] = dense[i] * (i === dense.length - 1 ? 1 : opts.lexiconWeight);
    if (names !== undefined) outNames.push(LEXICON_FEATURES[i]);
    k++;
  }
  const used = { indices: k < size ? indices.slice(0, k) : indices, values: k < size ? values.slice(0, k) : values };
  return withNames ? { ...used, names: outNames } : used;
}

/** Negators of the shipped languages, folded; the lexicon's own negators also count via `lex:negators`. */
const NEGATORS = new Set(['no', 'ni', 'nunca', 'jamas', 'sin', 'nada', 'nadie', 'tampoco', 'not', 'never', 'without', 'nothing', 'nobody', 'dont', 'doesnt', 'didnt', 'cant', 'wont', 'isnt', 'wasnt', 'arent', 'havent', 'hasnt', 'cannot']);
