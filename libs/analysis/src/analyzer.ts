import type { Enrichment } from '@escucha/core';
import { ValidationError } from '@escucha/core';
import { compileEntities, defaultBrands, type BrandConfig } from './entities';
import { INTENTS, intentQueries, resolveIntents, type Intent } from './intents';
import { baseLanguage, DEFAULT_LANGUAGES, detectFromTokens, detectorWords } from './language.detector';
import { compileLexicon, lexiconWords, type CompiledLexicon } from './lexicon';
import { LEXICON_EN } from './lexicon.en';
import { LEXICON_ES } from './lexicon.es';
import type { SentimentSignals } from './model/features';
import { explainSentiment, predictSentiment, type ModelContribution, type SentimentModel } from './model/model';
import { scoreSentiment, type SentimentTerm } from './sentiment';
import { EN_FUNCTION_WORDS, ES_FUNCTION_WORDS, STOPWORDS } from './stopwords';
import { POST_LANGUAGE, QueryMatcher, type MatcherQuery } from './taxonomy.compiler';
import { ANY_LANGUAGE, defaultTaxonomy, parseTaxonomy, taxonomyQueries, type Taxonomy } from './taxonomy';
import type { QueryNode } from './taxonomy.query';
import { foldText } from './text.normalizer';
import { tokenize, type Vocabulary } from './text.tokenizer';

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
  readonly languages: readonly string[];
  readonly taxonomy: Taxonomy;
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
  | { readonly kind: 'intent'; readonly id: Intent }
  | { readonly kind: 'entity'; readonly id: string; readonly brand: boolean };

const SOURCES = { es: LEXICON_ES, en: LEXICON_EN } as const;
type LexiconLanguage = keyof typeof SOURCES;

function isLexiconLanguage(lang: string): lang is LexiconLanguage {
  return lang === 'es' || lang === 'en';
}

const compiled = new Map<LexiconLanguage, CompiledLexicon>();

/** Compiled once per process: every analyzer shares the same read-only tables. */
function lexiconFor(lang: LexiconLanguage): CompiledLexicon {
  let lex = compiled.get(lang);
  if (!lex) {
    const other: LexiconLanguage = lang === 'es' ? 'en' : 'es';
    // The other language's function words must not leak in as content ("sin" is no sin in Spanish).
    const own = new Set((lang === 'es' ? ES_FUNCTION_WORDS : EN_FUNCTION_WORDS).map(foldText));
    lex = compileLexicon(SOURCES[lang], [SOURCES[other]], own);
    compiled.set(lang, lex);
  }
  return lex;
}

let baseVocabulary: Set<string> | undefined;

function vocabulary(extra: Iterable<string>): Vocabulary {
  baseVocabulary ??= new Set([
    ...lexiconWords(LEXICON_ES),
    ...lexiconWords(LEXICON_EN),
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
  const entities = compileEntities(opts.brands ?? defaultBrands);
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

  /** Tokens, language and the lexicon's verdict (with its terms when the model or a person needs them). */
  const read = (input: AnalysisInput, terms?: SentimentTerm[]) => {
    const text = tokenize(typeof input.text === 'string' ? input.text : '', known);
    const given = typeof input.lang === 'string' && input.lang !== '' ? baseLanguage(input.lang) : undefined;
    const lang = given !== undefined && lexicons.has(given) ? given : detectFromTokens(text, languages);
    const lexicon = lexicons.get(lang) ?? lexiconFor(fallbackLexicon);
    const result = scoreSentiment(text, lexicon, terms);
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
    let sentiment: Enrichment['sentiment'];
    if (model === undefined) {
      let result: ReturnType<typeof read>['result'];
      ({ text, lang, result } = read(input, terms));
      sentiment = result.sentiment;
    } else {
      const signals = signalsOf(input);
      ({ text, lang } = signals);
      if (terms) terms.push(...signals.lexicon.terms);
      if (explained) {
        const why = explainSentiment(model, signals);
        sentiment = why.sentiment;
        explained.model = { version: model.info.version, probabilities: why.probabilities, contributions: why.contributions };
      } else {
        sentiment = predictSentiment(model, signals).sentiment;
      }
    }

    const topics: string[] = [];
    const entityIds: string[] = [];
    const matched = new Set<Intent>();
    let mentionsBrand = false;
    for (const tag of matcher.match(text.tokens, lang)) {
      if (tag.kind === 'topic') {
        if (topics[topics.length - 1] !== tag.id && topicApplies(tag.id, tag.lang, lang)) topics.push(tag.id);
      } else if (tag.kind === 'intent') {
        matched.add(tag.id);
      } else {
        entityIds.push(tag.id);
        if (tag.brand) mentionsBrand = true;
      }
    }
    const intents = resolveIntents({ matched, sentiment, topics, mentionsBrand, questionMarks: text.questions });
    return { lang, sentiment, topics, intents, entities: entityIds };
  };

  return {
    languages,
    taxonomy,
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
    explain: (input) => {
      const terms: SentimentTerm[] = [];
      const explained: { model?: Explanation['model'] } = {};
      const enrichment = run(input, terms, explained);
      const sentimentTerms = terms.map((t) => ({ term: t.term, weight: Math.round(t.weight * 1000) / 1000 }));
      return explained.model ? { enrichment, sentimentTerms, model: explained.model } : { enrichment, sentimentTerms };
    },
  };
}
