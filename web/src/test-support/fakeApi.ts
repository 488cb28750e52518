import { vi } from 'vitest';

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
}

/** An answer other than `200` with a JSON body: an error, or a `204` with none. */
export class FakeReply {
  constructor(
    readonly status: number,
    readonly body?: unknown,
  ) {}
}

export const reply = (status: number, body?: unknown): FakeReply => new FakeReply(status, body);

/** What a path answers: a canned body, a reply, or a function of the call (for answers that change; it may return a promise to answer late). */
export type FakeAnswer = FakeReply | ((call: RecordedCall) => unknown) | object | string | number | boolean | null;

/**
 * The dashboard's one I/O edge, `fetch`, answered from a table of canned bodies by path.
 * What the stores asked for is recorded, so a spec checks the request a view state leads to.
 * A key may be `METHOD /path` to answer one method only; a bare path answers every method.
 */
export function fakeApi(bodies: Record<string, FakeAnswer>): { calls: RecordedCall[]; restore(): void } {
  const calls: RecordedCall[] = [];
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://escucha.test');
    const method = init?.method ?? 'GET';
    const call: RecordedCall = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const entry = bodies[`${method} ${url.pathname}`] ?? bodies[url.pathname];
    const answer = typeof entry === 'function' ? await (entry as (call: RecordedCall) => unknown)(call) : entry;
    if (answer === undefined) return new Response(JSON.stringify({ code: 'NOT_FOUND' }), { status: 404 });
    if (answer instanceof FakeReply) {
      if (answer.body === undefined) return new Response(null, { status: answer.status });
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
    }
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, restore: () => vi.unstubAllGlobals() };
}
