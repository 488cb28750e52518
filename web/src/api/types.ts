/**
 * What the API sends over the wire. Shapes that are plain JSON in the domain are reused from
 * @escucha/core (type-only, so nothing from the server side is bundled); the ones holding
 * `Date`s in the domain are restated here with ISO strings, as JSON carries them.
 */
import type {
  AlertNotice,
  AlertRegion,
  AlertSensitivity,
  AlertState,
  Author,
  OfferReason,
  Recommendation,
  RecategorizationStatus,
  Comparison,
  DailyReport,
  DayCount,
  Delta,
  PeriodSummary,
  QueueName,
  AuthorEntry,
  CountEntry,
  Histogram,
  HistogramBucket,
  Interval,
  SearchPage,
  SentimentLabel,
  Split,
  TopicSentiment,
} from '@escucha/core';

export type { QueueName };
export type { AlertNotice, AlertRegion, AlertSensitivity, AlertState, Author, AuthorEntry, OfferReason, Recommendation, Comparison, DailyReport, DayCount, RecategorizationStatus, CountEntry, Delta, Histogram, HistogramBucket, Interval, PeriodSummary, SentimentLabel, Split, TopicSentiment };

/** A topic with how many posts mention it and what they said about it (history breakdown by topic, live window). */
export interface TopicSentimentEntry extends CountEntry {
  sentiment: TopicSentiment;
}

export const ROLES = ['admin', 'analyst', 'marketing', 'service'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  username: string;
  role: Role;
}

/** A user as an admin manages them (GET /api/v1/users). */
export interface ManagedUser extends User {
  disabled: boolean;
  createdAt: string;
}

export interface NewUser {
  username: string;
  password: string;
  role: Role;
}

/** Any of these; each signs the user out of every session. */
export interface UserChanges {
  password?: string;
  role?: Role;
  disabled?: boolean;
}

export interface LoginResponse {
  token: string;
  user: User;
}

export interface Health {
  status: 'ok' | string;
  drivers: { store: string; queue: string };
  demo: boolean;
}

export interface Meta {
  topics: string[];
  /** Display names per topic id and language; `*` is for any language. */
  topicLabels: Record<string, Record<string, string>>;
  sources: string[];
  sentiments: SentimentLabel[];
  intents: string[];
  languages: string[];
  /** Region ids the `region` filter accepts, with their display names (places are proper names: not translated). */
  regions: Array<{ id: string; name: string }>;
  /** Brand first, then competitors, as the `entity` split and filters key them. */
  entities: Array<{ id: string; name: string; role: 'brand' | 'competitor' }>;
}

export interface WirePost {
  id: string;
  source: string;
  channel: 'social' | 'internal';
  url?: string;
  text: string;
  lang: string;
  /** ISO-8601. */
  createdAt: string;
  author: Author;
  sentiment: { label: SentimentLabel; score: number };
  topics: string[];
  intents: string[];
  entities: string[];
  metrics: { likes: number; reposts: number; replies: number };
  customerId?: string;
  /** Set when an analyst corrected the sentiment or topics by hand. */
  corrected?: boolean;
}

/** A correction of a post's analysis; at least one field. `topics` is the complete new list. */
export interface PostCorrection {
  sentiment?: SentimentLabel;
  topics?: string[];
}

export type PostPage = SearchPage<WirePost>;

export interface ItemsResponse<T> {
  items: T[];
}

/** One minute of the live window. */
export interface LivePoint {
  ts: string;
  total: number;
  negative: number;
  neutral: number;
  positive: number;
}

export interface LiveUpdate {
  from: string;
  to: string;
  minutes: number;
  total: number;
  bySentiment: Partial<Record<SentimentLabel, number>>;
  byTopic: Record<string, number>;
  bySource: Record<string, number>;
  /** What the window's posts said about each topic; absent from servers older than sentiment per topic. */
  topicSentiment?: Record<string, TopicSentiment>;
  series: LivePoint[];
  /** Newest first, at most 20. */
  latest: WirePost[];
}

