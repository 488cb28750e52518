import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CheckpointStore } from '@escucha/store';

export interface OpenedCheckpointStore {
  store: CheckpointStore;
  /** Another handle on the same storage, as the next lease holder on another node would have. */
  other: () => Promise<CheckpointStore>;
  close: () => Promise<void>;
}

const AT = new Date('2026-11-23T10:00:00.000Z');

/** What every CheckpointStore driver must do. `open` hands out an empty, isolated store each time. */
export function describeCheckpointStoreContract(driverName: string, open: () => Promise<OpenedCheckpointStore>): void {
  describe(`CheckpointStore contract: ${driverName}`, () => {
    let opened: OpenedCheckpointStore;
    let store: CheckpointStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(() => opened.close());

    it('has nothing for an unknown key, and gives back any JSON value put', async () => {
      expect(await store.get('demo.cursor')).toBeUndefined();
      await store.put('demo.cursor', '2026-11-23T09:59:00.000Z', AT);
      await store.put('x.cursor', { newestId: '1890', at: 1_700_000_000_000, rules: ['a', 'b'] }, AT);
      await store.put('demo.backfilled', true, AT);
      expect(await store.get('demo.cursor')).toEqual({ value: '2026-11-23T09:59:00.000Z', at: AT });
      expect(await store.get('x.cursor')).toEqual({ value: { newestId: '1890', at: 1_700_000_000_000, rules: ['a', 'b'] }, at: AT });
      expect((await store.get('demo.backfilled'))?.value).toBe(true);
    });

    it('the last put wins, and another handle sees it at once', async () => {
      const other = await opened.other();
      await store.put('demo.cursor', 'first', AT);
      await store.put('demo.cursor', 'second', new Date(AT.getTime() + 1000));
      expect(await other.get('demo.cursor')).toEqual({ value: 'second', at: new Date(AT.getTime() + 1000) });
      await other.put('demo.cursor', 'third', AT);
      expect((await store.get('demo.cursor'))?.value).toBe('third');
    });

    it('forgets a deleted key for every handle, and says whether there was one', async () => {
      const other = await opened.other();
      await store.put('demo.crm', { customers: 3 }, AT);
      await store.put('demo.cursor', 'kept', AT);
      expect(await store.delete('demo.crm')).toBe(true);
      expect(await other.get('demo.crm')).toBeUndefined();
      expect(await other.delete('demo.crm')).toBe(false);
      expect((await other.get('demo.cursor'))?.value).toBe('kept');
      await other.put('demo.crm', 'again', AT);
      expect((await store.get('demo.crm'))?.value).toBe('again');
    });

    it('refuses an empty key, a value that is not JSON and a bad time', async () => {
      await expect(store.put('', 1, AT)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.put('k', undefined, AT)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.put('k', 1, new Date(Number.NaN))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await store.get('k')).toBeUndefined();
    });
  });
}
