import type { PostInput } from '@escucha/core';

/** The tweet fields and expansions the connector asks X for, on the stream and in search alike. */
export const X_TWEET_FIELDS = ['created_at', 'public_metrics', 'geo', 'lang', 'author_id'];
export const X_USER_FIELDS = ['description', 'location', 'public_metrics', 'name', 'username'];
export const X_EXPANSIONS = ['author_id'];

export interface XTweet {
  id: string;
  text: string;
  created_at?: string;
  author_id?: string;
  lang?: string;
  public_metrics?: { retweet_count?: number; reply_count?: number; like_count?: number; quote_count?: number };
}

export interface XUser {
  id: string;
  username?: string;
  name?: string;
  description?: string;
  location?: string;
  public_metrics?: { followers_count?: number };
}

/** X's `lang` values that name no language: undetermined, no text, and the q* pseudo-codes (media, hashtags only...). */
const NO_LANGUAGE = /^(und|zxx|q[a-z]{2})$/;

export function isTweet(value: unknown): value is XTweet {
  const tweet = value as XTweet | undefined;
  return typeof tweet === 'object' && tweet !== null && typeof tweet.id === 'string' && /^\d{1,20}$/.test(tweet.id) && typeof tweet.text === 'string' && tweet.text.trim() !== '';
}

/** A tweet and its expanded author as the post the ingest path takes; fields X left out stay out. */
export function toPostInput(tweet: XTweet, users: ReadonlyMap<string, XUser>, receivedAt: Date): PostInput {
  const user = tweet.author_id ? users.get(tweet.author_id) : undefined;
  const authorId = tweet.author_id ?? user?.id ?? 'unknown';
  const author: PostInput['author'] = { id: authorId, handle: user?.username ?? authorId };
  if (user?.name) author.name = user.name.slice(0, 256);
  const followers = user?.public_metrics?.followers_count;
  if (Number.isInteger(followers) && followers! >= 0) author.followers = followers;
  if (user?.location?.trim()) author.location = user.location.slice(0, 256);
  if (user?.description?.trim()) author.bio = user.description.slice(0, 1024);
  const created = tweet.created_at && !Number.isNaN(Date.parse(tweet.created_at)) ? tweet.created_at : receivedAt.toISOString();
  const post: PostInput = {
    id: tweet.id,
    source: 'x',
    text: tweet.text.slice(0, 20_000),
    createdAt: created,
    author,
    // Without the username X still resolves the tweet from its id alone.
    url: `https://x.com/${user?.username ?? 'i/web'}/status/${tweet.id}`,
  };
  if (tweet.lang && /^[a-z]{2,3}$/.test(tweet.lang) && !NO_LANGUAGE.test(tweet.lang)) post.lang = tweet.lang;
  const metrics = tweet.public_metrics;
  if (metrics) {
    post.metrics = {};
    if (count(metrics.like_count)) post.metrics.likes = metrics.like_count;
    if (count(metrics.retweet_count)) post.metrics.reposts = metrics.retweet_count;
    if (count(metrics.reply_count)) post.metrics.replies = metrics.reply_count;
  }
  return post;
}

function count(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

export function usersById(users: readonly XUser[] | undefined): Map<string, XUser> {
  return new Map((users ?? []).filter((user) => typeof user?.id === 'string').map((user) => [user.id, user]));
}
