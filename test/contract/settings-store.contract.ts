import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsStore } from '@escucha/store';

export interface OpenedSettingsStore {
  store: SettingsStore;
  /** Another handle on the same storage, as a second process would have. */
  other: () => Promise<SettingsStore>;
  close: () => Promise<void>;
}

const AT = new Date('2026-11-23T10:00:00.000Z');

/** What every SettingsStore driver must do. `open` hands out an empty, isolated store each time. */
export function describeSettingsStoreContract(driverName: string, open: () => Promise<OpenedSettingsStore>): void {
  describe(`SettingsStore contract: ${driverName}`, () => {
    let opened: OpenedSettingsStore;
    let store: SettingsStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(() => opened.close());

    it('has nothing for an unknown key', async () => {
      expect(await store.get('taxonomy')).toBeUndefined();
    });

    it('gives back what was saved, with its version and time', async () => {
      const value = { id: 'telecom', groups: [{ id: 'outage', query: { es: 'corte', '*': 'outage' } }], nested: [1, 'dos', null, true] };
      expect(await store.put('taxonomy', 1, value, AT)).toBe(true);
      expect(await store.get('taxonomy')).toEqual({ version: 1, value, updatedAt: AT });
    });

    it('replaces a value only with a newer version', async () => {
      await store.put('taxonomy', 2, { v: 2 }, AT);
      expect(await store.put('taxonomy', 2, { v: 'same' }, AT)).toBe(false);
      expect(await store.put('taxonomy', 1, { v: 'older' }, AT)).toBe(false);
      expect((await store.get('taxonomy'))?.value).toEqual({ v: 2 });
      expect(await store.put('taxonomy', 3, { v: 3 }, AT)).toBe(true);
      expect(await store.get('taxonomy')).toMatchObject({ version: 3, value: { v: 3 } });
    });

    it('keeps keys apart', async () => {
      await store.put('a', 1, 'first', AT);
      await store.put('b', 5, 'second', AT);
      expect((await store.get('a'))?.value).toBe('first');
      expect((await store.get('b'))?.version).toBe(5);
    });

    it('lets exactly one of two racing saves of the same version win', async () => {
      const other = await opened.other();
      const results = await Promise.all([store.put('taxonomy', 1, { by: 'a' }, AT), other.put('taxonomy', 1, { by: 'b' }, AT)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results[0] ? 'a' : 'b';
      expect((await other.get('taxonomy'))?.value).toEqual({ by: winner });
    });

    it('refuses a version that is not a positive whole number', async () => {
      await expect(store.put('taxonomy', 0, {}, AT)).rejects.toThrow(/version must be a positive integer/);
      await expect(store.put('taxonomy', 1.5, {}, AT)).rejects.toThrow(/version must be a positive integer/);
    });
  });
}
