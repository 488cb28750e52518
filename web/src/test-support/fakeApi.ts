import { vi } from 'vitest';

export interface RecordedCall {
  method: string;
  path: string;
  query: URLSearchParams;
}

/**
 * The dashboard's one I/O edge, `fetch`, answered from a table of canned bodies by path.
 * What the stores asked for is recorded, so a spec checks the request a view state leads to.
 */
export function fakeApi(bodies: Record<string, unknown>): { calls: RecordedCall[]; restore(): void } {
  const calls: RecordedCall[] = [];
  const fetch = vi.fn(async (input: string, init?: RequestInit) => {
    const url = new URL(input, 'http://escucha.test');
    calls.push({ method: init?.method ?? 'GET', path: url.pathname, query: url.searchParams });
    const body = bodies[url.pathname];
    if (body === undefined) return new Response(JSON.stringify({ code: 'NOT_FOUND' }), { status: 404 });
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return { calls, restore: () => vi.unstubAllGlobals() };
}
