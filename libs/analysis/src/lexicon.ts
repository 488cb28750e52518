import type { SentimentRules } from './sentiment';
import { foldText } from './text.normalizer';

/**
 * A sentiment lexicon as authored: lists of words per role. Word lists are space-separated;
 * `{a,b}` expands inflections (`mal{o,a,os,as}`), `_` joins a multi-word expression
 * (`una_verguenza`). Accents and case are folded when compiled, so authors write real spelling.
 */
export interface LexiconSource {
  /** [valence in -4..4, words]. */
  readonly valence: readonly (readonly [number, string])[];
  /** [scope in words, words] that flip what follows ("no", "nunca", "sin", "not"). */
  readonly negators: readonly (readonly [number, string])[];
  /**
   * [valence, words] that are neutral alone but negative once negated: the way customers
   * complain ("no anda", "sin señal", "nobody answers").
   */
  readonly negatedOnly: readonly (readonly [number, string])[];
  /** [multiplier, words]: > 1 intensifies ("re", "muy", "so"), < 1 diminishes ("un poco"). */
  readonly intensifiers: readonly (readonly [number, string])[];
  /** "pero", "but": what came before weighs less, what follows more. */
  readonly contrast: string;
  /** "aunque", "although": the clause they open weighs less. */
  readonly concession: string;
  /** "desde ayer", "still", "otra vez": a complaint that lasts or repeats is a worse one. */
  readonly persistence: string;
  /**
   * Words that say nothing when they open a sentence and a comma or a stop follows them: the
   * discourse marker of "Bueno... me cobraron de más" or the greeting of "Buenas, consulta".
   * Anywhere else they keep their valence ("el servicio es bueno").
   */
  readonly discourse?: string;
  /**
   * Greetings, which open a sentence politely. Their valence (from `valence`) counts there only
   * in a post with no blame: "Buenos días a todos" is friendly, "Buenas tardes, me debitaron
   * dos veces" is a complaint. Elsewhere they count as any word ("hoy es un buen día").
   */
  readonly greetings?: string;
  /**
   * Thanks and please. In a post that asks something they are politeness, not praise ("¿El
   * plan incluye roaming? ¡Gracias!" is a question, not a compliment), and count nothing there.
   */
  readonly courtesy?: string;
}

export interface LexEntry {
  /** The term as authored, for explanations. */
  readonly term: string;
  readonly valence: number;
  /** Valence when inside a negation scope (`negatedOnly` words); 0 otherwise. */
  readonly negated: number;
  /** > 0: a negator covering this many following words. */
  readonly negScope: number;
  /** 1 unless an intensifier or diminisher. */
  readonly mult: number;
  readonly contrast: 'none' | 'but' | 'though';
  readonly persistence: boolean;
  /**
   * What it is when it opens a sentence: a `discourse` word, which says nothing if a comma or a
   * stop follows it, or a `greeting`, whose valence counts only in a post with no blame.
   */
  readonly opener: 'none' | 'discourse' | 'greeting';
  /** Counts nothing in a post that asks something (`courtesy`). */
  readonly courtesy: boolean;
}

export interface LexPhrase {
  readonly words: readonly string[];
  readonly entry: LexEntry;
}

export interface CompiledLexicon {
  /** The scoring rules for this language; the shared defaults when absent. */
  readonly rules?: SentimentRules;
  readonly words: ReadonlyMap<string, LexEntry>;
  /** Multi-word expressions by their first word, longest first. */
  readonly phrases: ReadonlyMap<string, readonly LexPhrase[]>;
}

/** Expands `{a,b}` groups; several groups multiply out. */
export function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  if (open < 0) return [pattern];
  const close = pattern.indexOf('}', open);
  if (close < 0) throw new Error(`lexicon: unbalanced "{" in "${pattern}"`);
  const head = pattern.slice(0, open);
  const tails = expandBraces(pattern.slice(close + 1));
  const out: string[] = [];
  for (const alt of pattern.slice(open + 1, close).split(',')) {
    for (const tail of tails) out.push(head + alt + tail);
  }
  return out;
}

function* terms(list: string): Generator<{ term: string; key: string }> {
  for (const pattern of list.split(/\s+/)) {
    if (pattern === '') continue;
    for (const term of expandBraces(pattern)) {
      yield { term: term.replace(/_/g, ' '), key: foldText(term.replace(/_/g, ' ')) };
    }
  }
}

