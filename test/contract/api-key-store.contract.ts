import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKey, ApiKeyStore } from '@escucha/store';

export interface OpenedApiKeyStore {
  store: ApiKeyStore;
  close: () => Promise<void>;
}

let n = 0;
export function anApiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  n++;
  return {
    id: `k${n.toString(16).padStart(15, '0')}`,
    name: `feeder ${n}`,
    scope: 'ingest',
    hash: 'ab'.repeat(32),
    createdAt: new Date(Date.UTC(2026, 0, 15, 8, 30, 0, n)),
    createdBy: 'admin',
    ...overrides,
  };
}

/** What every ApiKeyStore driver must do. `open` must hand out an empty, isolated store each time. */
export function describeApiKeyStoreContract(driverName: string, open: () => Promise<OpenedApiKeyStore>): void {
  describe(`ApiKeyStore contract: ${driverName}`, () => {
    let store: ApiKeyStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ store, close } = await open());
      await store.init();
    });

    afterEach(async () => {
      await close();
    });

    it('finds nothing in an empty store', async () => {
      expect(await store.find('nope')).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('finds a created key with every field as given', async () => {
      const key = anApiKey({ scope: 'read', expiresAt: new Date('2027-01-01T00:00:00.250Z'), lastUsedAt: new Date('2026-01-16T00:00:00.001Z') });
      await store.create(key);
      expect(await store.find(key.id)).toEqual(key);
      const bare = anApiKey();
      await store.create(bare);
      expect(await store.find(bare.id)).toEqual(bare);
    });

    it('refuses a second key with the same id and keeps the first', async () => {
      const key = anApiKey();
      await store.create(key);
      await expect(store.create({ ...key, name: 'other', hash: 'cd'.repeat(32) })).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
      expect(await store.find(key.id)).toEqual(key);
    });

    it('refuses an unknown scope', async () => {
      await expect(store.create(anApiKey({ scope: 'admin' as never }))).rejects.toMatchObject({ status: 400 });
    });

    it('lists keys newest first', async () => {
      const keys = [anApiKey({ createdAt: new Date('2026-01-01') }), anApiKey({ createdAt: new Date('2026-03-01') }), anApiKey({ createdAt: new Date('2026-02-01') })];
      for (const key of keys) await store.create(key);
      expect(await store.list()).toEqual([keys[1], keys[2], keys[0]]);
    });

    it('deletes a key at once, and says whether there was one', async () => {
      const kept = anApiKey();
      const gone = anApiKey();
      await store.create(kept);
      await store.create(gone);
      expect(await store.delete(gone.id)).toBe(true);
      expect(await store.find(gone.id)).toBeUndefined();
      expect(await store.list()).toEqual([kept]);
      expect(await store.delete(gone.id)).toBe(false);
    });

    it('records the last use, never moving it back', async () => {
      const key = anApiKey();
      await store.create(key);
      const later = new Date('2026-02-01T10:00:00.000Z');
      await store.touch(key.id, later);
      expect((await store.find(key.id))?.lastUsedAt).toEqual(later);
      await store.touch(key.id, new Date('2026-01-20T00:00:00.000Z'));
      expect((await store.find(key.id))?.lastUsedAt).toEqual(later);
      const latest = new Date('2026-02-02T00:00:00.000Z');
      await store.touch(key.id, latest);
      expect((await store.find(key.id))?.lastUsedAt).toEqual(latest);
    });

    it('ignores a touch of a deleted key', async () => {
      const key = anApiKey();
      await store.create(key);
      await store.delete(key.id);
      await store.touch(key.id, new Date('2026-02-01'));
      expect(await store.find(key.id)).toBeUndefined();
    });
  });
}
