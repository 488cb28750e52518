import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPostInput } from '../support/post-inputs';
import { TestServer, waitFor } from '../support/server';

interface CreatedKey {
  id: string;
  key: string;
  name: string;
  scope: string;
  expiresAt: string | null;
  createdAt: string;
  createdBy: string;
  lastUsedAt: string | null;
}

interface ErrorBody {
  code: string;
  message: string;
}

describe('API keys', () => {
  // Touches written at most once a second, so a test can see lastUsedAt move.
  const server = new TestServer({ API_KEY_TOUCH_SECONDS: '1' });
  let ingest: CreatedKey;
  let read: CreatedKey;

  const withKey = <T = unknown>(method: string, path: string, key: string, body?: unknown, header: 'bearer' | 'x-api-key' = 'bearer') =>
    server.request<T>(method, path, body, null, header === 'bearer' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key });

  beforeAll(async () => {
    await server.start();
    await server.login();
    ingest = (await server.request<CreatedKey>('POST', '/api/v1/api-keys', { name: 'crm feeder', scope: 'ingest' })).body;
    read = (await server.request<CreatedKey>('POST', '/api/v1/api-keys', { name: 'bi export', scope: 'read', expiresAt: '2099-01-01T00:00:00Z' })).body;
  });
  afterAll(() => server.stop());

  it('answers the key once, with its id, name, scope, expiry and creation time', () => {
    expect(ingest).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      key: expect.stringMatching(/^esk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/),
      name: 'crm feeder',
      scope: 'ingest',
      expiresAt: null,
      createdAt: expect.any(String),
      createdBy: 'admin',
      lastUsedAt: null,
    });
    expect(ingest.key).toContain(ingest.id);
    expect(read.expiresAt).toBe('2099-01-01T00:00:00.000Z');
  });

  it('lets an ingest key send posts, as Bearer or X-API-Key, and nothing else', async () => {
    expect((await withKey('POST', '/api/v1/posts', ingest.key, [aPostInput()])).status).toBe(202);
    expect((await withKey('POST', '/api/v1/posts', ingest.key, [aPostInput()], 'x-api-key')).status).toBe(202);
    for (const [method, path] of [['GET', '/api/v1/posts'], ['GET', '/api/v1/api-keys'], ['GET', '/api/v1/auth/me'], ['POST', '/api/v1/auth/logout']]) {
      const refused = await withKey<ErrorBody>(method, path, ingest.key);
      expect(refused.status, `${method} ${path}`).toBe(403);
      expect(refused.body.message).toBe('an ingest API key may only send posts (POST /api/v1/posts)');
    }
    expect((await withKey('POST', '/api/v1/users', ingest.key, { username: 'x', password: 'lantern-quilt-88', role: 'admin' })).status).toBe(403);
  });

  it('lets a read key read what an analyst reads, and write nothing', async () => {
    expect((await withKey('GET', '/api/v1/posts', read.key)).status).toBe(200);
    expect((await withKey('GET', '/api/v1/history/histogram', read.key, undefined, 'x-api-key')).status).toBe(200);
    expect((await withKey('GET', '/api/v1/labels', read.key)).status).toBe(200);
    expect((await withKey('POST', '/api/v1/posts', read.key, [aPostInput()])).status).toBe(403);
    expect((await withKey('GET', '/api/v1/users', read.key)).status).toBe(403);
    expect((await withKey('GET', '/api/v1/api-keys', read.key)).status).toBe(403);
  });

  it('lets a read key follow /live, and refuses an ingest key there', async () => {
    const outcome = (key: string) =>
      new Promise<string>((resolve) => {
        const socket = io(`${server.url}/live`, { auth: { token: key }, transports: ['websocket'], reconnection: false });
        socket.once('live:update', () => {
          socket.close();
          resolve('update');
        });
        socket.once('connect_error', (error: Error) => {
          socket.close();
          resolve(error.message);
        });
      });
    expect(await outcome(read.key)).toBe('update');
    expect(await outcome(ingest.key)).toBe('unauthorized');
  });

  it('lists keys for admins with their last use and no secret', async () => {
    const listed = await waitFor('lastUsedAt of the ingest key', async () => {
      const response = await server.get<CreatedKey[]>('/api/v1/api-keys');
      const found = response.body.find((k) => k.id === ingest.id);
      return found?.lastUsedAt ? response.body : undefined;
    });
    expect(listed.map((k) => k.id)).toEqual(expect.arrayContaining([read.id, ingest.id]));
    const times = listed.map((k) => Date.parse(k.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (const key of listed) {
      expect(key).not.toHaveProperty('key');
      expect(key).not.toHaveProperty('hash');
    }
    const used = listed.find((k) => k.id === ingest.id)!;
    expect(Date.parse(used.lastUsedAt!)).toBeGreaterThanOrEqual(Date.parse(ingest.createdAt));
  });

  it('keeps key management to admins', async () => {
    const created = await server.request('POST', '/api/v1/users', { username: 'ana', password: 'ana-lantern-quilt', role: 'analyst' });
    expect(created.status).toBe(201);
    const analyst = await server.login('ana', 'ana-lantern-quilt');
    expect((await server.request('POST', '/api/v1/api-keys', { name: 'mine', scope: 'read' }, analyst)).status).toBe(403);
    expect((await server.get('/api/v1/api-keys', analyst)).status).toBe(403);
  });

  it('validates the request: scope, name, expiry', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ name: 'x', scope: 'admin' }, /scope/],
      [{ scope: 'read' }, /name/],
      [{ name: '', scope: 'read' }, /name/],
      [{ name: 'x', scope: 'read', expiresAt: 'tomorrow' }, /expiresAt/],
      [{ name: 'x', scope: 'read', expiresAt: '2001-01-01T00:00:00Z' }, /expiresAt must be in the future/],
      [{ name: 'x', scope: 'read', extra: 1 }, /extra/],
    ];
    for (const [body, message] of cases) {
      const response = await server.request<ErrorBody>('POST', '/api/v1/api-keys', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.message).toMatch(message);
    }
  });

  it('refuses a made-up key, a tampered key and an expired key with 401', async () => {
    expect((await withKey('GET', '/api/v1/posts', `esk_${'0'.repeat(16)}_${'A'.repeat(43)}`)).status).toBe(401);
    expect((await withKey('GET', '/api/v1/posts', `${read.key.slice(0, -1)}${read.key.endsWith('A') ? 'B' : 'A'}`)).status).toBe(401);
    expect((await withKey('GET', '/api/v1/posts', 'not-a-key', undefined, 'x-api-key')).status).toBe(401);
    const soon = await server.request<CreatedKey>('POST', '/api/v1/api-keys', { name: 'short-lived', scope: 'read', expiresAt: new Date(Date.now() + 1500).toISOString() });
    expect((await withKey('GET', '/api/v1/posts', soon.body.key)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    const expired = await withKey<ErrorBody>('GET', '/api/v1/posts', soon.body.key);
    expect(expired).toEqual({ status: 401, body: { code: 'UNAUTHORIZED', message: 'the API key has expired' } });
  });

  it('revokes a key at once; a second delete is 404', async () => {
    const doomed = (await server.request<CreatedKey>('POST', '/api/v1/api-keys', { name: 'doomed', scope: 'ingest' })).body;
    expect((await withKey('POST', '/api/v1/posts', doomed.key, [aPostInput()])).status).toBe(202);
    expect((await server.request('DELETE', `/api/v1/api-keys/${doomed.id}`)).status).toBe(204);
    expect((await withKey('POST', '/api/v1/posts', doomed.key, [aPostInput()])).status).toBe(401);
    expect((await server.request('DELETE', `/api/v1/api-keys/${doomed.id}`)).status).toBe(404);
    expect((await server.get<CreatedKey[]>('/api/v1/api-keys')).body.map((k) => k.id)).not.toContain(doomed.id);
  });
});
