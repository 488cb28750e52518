import { afterEach, describe, expect, it } from 'vitest';
import { RELINK_PAGE } from '@escucha/identity';
import { MAX_AUTHOR_PAGE, type PostStore } from '@escucha/store';
import { IdentityRelinkJob } from '../../apps/worker/src/identity/identity-relink.job';
import { aPost } from '../support/builders';
import { openIdentityHarness, type IdentityHarness } from '../support/identity-harness';

/** More authors than two relink pages hold, so the pass has three pages. */
const AUTHORS = 2 * RELINK_PAGE + RELINK_PAGE / 4;
const MIDDLE = Math.floor(AUTHORS / 2);

/** The real DuckDB posts store, recording what the relink asks of it. */
function recorded(store: PostStore, pages: number[], searches: { count: number }): PostStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'authors') {
        return async (page: Parameters<PostStore['authors']>[0]) => {
          const result = await target.authors(page);
          pages.push(result.items.length);
          return result;
        };
      }
      if (property === 'search') searches.count++;
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * After a customer import, the authors already seen are matched against the CRM as it is now.
 * The store lists them a bounded page at a time, one page per job, each job queueing the next;
 * every author is matched once, wherever in the order it falls, on their newest profile.
 */
describe('relinking the authors already seen', () => {
  let harness: IdentityHarness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('matches every stored author a page per job, on their newest profile', async () => {
    const pages: number[] = [];
    const searches = { count: 0 };
    harness = await openIdentityHarness({ posts: (store) => recorded(store, pages, searches) });
    const { stores, queue, identity } = harness;

    const id = (i: number): string => `a${String(i).padStart(6, '0')}`;
    const posts = Array.from({ length: AUTHORS }, (_, i) => aPost({ nativeId: `p${i}`, createdAt: '2026-03-02T10:00:00Z', author: { id: id(i), handle: `h${i}` } }));
    // Declared handles of authors at the start, the middle and the end of the author order; the
    // middle one changed handle since (its newest post), and the CRM knows the new one.
    const matched = [0, MIDDLE, AUTHORS - 1];
    posts.push(aPost({ nativeId: 'renamed', createdAt: '2026-03-02T11:00:00Z', author: { id: id(MIDDLE), handle: 'nuevo_handle' } }));
    await stores.posts.upsert(posts);
    const customers = [
      { id: 'C-first', name: 'Cliente Primero', handles: { x: 'h0' } },
      { id: 'C-middle', name: 'Cliente Medio', handles: { x: 'nuevo_handle' } },
      { id: 'C-old-handle', name: 'Cliente Viejo', handles: { x: `h${MIDDLE}` } },
      { id: 'C-last', name: 'Cliente Último', handles: { x: `h${AUTHORS - 1}` } },
    ];
    await identity.importCustomers(customers, false);
    const job = new IdentityRelinkJob(identity, queue);
    const ran: Array<{ id: string; step?: number; authors?: number; linked?: number }> = [];
    queue.process('batch', async (queued) => {
      if (queued.name !== 'identity.relink') throw new Error(`unexpected job ${queued.name}`);
      ran.push({ id: queued.id, step: queued.data.step, authors: queued.data.authors, linked: queued.data.linked });
      await job.handle(queued);
    });

    await identity.requestRelink();
    await queue.drained('batch');

    expect(searches.count).toBe(0);
    // One job per page, each carrying the pass's totals so far under an id of the pass and step.
    expect(ran).toHaveLength(pages.length);
    expect(pages).toHaveLength(3);
    const pass = ran[0].id;
    expect(ran.slice(1).map((r) => r.id)).toEqual(ran.slice(1).map((_, i) => `${pass}-${i + 1}`));
    expect(ran.slice(1).map((r) => r.authors)).toEqual(pages.slice(0, -1).map((_, i) => pages.slice(0, i + 1).reduce((sum, n) => sum + n, 0)));
    expect(pages.reduce((sum, n) => sum + n, 0)).toBe(AUTHORS);
    for (const size of pages) expect(size).toBeLessThanOrEqual(MAX_AUTHOR_PAGE);
    const links = await stores.identityLinks.list({ status: 'linked' }, { limit: 100 });
    expect(links.items.map((link) => [link.author, link.customerId]).sort()).toEqual(
      [
        [`x:${id(matched[0])}`, 'C-first'],
        [`x:${id(matched[1])}`, 'C-middle'],
        [`x:${id(matched[2])}`, 'C-last'],
      ].sort(),
    );
  });

  it('a step retried after queueing its successor queues it once', async () => {
    harness = await openIdentityHarness();
    const { stores, queue, identity } = harness;
    await stores.posts.upsert(Array.from({ length: AUTHORS }, (_, i) => aPost({ author: { id: `a${i}`, handle: `h${i}` } })));
    await identity.importCustomers([{ id: 'C1', name: 'Cliente Uno', handles: { x: 'h1' } }], false);
    const job = new IdentityRelinkJob(identity, queue);
    const first = { id: 'identity-relink-test', queue: 'batch' as const, name: 'identity.relink' as const, data: { requestedAt: new Date().toISOString() }, attempt: 1, maxAttempts: 3 };

    await job.handle(first);
    await job.handle({ ...first, attempt: 2 });

    expect((await queue.counts('batch')).waiting).toBe(1);
  });
});
