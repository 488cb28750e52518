import { regionsOfPost, type AlertDimension, type AlertRule, type AlertScope, type Post, type SentimentLabel, type Source } from '@escucha/core';

/** What detection needs of a post. */
export interface AlertPost {
  id: string;
  createdAt: number;
  source: Source;
  sentiment: SentimentLabel;
  topics: readonly string[];
  intents: readonly string[];
  entities: readonly string[];
  regions: readonly string[];
}

/** The regions stored on the post, or, for a post stored before regions were kept, worked out from its text and author's location. */
export function toAlertPost(post: Post): AlertPost {
  return {
    id: post.id,
    createdAt: post.createdAt.getTime(),
    source: post.source,
    sentiment: post.sentiment.label,
    topics: post.topics,
    intents: post.intents,
    entities: post.entities,
    regions: post.regions ?? regionsOfPost(post.text, post.author.location),
  };
}

const any = (want: readonly string[] | undefined, have: readonly string[]) => !want || want.length === 0 || want.some((w) => have.includes(w));

export function inScope(post: AlertPost, scope: AlertScope): boolean {
  return (
    any(scope.topics, post.topics) &&
    any(scope.sentiments, [post.sentiment]) &&
    any(scope.intents, post.intents) &&
    any(scope.sources, [post.source]) &&
    any(scope.regions, post.regions) &&
    any(scope.entities, post.entities) &&
    !(scope.excludeEntities ?? []).some((e) => post.entities.includes(e))
  );
}

export function valuesOf(post: AlertPost, dimension: AlertDimension): readonly string[] {
  switch (dimension) {
    case 'topic':
      return post.topics;
    case 'intent':
      return post.intents;
    case 'sentiment':
      return [post.sentiment];
    case 'source':
      return [post.source];
    case 'region':
      return post.regions;
  }
}

/** The series a post counts in for `rule`: the scope itself, or one per value of the split. */
export function scopeKeysOf(post: AlertPost, rule: Pick<AlertRule, 'scope' | 'splitBy'>): string[] {
  if (!inScope(post, rule.scope)) return [];
  if (!rule.splitBy) return ['all'];
  return [...new Set(valuesOf(post, rule.splitBy))].map((v) => `${rule.splitBy}=${v}`);
}
