import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPostInput } from '../support/post-inputs';
import { TestServer } from '../support/server';

describe('access control', () => {
  const server = new TestServer();
  let marketing: string;

  beforeAll(async () => {
    await server.start();
    await server.login();
    const created = await server.request('POST', '/api/v1/users', { username: 'mara', password: 'marketing-pass', role: 'marketing' });
    expect(created).toEqual({ status: 201, body: { username: 'mara', role: 'marketing' } });
    marketing = await server.login('mara', 'marketing-pass');
  });
  afterAll(() => server.stop());

  it('/health is public and names the drivers', async () => {
    const health = await server.get('/health', null);
    expect(health).toEqual({ status: 200, body: { status: 'ok', drivers: { store: 'duckdb', queue: 'inline' }, demo: false } });
  });

  it.each(['/api/v1/posts', '/api/v1/history/histogram', '/api/v1/meta', '/api/v1/users', '/api/v1/auth/me'])('%s answers 401 without a token', async (path) => {
    const response = await server.get<{ code: string; message: string }>(path, null);
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('UNAUTHORIZED');
    expect(response.body.message).toMatch(/Bearer/);
  });

  it('answers 401 to a forged token', async () => {
    const response = await server.get('/api/v1/posts', 'eyJzdWIiOiJhZG1pbiJ9.bad');
    expect(response).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED', message: 'the token or API key is invalid, expired or revoked' } });
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const wrong = await server.request('POST', '/api/v1/auth/login', { username: 'admin', password: 'nope' }, null);
    const unknown = await server.request('POST', '/api/v1/auth/login', { username: 'ghost', password: 'nope' }, null);
    expect(wrong).toEqual({ status: 401, body: { code: 'INVALID_CREDENTIALS', message: 'wrong username or password' } });
    expect(unknown).toEqual(wrong);
  });

  it('validates the login body', async () => {
    const response = await server.request<{ message: string }>('POST', '/api/v1/auth/login', { username: 'admin' }, null);
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/password/);
  });

  it('lets a marketing user read but not ingest or manage users (403)', async () => {
    expect((await server.get('/api/v1/posts', marketing)).status).toBe(200);
    expect(await server.get('/api/v1/auth/me', marketing)).toEqual({ status: 200, body: { username: 'mara', role: 'marketing' } });
    const ingest = await server.request<{ code: string; message: string }>('POST', '/api/v1/posts', [aPostInput()], marketing);
    expect(ingest.status).toBe(403);
    expect(ingest.body).toEqual({ code: 'FORBIDDEN', message: 'role marketing may not do this; needs admin or analyst' });
    expect((await server.get('/api/v1/users', marketing)).status).toBe(403);
  });

  it('refuses a duplicate user and a bad role with clear 4xx', async () => {
    const duplicate = await server.request<{ code: string }>('POST', '/api/v1/users', { username: 'mara', password: 'lantern-quilt-88', role: 'analyst' });
    expect(duplicate.status).toBe(409);
    const badRole = await server.request<{ message: string }>('POST', '/api/v1/users', { username: 'bob', password: 'lantern-quilt-88', role: 'root' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.message).toMatch(/role/);
  });

  it('serves the OpenAPI document', async () => {
    const response = await fetch(`${server.url}/api/docs-json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/posts', '/api/v1/history/compare', '/api/v1/auth/login']));
  });
});
