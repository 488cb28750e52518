import { afterEach, describe, expect, it } from 'vitest';
import type { IdentityLinkStore } from '@escucha/store';
import { openIdentityHarness, type IdentityHarness } from '../support/identity-harness';
import { aPostInput } from '../support/post-inputs';

const JOBS = 12;

/** The real DuckDB links store, counting the statements the ingest path sends it. */
function counted(store: IdentityLinkStore, calls: { forAuthors: number; save: number }): IdentityLinkStore {
  return {
    init: () => store.init(),
    save: (links) => (calls.save++, store.save(links)),
    get: (author, customerId) => store.get(author, customerId),
    forAuthors: (authors) => (calls.forAuthors++, store.forAuthors(authors)),
    forCustomer: (customerId) => store.forCustomer(customerId),
    list: (filter, page) => store.list(filter, page),
    delete: (author, customerId) => store.delete(author, customerId),
    deleteForCustomers: (customerIds) => store.deleteForCustomers(customerIds),
  };
}

/**
 * Each read or write of links is a store statement of several milliseconds of CPU however few
 * links it holds, and a worker under load runs an ingest job every few milliseconds: the jobs
 * that run at once link their authors together, on the real engine.
 */
describe('linking the authors of ingest jobs that run at once', () => {
  let harness: IdentityHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('shares the reads and writes of links among the jobs, and tells each job its own authors', async () => {
    const calls = { forAuthors: 0, save: 0 };
    harness = await openIdentityHarness({ links: (store) => counted(store, calls) });
    const { stores, identity } = harness;

    const customers = Array.from({ length: JOBS }, (_, i) => ({ id: `C${i}`, name: `Cliente Número${i}`, handles: { x: `cliente_${i}` } }));
    expect((await identity.importCustomers(customers, false)).accepted).toBe(JOBS);
    // One job per customer's post, plus an author nobody can match.
    const jobs = customers.map((customer, i) => [
      aPostInput({ author: { id: `a${i}`, handle: customer.handles.x } }),
      aPostInput({ author: { id: `stranger${i}`, handle: `nadie_${i}` } }),
    ]);

    const linked = await Promise.all(jobs.map((posts) => identity.linkPosts(posts)));

    linked.forEach((authors, i) => {
      expect(authors.get(`x:a${i}`)).toBe(`C${i}`);
      expect(authors.has(`x:stranger${i}`)).toBe(false);
    });
    // A lone job is never held back, so the first may go alone; the rest share the next group.
    expect(calls.forAuthors).toBeGreaterThanOrEqual(1);
    expect(calls.forAuthors).toBeLessThanOrEqual(2);
    expect(calls.save).toBe(calls.forAuthors);
    const stored = await stores.identityLinks.list({ status: 'linked' }, { limit: 100 });
    expect(stored.items.map((link) => [link.author, link.customerId, link.method]).sort()).toEqual(
      customers.map((customer, i) => [`x:a${i}`, customer.id, 'handle']).sort(),
    );
  });
});
