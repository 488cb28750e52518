import type { PostInput } from '@escucha/core';
import { waitFor } from './server';

export interface SmallRequests {
  /** Stored ids (`source:id`) of every post whose request was answered 202. */
  readonly acked: ReadonlySet<string>;
  /** Requests sent so far. */
  readonly sent: () => number;
  /** Stops sending and waits for the requests in flight to end (answered or cut off). */
  stop(): Promise<void>;
}

/**
 * `senders` clients, each posting one post per request and the next one on the answer: the
 * traffic of connectors and webhooks. A request that fails (the server was killed under it)
 * counts as not accepted, which is what its client would conclude too.
 */
export function sendOnePostPerRequest(
  senders: number,
  post: (i: number) => PostInput,
  send: (batch: PostInput[]) => Promise<number>,
): SmallRequests {
  const acked = new Set<string>();
  let next = 0;
  let stopping = false;
  const client = async (): Promise<void> => {
    while (!stopping) {
      const p = post(next++);
      let status = 0;
      try {
        status = await send([p]);
      } catch {
        status = 0;
      }
      if (status === 202) acked.add(`${p.source}:${p.id}`);
      else if (status !== 0 && status !== 503) throw new Error(`a one-post request was answered ${status}`);
      else if (status === 0) await new Promise((r) => setTimeout(r, 20));
    }
  };
  const running = Promise.all(Array.from({ length: senders }, client));
  return {
    acked,
    sent: () => next,
    async stop() {
      stopping = true;
      await running;
    },
  };
}

/** Waits until at least `n` posts were acknowledged. */
export function untilAcked(requests: SmallRequests, n: number, timeoutMs = 30_000): Promise<true> {
  return waitFor(`${n} posts acknowledged`, async () => (requests.acked.size >= n ? true : undefined), timeoutMs, 10);
}

/** Every id, page by page through GET /api/v1/posts (keyset cursor), duplicates included. */
export async function listIds(
  get: (path: string) => Promise<{ status: number; body: unknown }>,
  query: string,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const path = `/api/v1/posts?${query}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await get(path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    const page = response.body as { items: Array<{ id: string }>; nextCursor?: string };
    ids.push(...page.items.map((p) => p.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
