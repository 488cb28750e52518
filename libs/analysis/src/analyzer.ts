import type { Aspect, Enrichment, SentimentLabel } from '@escucha/core';
import { ONE_WORD_PLACES, ValidationError } from '@escucha/core';
import { compileEntities, defaultBrands, type BrandConfig } from './entities';
import { INTENTS, intentQueries, resolveIntents, type Cue, type Intent } from './intents';
import { baseLanguage, DEFAULT_LANGUAGES, detectFromTokens, detectorWords } from './language.detector';
import { compileLexicon, lexiconWords, parseValenceTable, type CompiledLexicon } from './lexicon';
import { LEXICON_EN } from './lexicon.en';
import { VADER_BOOSTERS, VADER_EN, VADER_IDIOMS, VADER_SKIPPED } from './lexicon.en.vader';
import { LEXICON_ES } from './lexicon.es';
import type { SentimentSignals } from './model/features';
import { explainSentiment, predictIntents, predictSentiment, type ModelContribution, type SentimentModel } from './model/model';
import { ENGLISH_SENTIMENT_RULES, scoreSentiment, SENTIMENT_RULES, type SentimentTerm } from './sentiment';
import { EN_FUNCTION_WORDS, ES_FUNCTION_WORDS, STOPWORDS } from './stopwords';
import { POST_LANGUAGE, QueryMatcher, type MatcherQuery } from './taxonomy.compiler';
import { ANY_LANGUAGE, defaultTaxonomy, parseTaxonomy, taxonomyQueries, type Taxonomy } from './taxonomy';
import type { QueryNode } from './taxonomy.query';
import { foldText } from './text.normalizer';
import { tokenize, type Token, type Vocabulary } from './text.tokenizer';

export interface AnalysisInput {
  text: string;
  /** Trusted when it is one of the configured languages ("es-AR" counts as "es"). */
  lang?: string;
}

export interface Explanation {
  readonly enrichment: Enrichment;
  /** The terms that moved the sentiment, in text order, with their final weights. */
  readonly sentimentTerms: readonly SentimentTerm[];
  /**
   * When a trained model decided the sentiment: its version, class probabilities and the
   * features that pushed hardest toward its label. `sentimentTerms` are then the lexicon's
   * view, one of the model's inputs.
   */
  readonly model?: {
    readonly version: number;
    readonly probabilities: Readonly<Record<string, number>>;
    readonly contributions: readonly ModelContribution[];
  };
}

/** What an analyzer can emit, for filters and legends in the UI. */
export interface AnalyzerDescription {
  readonly taxonomy: { readonly id: string; readonly version: number };
  /** Topic ids in taxonomy order. */
  readonly topics: string[];
  readonly intents: string[];
  readonly languages: string[];
  /** Brand first, then competitors. */
  readonly entities: string[];
  /** The trained sentiment model in use, if any. */
  readonly sentimentModel?: { readonly version: number; readonly createdAt: string; readonly trainingSize: number };
}

export interface Analyzer {
  analyze(input: AnalysisInput): Enrichment;
  analyzeBatch(inputs: readonly AnalysisInput[]): Enrichment[];
  /** Same result as `analyze`, plus why. Slower; for people, not pipelines. */
  explain(input: AnalysisInput): Explanation;
  describe(): AnalyzerDescription;
  /**
   * Words "top terms" lists leave out: function words in both languages and the brand's own
   * names (every post about it says them), lower-case, with and without accents.
   */
  skippedTerms(): ReadonlySet<string>;
  readonly languages: readonly string[];
  readonly taxonomy: Taxonomy;
  /** The brand and competitors it finds, so a rebuilt analyser (new taxonomy or model) keeps them. */
  readonly brands: BrandConfig;
}

export interface AnalyzerOptions {
  taxonomy?: Taxonomy;
  /** Languages posts can be in; the first one is the default when a post gives no clue. */
  languages?: readonly string[];
  brands?: BrandConfig;
  /**
   * A model trained on the deployment's own labels. When given, it decides sentiment (it
   * reads the lexicon's verdict among its features); topics, intents and entities stay
   * rule-based.
   */
  sentimentModel?: SentimentModel;
}

