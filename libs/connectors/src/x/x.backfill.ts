import type { Agent } from 'node:https';
import { ApiResponseError, type TwitterApiReadOnly } from 'twitter-api-v2';
import type { PostInput } from '@escucha/core';
import { createXClient } from './x.client';
import { explain } from './x.connector';
import { X_EXPANSIONS, X_TWEET_FIELDS, X_USER_FIELDS, isTweet, toPostInput, usersById, type XTweet, type XUser } from './x.mapping';

/** How far back recent search reaches, less a margin so a start_time at the edge is not refused. */
export const RECENT_SEARCH_DAYS = 7;
const RECENT_MS = RECENT_SEARCH_DAYS * 86_400_000 - 60_000;
/** X refuses an end_time closer than 10 s to the request. */
const END_MARGIN_MS = 15_000;

export interface XBackfillCounts {
  queriesDone: number;
  pages: number;
  posts: number;
  rateLimitWaits: number;
  /** Rules X refused as search queries (400): skipped, with X's words, so the others still run. */
  skipped: Array<{ query: string; error: string }>;
}

export interface XPeriodBackfillOptions {
  bearerToken: string;
  queries: readonly string[];
  apiBaseUrl?: string;
  httpAgent?: Agent;
  from: Date;
  to: Date;
  /** Each page's posts; resolves once they are queued. */
  deliver(posts: PostInput[]): Promise<void>;
  /** After every page, and at each rate-limit wait. */
  progress?(progress: XBackfillCounts): Promise<void> | void;
  /** Injectable for tests. */
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

/** Recent search when the whole period is within its 7 days, full-archive search otherwise. */
export function backfillEndpoint(from: Date, now: Date): 'recent' | 'all' {
  return now.getTime() - from.getTime() <= RECENT_MS ? 'recent' : 'all';
}

/**
 * Reads a past period from X's search, rule by rule and page by page, and hands each page on.
 * It follows the rate-limit headers: with none left it waits for the window's reset before the
 * next page, and a 429 is waited out the same way rather than failing the job. Full-archive
 * search is refused by X on tiers without it (403): the error says so.
 */
export async function backfillPeriod(options: XPeriodBackfillOptions): Promise<XBackfillCounts> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((done) => setTimeout(done, ms)));
  const client: TwitterApiReadOnly = createXClient(options);
  const endpoint = backfillEndpoint(options.from, now());
  const path = endpoint === 'recent' ? 'tweets/search/recent' : 'tweets/search/all';
  const end = new Date(Math.min(options.to.getTime(), now().getTime() - END_MARGIN_MS));
  const progress: XBackfillCounts = { queriesDone: 0, pages: 0, posts: 0, rateLimitWaits: 0, skipped: [] };
  if (end <= options.from) return progress;
  for (const query of options.queries) {
    let nextToken: string | undefined;
    for (;;) {
      let page;
      try {
        page = await client.v2.get<{ data?: XTweet[]; includes?: { users?: XUser[] }; meta?: { next_token?: string } }>(
          path,
          {
            query,
            start_time: options.from.toISOString(),
            end_time: end.toISOString(),
            max_results: endpoint === 'recent' ? 100 : 500,
            expansions: X_EXPANSIONS.join(','),
            'tweet.fields': X_TWEET_FIELDS.join(','),
            'user.fields': X_USER_FIELDS.join(','),
            ...(nextToken ? { next_token: nextToken } : {}),
          },
          { fullResponse: true },
        );
      } catch (error) {
        if (error instanceof ApiResponseError && error.code === 429) {
          progress.rateLimitWaits++;
          await options.progress?.(progress);
          await sleep(untilReset(error.rateLimit?.reset, now()));
          continue;
        }
        if (error instanceof ApiResponseError && error.code === 400) {
          const said = (error.data as { errors?: Array<{ message?: string }> } | undefined)?.errors?.map((entry) => entry.message).filter(Boolean).join('; ');
          progress.skipped.push({ query, error: said || explain(error) });
          break;
        }
        const archive = endpoint === 'all' && error instanceof ApiResponseError && error.code === 403
          ? ` (full-archive search, needed for periods older than ${RECENT_SEARCH_DAYS} days, is not in this app's access tier)`
          : '';
        throw new Error(`X backfill of "${query}" failed: ${explain(error)}${archive}`);
      }
      const users = usersById(page.data.includes?.users);
      const receivedAt = now();
      const posts = (page.data.data ?? []).filter((tweet) => isTweet(tweet)).map((tweet) => toPostInput(tweet, users, receivedAt));
      if (posts.length) await options.deliver(posts);
      progress.pages++;
      progress.posts += posts.length;
      nextToken = page.data.meta?.next_token;
      if (!nextToken) break;
      await options.progress?.(progress);
      if (page.rateLimit?.remaining === 0) {
        progress.rateLimitWaits++;
        await sleep(untilReset(page.rateLimit.reset, now()));
      }
    }
    progress.queriesDone++;
    await options.progress?.(progress);
  }
  return progress;
}

function untilReset(resetSeconds: number | undefined, now: Date): number {
  if (!resetSeconds) return 60_000;
  return Math.max(250, resetSeconds * 1000 - now.getTime() + 250);
}
