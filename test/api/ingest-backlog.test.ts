import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostInput } from '@escucha/core';
import { somePostInputs } from '../support/post-inputs';
import { TestServer } from '../support/server';

const PER_REQUEST = 5_000;
const IN_FLIGHT = 4;
/** Far more than the in-process worker stores in a second anywhere: the bound only stops a broken limit from looping. */
const MOST_POSTS = 600_000;
const WHOLE_RANGE = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { accepted?: number; code?: string; message?: string; lagSeconds?: number; retryAfterSeconds?: number };
}

async function post(server: TestServer, token: string, posts: readonly PostInput[]): Promise<Answer> {
  const response = await fetch(`${server.url}/api/v1/posts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(posts),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

describe('ingest load shedding on the embedded default (INGEST_MAX_LAG_SECONDS)', () => {
  const server = new TestServer({ INGEST_MAX_LAG_SECONDS: '1' });
  let token: string;

  beforeAll(async () => {
    await server.start();
    token = await server.login();
  });
  afterAll(() => server.stop());

  it('refuses posts with 503 and Retry-After once the worker is over the limit behind, keeps every post it accepted exactly once, and takes posts again when caught up', async () => {
    const marker = `backlog${Date.now()}`;
    let accepted = 0;
    let refused: { answer: Answer; tag: string } | undefined;
    let sent = 0;
    // Bulk requests, several in flight, arrive faster than one process analyses and stores them.
    while (!refused && accepted < MOST_POSTS) {
      // Each request's posts carry a tag of their own, to look up a refused request's afterwards.
      const tags = Array.from({ length: IN_FLIGHT }, () => `${marker}x${++sent}`);
      const answers = await Promise.all(tags.map((tag) => post(server, token, somePostInputs(PER_REQUEST, { text: `Sin señal en Palermo ${marker} ${tag}` }))));
      answers.forEach((answer, i) => {
        if (answer.status === 202) accepted += PER_REQUEST;
        else if (answer.status === 503 && !refused) refused = { answer, tag: tags[i]! };
        else expect(answer.status, JSON.stringify(answer.body)).toBe(503);
      });
    }
    expect(refused, `no request refused after ${accepted} posts`).toBeDefined();
    const { answer, tag } = refused!;
    expect(answer.body.code).toBe('INGEST_BEHIND');
    expect(answer.body.message).toMatch(/^ingest is \d+ s behind, over its limit of 1 s; nothing was stored: retry after \d+ s$/);
    expect(answer.body.lagSeconds).toBeGreaterThan(1);
    expect(answer.retryAfter).toBe(String(answer.body.retryAfterSeconds));
    expect(answer.body.retryAfterSeconds).toBeGreaterThanOrEqual(5);

    // Every post answered 202 is stored once; none of a refused request is.
    await server.waitForTotal(`q=${marker}&${WHOLE_RANGE}`, accepted, 180_000);
    expect((await server.get<{ total: number }>(`/api/v1/posts?q=${marker}&${WHOLE_RANGE}&limit=1`)).body.total).toBe(accepted);
    expect((await server.get<{ total: number }>(`/api/v1/posts?q=${tag}&${WHOLE_RANGE}&limit=1`)).body.total).toBe(0);

    // Caught up: the next request is judged on a fresh reading, not the one that refused.
    await new Promise((done) => setTimeout(done, 2_100));
    const again = await post(server, token, somePostInputs(3, { text: `Sin señal ${marker}` }));
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body.accepted).toBe(3);
  }, 300_000);
});
