import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, TestServer, type ApiResponse } from '../support/server';

interface ErrorBody {
  code: string;
  message: string;
}

/**
 * Sign-in limits, logout and revocation on the embedded footprint. TRUST_PROXY=1 lets each test
 * sign in "from" its own client address through X-Forwarded-For, as a real proxy would say.
 */
describe('sign-in: limits, logout, revocation, password policy', () => {
  const server = new TestServer({ TRUST_PROXY: '1', LOGIN_MAX_FAILURES_PER_USER: '25', LOGIN_MAX_FAILURES_PER_ADDRESS: '15' });

  const login = (username: string, password: string, address: string): Promise<ApiResponse<{ token: string; code?: string; message?: string }>> =>
    server.request('POST', '/api/v1/auth/login', { username, password }, null, { 'x-forwarded-for': address });
  const me = (token: string) => server.get<{ username: string; role: string }>('/api/v1/auth/me', token);
  const retryAfter = async (username: string, password: string, address: string): Promise<string | null> => {
    const response = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ username, password }),
    });
    await response.text();
    return response.status === 429 ? response.headers.get('retry-after') : `status ${response.status}`;
  };
  const createUser = async (username: string, role: string, password = `${username}-lantern-quilt`) => {
    const created = await server.request('POST', '/api/v1/users', { username, password, role });
    expect(created.status).toBe(201);
    return password;
  };

  beforeAll(async () => {
    await server.start();
    await server.login();
  });
  afterAll(() => server.stop());

  it('refuses the 11th attempt after 10 failures for one username and address with 429 and Retry-After, even with the right password', async () => {
    for (let i = 0; i < 10; i++) expect((await login('admin', `wrong-${i}`, '198.51.100.1')).status).toBe(401);
    const refused = await login('admin', ADMIN_PASSWORD, '198.51.100.1');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', message: expect.stringMatching(/try again in \d+ s/) });
    const seconds = Number(await retryAfter('admin', ADMIN_PASSWORD, '198.51.100.1'));
    expect(seconds).toBeGreaterThan(800);
    expect(seconds).toBeLessThanOrEqual(900);
  });

  it('does not lock the real user out from another address', async () => {
    expect((await login('admin', ADMIN_PASSWORD, '203.0.113.7')).status).toBe(200);
  });

  it('refuses one address trying many usernames (LOGIN_MAX_FAILURES_PER_ADDRESS)', async () => {
    for (let i = 0; i < 15; i++) expect((await login(`ghost${i}`, 'whatever-pass', '198.51.100.2')).status).toBe(401);
    expect((await login('ghost-next', 'whatever-pass', '198.51.100.2')).status).toBe(429);
  });

  it('refuses a username attacked from many addresses (LOGIN_MAX_FAILURES_PER_USER), except from an address it signed in from before', async () => {
    const password = await createUser('vera', 'analyst');
    expect((await login('vera', password, '192.0.2.50')).status).toBe(200);
    // Five addresses, five failures each: no pair reaches its limit, the username does.
    for (let a = 1; a <= 5; a++) for (let i = 0; i < 5; i++) expect((await login('vera', `guess-${i}`, `192.0.2.${a}`)).status).toBe(401);
    expect((await login('vera', password, '192.0.2.99')).status).toBe(429);
    expect((await login('vera', password, '192.0.2.50')).status).toBe(200);
  });

  it('logout revokes the presented token at once, and only that one', async () => {
    const password = await createUser('lola', 'marketing');
    const first = (await login('lola', password, '10.0.0.1')).body.token;
    const second = (await login('lola', password, '10.0.0.1')).body.token;
    expect((await me(first)).status).toBe(200);
    expect((await server.request('POST', '/api/v1/auth/logout', undefined, first)).status).toBe(204);
    const after = await me(first);
    expect(after.status).toBe(401);
    expect((after.body as unknown as ErrorBody).code).toBe('UNAUTHORIZED');
    expect((await me(second)).status).toBe(200);
    expect((await server.request('POST', '/api/v1/auth/logout', undefined, first)).status).toBe(401);
  });

  it('a role change signs the user out everywhere; the next sign-in carries the new role', async () => {
    const password = await createUser('rosa', 'analyst');
    const tokens = [(await login('rosa', password, '10.0.0.2')).body.token, (await login('rosa', password, '10.0.0.2')).body.token];
    const changed = await server.request('PATCH', '/api/v1/users/rosa', { role: 'marketing' });
    expect(changed).toMatchObject({ status: 200, body: { username: 'rosa', role: 'marketing', disabled: false } });
    for (const token of tokens) expect((await me(token)).status).toBe(401);
    const again = await login('rosa', password, '10.0.0.2');
    expect((await me(again.body.token)).body).toEqual({ username: 'rosa', role: 'marketing' });
  });

  it('disabling refuses the user\'s tokens and sign-ins until enabled again', async () => {
    const password = await createUser('dina', 'analyst');
    const token = (await login('dina', password, '10.0.0.3')).body.token;
    expect((await server.request('PATCH', '/api/v1/users/dina', { disabled: true })).status).toBe(200);
    expect((await me(token)).status).toBe(401);
    expect(await login('dina', password, '10.0.0.3')).toMatchObject({ status: 403, body: { code: 'USER_DISABLED' } });
    const users = await server.get<Array<{ username: string; disabled: boolean }>>('/api/v1/users');
    expect(users.body.find((u) => u.username === 'dina')?.disabled).toBe(true);
    expect((await server.request('PATCH', '/api/v1/users/dina', { disabled: false })).status).toBe(200);
    expect((await login('dina', password, '10.0.0.3')).status).toBe(200);
  });

  it('an admin\'s password reset signs the user out; the old password stops working', async () => {
    const password = await createUser('nina', 'analyst');
    const token = (await login('nina', password, '10.0.0.4')).body.token;
    expect((await server.request('PATCH', '/api/v1/users/nina', { password: 'copper-meadow-lantern' })).status).toBe(200);
    expect((await me(token)).status).toBe(401);
    expect((await login('nina', password, '10.0.0.4')).status).toBe(401);
    expect((await login('nina', 'copper-meadow-lantern', '10.0.0.4')).status).toBe(200);
  });

  it('a user changes their own password with the current one, gets a new token, and their older tokens stop working', async () => {
    const password = await createUser('olga', 'marketing');
    const old = (await login('olga', password, '10.0.0.5')).body.token;
    const other = (await login('olga', password, '10.0.0.5')).body.token;
    const wrong = await server.request<ErrorBody>('POST', '/api/v1/auth/password', { currentPassword: 'not-it', newPassword: 'violet-harbor-compass' }, old);
    expect(wrong).toMatchObject({ status: 401, body: { code: 'INVALID_CREDENTIALS' } });
    const weak = await server.request<ErrorBody>('POST', '/api/v1/auth/password', { currentPassword: password, newPassword: 'password123456' }, old);
    expect(weak.status).toBe(400);
    expect(weak.body).toMatchObject({ code: 'WEAK_PASSWORD', message: expect.stringMatching(/too common/) });
    const changed = await server.request<{ token: string; user: unknown }>('POST', '/api/v1/auth/password', { currentPassword: password, newPassword: 'violet-harbor-compass' }, old);
    expect(changed.status).toBe(200);
    expect(changed.body.user).toEqual({ username: 'olga', role: 'marketing' });
    expect((await me(old)).status).toBe(401);
    expect((await me(other)).status).toBe(401);
    expect((await me(changed.body.token)).status).toBe(200);
  });

  it('refuses short and common passwords with a 400 naming the problem', async () => {
    const short = await server.request<ErrorBody>('POST', '/api/v1/users', { username: 'pia', password: 'short-one', role: 'analyst' });
    expect(short).toEqual({ status: 400, body: { code: 'WEAK_PASSWORD', message: 'password must be at least 12 characters, got 9' } });
    const common = await server.request<ErrorBody>('POST', '/api/v1/users', { username: 'pia', password: 'iloveyou12345', role: 'analyst' });
    expect(common.status).toBe(400);
    expect(common.body.message).toMatch(/^password is too common or too easy to guess: it is a commonly used password/);
    const own = await server.request<ErrorBody>('POST', '/api/v1/users', { username: 'pia.montero', password: 'pia.montero', role: 'analyst' });
    expect(own.status).toBe(400);
  });

  it('validates user changes, and keeps an admin from demoting or disabling themselves', async () => {
    expect((await server.request('PATCH', '/api/v1/users/ghost', { role: 'analyst' })).status).toBe(404);
    expect((await server.request<ErrorBody>('PATCH', '/api/v1/users/admin', {})).status).toBe(400);
    const badRole = await server.request<ErrorBody>('PATCH', '/api/v1/users/admin', { role: 'root' });
    expect(badRole.status).toBe(400);
    expect(badRole.body.message).toMatch(/role/);
    expect((await server.request('PATCH', '/api/v1/users/admin', { disabled: 'yes' })).status).toBe(400);
    expect((await server.request('PATCH', '/api/v1/users/admin', { role: 'analyst' })).status).toBe(409);
    expect((await server.request('PATCH', '/api/v1/users/admin', { disabled: true })).status).toBe(409);
    const marketing = (await login('lola', 'lola-lantern-quilt', '10.0.0.6')).body.token;
    expect((await server.request('PATCH', '/api/v1/users/rosa', { role: 'admin' }, marketing)).status).toBe(403);
  });

  it('keeps a logout across a restart', async () => {
    const password = await createUser('tere', 'analyst');
    const token = (await login('tere', password, '10.0.0.7')).body.token;
    const kept = (await login('tere', password, '10.0.0.7')).body.token;
    expect((await server.request('POST', '/api/v1/auth/logout', undefined, token)).status).toBe(204);
    await server.kill('SIGTERM');
    await server.start();
    expect((await me(token)).status).toBe(401);
    // The signing keys live in the store: a token from before the restart still verifies.
    expect((await me(kept)).status).toBe(200);
  });
});
