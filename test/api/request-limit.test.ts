import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPostInput } from '../support/post-inputs';
import { TestServer } from '../support/server';

const LIMIT = 20;

/** One GET with the caller's credential; the status, the Retry-After header and the body. */
async function get(server: TestServer, path: string, token: string): Promise<{ status: number; retryAfter: string | null; body: { code?: string; message?: string; retryAfterSeconds?: number } }> {
  const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { code?: string } };
}

describe('requests per caller per minute (API_RATE_LIMIT_PER_MINUTE)', () => {
  const server = new TestServer({ API_RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  let admin: string;
  let ana: string;
  let key: string;

  beforeAll(async () => {
    await server.start();
    admin = await server.login();
    expect((await server.request('POST', '/api/v1/users', { username: 'ana', password: 'ana-lantern-quilt-88', role: 'analyst' })).status).toBe(201);
    ana = (await server.request<{ token: string }>('POST', '/api/v1/auth/login', { username: 'ana', password: 'ana-lantern-quilt-88' }, null)).body.token;
    key = (await server.request<{ key: string }>('POST', '/api/v1/api-keys', { name: 'crm feeder', scope: 'ingest' })).body.key;
  });
  afterAll(() => server.stop());

  it('refuses a caller past its limit with 429 and Retry-After, and no one else', async () => {
    // The admin spent a few requests setting up; what is left of its minute, then one more.
    let answer = await get(server, '/api/v1/meta', ana);
    let sent = 1;
    while (answer.status === 200 && sent <= LIMIT) {
      answer = await get(server, '/api/v1/meta', ana);
      sent++;
    }
    expect(sent).toBe(LIMIT + 1);
    expect(answer.status).toBe(429);
    expect(answer.body.code).toBe('RATE_LIMITED');
    expect(answer.body.message).toMatch(new RegExp(`^user ana sent more than ${LIMIT} requests this minute; try again in \\d+ s$`));
    expect(answer.retryAfter).toBe(String(answer.body.retryAfterSeconds));
    expect(Number(answer.retryAfter)).toBeGreaterThan(0);
    expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
    // Any route counts for the same caller; another caller, and the public probes, are untouched.
    expect((await get(server, '/api/v1/history/histogram', ana)).status).toBe(429);
    expect((await get(server, '/api/v1/meta', admin)).status).toBe(200);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('leaves ingest out: load shedding governs senders there', async () => {
    for (let i = 0; i < LIMIT + 5; i++) {
      const response = await server.request('POST', '/api/v1/posts', [aPostInput()], null, { authorization: `Bearer ${key}` });
      expect(response.status, `post ${i}`).toBe(202);
    }
  });
});
