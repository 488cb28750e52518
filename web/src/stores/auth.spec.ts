import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { onUnauthorized, tokenStorage } from '../api/http';
import { fakeApi, reply } from '../test-support/fakeApi';
import { useAuthStore } from './auth';

describe('auth store', () => {
  beforeEach(() => {
    localStorage.clear();
    tokenStorage.set('a.signed.token');
    setActivePinia(createPinia());
  });

  let api: ReturnType<typeof fakeApi> | undefined;
  afterEach(() => api?.restore());

  it('logout asks the API to revoke the token, then forgets it', async () => {
    api = fakeApi({ '/api/v1/auth/logout': null });
    const auth = useAuthStore();
    expect(auth.isAuthenticated).toBe(true);
    await auth.logout();
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/v1/auth/logout']);
    expect(auth.isAuthenticated).toBe(false);
    expect(tokenStorage.get()).toBeNull();
  });

  it('still ends the local session when the API refuses or cannot be reached', async () => {
    api = fakeApi({});
    const auth = useAuthStore();
    await auth.logout();
    expect(api.calls).toHaveLength(1);
    expect(auth.isAuthenticated).toBe(false);
    expect(tokenStorage.get()).toBeNull();
  });

  it('lets the roles that serve customers see them, and no one before the user is known', () => {
    const auth = useAuthStore();
    expect(auth.servesCustomers).toBe(false);
    const seen = (['admin', 'service', 'analyst', 'marketing'] as const).map((role) => {
      auth.user = { username: role, role };
      return [role, auth.servesCustomers];
    });
    expect(seen).toEqual([['admin', true], ['service', true], ['analyst', false], ['marketing', false]]);
  });

  it('changing the password keeps this tab signed in with the new token the API answers', async () => {
    api = fakeApi({ 'POST /api/v1/auth/password': { token: 'the.new.token', user: { username: 'ana', role: 'analyst' } } });
    const auth = useAuthStore();
    await auth.changePassword('old secret', 'a new long secret');
    expect(api.calls.map((c) => c.body)).toEqual([{ currentPassword: 'old secret', newPassword: 'a new long secret' }]);
    expect([auth.token, tokenStorage.get(), auth.user?.username]).toEqual(['the.new.token', 'the.new.token', 'ana']);
  });

  it('a mistyped current password is an error to show, not the end of the session', async () => {
    let unauthorized = 0;
    onUnauthorized(() => unauthorized++);
    api = fakeApi({
      'POST /api/v1/auth/password': reply(401, { code: 'INVALID_CREDENTIALS', message: 'the current password is wrong' }),
      'GET /api/v1/auth/me': reply(401, { code: 'UNAUTHORIZED', message: 'the token or API key is invalid, expired or revoked' }),
    });
    const auth = useAuthStore();
    await expect(auth.changePassword('typo', 'a new long secret')).rejects.toThrow('the current password is wrong');
    expect([unauthorized, auth.token]).toEqual([0, 'a.signed.token']);
    // A token the API no longer takes still ends it.
    await auth.restore();
    expect(unauthorized).toBe(1);
    onUnauthorized(() => {});
  });
});
