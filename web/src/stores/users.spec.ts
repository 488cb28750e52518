import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManagedUser } from '../api/types';
import { fakeApi, reply } from '../test-support/fakeApi';
import { useUsersStore } from './users';

const aUser = (username: string, overrides: Partial<ManagedUser> = {}): ManagedUser => ({ username, role: 'analyst', disabled: false, createdAt: '2026-11-30T10:00:00.000Z', ...overrides });

describe('users store', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => api.restore());

  it('creates a user and lists the team again, as the API has it', async () => {
    let team = [aUser('admin', { role: 'admin' })];
    api = fakeApi({
      'GET /api/v1/users': () => team,
      'POST /api/v1/users': (call) => {
        team = [...team, aUser('ana', { role: 'service' })];
        return { username: 'ana', role: (call.body as { role: string }).role };
      },
    });
    const users = useUsersStore();
    await users.load();
    expect(await users.create({ username: 'ana', password: 'a long first password', role: 'service' })).toBe(true);
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/v1/users', 'POST /api/v1/users', 'GET /api/v1/users']);
    expect(api.calls[1].body).toEqual({ username: 'ana', password: 'a long first password', role: 'service' });
    expect(users.items.map((u) => [u.username, u.role])).toEqual([['admin', 'admin'], ['ana', 'service']]);
    expect(users.busy).toBeNull();
  });

  it('changes one user in place from the API\'s answer', async () => {
    api = fakeApi({
      'GET /api/v1/users': [aUser('admin', { role: 'admin' }), aUser('ana')],
      'PATCH /api/v1/users/ana': aUser('ana', { disabled: true }),
    });
    const users = useUsersStore();
    await users.load();
    expect(await users.update('ana', { disabled: true })).toBe(true);
    expect(api.calls[1]).toMatchObject({ method: 'PATCH', path: '/api/v1/users/ana', body: { disabled: true } });
    expect(users.items.map((u) => [u.username, u.disabled])).toEqual([['admin', false], ['ana', true]]);
  });

  it('keeps the team as it was and says why when the API refuses', async () => {
    api = fakeApi({
      'GET /api/v1/users': [aUser('admin', { role: 'admin' })],
      'PATCH /api/v1/users/admin': reply(409, { code: 'CONFLICT', message: 'you cannot demote or disable yourself; another admin can' }),
      'POST /api/v1/users': reply(400, { code: 'VALIDATION', message: 'password must be at least 12 characters' }),
    });
    const users = useUsersStore();
    await users.load();
    expect(await users.update('admin', { role: 'analyst' })).toBe(false);
    expect(users.error?.message).toBe('you cannot demote or disable yourself; another admin can');
    expect(users.items[0].role).toBe('admin');
    expect(await users.create({ username: 'bob', password: 'short', role: 'analyst' })).toBe(false);
    expect(users.error?.message).toBe('password must be at least 12 characters');
    expect([users.items.length, users.busy]).toEqual([1, null]);
  });
});
