import type { ChannelKind, CountEntry, Customer, IdentityLink, Post, Sentiment, Source } from '@escucha/core';

const DAY_MS = 86_400_000;

/** What churn risk and the recommender's facts look at: the last 90 days. */
export const RECENT_DAYS = 90;
/** The "now" part of the sentiment trend, against the rest of the recent window. */
const TREND_DAYS = 30;
/** Posts shown behind the churn risk. */
const CHURN_EVIDENCE = 20;

/** A post as the profile shows it. */
export interface ProfilePost {
  id: string;
  source: Source;
  channel: ChannelKind;
  createdAt: string;
  text: string;
  url?: string;
  author: { key: string; handle: string; name?: string };
  sentiment: Sentiment;
  topics: string[];
  intents: string[];
  /** Set when the post is a record carrying the customer id (an internal channel, or an author linked at arrival). */
  customerId?: string;
}

export interface ChannelUse {
  source: Source;
  channel: ChannelKind;
  posts: number;
  firstAt: string;
  lastAt: string;
  /** Posts per topic and per intent on this channel: which channel the customer uses for what. */
  topics: Record<string, number>;
  intents: Record<string, number>;
}

export interface SentimentWeek {
  /** Monday 00:00 UTC. */
  ts: string;
  posts: number;
  /** Mean score, -1..1. */
  mean: number;
  negative: number;
  neutral: number;
  positive: number;
}

/**
 * risk = 0.5 × min(1, churn-intent posts / 2) + 0.3 × share of complaints + 0.2 × fall of
 * mean sentiment (last 30 days against the 60 before, clamped 0..1), all over the last 90
 * days. Each term is returned, so an agent sees why.
 */
export interface ChurnRisk {
  risk: number;
  windowDays: number;
  posts: number;
  churnIntents: number;
  complaints: number;
  /** Mean sentiment of the last 30 days minus that of the 60 before; 0 when either is empty. */
  trend: number;
  contributions: { churnIntents: number; complaints: number; trend: number };
  /** The posts behind it: churn intents and complaints first, then negative posts of the last 30 days; newest first. */
  evidence: ProfilePost[];
}

export interface NetworkEntry {
  /** `platform:authorId` when the other side is an author seen in the posts; otherwise `platform:@handle`. */
  author: string;
  handle: string;
  /** `mentions`: the customer wrote @handle; `mentioned-by`: that author wrote the customer's handle. */
  direction: 'mentions' | 'mentioned-by';
  posts: number;
  lastAt: string;
}

export interface ProfileSummary {
  channels: ChannelUse[];
  sentiment: SentimentWeek[];
  topics: CountEntry[];
  intents: CountEntry[];
  churn: ChurnRisk;
  /** Recent posts per topic and intent, as the recommender's facts take them. */
  recentTopics: Record<string, number>;
  recentIntents: Record<string, number>;
}

export function toProfilePost(post: Post): ProfilePost {
  const view: ProfilePost = {
    id: post.id,
    source: post.source,
    channel: post.channel,
    createdAt: post.createdAt.toISOString(),
    text: post.text,
    author: { key: `${post.source}:${post.author.id}`, handle: post.author.handle },
    sentiment: post.sentiment,
    topics: post.topics,
    intents: post.intents,
  };
  if (post.url !== undefined) view.url = post.url;
  if (post.author.name !== undefined) view.author.name = post.author.name;
  if (post.customerId !== undefined) view.customerId = post.customerId;
  return view;
}

/** Newest first, as every timeline in the product: createdAt desc, then id desc. */
export function byNewest(a: Post, b: Post): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function summarise(posts: readonly Post[], now: Date): ProfileSummary {
  const channels = new Map<string, ChannelUse>();
  const weeks = new Map<string, SentimentWeek>();
  const topics: Record<string, number> = {};
  const intents: Record<string, number> = {};
  const recentTopics: Record<string, number> = {};
  const recentIntents: Record<string, number> = {};
  const recentFrom = now.getTime() - RECENT_DAYS * DAY_MS;
  for (const post of posts) {
    const at = post.createdAt.toISOString();
    const use = channels.get(post.source) ?? { source: post.source, channel: post.channel, posts: 0, firstAt: at, lastAt: at, topics: {}, intents: {} };
    use.posts++;
    if (at < use.firstAt) use.firstAt = at;
    if (at > use.lastAt) use.lastAt = at;
    for (const topic of post.topics) bump(use.topics, topic), bump(topics, topic);
    for (const intent of post.intents) bump(use.intents, intent), bump(intents, intent);
    channels.set(post.source, use);

    const ts = weekStart(post.createdAt);
    const week = weeks.get(ts) ?? { ts, posts: 0, mean: 0, negative: 0, neutral: 0, positive: 0 };
    week.mean = (week.mean * week.posts + post.sentiment.score) / (week.posts + 1);
    week.posts++;
    week[post.sentiment.label]++;
    weeks.set(ts, week);

    if (post.createdAt.getTime() >= recentFrom) {
      for (const topic of post.topics) bump(recentTopics, topic);
      for (const intent of post.intents) bump(recentIntents, intent);
    }
  }
  return {
    channels: [...channels.values()].sort((a, b) => b.posts - a.posts || a.source.localeCompare(b.source)),
    sentiment: [...weeks.values()].sort((a, b) => a.ts.localeCompare(b.ts)).map((w) => ({ ...w, mean: round(w.mean) })),
    topics: ranked(topics),
    intents: ranked(intents),
    churn: churnRisk(posts, now),
    recentTopics,
    recentIntents,
  };
}

