import type { PostInput } from '@escucha/core';

/** A page post or a comment as Graph returns it with the fields the connector asks for. */
export interface GraphItem {
  id: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
  from?: { id?: string; name?: string };
}

export const POST_FIELDS = 'id,message,created_time,permalink_url,from';
export const COMMENT_FIELDS = 'id,message,created_time,permalink_url,from';

/** Graph writes offsets without a colon ("+0000"), which not every parser takes. */
export function graphTime(value: unknown): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/**
 * A page post or comment as the ingest path takes it; undefined for items without text (a photo
 * alone, a sticker). Without `from` (Graph leaves it out for people who have not granted the
 * app anything) the author is the page for its posts, unknown for comments.
 */
export function toFacebookPost(item: GraphItem, page: { id: string; name?: string }, receivedAt: Date, kind: 'post' | 'comment'): PostInput | undefined {
  if (typeof item?.id !== 'string' || !/^[0-9_]{1,128}$/.test(item.id) || typeof item.message !== 'string' || item.message.trim() === '') return undefined;
  // Deliveries are only as well-formed as their sender: anything not a string is left out.
  const from = typeof item.from === 'object' && item.from !== null ? item.from : {};
  const fromId = typeof from.id === 'string' && from.id !== '' ? from.id.slice(0, 256) : kind === 'post' ? page.id : 'unknown';
  const fromName = typeof from.name === 'string' ? from.name : kind === 'post' ? page.name : undefined;
  const post: PostInput = {
    id: item.id,
    source: 'facebook',
    text: item.message.slice(0, 20_000),
    createdAt: graphTime(item.created_time) ?? receivedAt.toISOString(),
    author: { id: fromId, handle: fromId },
  };
  if (fromName) post.author.name = fromName.slice(0, 256);
  post.url = typeof item.permalink_url === 'string' && /^https:\/\//.test(item.permalink_url) ? item.permalink_url : `https://www.facebook.com/${item.id}`;
  return post;
}

/** One change of a page `feed` webhook delivery. */
export interface FeedChange {
  field?: string;
  value?: {
    item?: string;
    verb?: string;
    post_id?: string;
    comment_id?: string;
    message?: string;
    created_time?: number | string;
    from?: { id?: string; name?: string };
    permalink_url?: string;
  };
}

/**
 * The posts and comments a page `feed` delivery adds or edits; removals, reactions, shares
 * without text and other fields are left out. Entries that are not objects are skipped, not fatal.
 */
export function feedPosts(body: unknown, receivedAt: Date): { posts: PostInput[]; skipped: number } {
  const posts: PostInput[] = [];
  let skipped = 0;
  const entries = (body as { object?: unknown; entry?: unknown })?.entry;
  if ((body as { object?: unknown })?.object !== 'page' || !Array.isArray(entries)) return { posts, skipped: 1 };
  for (const entry of entries as Array<{ id?: string; changes?: FeedChange[] }>) {
    if (!entry || typeof entry !== 'object' || !Array.isArray(entry.changes)) {
      skipped++;
      continue;
    }
    for (const change of entry.changes) {
      const value = change?.value;
      if (change?.field !== 'feed' || !value || typeof value !== 'object') {
        skipped++;
        continue;
      }
      if (!['add', 'edited'].includes(value.verb ?? '') || !['post', 'status', 'comment', 'photo', 'video'].includes(value.item ?? '')) continue;
      const kind = value.item === 'comment' ? 'comment' : 'post';
      const id = kind === 'comment' ? value.comment_id : value.post_id;
      if (typeof id !== 'string') {
        skipped++;
        continue;
      }
      const pageId = typeof entry.id === 'string' ? entry.id.slice(0, 256) : 'unknown';
      const post = toFacebookPost({ id, message: value.message, created_time: graphTime(value.created_time), from: value.from, permalink_url: value.permalink_url }, { id: pageId }, receivedAt, kind);
      if (post) posts.push(post);
      else if (typeof value.message === 'string' && value.message.trim() !== '') skipped++;
    }
  }
  return { posts, skipped };
}
