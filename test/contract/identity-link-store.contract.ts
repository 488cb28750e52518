import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IdentityLink } from '@escucha/core';
import type { IdentityLinkStore } from '@escucha/store';

export interface OpenedIdentityLinkStore {
  store: IdentityLinkStore;
  close: () => Promise<void>;
}

const AT = new Date('2026-03-02T10:00:00.000Z');
const aLink = (overrides: Partial<IdentityLink> & { author: string; customerId: string }): IdentityLink => ({
  method: 'fuzzy',
  confidence: 0.75,
  status: 'suggested',
  by: 'system',
  at: AT,
  ...overrides,
});

/** What every IdentityLinkStore driver must do. `open` must hand out an empty, isolated store each time. */
export function describeIdentityLinkStoreContract(driverName: string, open: () => Promise<OpenedIdentityLinkStore>): void {
  describe(`IdentityLinkStore contract: ${driverName}`, () => {
    let store: IdentityLinkStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ store, close } = await open());
      await store.init();
    });
    afterEach(async () => {
      await close();
    });

    it('keeps a link as given, one per author and customer, replaced when saved again', async () => {
      const link = aLink({ author: 'x:1', customerId: 'C1', reasons: ['nickname', 'city'] });
      await store.save([link]);
      expect(await store.get('x:1', 'C1')).toEqual(link);
      const confirmed = { ...link, status: 'linked' as const, by: 'ana', at: new Date('2026-03-03T00:00:00.000Z') };
      await store.save([confirmed]);
      expect(await store.get('x:1', 'C1')).toEqual(confirmed);
      expect(await store.get('x:1', 'C2')).toBeUndefined();
      const bare = aLink({ author: 'x:2', customerId: 'C1', method: 'handle', confidence: 1, status: 'linked' });
      await store.save([bare]);
      expect(await store.get('x:2', 'C1')).not.toHaveProperty('reasons');
    });

    it('finds the links of some authors and of one customer', async () => {
      await store.save([
        aLink({ author: 'x:1', customerId: 'C2' }),
        aLink({ author: 'x:1', customerId: 'C1' }),
        aLink({ author: 'mastodon:9', customerId: 'C1', status: 'linked' }),
        aLink({ author: 'x:3', customerId: 'C3' }),
      ]);
      expect((await store.forAuthors(['x:1', 'mastodon:9', 'x:404'])).map((l) => [l.author, l.customerId])).toEqual([
        ['mastodon:9', 'C1'],
        ['x:1', 'C1'],
        ['x:1', 'C2'],
      ]);
      const many = [...Array.from({ length: 40 }, (_, i) => `bluesky:${i}`), 'x:3'];
      expect((await store.forAuthors(many)).map((l) => [l.author, l.customerId])).toEqual([['x:3', 'C3']]);
      expect((await store.forCustomer('C1')).map((l) => l.author)).toEqual(['mastodon:9', 'x:1']);
      expect(await store.forAuthors([])).toEqual([]);
    });

    it("finds the links among a whole batch's authors, as many as a job holds", async () => {
      // Past the few hundred a driver may look up one by one: the long-list path must agree.
      const linked = Array.from({ length: 30 }, (_, i) => aLink({ author: `x:${i * 37}`, customerId: `C${i % 4}` }));
      await store.save(linked);
      const batch = Array.from({ length: 1_200 }, (_, i) => `x:${i}`);
      const byKey = (links: IdentityLink[]): string[] => links.map((l) => `${l.author}|${l.customerId}`).sort();
      expect(byKey(await store.forAuthors(batch))).toEqual(byKey(linked));
      expect(byKey(await store.forAuthors(batch.slice(0, 100)))).toEqual(byKey(linked.filter((l) => Number(l.author.slice(2)) < 100)));
    });

    it("saves a relink's thousands of links in one call, each field as given, the later of a pair winning", async () => {
      const links = Array.from({ length: 3_000 }, (_, i) =>
        aLink({
          author: `x:${i}`,
          customerId: `C${i % 7}`,
          method: i % 3 === 0 ? 'handle' : 'fuzzy',
          confidence: (i % 100) / 100,
          status: i % 2 === 0 ? 'suggested' : 'linked',
          at: new Date(AT.getTime() + i * 1_000),
          ...(i % 5 === 0 ? {} : { reasons: ['first name', `surname ${i}`] }),
        }),
      );
      const resent = { ...links[10], confidence: 0.99, reasons: ['sent again'] };
      await store.save([...links, resent]);
      const expected = links.map((link, i) => (i === 10 ? resent : link));
      const stored: IdentityLink[] = [];
      for (let start = 0; start < expected.length; start += 1_000) stored.push(...(await store.forAuthors(expected.slice(start, start + 1_000).map((l) => l.author))));
      const byAuthor = (all: IdentityLink[]): IdentityLink[] => [...all].sort((a, b) => a.author.localeCompare(b.author));
      expect(byAuthor(stored)).toEqual(byAuthor(expected));
    });

    it('lists by status in keyset pages with the total', async () => {
      const links = Array.from({ length: 5 }, (_, i) => aLink({ author: `x:${i}`, customerId: 'C1', status: i === 2 ? 'linked' : 'suggested' }));
      await store.save(links);
      const first = await store.list({ status: 'suggested' }, { limit: 3 });
      expect(first.total).toBe(4);
      expect(first.items.map((l) => l.author)).toEqual(['x:0', 'x:1', 'x:3']);
      const second = await store.list({ status: 'suggested' }, { limit: 3, cursor: first.nextCursor });
      expect(second).toEqual({ total: 4, items: [links[4]] });
      expect(await store.list({ status: 'linked' }, { limit: 10 })).toEqual({ total: 1, items: [links[2]] });
      expect((await store.list({}, { limit: 10 })).total).toBe(5);
      await expect(store.list({}, { limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.list({}, { limit: 1, cursor: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('deletes one link, and every link of some customers', async () => {
      await store.save([
        aLink({ author: 'x:1', customerId: 'C1' }),
        aLink({ author: 'x:2', customerId: 'C1' }),
        aLink({ author: 'x:2', customerId: 'C2' }),
        aLink({ author: 'x:3', customerId: 'C3' }),
        aLink({ author: 'x:4', customerId: 'C3' }),
      ]);
      expect(await store.delete('x:1', 'C1')).toBe(true);
      expect(await store.delete('x:1', 'C1')).toBe(false);
      expect(await store.deleteForCustomers(['C1'])).toBe(1);
      expect(await store.deleteForCustomers(['C3', 'C9'])).toBe(2);
      expect(await store.deleteForCustomers([])).toBe(0);
      expect((await store.list({}, { limit: 10 })).items.map((l) => [l.author, l.customerId])).toEqual([['x:2', 'C2']]);
    });

    it('refuses a link without a platform in its author key or with a confidence beyond 0..1', async () => {
      await expect(store.save([aLink({ author: '123', customerId: 'C1' })])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.save([aLink({ author: 'x:1', customerId: 'C1', confidence: 1.5 })])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });
}