interface MutableEntry {
  term: string;
  valence: number;
  negated: number;
  negScope: number;
  mult: number;
  contrast: 'none' | 'but' | 'though';
  persistence: boolean;
  opener: 'none' | 'discourse' | 'greeting';
  courtesy: boolean;
}

function blank(term: string): MutableEntry {
  return { term, valence: 0, negated: 0, negScope: 0, mult: 1, contrast: 'none', persistence: false, opener: 'none', courtesy: false };
}

/**
 * Builds lookup tables for one language. `fallback` lexicons fill words the language
 * lacks, with their valence damped: a Spanish post saying "horrible" or "cool" still
 * counts, but a word that only means something in the other language counts less.
 */
export function compileLexicon(
  source: LexiconSource,
  fallback: readonly LexiconSource[] = [],
  exclude: ReadonlySet<string> = new Set(),
  base: ReadonlyMap<string, number> = new Map(),
): CompiledLexicon {
  const entries = new Map<string, MutableEntry>();
  const at = (term: string, key: string): MutableEntry => {
    let entry = entries.get(key);
    if (!entry) {
      entry = blank(term);
      entries.set(key, entry);
    }
    return entry;
  };

  for (const other of fallback) {
    for (const [valence, list] of other.valence) {
      for (const { term, key } of terms(list)) {
        if (!exclude.has(key)) at(term, key).valence = valence * 0.7;
      }
    }
  }

  // A borrowed lexicon of the same language counts in full, over the other language's words.
  for (const [word, valence] of base) {
    const key = foldText(word);
    if (!exclude.has(key)) at(word, key).valence = valence;
  }

  // The language's own entries overwrite any fallback for the same key.
  const own = new Set<string>();
  const mine = (term: string, key: string): MutableEntry => {
    if (!own.has(key)) {
      entries.set(key, blank(term));
      own.add(key);
    }
    return at(term, key);
  };
  for (const [valence, list] of source.valence) for (const { term, key } of terms(list)) mine(term, key).valence = valence;
  for (const [scope, list] of source.negators) for (const { term, key } of terms(list)) mine(term, key).negScope = scope;
  for (const [valence, list] of source.negatedOnly) for (const { term, key } of terms(list)) mine(term, key).negated = valence;
  for (const [mult, list] of source.intensifiers) for (const { term, key } of terms(list)) mine(term, key).mult = mult;
  for (const { term, key } of terms(source.contrast)) mine(term, key).contrast = 'but';
  for (const { term, key } of terms(source.concession)) mine(term, key).contrast = 'though';
  for (const { term, key } of terms(source.persistence)) mine(term, key).persistence = true;
  for (const { term, key } of terms(source.discourse ?? '')) mine(term, key).opener = 'discourse';
  for (const { term, key } of terms(source.greetings ?? '')) mine(term, key).opener = 'greeting';
  for (const { term, key } of terms(source.courtesy ?? '')) mine(term, key).courtesy = true;

  const words = new Map<string, LexEntry>();
  const phraseLists = new Map<string, LexPhrase[]>();
  for (const [key, entry] of entries) {
    const parts = key.split(' ');
    if (parts.length === 1) {
      words.set(key, entry);
    } else {
      const list = phraseLists.get(parts[0]) ?? [];
      list.push({ words: parts, entry });
      phraseLists.set(parts[0], list);
    }
  }
  for (const list of phraseLists.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { words, phrases: phraseLists };
}

/** Parses "word<TAB>valence" lines (a borrowed lexicon such as VADER's), leaving out `skip`. */
export function parseValenceTable(table: string, skip: readonly string[] = []): Map<string, number> {
  const skipped = new Set(skip);
  const out = new Map<string, number>();
  for (const line of table.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const word = line.slice(0, tab);
    const valence = Number(line.slice(tab + 1));
    if (!skipped.has(word) && Number.isFinite(valence)) out.set(word, valence);
  }
  return out;
}

/** Every folded word a lexicon mentions, so the tokenizer can resolve elongations against it. */
export function lexiconWords(source: LexiconSource): string[] {
  const out: string[] = [];
  const lists = [
    ...source.valence.map(([, l]) => l),
    ...source.negators.map(([, l]) => l),
    ...source.negatedOnly.map(([, l]) => l),
    ...source.intensifiers.map(([, l]) => l),
    source.contrast,
    source.concession,
    source.persistence,
  ];
  for (const list of lists) for (const { key } of terms(list)) out.push(...key.split(' '));
  return out;
}
