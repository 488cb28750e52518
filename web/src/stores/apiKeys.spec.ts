import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyView } from '../api/types';
import { fakeApi, reply } from '../test-support/fakeApi';
import { useApiKeysStore } from './apiKeys';

const aKey = (id: string, overrides: Partial<ApiKeyView> = {}): ApiKeyView => ({
  id, name: `key ${id}`, scope: 'ingest', createdAt: '2026-11-30T10:00:00.000Z', createdBy: 'admin', expiresAt: null, lastUsedAt: null, ...overrides,
});

describe('API keys store', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => api.restore());

  it('makes a key, keeps its secret until forgotten, and lists the keys again', async () => {
    let keys = [aKey('k1')];
    api = fakeApi({
      'GET /api/v1/api-keys': () => keys,
      'POST /api/v1/api-keys': () => {
        keys = [...keys, aKey('k2', { name: 'partner' })];
        return { ...keys[1], key: 'esk_secret' };
      },
    });
    const store = useApiKeysStore();
    await store.load();
    expect(await store.create({ name: 'partner', scope: 'ingest' })).toBe(true);
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/v1/api-keys', 'POST /api/v1/api-keys', 'GET /api/v1/api-keys']);
    expect(store.created?.key).toBe('esk_secret');
    expect(store.items.map((k) => k.id)).toEqual(['k1', 'k2']);
    store.forgetCreated();
    expect(store.created).toBeNull();
  });

  it('revokes a key, dropping it and the secret shown for it', async () => {
    api = fakeApi({
      'GET /api/v1/api-keys': [aKey('k1')],
      'POST /api/v1/api-keys': { ...aKey('k2'), key: 'esk_secret' },
      'DELETE /api/v1/api-keys/k2': reply(204),
    });
    const store = useApiKeysStore();
    await store.create({ name: 'k2', scope: 'read' });
    await store.revoke('k2');
    expect(store.items.map((k) => k.id)).toEqual(['k1']);
    expect(store.created).toBeNull();
    expect(store.busy).toBeNull();
  });

  it('says why when the API refuses, and reports nothing made', async () => {
    api = fakeApi({ 'POST /api/v1/api-keys': reply(400, { code: 'VALIDATION', message: 'name must be at most 100 characters' }) });
    const store = useApiKeysStore();
    expect(await store.create({ name: 'x'.repeat(101), scope: 'ingest' })).toBe(false);
    expect(store.error?.message).toMatch(/at most 100/);
    expect(store.created).toBeNull();
  });
});
