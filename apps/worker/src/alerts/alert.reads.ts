import { toAlertPost, type AlertPost } from '@escucha/alerts';
import type { Post } from '@escucha/core';
import type { PostFacts, PostStore } from '@escucha/store';

/** Posts stored before regions were kept: up to this many are read by id; more, through search pages of the range. */
const OLDER_POSTS_BY_ID = 1_000;
const PAGE = 500;

/**
 * What alert detection reads: the posts created in [from, to), by bucket start, from the store's
 * slim `facts` read (no text, no author; measured by `alert-reads` in test/bench). Posts stored
 * before regions were kept come without them: those are read whole, and their regions worked out
 * from text and location, until re-categorising history stores theirs.
 */
export async function alertBuckets(posts: PostStore, from: number, to: number, intervalMs: number): Promise<Map<number, AlertPost[]>> {
  const buckets = new Map<number, AlertPost[]>();
  if (to <= from) return buckets;
  const facts = await posts.facts({ from: new Date(from), to: new Date(to) });
  const older = await regionsOfOlderPosts(posts, facts, from, to);
  for (const f of facts) {
    const b = Math.floor(f.createdAt.getTime() / intervalMs) * intervalMs;
    let list = buckets.get(b);
    if (!list) buckets.set(b, (list = []));
    list.push({
      id: f.id,
      createdAt: f.createdAt.getTime(),
      source: f.source,
      sentiment: f.sentiment,
      topics: f.topics,
      intents: f.intents,
      entities: f.entities,
      regions: f.regions ?? older.get(f.id) ?? [],
    });
  }
  return buckets;
}

/** A few by id (the edge of the upgrade); a range of them through search pages, which read a busy range far faster than ids. */
async function regionsOfOlderPosts(posts: PostStore, facts: readonly PostFacts[], from: number, to: number): Promise<Map<string, readonly string[]>> {
  const ids = facts.filter((f) => f.regions === undefined).map((f) => f.id);
  const regions = new Map<string, readonly string[]>();
  const add = (post: Post): void => {
    if (post.regions === undefined) regions.set(post.id, toAlertPost(post).regions);
  };
  if (ids.length === 0) return regions;
  if (ids.length <= OLDER_POSTS_BY_ID) {
    for (const post of await posts.get(ids)) add(post);
    return regions;
  }
  await eachPostIn(posts, from, to, add);
  return regions;
}

/**
 * Every post created in [from, to). Each keyset page counts and sorts what is left of its range,
 * so a busy range is read as time slices of about one page each rather than paged through whole.
 */
async function eachPostIn(posts: PostStore, from: number, to: number, each: (post: Post) => void): Promise<void> {
  const first = await posts.search({ from: new Date(from), to: new Date(to) }, { limit: PAGE });
  if (!first.nextCursor) return first.items.forEach(each);
  const slices = Math.ceil(first.total / PAGE);
  const step = Math.max(1, Math.ceil((to - from) / slices));
  for (let start = from; start < to; start += step) {
    let cursor: string | undefined;
    do {
      const page = await posts.search({ from: new Date(start), to: new Date(Math.min(start + step, to)) }, { limit: PAGE, cursor });
      page.items.forEach(each);
      cursor = page.nextCursor;
    } while (cursor);
  }
}
