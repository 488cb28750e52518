import { aspectKey, parseAspectKey, ValidationError, type ChannelKind, type Post, type SentimentLabel, type Source } from '@escucha/core';
import type { estypes } from '@elastic/elasticsearch';
import type { PostFacts } from '../post-store.port';
import { termsOf } from '../post-terms';
import { foldText } from '../query-arguments';

/**
 * A post as stored in Elasticsearch: the post's own fields, dates as ISO strings, plus two
 * fields computed once at write time (the same two DuckDB computes into columns), so that no
 * query has to analyse text at read time and both drivers agree on what a word is.
 */
export interface PostDocument {
  id: string;
  nativeId: string;
  source: string;
  channel: string;
  url?: string;
  text: string;
  lang: string;
  createdAt: string;
  ingestedAt: string;
  author: { id: string; handle: string; name?: string; followers?: number; location?: string; bio?: string };
  customerId?: string;
  sentiment: { label: string; score: number };
  topics: string[];
  /** aspectKey of each of the post's aspects. */
  aspects?: string[];
  intents: string[];
  entities: string[];
  metrics: { likes: number; reposts: number; replies: number };
  campaign?: string;
  /** Absent on documents written before regions were kept. */
  regions?: string[];
  /** The text folded (lower case, no accents) and split into words, joined by spaces: what `q` matches. */
  words: string;
  /** Distinct lower-cased words of 3+ letters, accents kept, without URLs and @handles: what topTerms counts. */
  terms: string[];
}

/** Fields only the driver reads; never handed back as part of a Post. */
export const DERIVED_FIELDS = ['words', 'terms'] as const;

const QUERY_WORD = /[\p{L}\p{N}]+/gu;

/** Split exactly as `queryWords` splits `q`, so a word of `q` is a whole token here. */
export function wordsOf(text: string): string {
  return (foldText(text).match(QUERY_WORD) ?? []).join(' ');
}

