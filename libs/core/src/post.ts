/** Where a post came from. Social sources are public; internal ones are the company's own channels. */
export const SOCIAL_SOURCES = ['x', 'mastodon', 'bluesky', 'facebook', 'instagram', 'reddit', 'news'] as const;
export const INTERNAL_SOURCES = ['callcenter', 'forum', 'assistant', 'email', 'survey', 'chat'] as const;
export const SOURCES = [...SOCIAL_SOURCES, ...INTERNAL_SOURCES] as const;
export type Source = (typeof SOURCES)[number];
export type ChannelKind = 'social' | 'internal';

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export interface Sentiment {
  label: SentimentLabel;
  /** -1 (most negative) .. 1 (most positive). */
  score: number;
}

export interface Author {
  id: string;
  handle: string;
  name?: string;
  followers?: number;
  location?: string;
  /** The author's own description of themselves (X's `description`), when the source gives one. */
  bio?: string;
}

export interface PostMetrics {
  likes?: number;
  reposts?: number;
  replies?: number;
}

/** A post as a connector or API client hands it in, before enrichment. */
export interface PostInput {
  /** The id native to the source; the stored id is `source:id`. */
  id: string;
  source: Source;
  text: string;
  /** ISO-8601 timestamp. */
  createdAt: string;
  author: Author;
  lang?: string;
  url?: string;
  metrics?: PostMetrics;
  customerId?: string;
  campaign?: string;
}

/**
 * What a post says about one of its topics: "La señal anda bárbaro pero me cobraron de más"
 * is positive on coverage and negative on billing. `entity` is set when the topic is about
 * a competitor the post names ("todo bien, mientras @PampaTel tiene una caída"), which then
 * is not among the post's own topics.
 */
export interface Aspect {
  topic: string;
  sentiment: SentimentLabel;
  entity?: string;
}

/**
 * A person's topics keep what the text said about each topic the analysis also found; a topic
 * the person added takes the post's sentiment; topics given to competitors stay as they were.
 */
export function aspectsForTopics(topics: readonly string[], before: readonly Aspect[], sentiment: SentimentLabel): Aspect[] {
  const ours = new Map(before.filter((a) => a.entity === undefined).map((a) => [a.topic, a.sentiment]));
  return [...topics.map((topic) => ({ topic, sentiment: ours.get(topic) ?? sentiment })), ...before.filter((a) => a.entity !== undefined)];
}

/**
 * How stores keep an aspect, one keyword per aspect so counting "topic:label" pairs is a
 * plain breakdown: "billing:negative", or "outage:negative@pampatel" for a competitor's.
 */
export function aspectKey(aspect: Aspect): string {
  return aspect.entity === undefined ? `${aspect.topic}:${aspect.sentiment}` : `${aspect.topic}:${aspect.sentiment}@${aspect.entity}`;
}

/** The aspect an `aspectKey` names; undefined for anything else. */
export function parseAspectKey(key: string): Aspect | undefined {
  const match = /^([^:@]+):(negative|neutral|positive)(?:@(.+))?$/.exec(key);
  if (!match) return undefined;
  const aspect: Aspect = { topic: match[1], sentiment: match[2] as SentimentLabel };
  if (match[3] !== undefined) aspect.entity = match[3];
  return aspect;
}

/** What analysis adds to a post. */
export interface Enrichment {
  lang: string;
  sentiment: Sentiment;
  topics: string[];
  intents: string[];
  entities: string[];
  /** One per topic in `topics` (same order), then topics given to competitors; absent on posts analysed before aspects existed. */
  aspects?: Aspect[];
}

/** A stored, enriched post. */
export interface Post extends Enrichment {
  /** `source:nativeId`. */
  id: string;
  nativeId: string;
  source: Source;
  channel: ChannelKind;
  url?: string;
  text: string;
  createdAt: Date;
  ingestedAt: Date;
  author: Author;
  customerId?: string;
  metrics: Required<PostMetrics>;
  campaign?: string;
  /**
   * Region ids (see REGION_NAMES in @escucha/alerts) worked out once from the text and the author's
   * location when the post is ingested; absent on posts stored before regions were kept.
   */
  regions?: string[];
}

export function channelOf(source: Source): ChannelKind {
  return (INTERNAL_SOURCES as readonly string[]).includes(source) ? 'internal' : 'social';
}

export function postId(source: string, nativeId: string): string {
  return `${source}:${nativeId}`;
}

export function isSource(value: unknown): value is Source {
  return typeof value === 'string' && (SOURCES as readonly string[]).includes(value);
}

/** Builds the stored post from the input and its enrichment. */
export function toPost(input: PostInput, enrichment: Enrichment, ingestedAt: Date): Post {
  return {
    id: postId(input.source, input.id),
    nativeId: input.id,
    source: input.source,
    channel: channelOf(input.source),
    url: input.url,
    text: input.text,
    createdAt: new Date(input.createdAt),
    ingestedAt,
    author: input.author,
    customerId: input.customerId,
    metrics: {
      likes: input.metrics?.likes ?? 0,
      reposts: input.metrics?.reposts ?? 0,
      replies: input.metrics?.replies ?? 0,
    },
    campaign: input.campaign,
    ...enrichment,
  };
}

/** Stands in for a record that did not parse (an NDJSON line, a CSV row), so it is rejected at its place like any bad record. */
export class MalformedRecord {
  constructor(readonly error: string) {}
}