/** What training needs from an analyzer: the exact signals `analyze` feeds the model. */
export interface SentimentSignalSource {
  sentimentSignals(input: AnalysisInput): SentimentSignals;
}

type Tag =
  | { readonly kind: 'topic'; readonly id: string; readonly lang: string }
  | { readonly kind: 'intent'; readonly id: Intent | Cue }
  | { readonly kind: 'entity'; readonly id: string; readonly brand: boolean };

/** English takes VADER's boosters under its own intensifiers (later entries win). */
const SOURCES = { es: LEXICON_ES, en: { ...LEXICON_EN, intensifiers: [...VADER_BOOSTERS, ...LEXICON_EN.intensifiers] } } as const;

/** Punctuation that ends a clause, for sentiment per topic and who a topic is about. */
const CLAUSE_PUNCT = new Set(['.', '!', '?', ';', '…', '¡', '¿', ',', ':', '(', ')', '|']);
/** Words that set one subject against another ("todo perfecto mientras @PampaTel tiene una caída"). */
const CLAUSE_WORDS = new Set(['mientras', 'while', 'whereas', 'unlike', 'meanwhile']);
type LexiconLanguage = keyof typeof SOURCES;

function isLexiconLanguage(lang: string): lang is LexiconLanguage {
  return lang === 'es' || lang === 'en';
}

const compiled = new Map<LexiconLanguage, CompiledLexicon>();
let vader: Map<string, number> | undefined;
/** VADER's word valences (lexicon.en.vader.ts): English only, under this project's own entries. */
function vaderWords(): Map<string, number> {
  vader ??= new Map([...parseValenceTable(VADER_EN, VADER_SKIPPED), ...VADER_IDIOMS]);
  return vader;
}

/** Compiled once per process: every analyzer shares the same read-only tables. */
function lexiconFor(lang: LexiconLanguage): CompiledLexicon {
  let lex = compiled.get(lang);
  if (!lex) {
    const other: LexiconLanguage = lang === 'es' ? 'en' : 'es';
    // The other language's function words must not leak in as content ("sin" is no sin in Spanish),
    // nor its words that are Spanish-speaking places ("Morón" is no moron): the gazetteer's places
    // are where the Spanish posts are.
    const own = new Set((lang === 'es' ? [...ES_FUNCTION_WORDS, ...ONE_WORD_PLACES] : EN_FUNCTION_WORDS).map(foldText));
    lex = compileLexicon(SOURCES[lang], [SOURCES[other]], own, lang === 'en' ? vaderWords() : undefined);
    if (lang === 'en') lex = { ...lex, rules: ENGLISH_SENTIMENT_RULES };
    compiled.set(lang, lex);
  }
  return lex;
}

let baseVocabulary: Set<string> | undefined;

function vocabulary(extra: Iterable<string>): Vocabulary {
  baseVocabulary ??= new Set([
    ...lexiconWords(LEXICON_ES),
    ...lexiconWords(LEXICON_EN),
    ...vaderWords().keys(),
    ...detectorWords(),
    ...[...STOPWORDS].map(foldText),
  ]);
  const words = new Set(baseVocabulary);
  for (const w of extra) words.add(w);
  return (w) => words.has(w);
}

function queryWords(node: QueryNode, out: string[]): void {
  switch (node.op) {
    case 'term':
      for (const w of node.words) if (!w.prefix) out.push(w.text);
      return;
    case 'and':
    case 'or':
    case 'near':
      for (const item of node.items) queryWords(item, out);
      return;
    case 'not':
      queryWords(node.item, out);
  }
}

/**
 * A post that names an account ("@united my bag…", "broken zipper, great quality @UrbanThreads")
 * speaks to it: on social networks that is how customers reach a company.
 */
function addressed(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (tokens[i].kind === 'mention') return true;
  return false;
}

function normaliseLanguages(languages: readonly string[] | undefined): string[] {
  const list = (languages ?? DEFAULT_LANGUAGES).map(baseLanguage);
  if (list.length === 0) throw new ValidationError('analysis: "languages" must list at least one language');
  for (const lang of list) {
    if (!/^[a-z]{2,3}$/.test(lang)) throw new ValidationError(`analysis: "${lang}" is not a language code like "es" or "en"`);
  }
  return [...new Set(list)];
}

