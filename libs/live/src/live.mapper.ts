import { aspectKey, type Post } from '@escucha/core';
import type { LiveBatch, LivePost, MinuteCounts } from './live.types';

export const MINUTE_MS = 60_000;

export function toLivePost(post: Post): LivePost {
  return {
    id: post.id,
    source: post.source,
    channel: post.channel,
    url: post.url,
    text: post.text,
    lang: post.lang,
    createdAt: post.createdAt.toISOString(),
    author: post.author,
    sentiment: post.sentiment,
    topics: post.topics,
    intents: post.intents,
    entities: post.entities,
    ...(post.aspects ? { aspects: post.aspects } : {}),
    metrics: post.metrics,
    ...(post.customerId !== undefined ? { customerId: post.customerId } : {}),
  };
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** Folds a stored batch into per-minute counts once, where it was processed, so fan-out ships aggregates, not posts. */
export function toLiveBatch(posts: readonly Post[], latestSize = 20): LiveBatch {
  const byMinute = new Map<number, MinuteCounts>();
  for (const post of posts) {
    const minute = Math.floor(post.createdAt.getTime() / MINUTE_MS) * MINUTE_MS;
    let counts = byMinute.get(minute);
    if (!counts) {
      counts = { minute, total: 0, bySentiment: {}, byTopic: {}, bySource: {}, byAspect: {} };
      byMinute.set(minute, counts);
    }
    counts.total++;
    bump(counts.bySentiment, post.sentiment.label);
    bump(counts.bySource, post.source);
    for (const topic of post.topics) bump(counts.byTopic, topic);
    if (post.aspects) for (const aspect of post.aspects) bump(counts.byAspect!, aspectKey(aspect));
  }
  const latest = [...posts]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .slice(0, latestSize)
    .map(toLivePost);
  return { minutes: [...byMinute.values()], latest };
}