/** The filters every history query shares. Empty lists and strings mean "no filter". */
export interface HistoryFilter {
  from: string;
  to: string;
  q?: string;
  source?: string[];
  sentiment?: string[];
  topic?: string[];
  intent?: string[];
  lang?: string[];
  /** Region ids, as meta lists them. */
  region?: string[];
  /** Author ids, as top authors keys them. */
  author?: string[];
  /** Brand and competitor ids: posts mentioning any. */
  entity?: string[];
  /** Brand and competitor ids: posts mentioning any are left out. */
  excludeEntity?: string[];
}

/** An error the API answered with (`{code, message}`), or one raised on the way (network, parse). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Seconds the API asked to wait (Retry-After), on a 429. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** A topic group as the taxonomy API sends it: one query per language, `*` for any language. */
export interface TaxonomyGroup {
  id: string;
  label?: Record<string, string>;
  query: Record<string, string>;
}

export interface Taxonomy {
  id: string;
  version: number;
  groups: TaxonomyGroup[];
}


export interface Explanation {
  lang: string;
  sentiment: { label: SentimentLabel; score: number };
  topics: string[];
  intents: string[];
  entities: string[];
  /** The terms that moved the sentiment, in text order, with their signed weight. */
  sentimentTerms: Array<{ term: string; weight: number }>;
}

/** How a registered source delivers posts. */
export type SourceKind = 'webhook' | 'import' | 'x' | 'bluesky' | 'mastodon' | 'facebook';
export type SourceState = 'active' | 'paused';

/** A registered source as the API shows it to admins; credentials never come back, only whether there are some. */
export type ApiKeyScope = 'ingest' | 'read';

