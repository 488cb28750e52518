import type { PostInput } from '@escucha/core';
import { COMMENT_FIELDS, POST_FIELDS, toFacebookPost, type GraphItem } from './facebook.mapping';
import { GraphClient } from './graph.client';

export interface FacebookBackfillCounts {
  /** Pages the user manages, and those read so far. */
  pages: number;
  pagesDone: number;
  posts: number;
  comments: number;
  requests: number;
  rateLimitWaits: number;
  /** Percent of Graph's tightest quota left, as it last said. */
  rateLimitRemaining?: number;
}

export interface FacebookBackfillOptions {
  graphUrl: string;
  /** A user access token with pages_show_list, pages_read_engagement and pages_read_user_content. */
  userToken: string;
  /** Only these page ids, of those the user manages; all when absent. */
  pageIds?: readonly string[];
  since?: Date;
  until?: Date;
  deliver(posts: PostInput[]): Promise<void>;
  progress?(counts: FacebookBackfillCounts): Promise<void> | void;
  rateLimitWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

interface Paged<T> {
  data?: T[];
  paging?: { next?: string };
}

/**
 * Reads the pages a user manages: each page's posts in the period and every post's comments,
 * following `paging.next` to the end, each page of results handed on as it comes. Each page is
 * read with its own page token from /me/accounts, as Graph requires for page content.
 */
export async function backfillFacebookPages(options: FacebookBackfillOptions): Promise<FacebookBackfillCounts> {
  const now = options.now ?? (() => new Date());
  const counts: FacebookBackfillCounts = { pages: 0, pagesDone: 0, posts: 0, comments: 0, requests: 0, rateLimitWaits: 0 };
  const graph = new GraphClient({
    graphUrl: options.graphUrl,
    rateLimitWaitMs: options.rateLimitWaitMs,
    sleep: options.sleep,
    onRateLimitWait: () => {
      counts.rateLimitWaits++;
      void options.progress?.({ ...counts });
    },
  });
  const get = async <T>(pathOrUrl: string, params: Record<string, string> = {}): Promise<T> => {
    counts.requests++;
    const result = await graph.get<T>(pathOrUrl, params);
    if (graph.rateLimitRemaining !== undefined) counts.rateLimitRemaining = graph.rateLimitRemaining;
    return result;
  };
  async function* all<T>(path: string, params: Record<string, string>): AsyncGenerator<T[]> {
    let page = await get<Paged<T>>(path, params);
    for (;;) {
      yield page.data ?? [];
      if (!page.paging?.next || !page.data?.length) return;
      // paging.next carries every parameter, the token included.
      page = await get<Paged<T>>(page.paging.next);
    }
  }

  const managed: Array<{ id: string; name?: string; access_token: string }> = [];
  for await (const batch of all<{ id: string; name?: string; access_token?: string }>('me/accounts', { access_token: options.userToken, fields: 'id,name,access_token', limit: '100' })) {
    for (const page of batch) {
      if (typeof page.access_token !== 'string' || (options.pageIds && !options.pageIds.includes(page.id))) continue;
      managed.push({ id: page.id, name: page.name, access_token: page.access_token });
    }
  }
  counts.pages = managed.length;
  await options.progress?.({ ...counts });
  const period: Record<string, string> = {};
  if (options.since) period.since = String(Math.floor(options.since.getTime() / 1000));
  if (options.until) period.until = String(Math.floor(options.until.getTime() / 1000));

  for (const page of managed) {
    for await (const batch of all<GraphItem>(`${page.id}/posts`, { access_token: page.access_token, fields: POST_FIELDS, limit: '100', ...period })) {
      const receivedAt = now();
      const posts = batch.map((item) => toFacebookPost(item, page, receivedAt, 'post')).filter((post): post is PostInput => post !== undefined);
      if (posts.length) await options.deliver(posts);
      counts.posts += posts.length;
      for (const item of batch) {
        for await (const comments of all<GraphItem>(`${item.id}/comments`, { access_token: page.access_token, fields: COMMENT_FIELDS, limit: '100', filter: 'stream' })) {
          const mapped = comments.map((comment) => toFacebookPost(comment, page, now(), 'comment')).filter((post): post is PostInput => post !== undefined);
          if (mapped.length) await options.deliver(mapped);
          counts.comments += mapped.length;
        }
      }
      await options.progress?.({ ...counts });
    }
    counts.pagesDone++;
    await options.progress?.({ ...counts });
  }
  return counts;
}
