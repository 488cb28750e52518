import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Label, LabelStore } from '@escucha/store';

export interface OpenedLabelStore {
  store: LabelStore;
  /** Another handle on the same storage, as a second API node would have. */
  other: () => Promise<LabelStore>;
  close: () => Promise<void>;
}

const label = (n: number, extra: Partial<Label> = {}): Label => ({
  postId: `x:${n}`,
  text: `texto ${n} con acentos: camión ñandú 🚀`,
  lang: 'es',
  sentiment: 'negative',
  by: 'ana',
  at: new Date(Date.UTC(2026, 10, 23, 12, 0, n)),
  ...extra,
});

/** What every LabelStore driver must do. `open` hands out an empty, isolated store each time. */
export function describeLabelStoreContract(driverName: string, open: () => Promise<OpenedLabelStore>): void {
  describe(`LabelStore contract: ${driverName}`, () => {
    let opened: OpenedLabelStore;
    let store: LabelStore;

    beforeEach(async () => {
      opened = await open();
      store = opened.store;
    });
    afterEach(() => opened.close());

    it('gives back what was added, in label time, with a cursor, and counts', async () => {
      expect(await store.count()).toBe(0);
      expect(await store.list({ limit: 10 })).toEqual({ total: 0, items: [] });
      const labels = [label(3), label(1, { sentiment: undefined, topics: ['billing', 'outage'] }), label(2, { topics: [] })];
      for (const l of labels) await store.add(l);
      expect(await store.count()).toBe(3);
      const first = await store.list({ limit: 2 });
      expect(first.total).toBe(3);
      expect(first.items).toEqual([labels[1], labels[2]]);
      expect(first.items[0]).not.toHaveProperty('sentiment');
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await store.list({ limit: 2, cursor: first.nextCursor });
      expect(second).toEqual({ total: 3, items: [labels[0]] });
    });

    it('keeps labels of the same time in the order added, and every label of a post', async () => {
      const at = new Date('2026-11-23T12:00:00.000Z');
      const added = Array.from({ length: 5 }, (_, i) => label(1, { at, sentiment: (['negative', 'neutral', 'positive'] as const)[i % 3], by: `u${i}` }));
      for (const l of added) await store.add(l);
      const page = await store.list({ limit: 1000 });
      expect(page.items.map((l) => l.by)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    });

    it('a label added on one handle is seen on another at once', async () => {
      const other = await opened.other();
      await store.add(label(1));
      expect(await other.count()).toBe(1);
      expect((await other.corrections(['x:1'])).get('x:1')).toEqual({ sentiment: 'negative' });
    });

    it('merges a post\'s labels into its latest sentiment and latest topics', async () => {
      await store.add(label(1, { sentiment: 'negative', at: new Date('2026-11-23T10:00:00Z') }));
      await store.add(label(1, { sentiment: undefined, topics: ['billing'], at: new Date('2026-11-23T11:00:00Z') }));
      await store.add(label(1, { sentiment: 'positive', at: new Date('2026-11-23T12:00:00Z') }));
      await store.add(label(2, { sentiment: undefined, topics: ['outage'], at: new Date('2026-11-23T10:00:00Z') }));
      await store.add(label(2, { sentiment: undefined, topics: [], at: new Date('2026-11-23T11:00:00Z') }));
      const corrections = await store.corrections(['x:1', 'x:2', 'x:3']);
      expect([...corrections.keys()].sort()).toEqual(['x:1', 'x:2']);
      expect(corrections.get('x:1')).toEqual({ sentiment: 'positive', topics: ['billing'] });
      expect(corrections.get('x:2')).toEqual({ topics: [] });
      const many = await store.corrections([...Array.from({ length: 40 }, (_, i) => `bluesky:${i}`), 'x:2']);
      expect([...many.keys()]).toEqual(['x:2']);
      expect((await store.corrections([])).size).toBe(0);
    });

    it('pages through more labels than one page without losing or repeating any', async () => {
      for (let n = 0; n < 25; n++) await store.add(label(n % 7, { at: new Date(Date.UTC(2026, 0, 1, 0, 0, n % 4)), by: `u${n}` }));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ limit: 4, cursor });
        seen.push(...page.items.map((l) => l.by));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(25);
      expect(new Set(seen).size).toBe(25);
    });

    it('refuses bad limits, cursors and labels', async () => {
      await expect(store.list({ limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.list({ limit: 1001 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.list({ limit: 10, cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.add(label(1, { sentiment: undefined }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.add(label(1, { at: new Date(Number.NaN) }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.corrections(Array.from({ length: 1001 }, (_, i) => `x:${i}`))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await store.count()).toBe(0);
    });
  });
}