/** Checks what the mapping would otherwise reject item by item (or, worse, coerce), naming the post. */
export function toDocument(post: Post): PostDocument {
  const problem = (what: string): ValidationError => new ValidationError(`post ${String(post?.id)}: ${what}`);
  const text = (name: string, value: unknown, required: boolean): string | undefined => {
    if (value === undefined || value === null) {
      if (required) throw problem(`${name} is missing`);
      return undefined;
    }
    return String(value);
  };
  const date = (name: string, value: unknown): string => {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw problem(`${name} is not a valid date`);
    return value.toISOString();
  };
  const integer = (name: string, value: unknown, required: boolean): number | undefined => {
    if (value === undefined || value === null) {
      if (required) throw problem(`${name} is missing`);
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw problem(`${name} must be an integer, got ${String(value)}`);
    return value;
  };
  const list = (name: string, value: unknown): string[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw problem(`${name} must be a list`);
    return value.map(String);
  };
  if (!post || typeof post !== 'object') throw new ValidationError('a post must be an object');
  if (!post.author || typeof post.author !== 'object') throw problem('author is missing');
  if (!post.sentiment || typeof post.sentiment !== 'object') throw problem('sentiment is missing');
  if (typeof post.sentiment.score !== 'number' || !Number.isFinite(post.sentiment.score)) {
    throw problem('sentiment.score must be a finite number');
  }
  const body = text('text', post.text, true)!;
  const author: PostDocument['author'] = {
    id: text('author.id', post.author.id, true)!,
    handle: text('author.handle', post.author.handle, true)!,
  };
  defined(author, 'name', text('author.name', post.author.name, false));
  defined(author, 'followers', integer('author.followers', post.author.followers, false));
  defined(author, 'location', text('author.location', post.author.location, false));
  defined(author, 'bio', text('author.bio', post.author.bio, false));
  const document: PostDocument = {
    id: text('id', post.id, true)!,
    nativeId: text('nativeId', post.nativeId, true)!,
    source: text('source', post.source, true)!,
    channel: text('channel', post.channel, true)!,
    text: body,
    lang: text('lang', post.lang, true)!,
    createdAt: date('createdAt', post.createdAt),
    ingestedAt: date('ingestedAt', post.ingestedAt),
    author,
    sentiment: { label: text('sentiment.label', post.sentiment.label, true)!, score: post.sentiment.score },
    topics: list('topics', post.topics),
    intents: list('intents', post.intents),
    entities: list('entities', post.entities),
    metrics: {
      likes: integer('likes', post.metrics?.likes, true)!,
      reposts: integer('reposts', post.metrics?.reposts, true)!,
      replies: integer('replies', post.metrics?.replies, true)!,
    },
    words: wordsOf(body),
    terms: termsOf(body),
  };
  if (post.aspects !== undefined && post.aspects !== null) {
    if (!Array.isArray(post.aspects)) throw problem('aspects must be a list');
    document.aspects = post.aspects.map(aspectKey);
  }
  if (post.regions !== undefined && post.regions !== null) {
    if (!Array.isArray(post.regions)) throw problem('regions must be a list');
    document.regions = post.regions.map(String);
  }
  defined(document, 'url', text('url', post.url, false));
  defined(document, 'customerId', text('customerId', post.customerId, false));
  defined(document, 'campaign', text('campaign', post.campaign, false));
  return document;
}

/** The author as stored, absent optional fields left out (a null in _source is absent too). */
export function authorOf(stored: PostDocument['author']): Post['author'] {
  const author: Post['author'] = { id: stored.id, handle: stored.handle };
  defined(author, 'name', stored.name);
  defined(author, 'followers', stored.followers);
  defined(author, 'location', stored.location);
  defined(author, 'bio', stored.bio);
  return author;
}

/** Absent optional fields were never written, so they come back absent (not null, not ""). */
export function fromDocument(document: PostDocument): Post {
  const author = authorOf(document.author);
  const post: Post = {
    id: document.id,
    nativeId: document.nativeId,
    source: document.source as Source,
    channel: document.channel as ChannelKind,
    text: document.text,
    lang: document.lang,
    createdAt: new Date(document.createdAt),
    ingestedAt: new Date(document.ingestedAt),
    author,
    sentiment: { label: document.sentiment.label as SentimentLabel, score: document.sentiment.score },
    topics: document.topics ?? [],
    intents: document.intents ?? [],
    entities: document.entities ?? [],
    metrics: { ...document.metrics },
  };
  // Absent on documents written before aspects existed: they have none, rather than an empty list.
  if (document.aspects !== undefined) post.aspects = document.aspects.flatMap((key) => parseAspectKey(key) ?? []);
  if (document.regions !== undefined && document.regions !== null) post.regions = [...document.regions];
  defined(post, 'url', document.url);
  defined(post, 'customerId', document.customerId);
  defined(post, 'campaign', document.campaign);
  return post;
}

/** What `facts` asks for of each document: no text, no author. */
export const FACT_FIELDS = ['id', 'createdAt', 'source', 'sentiment.label', 'topics', 'intents', 'entities', 'regions'] as const;

export type FactDocument = Pick<PostDocument, 'id' | 'createdAt' | 'source' | 'topics' | 'intents' | 'entities' | 'regions'> & {
  sentiment: { label: string };
};

export function factsOf(document: FactDocument): PostFacts {
  const facts: PostFacts = {
    id: document.id,
    createdAt: new Date(document.createdAt),
    source: document.source as Source,
    sentiment: document.sentiment.label as SentimentLabel,
    topics: document.topics ?? [],
    intents: document.intents ?? [],
    entities: document.entities ?? [],
  };
  if (document.regions !== undefined && document.regions !== null) facts.regions = [...document.regions];
  return facts;
}

function defined<T, K extends keyof T>(target: T, key: K, value: T[K] | undefined | null): void {
  if (value !== undefined && value !== null) target[key] = value;
}

/**
 * Free text of up to 1 KB, repeated on every post of its author: indexing it would grow every
 * index for a field no query or aggregation reads, so it is kept in _source only (no postings,
 * no norms, no doc values), like the other author fields. Identity linking reads it from the
 * posts it fetches; if it ever has to search bios, that is a new (sub-)field, since `index`
 * cannot be switched on for indices that already hold it.
 */
export const AUTHOR_BIO_MAPPING: estypes.MappingTextProperty = { type: 'text', index: false };

/**
 * Mapping of the monthly posts indices. `dynamic: strict`, so a field written by mistake fails
 * loudly instead of growing the mapping. Keyword fields for every filter and split; doc values
 * off where nothing sorts or aggregates on the field.
 *
 * `text` is analysed for relevance searches; with the analysis-common module (every full
 * distribution) it also gets Spanish and English sub-fields. `q` never depends on them: it
 * matches `words`, folded and split in JS at write time exactly as `queryWords` folds and splits
 * `q`, with the whitespace analyser, which is built into every Elasticsearch.
 */
export function postsMapping(languageAnalysers: boolean): estypes.MappingTypeMapping {
  const keyword = { type: 'keyword' } as const;
  const stored = { type: 'keyword', index: false, doc_values: false } as const;
  const text: estypes.MappingTextProperty = { type: 'text', analyzer: 'standard' };
  if (languageAnalysers) {
    text.fields = {
      es: { type: 'text', analyzer: 'spanish' },
      en: { type: 'text', analyzer: 'english' },
    };
  }
  return {
    dynamic: 'strict',
    properties: {
      id: keyword,
      nativeId: stored,
      source: keyword,
      channel: keyword,
      url: stored,
      text,
      lang: keyword,
      createdAt: { type: 'date' },
      ingestedAt: { type: 'date' },
      author: {
        properties: {
          id: keyword,
          handle: stored,
          name: stored,
          followers: { type: 'long', index: false },
          location: stored,
          bio: AUTHOR_BIO_MAPPING,
        },
      },
      customerId: keyword,
      sentiment: { properties: { label: keyword, score: { type: 'double' } } },
      topics: keyword,
      intents: keyword,
      entities: keyword,
      aspects: keyword,
      regions: keyword,
      metrics: { properties: { likes: { type: 'long' }, reposts: { type: 'long' }, replies: { type: 'long' } } },
      campaign: keyword,
      words: { type: 'text', analyzer: 'whitespace', norms: false, index_options: 'docs' },
      // A "word" longer than this is noise (a base64 blob, a hash), and Lucene refuses terms over 32 KB.
      terms: { type: 'keyword', ignore_above: 256 },
    },
  };
}
