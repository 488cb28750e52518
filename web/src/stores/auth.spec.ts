import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenStorage } from '../api/http';
import { fakeApi } from '../test-support/fakeApi';
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
});
