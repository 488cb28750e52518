import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Customer } from '@escucha/core';
import type { CustomerStore } from '@escucha/store';

export interface OpenedCustomerStore {
  store: CustomerStore;
  close: () => Promise<void>;
}

let sequence = 0;
export function aCustomer(overrides: Partial<Customer> = {}): Customer {
  const n = ++sequence;
  return {
    id: `C${String(n).padStart(6, '0')}`,
    name: `Cliente ${n}`,
    emails: [],
    phones: [],
    handles: {},
    products: [],
    consent: { marketing: false },
    attributes: {},
    updatedAt: new Date('2026-03-02T10:00:00.000Z'),
    ...overrides,
  };
}

/** What every CustomerStore driver must do. `open` must hand out an empty, isolated store each time. */
export function describeCustomerStoreContract(driverName: string, open: () => Promise<OpenedCustomerStore>): void {
  describe(`CustomerStore contract: ${driverName}`, () => {
    let store: CustomerStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ store, close } = await open());
      await store.init();
    });
    afterEach(async () => {
      await close();
    });

    it('keeps every field as given, and optional ones absent when absent', async () => {
      const full = aCustomer({
        name: 'Ana García',
        emails: ['ana@mail.com'],
        phones: ['+5491112345678'],
        handles: { x: 'ana_g', mastodon: 'ana@social.example' },
        city: 'Córdoba',
        segment: 'premium',
        products: ['fibra', 'movil'],
        value: 1234.5,
        birthDate: '1990-04-01',
        consent: { marketing: true },
        attributes: { tier: 'gold', since: 2019, nested: { a: [1, 2] } },
      });
      const bare = aCustomer();
      await store.upsert([full, bare]);
      expect(await store.get([bare.id, full.id, 'nobody'])).toEqual([bare, full]);
      expect(await store.get([...Array.from({ length: 40 }, (_, i) => `nobody-${i}`), full.id])).toEqual([full]);
      expect((await store.get([bare.id]))[0]).not.toHaveProperty('city');
      expect(await store.count()).toBe(2);
    });

    it('upserts by id: a record sent again replaces the stored one, the later of a batch wins', async () => {
      const first = aCustomer({ city: 'Salta' });
      await store.upsert([first]);
      const edited = { ...first, name: 'Renamed', city: undefined, products: ['tv'] };
      delete edited.city;
      await store.upsert([{ ...first, name: 'Skipped' }, edited]);
      expect(await store.get([first.id])).toEqual([edited]);
      expect(await store.count()).toBe(1);
    });

    it('lists by id in keyset pages that end', async () => {
      const customers = Array.from({ length: 5 }, () => aCustomer());
      await store.upsert([...customers].reverse());
      const first = await store.list({ limit: 2 });
      expect(first.items.map((c) => c.id)).toEqual(customers.slice(0, 2).map((c) => c.id));
      const second = await store.list({ limit: 2, cursor: first.nextCursor });
      const third = await store.list({ limit: 2, cursor: second.nextCursor });
      expect([...second.items, ...third.items].map((c) => c.id)).toEqual(customers.slice(2).map((c) => c.id));
      expect(third.nextCursor).toBeUndefined();
      expect(await store.list({ limit: 10 })).toEqual({ items: customers });
    });

    it('refuses bad limits and cursors', async () => {
      await expect(store.list({ limit: 0 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.list({ limit: 5001 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(store.list({ limit: 1, cursor: 'garbage' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });

    it('deletes customers by id and says how many there were', async () => {
      const [a, b, c, d] = [aCustomer(), aCustomer(), aCustomer(), aCustomer()];
      await store.upsert([a, b, c, d]);
      expect(await store.delete([a.id])).toBe(1);
      expect(await store.delete([a.id])).toBe(0);
      expect(await store.delete([b.id, 'nobody', d.id])).toBe(2);
      expect(await store.delete([])).toBe(0);
      expect(await store.get([a.id, b.id, c.id, d.id])).toEqual([c]);
      expect(await store.count()).toBe(1);
    });

    it('takes a batch of 5,000', async () => {
      const many = Array.from({ length: 5000 }, () => aCustomer({ emails: ['x@y.com'] }));
      await store.upsert(many);
      expect(await store.count()).toBe(5000);
      expect((await store.get([many[4999].id]))[0]).toEqual(many[4999]);
    });
  });
}