/** A machine key as the API lists it: never the key itself. */
export interface ApiKeyView {
  id: string;
  name: string;
  scope: ApiKeyScope;
  createdAt: string;
  createdBy: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface NewApiKey {
  name: string;
  scope: ApiKeyScope;
  expiresAt?: string;
}

/** The answer to a creation: the only time `key` is seen. */
export interface CreatedApiKey extends ApiKeyView {
  key: string;
}

/** A removal of the demo's data, as GET /api/v1/demo shows it. */
export interface DemoRemoval {
  id: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  removed: { posts: number; customers: number; links: number; offers: number; alerts?: number };
  createdAt: string;
  finishedAt?: string;
  error?: string;
}

export interface DemoStatus {
  running: boolean;
  stored: boolean;
  removal?: DemoRemoval;
}

/** GET /api/v1/jobs: one queue's backlog and how far behind its workers are (admins). */
export interface QueueStatus {
  queue: QueueName;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  /** Seconds since the oldest unfinished job was added; 0 when none. */
  lagSeconds: number;
  /** Ingest only, while load shedding is on: the lag past which senders are refused. */
  maxLagSeconds?: number;
  /** Ingest only, while load shedding is on: the posts API and webhooks answer 503 now. */
  refusing?: boolean;
}

/** GET /api/v1/jobs/failed: a job that spent its tries. */
export interface FailedJob {
  id: string;
  queue: QueueName;
  name: string;
  attempts: number;
  error: string;
  failedAt: string;
}

export interface SourceView {
  id: string;
  kind: SourceKind;
  name: string;
  channel: string;
  state: SourceState;
  hasCredentials: boolean;
  createdAt: string;
  updatedAt: string;
  stats: {
    lastEventAt?: string;
    /** Summed over every node. */
    eventsLastMinute: number;
    lastError?: string;
    lastErrorAt?: string;
  };
  /** Streaming connectors: the stream holder's latest sample. */
  connector?: {
    connected: boolean;
    malformed: number;
    reconnects: number;
    duplicates: number;
    /** Requests left in the window (Mastodon), or percent of quota left (Graph). */
    rateLimitRemaining?: number;
    sampledAt: string;
  };
}

export interface NewSource {
  id: string;
  kind: SourceKind;
  name: string;
  channel: string;
  /** A webhook's {secret}; a Facebook source's {appSecret, verifyToken, userToken?}. */
  credentials?: Record<string, string>;
}

/** A customer as the CRM import stored them (admin and service only). */
export interface CustomerRecord {
  id: string;
  name: string;
  emails: string[];
  phones: string[];
  handles: Record<string, string>;
  city?: string;
  segment?: string;
  products: string[];
  value?: number;
  birthDate?: string;
  consent: { marketing: boolean };
}

export interface CustomerMatch {
  id: string;
  name: string;
  city?: string;
}

/** A customer to call back: complaints and churn signals in the span (GET /api/v1/customers/attention). */
export interface AttentionEntry extends CustomerMatch {
  posts: number;
  churn: number;
}

export interface AttentionList {
  from: string;
  to: string;
  items: AttentionEntry[];
}

export interface ProfilePost {
  id: string;
  source: string;
  channel: 'social' | 'internal';
  createdAt: string;
  text: string;
  url?: string;
  author: { key: string; handle: string; name?: string };
  sentiment: { label: SentimentLabel; score: number };
  topics: string[];
  intents: string[];
}

export interface CustomerProfile {
  customer: CustomerRecord;
  identities: Array<{ author: string; platform: string; handle?: string; name?: string; method: string; confidence: number; status: 'linked' | 'suggested' }>;
  channels: Array<{ source: string; channel: string; posts: number; firstAt: string; lastAt: string; topics: Record<string, number>; intents: Record<string, number> }>;
  sentiment: { interval: 'week'; buckets: Array<{ ts: string; posts: number; mean: number; negative: number; neutral: number; positive: number }> };
  topics: CountEntry[];
  intents: CountEntry[];
  churn: {
    risk: number;
    windowDays: number;
    churnIntents: number;
    complaints: number;
    trend: number;
    contributions: { churnIntents: number; complaints: number; trend: number };
    evidence: ProfilePost[];
  };
  network: { basis: string; items: Array<{ author: string; handle: string; direction: 'mentions' | 'mentioned-by'; posts: number; lastAt: string; customerId?: string }> };
  timeline: { total: number; items: ProfilePost[]; nextCursor?: string };
  truncated: boolean;
}

export interface AlertView extends AlertNotice {
  peak: number;
  persistence: number;
  minCount: number;
  lastSeenAt: string;
  resolvedBy?: string;
  resolvedAt?: string;
  postIds: string[];
  timeline: AlertTimelineEntryView[];
}

export interface AlertTimelineEntryView {
  at: string;
  kind: string;
  /** The server's English wording. */
  message: string;
  /** Which wording, and its facts, for the dashboard to word in the reader's language; absent on older entries. */
  wording?: string;
  params?: Record<string, string | number>;
  by?: string;
}

export interface AlertRuleInput {
  id?: string;
  name: string;
  enabled?: boolean;
  scope: { topics?: string[]; sentiments?: string[]; intents?: string[]; sources?: string[]; regions?: string[]; entities?: string[]; excludeEntities?: string[] };
  splitBy?: 'topic' | 'sentiment' | 'intent' | 'source' | 'region';
  sensitivity?: AlertSensitivity;
  minCount?: number;
  channels?: { banner: boolean; webhook?: { url: string }; email?: { to: string[] } };
  quietHours?: { from: string; to: string };
  maxPerHour?: number;
  digestMinutes?: number;
}

export interface AlertRuleView extends Required<Pick<AlertRuleInput, 'id' | 'name' | 'enabled' | 'scope' | 'sensitivity' | 'minCount' | 'channels' | 'maxPerHour' | 'digestMinutes'>> {
  splitBy?: AlertRuleInput['splitBy'];
  quietHours?: AlertRuleInput['quietHours'];
  createdAt: string;
  updatedAt: string;
}