export function churnRisk(posts: readonly Post[], now: Date): ChurnRisk {
  const end = now.getTime();
  const recent = posts.filter((p) => p.createdAt.getTime() >= end - RECENT_DAYS * DAY_MS && p.createdAt.getTime() <= end);
  const trendFrom = end - TREND_DAYS * DAY_MS;
  const last = recent.filter((p) => p.createdAt.getTime() >= trendFrom);
  const before = recent.filter((p) => p.createdAt.getTime() < trendFrom);
  const churnPosts = recent.filter((p) => p.intents.includes('churn'));
  const complaintPosts = recent.filter((p) => p.intents.includes('complaint'));
  const trend = last.length && before.length ? mean(last) - mean(before) : 0;
  const contributions = {
    churnIntents: 0.5 * Math.min(1, churnPosts.length / 2),
    complaints: recent.length ? (0.3 * complaintPosts.length) / recent.length : 0,
    // A fall from +0.5 to -0.5 (a whole unit) is the most this term gives.
    trend: 0.2 * Math.min(1, Math.max(0, -trend)),
  };
  const evidence = new Map<string, Post>();
  for (const post of [...churnPosts, ...complaintPosts]) evidence.set(post.id, post);
  if (contributions.trend > 0) for (const post of last) if (post.sentiment.label === 'negative') evidence.set(post.id, post);
  return {
    risk: round(Math.min(1, contributions.churnIntents + contributions.complaints + contributions.trend)),
    windowDays: RECENT_DAYS,
    posts: recent.length,
    churnIntents: churnPosts.length,
    complaints: complaintPosts.length,
    trend: round(trend),
    contributions: { churnIntents: round(contributions.churnIntents), complaints: round(contributions.complaints), trend: round(contributions.trend) },
    evidence: [...evidence.values()].sort(byNewest).slice(0, CHURN_EVIDENCE).map(toProfilePost),
  };
}

const HANDLE_MENTION = /(?:^|[^\p{L}\p{N}_])@([\p{L}\p{N}_]{1,50})/gu;

/**
 * Who talks with the customer. Posts carry no reply or mention fields, so mentions are read
 * from the text (`@handle`); replies are not known. `own` are the customer's posts, `around`
 * posts by others that may mention one of the customer's handles.
 */
export function network(own: readonly Post[], around: readonly Post[], ownHandles: ReadonlySet<string>, ownAuthors: ReadonlySet<string>, knownAuthors: ReadonlyMap<string, string>): NetworkEntry[] {
  const entries = new Map<string, NetworkEntry>();
  const add = (author: string, handle: string, direction: NetworkEntry['direction'], at: Date) => {
    const key = `${direction}|${author}`;
    const entry = entries.get(key) ?? { author, handle, direction, posts: 0, lastAt: at.toISOString() };
    entry.posts++;
    if (at.toISOString() > entry.lastAt) entry.lastAt = at.toISOString();
    entries.set(key, entry);
  };
  for (const post of own) {
    for (const handle of handlesIn(post.text)) {
      if (ownHandles.has(handle)) continue;
      add(knownAuthors.get(`${post.source}|${handle}`) ?? `${post.source}:@${handle}`, handle, 'mentions', post.createdAt);
    }
  }
  for (const post of around) {
    if (ownAuthors.has(`${post.source}:${post.author.id}`)) continue;
    if (handlesIn(post.text).some((handle) => ownHandles.has(handle))) add(`${post.source}:${post.author.id}`, post.author.handle.replace(/^@+/, '').toLowerCase(), 'mentioned-by', post.createdAt);
  }
  return [...entries.values()].sort((a, b) => b.posts - a.posts || b.lastAt.localeCompare(a.lastAt) || a.author.localeCompare(b.author));
}

/** The @handles a text mentions, lower-cased, each once. */
export function handlesIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(HANDLE_MENTION)) found.add(match[1].toLowerCase());
  return [...found];
}

/** The handles a customer is known by: declared in the CRM and those of their linked authors. */
export function customerHandles(customer: Customer, links: readonly IdentityLink[], authorHandles: ReadonlyMap<string, string>): Set<string> {
  const handles = new Set(Object.values(customer.handles).map((h) => h.toLowerCase()));
  for (const link of links) {
    const handle = authorHandles.get(link.author);
    if (handle) handles.add(handle.replace(/^@+/, '').toLowerCase());
  }
  return handles;
}

function weekStart(date: Date): string {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const monday = day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS;
  return new Date(monday).toISOString();
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function ranked(counts: Record<string, number>): CountEntry[] {
  return Object.entries(counts)
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function mean(posts: readonly Post[]): number {
  return posts.reduce((sum, p) => sum + p.sentiment.score, 0) / posts.length;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
