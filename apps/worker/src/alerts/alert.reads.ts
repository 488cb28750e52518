import { toAlertPost, type AlertPost } from '@escucha/alerts';
import type { PostFacts, PostStore } from '@escucha/store';

/** Posts stored before regions were kept, read whole per call to work theirs out. */
const OLDER_POSTS_PER_READ = 1_000;

/**
 * What alert detection reads: the posts created in [from, to), by bucket start, from the store's
 * slim `facts` read (no text, no author; measured by `alert-reads` in test/bench). Posts stored
 * before regions were kept come without them: those alone are read whole, and their regions
 * worked out from text and location, until re-categorising history stores theirs.
 */
export async function alertBuckets(posts: PostStore, from: number, to: number, intervalMs: number): Promise<Map<number, AlertPost[]>> {
  const buckets = new Map<number, AlertPost[]>();
  if (to <= from) return buckets;
  const facts = await posts.facts({ from: new Date(from), to: new Date(to) });
  const older = await regionsOfOlderPosts(posts, facts);
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

async function regionsOfOlderPosts(posts: PostStore, facts: readonly PostFacts[]): Promise<Map<string, readonly string[]>> {
  const ids = facts.filter((f) => f.regions === undefined).map((f) => f.id);
  const regions = new Map<string, readonly string[]>();
  for (let start = 0; start < ids.length; start += OLDER_POSTS_PER_READ) {
    for (const post of await posts.get(ids.slice(start, start + OLDER_POSTS_PER_READ))) regions.set(post.id, toAlertPost(post).regions);
  }
  return regions;
}