/**
 * Builds an analyzer: the taxonomy, intents and brands are compiled into one matcher and
 * the lexicons into lookup tables, once. `analyze` is then pure and synchronous: one
 * tokenization shared by language detection, sentiment, topics, intents and entities.
 */
export function createAnalyzer(opts: AnalyzerOptions = {}): Analyzer & SentimentSignalSource {
  const languages = normaliseLanguages(opts.languages);
  const taxonomy = opts.taxonomy === undefined || opts.taxonomy === defaultTaxonomy ? defaultTaxonomy : parseTaxonomy(opts.taxonomy);
  const brands = opts.brands ?? defaultBrands;
  const entities = compileEntities(brands);
  const skipped = new Set(STOPWORDS);
  for (const text of [brands.brand.name, ...(brands.brand.aliases ?? []), ...(brands.brand.handles ?? [])]) {
    const lower = text.replace(/^@/, '').toLowerCase();
    for (const word of [lower, ...lower.split(/[^\p{L}\p{N}]+/u), lower.replace(/[^\p{L}\p{N}]+/gu, '')]) {
      if (word === '') continue;
      skipped.add(word);
      skipped.add(foldText(word));
    }
  }
  const groupQueries = taxonomyQueries(taxonomy);

  // Topic queries are stemmed in their own language ("*" ones in the post's); intents and
  // brands are written as exact forms and stay exact.
  const queries: MatcherQuery<Tag>[] = [
    ...groupQueries.map((q) => ({
      tag: { kind: 'topic', id: q.group, lang: q.lang } as const,
      root: q.root,
      stem: q.lang === ANY_LANGUAGE ? POST_LANGUAGE : q.lang,
    })),
    ...intentQueries(entities).map((q) => ({ tag: { kind: 'intent', id: q.intent } as const, root: q.root })),
    ...entities.map((e) => ({ tag: { kind: 'entity', id: e.id, brand: e.role === 'brand' } as const, root: e.root })),
  ];
  const matcher = new QueryMatcher<Tag>(queries);

  const extraWords: string[] = [];
  for (const q of queries) queryWords(q.root, extraWords);
  const known = vocabulary(extraWords);

  // Which query languages a group has, to know when a post's language has none and all apply.
  const groupLangs = new Map<string, Set<string>>();
  for (const q of groupQueries) {
    const set = groupLangs.get(q.group) ?? new Set<string>();
    set.add(q.lang);
    groupLangs.set(q.group, set);
  }
  const topicApplies = (id: string, queryLang: string, postLang: string): boolean => {
    if (queryLang === ANY_LANGUAGE || queryLang === postLang) return true;
    const langs = groupLangs.get(id);
    return langs !== undefined && !langs.has(postLang) && !langs.has(ANY_LANGUAGE);
  };

  const fallbackLexicon = languages.find(isLexiconLanguage) ?? 'es';
  const lexicons = new Map<string, CompiledLexicon>(
    languages.map((lang) => [lang, lexiconFor(isLexiconLanguage(lang) ? lang : fallbackLexicon)]),
  );

  const model = opts.sentimentModel;

  // Per-token sentiment weights of the post being analysed, reused across posts (analyze is synchronous).
  let local = new Float64Array(256);

  /** Tokens, language and the lexicon's verdict (with its terms when the model or a person needs them). */
  const read = (input: AnalysisInput, terms?: SentimentTerm[]) => {
    const text = tokenize(typeof input.text === 'string' ? input.text : '', known);
    const given = typeof input.lang === 'string' && input.lang !== '' ? baseLanguage(input.lang) : undefined;
    const lang = given !== undefined && lexicons.has(given) ? given : detectFromTokens(text, languages);
    const lexicon = lexicons.get(lang) ?? lexiconFor(fallbackLexicon);
    if (local.length < text.tokens.length) local = new Float64Array(text.tokens.length * 2);
    else local.fill(0, 0, text.tokens.length);
    const result = scoreSentiment(text, lexicon, terms, local);
    return { text, lang, lexicon, result };
  };

  const signalsOf = (input: AnalysisInput): SentimentSignals & { readonly lexicon: { readonly terms: SentimentTerm[] } } => {
    const terms: SentimentTerm[] = [];
    const { text, lang, lexicon, result } = read(input, terms);
    let negators = 0;
    for (const t of text.tokens) {
      const entry = t.kind === 'word' ? lexicon.words.get(t.norm) : undefined;
      if (entry !== undefined && entry.negScope > 0 && entry.valence === 0 && entry.negated === 0) negators++;
    }
    return { lang, text, lexicon: { score: result.sentiment.score, total: result.total, terms, negators } };
  };

  /** `explained` receives the model's view when a model decides and someone asked why. */
  const run = (input: AnalysisInput, terms?: SentimentTerm[], explained?: { model?: Explanation['model'] }): Enrichment => {
    let text: ReturnType<typeof read>['text'];
    let lang: string;
    let lexicon: CompiledLexicon;
    let sentiment: Enrichment['sentiment'];
    let taught: Map<string, boolean> | undefined;
    if (model === undefined) {
      let result: ReturnType<typeof read>['result'];
      ({ text, lang, lexicon, result } = read(input, terms));
      sentiment = result.sentiment;
    } else {
      const signals = signalsOf(input);
      ({ text, lang } = signals);
      lexicon = lexicons.get(lang) ?? lexiconFor(fallbackLexicon);
      if (model.intents !== undefined) taught = predictIntents(model, signals);
      if (terms) terms.push(...signals.lexicon.terms);
      if (explained) {
        const why = explainSentiment(model, signals);
        sentiment = why.sentiment;
        explained.model = { version: model.info.version, probabilities: why.probabilities, contributions: why.contributions };
      } else {
        sentiment = predictSentiment(model, signals).sentiment;
      }
    }

    const tags = matcher.match(text.tokens, lang);
    const tokens = text.tokens;
    // Clauses are needed only when a topic or an intent might belong to a competitor or carry its own sentiment.
    let clauses: Int32Array | undefined;
    let mentionsCompetitor = false;
    for (const tag of tags) if (tag.kind === 'entity' && !tag.brand) mentionsCompetitor = true;

    const topics: string[] = [];
    const topicAt: number[] = [];
    const theirs: Aspect[] = [];
    const theirAt: number[] = [];
    const entityIds: string[] = [];
    const matched = new Set<Intent | Cue>();
    let mentionsBrand = false;
    for (let k = 0; k < tags.length; k++) {
      const tag = tags[k];
      if (tag.kind === 'entity') {
        entityIds.push(tag.id);
        if (tag.brand) mentionsBrand = true;
        continue;
      }
      let owner: string | undefined;
      if (mentionsCompetitor) {
        clauses ??= clausesOf(tokens, lexicon);
        owner = competitorOwning(tags, matcher.anchor(k), clauses);
      }
      if (tag.kind === 'topic') {
        if (topics[topics.length - 1] === tag.id || !topicApplies(tag.id, tag.lang, lang)) continue;
        if (owner === undefined) {
          if (!topics.includes(tag.id)) {
            topics.push(tag.id);
            topicAt.push(matcher.anchor(k));
          }
        } else if (!theirs.some((a) => a.topic === tag.id && a.entity === owner)) {
          theirs.push({ topic: tag.id, sentiment: 'neutral', entity: owner });
          theirAt.push(matcher.anchor(k));
        }
      } else if (owner === undefined) {
        matched.add(tag.id);
      }
    }
    let intents = resolveIntents({ matched, sentiment, topics, mentionsBrand, addressed: addressed(tokens), questionMarks: text.questions });
    // Intents the deployment taught its model are the model's call; the rules keep the others.
    if (taught !== undefined && taught.size > 0) {
      intents = INTENTS.filter((intent) => (taught.has(intent) ? taught.get(intent) : intents.includes(intent)));
    }
    if (topics.length === 0 && theirs.length === 0) return { lang, sentiment, topics, intents, entities: entityIds };
    const inClauses = clauses ?? clausesOf(tokens, lexicon);
    // A clause that says nothing takes the post's verdict only when the post is about that one topic.
    const silent = topics.length + theirs.length === 1 ? sentiment.label : 'neutral';
    const aspects: Aspect[] = topics.map((topic, i) => ({ topic, sentiment: clauseSentiment(topicAt[i], inClauses, tokens.length, silent, lexicon) }));
    theirs.forEach((aspect, i) => aspects.push({ ...aspect, sentiment: clauseSentiment(theirAt[i], inClauses, tokens.length, silent, lexicon) }));
    return { lang, sentiment, topics, intents, entities: entityIds, aspects };
  };

  // Clause index per token, reused like `local`.
  let clauseScratch = new Int32Array(256);

  /** Words that open a new clause in a lexicon's language: its contrast words and CLAUSE_WORDS. */
  const splitterSets = new Map<CompiledLexicon, Set<string>>();
  const splitters = (lexicon: CompiledLexicon): Set<string> => {
    let set = splitterSets.get(lexicon);
    if (set === undefined) {
      set = new Set(CLAUSE_WORDS);
      for (const [word, entry] of lexicon.words) if (entry.contrast !== 'none') set.add(word);
      splitterSets.set(lexicon, set);
    }
    return set;
  };

  /** Clause index of each token: sentences, clause punctuation and contrast words ("pero", "but", "mientras") split. */
  const clausesOf = (tokens: readonly Token[], lexicon: CompiledLexicon): Int32Array => {
    if (clauseScratch.length < tokens.length) clauseScratch = new Int32Array(tokens.length * 2);
    let clause = 0;
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token.kind === 'punct') {
        if (CLAUSE_PUNCT.has(token.norm)) clause++;
      } else if (token.kind === 'word' && splitters(lexicon).has(token.norm)) {
        clause++;
      }
      clauseScratch[i] = clause;
    }
    return clauseScratch;
  };

  /**
   * What the clause around `at` says, from the lexicon weights there; a clause that says
   * nothing gets `silent` ("Horrible, la factura de este mes" says it in the other clause).
   */
  const clauseSentiment = (at: number, clauses: Int32Array, n: number, post: SentimentLabel, lexicon: CompiledLexicon): SentimentLabel => {
    if (at < 0) return post;
    const clause = clauses[at];
    let start = at;
    while (start > 0 && clauses[start - 1] === clause) start--;
    let sum = 0;
    for (let i = start; i < n && clauses[i] === clause; i++) sum += local[i];
    if (sum === 0) return post;
    // The post's language's band: a clause is judged like a short post.
    const rules = lexicon.rules ?? SENTIMENT_RULES;
    const score = sum / Math.sqrt(sum * sum + rules.alpha);
    return score >= rules.positiveThreshold ? 'positive' : score <= -rules.threshold ? 'negative' : 'neutral';
  };

  /** The competitor a topic or intent at `at` is about: the nearest entity named before it in its clause, when a competitor. */
  const competitorOwning = (tags: readonly Tag[], where: number, clauses: Int32Array): string | undefined => {
    if (where < 0) return undefined;
    let best = -1;
    let owner: string | undefined;
    for (let k = 0; k < tags.length; k++) {
      const tag = tags[k];
      if (tag.kind !== 'entity') continue;
      const p = matcher.anchor(k);
      if (p < 0 || p >= where || p <= best || clauses[p] !== clauses[where]) continue;
      best = p;
      owner = tag.brand ? undefined : tag.id;
    }
    return owner;
  };

  return {
    languages,
    taxonomy,
    brands,
    analyze: (input) => run(input),
    analyzeBatch: (inputs) => inputs.map((input) => run(input)),
    describe: () => ({
      taxonomy: { id: taxonomy.id, version: taxonomy.version },
      topics: taxonomy.groups.map((g) => g.id),
      intents: [...INTENTS],
      languages: [...languages],
      entities: entities.map((e) => e.id),
      ...(model
        ? { sentimentModel: { version: model.info.version, createdAt: model.info.createdAt, trainingSize: model.info.trainingSize } }
        : {}),
    }),
    sentimentSignals: (input) => signalsOf(input),
    skippedTerms: () => skipped,
    explain: (input) => {
      const terms: SentimentTerm[] = [];
      const explained: { model?: Explanation['model'] } = {};
      const enrichment = run(input, terms, explained);
      const sentimentTerms = terms.map((t) => ({ term: t.term, weight: Math.round(t.weight * 1000) / 1000 }));
      return explained.model ? { enrichment, sentimentTerms, model: explained.model } : { enrichment, sentimentTerms };
    },
  };
}
