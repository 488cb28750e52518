import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventsLastMinute, type SourceDefinition, type SourceStore } from '@escucha/store';

export interface OpenedSourceStore {
  store: SourceStore;
  /** Another handle on the same storage, as a second process would have. */
  other: () => Promise<SourceStore>;
  close: () => Promise<void>;
}

const AT = new Date('2026-11-23T10:00:00.000Z');
const later = (ms: number) => new Date(AT.getTime() + ms);

const aSource = (overrides: Partial<SourceDefinition> = {}): SourceDefinition => ({
  id: 'callcenter-live',
  kind: 'webhook',
  name: 'Call center notes',
  channel: 'callcenter',
  state: 'active',
  credentials: 'v1.sealed-bytes',
  ...overrides,
});

/** What every SourceStore driver must do. `open` hands out an empty, isolated store each time. */
export function describeSourceStoreContract(driverName: string, open: () => Promise<OpenedSourceStore>): void {
  describe(`SourceStore contract: ${driverName}`, () => {
    let opened: OpenedSourceStore;
    let store: SourceStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(() => opened.close());

    it('has nothing for an unknown id, and an empty list', async () => {
      expect(await store.get('nobody')).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('gives back a created source with its times and no activity', async () => {
      const created = await store.create(aSource(), AT);
      const expected = { ...aSource(), createdAt: AT, updatedAt: AT, activity: { minuteEvents: 0, previousMinuteEvents: 0 } };
      expect(created).toEqual(expected);
      expect(await store.get('callcenter-live')).toEqual(expected);
    });

    it('keeps a source without credentials without the field', async () => {
      await store.create(aSource({ id: 'forum-import', kind: 'import', credentials: undefined }), AT);
      const stored = await store.get('forum-import');
      expect(stored).toBeDefined();
      expect('credentials' in stored!).toBe(false);
    });

    it('refuses a second source with the same id, also from another handle', async () => {
      await store.create(aSource(), AT);
      const other = await opened.other();
      await expect(other.create(aSource({ name: 'again' }), AT)).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
      expect((await store.get('callcenter-live'))?.name).toBe('Call center notes');
    });

    it('refuses a bad id, kind, channel or state naming it', async () => {
      await expect(store.create(aSource({ id: 'Has Spaces' }), AT)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/source id/) });
      await expect(store.create(aSource({ kind: 'fax' as never }), AT)).rejects.toMatchObject({ message: expect.stringMatching(/kind/) });
      await expect(store.create(aSource({ channel: 'pigeon' as never }), AT)).rejects.toMatchObject({ message: expect.stringMatching(/channel/) });
      await expect(store.create(aSource({ state: 'on' as never }), AT)).rejects.toMatchObject({ message: expect.stringMatching(/state/) });
      expect(await store.list()).toEqual([]);
    });

    it('lists by id', async () => {
      await store.create(aSource({ id: 'zeta' }), AT);
      await store.create(aSource({ id: 'alpha', kind: 'import', channel: 'forum' }), AT);
      await store.create(aSource({ id: 'mid', channel: 'email' }), AT);
      expect((await store.list()).map((s) => [s.id, s.channel])).toEqual([
        ['alpha', 'forum'],
        ['mid', 'email'],
        ['zeta', 'callcenter'],
      ]);
    });

    it('pauses and resumes, moving updatedAt, and says when there is no such source', async () => {
      await store.create(aSource(), AT);
      expect(await store.setState('callcenter-live', 'paused', later(1000))).toMatchObject({ state: 'paused', updatedAt: later(1000), createdAt: AT });
      expect((await (await opened.other()).get('callcenter-live'))?.state).toBe('paused');
      expect(await store.setState('callcenter-live', 'active', later(2000))).toMatchObject({ state: 'active' });
      expect(await store.setState('nobody', 'paused', AT)).toBeUndefined();
      expect(await store.get('nobody')).toBeUndefined();
    });

    it('deletes, once', async () => {
      await store.create(aSource(), AT);
      expect(await store.delete('callcenter-live')).toBe(true);
      expect(await store.delete('callcenter-live')).toBe(false);
      expect(await store.get('callcenter-live')).toBeUndefined();
      expect(await store.list()).toEqual([]);
    });

    it('save creates, then replaces the definition keeping createdAt and activity', async () => {
      await store.save(aSource({ name: 'first' }), AT);
      await store.recordActivity('callcenter-live', { at: later(5_000), events: 3 });
      const saved = await store.save(aSource({ name: 'second', channel: 'assistant', credentials: undefined }), later(10_000));
      expect(saved).toMatchObject({ name: 'second', channel: 'assistant', createdAt: AT, updatedAt: later(10_000) });
      const stored = await store.get('callcenter-live');
      expect(stored).toMatchObject({ name: 'second', channel: 'assistant', createdAt: AT, activity: { minuteEvents: 3, lastEventAt: later(5_000) } });
      expect('credentials' in stored!).toBe(false);
    });

    it('adds up activity from several handles, rolling the minute buckets', async () => {
      await store.create(aSource(), AT);
      const other = await opened.other();
      await Promise.all([
        ...Array.from({ length: 5 }, (_, i) => store.recordActivity('callcenter-live', { at: later(1_000 + i), events: 2 })),
        ...Array.from({ length: 5 }, (_, i) => other.recordActivity('callcenter-live', { at: later(2_000 + i), events: 1 })),
      ]);
      let activity = (await store.get('callcenter-live'))!.activity;
      expect(activity).toMatchObject({ minute: AT, minuteEvents: 15, previousMinuteEvents: 0, lastEventAt: later(2_004) });
      await store.recordActivity('callcenter-live', { at: later(61_000), events: 4 });
      activity = (await store.get('callcenter-live'))!.activity;
      expect(activity).toMatchObject({ minute: later(60_000), minuteEvents: 4, previousMinuteEvents: 15 });
      // At 90 s: all 4 of this minute and half of the previous minute's 15.
      expect(eventsLastMinute(activity, later(90_000))).toBe(12);
      expect(eventsLastMinute(activity, later(10 * 60_000))).toBe(0);
    });

    it('keeps the latest error, and drops reports for a source that is gone', async () => {
      await store.create(aSource(), AT);
      await store.recordActivity('callcenter-live', { at: later(2_000), events: 0, error: 'bad signature' });
      await store.recordActivity('callcenter-live', { at: later(1_000), events: 0, error: 'older news' });
      const activity = (await store.get('callcenter-live'))!.activity;
      expect(activity).toMatchObject({ lastError: 'bad signature', lastErrorAt: later(2_000), minuteEvents: 0 });
      expect(activity.lastEventAt).toBeUndefined();
      await store.recordActivity('nobody', { at: AT, events: 1 });
      expect(await store.get('nobody')).toBeUndefined();
    });
  });
}
