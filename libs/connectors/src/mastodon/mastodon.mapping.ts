import type { PostInput } from '@escucha/core';

/** A status as Mastodon's REST and streaming APIs give it (the fields the connector reads). */
export interface MastodonStatus {
  id: string;
  created_at?: string;
  content?: string;
  spoiler_text?: string;
  language?: string | null;
  url?: string | null;
  uri?: string;
  replies_count?: number;
  reblogs_count?: number;
  favourites_count?: number;
  reblog?: MastodonStatus | null;
  account?: { id?: string; acct?: string; username?: string; display_name?: string; followers_count?: number; note?: string };
}

export function isStatus(value: unknown): value is MastodonStatus {
  const status = value as MastodonStatus | null;
  return typeof status === 'object' && status !== null && typeof status.id === 'string' && /^[0-9A-Za-z]{1,40}$/.test(status.id) && typeof status.content === 'string';
}

/** Mastodon ids are numbers (Mastodon) or ULIDs (other servers) as strings: longer is newer, then by characters. */
export function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/**
 * Status HTML (Mastodon's sanitised subset: p, br, a, span) as plain text: paragraphs become
 * blank lines, line breaks newlines, links their visible text, entities decoded.
 */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (entity, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
      }
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

/**
 * A status as the ingest path takes it; a boost is the boosted status (its author, its text).
 * The id carries the server's host: status ids are the server's own, and a status seen through
 * another server has another one.
 */
export function toMastodonPost(status: MastodonStatus, host: string, receivedAt: Date): PostInput | undefined {
  const original = status.reblog && isStatus(status.reblog) ? status.reblog : status;
  const body = htmlToText(original.content ?? '');
  const text = original.spoiler_text ? `${original.spoiler_text}\n\n${body}`.trim() : body;
  if (!text) return undefined;
  const account = original.account ?? {};
  const authorId = account.acct ?? account.id ?? 'unknown';
  const post: PostInput = {
    id: `${host}/${original.id}`,
    source: 'mastodon',
    text: text.slice(0, 20_000),
    createdAt: original.created_at && !Number.isNaN(Date.parse(original.created_at)) ? new Date(original.created_at).toISOString() : receivedAt.toISOString(),
    author: { id: authorId, handle: account.acct ?? account.username ?? authorId },
  };
  if (account.display_name?.trim()) post.author.name = account.display_name.slice(0, 256);
  if (Number.isInteger(account.followers_count) && account.followers_count! >= 0) post.author.followers = account.followers_count;
  const bio = account.note ? htmlToText(account.note) : '';
  if (bio) post.author.bio = bio.slice(0, 1024);
  if (original.url) post.url = original.url;
  const lang = original.language?.split('-')[0]?.toLowerCase();
  if (lang && /^[a-z]{2,3}$/.test(lang)) post.lang = lang;
  const metrics: NonNullable<PostInput['metrics']> = {};
  if (Number.isInteger(original.favourites_count)) metrics.likes = original.favourites_count;
  if (Number.isInteger(original.reblogs_count)) metrics.reposts = original.reblogs_count;
  if (Number.isInteger(original.replies_count)) metrics.replies = original.replies_count;
  if (Object.keys(metrics).length) post.metrics = metrics;
  return post;
}

/** The URL of a Link header's entry with this rel (Mastodon pages timelines this way). */
export function linkRel(header: string | null, rel: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (match && match[2] === rel) return match[1];
  }
  return undefined;
}
