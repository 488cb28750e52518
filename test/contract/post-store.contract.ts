import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Interval, Post, PostFilter, Split } from '@escucha/core';
import type { AuthorPage, PostStore } from '@escucha/store';
import { aFullPost, aPost } from '../support/builders';
import { eventually } from '../support/waits';

export interface OpenedPostStore {
  store: PostStore;
  close: () => Promise<void>;
}

/**
 * What every PostStore driver must do, run against the real engine. `open` must hand out an
 * empty, isolated store each time; reads right after a resolved upsert must see it, unless the
 * upsert asked for `visibility: 'soon'`.
 */
/** Words or ids that match nothing stored: they make a list longer than any a store tests value by value. */
function unknownIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `zzunknown${i}`);
}

export function describePostStoreContract(driverName: string, open: () => Promise<OpenedPostStore>): void {
  describe(`PostStore contract: ${driverName}`, () => {
    let store: PostStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      ({ store, close } = await open());
      await store.init();
    });

    afterEach(async () => {
      await close();
    });

    const at = (iso: string): Date => new Date(iso);
    const idsOf = (posts: readonly Post[]): string[] => posts.map((p) => p.id);
    /** Ids matched by a filter, through search (all pages' worth) and checked against count. */
    async function matching(filter: PostFilter): Promise<string[]> {
      const page = await store.search(filter, { limit: 500 });
      expect(await store.count(filter)).toBe(page.items.length);
      expect(page.total).toBe(page.items.length);
      return idsOf(page.items).sort();
    }

    describe('writes', () => {
      it('get returns exactly what was upserted, every field included', async () => {
        const post = aFullPost();
        await store.upsert([post]);
        const [stored] = await store.get([post.id]);
        expect(stored).toEqual(post);
        expect(stored.createdAt).toBeInstanceOf(Date);
        expect(stored.createdAt.toISOString()).toBe(post.createdAt.toISOString());
        expect(stored.ingestedAt.toISOString()).toBe(post.ingestedAt.toISOString());
        expect(stored.sentiment.score).toBe(-0.734215698);
        expect(stored.author.followers).toBe(3_000_000_000);
        expect(stored.author.bio).toBe('Clienta de Telco desde 2010 · opiniones propias 🇨🇴');
      });

      it('keeps the author bio on every read path, and leaves it out when the post had none', async () => {
        const withBio = aPost({ author: { bio: 'Periodista. Escribo sobre telecomunicaciones.' } });
        const withoutBio = aPost();
        await store.upsert([withBio, withoutBio]);
        const [gotWith, gotWithout] = await store.get([withBio.id, withoutBio.id]);
        expect(gotWith.author.bio).toBe('Periodista. Escribo sobre telecomunicaciones.');
        expect(gotWithout.author).not.toHaveProperty('bio');
        const page = await store.search({}, { limit: 10 });
        const found = new Map(page.items.map((post) => [post.id, post]));
        expect(found.get(withBio.id)?.author.bio).toBe('Periodista. Escribo sobre telecomunicaciones.');
        expect(found.get(withoutBio.id)?.author).not.toHaveProperty('bio');
      });

      it('absent optional fields come back absent, not as nulls or empty strings', async () => {
        const post = aPost();
        await store.upsert([post]);
        const [stored] = await store.get([post.id]);
        expect(stored).toEqual(post);
        for (const key of ['url', 'customerId', 'campaign', 'aspects', 'regions'] as const) expect(stored).not.toHaveProperty(key);
        for (const key of ['name', 'followers', 'location', 'bio'] as const) expect(stored.author).not.toHaveProperty(key);
        expect(JSON.stringify(stored)).not.toContain('null');
        expect(stored.topics).toEqual([]);
      });

      it('lists come back item for item: empty lists, empty items and control characters included', async () => {
        const odd = ['', '\u001e1', 'a\u001fb', '\u001e0\u001f', 'plain'];
        const post = aFullPost({ topics: [], intents: [''], entities: odd, regions: odd });
        await store.upsert([post]);
        const [stored] = await store.get([post.id]);
        expect({ topics: stored.topics, intents: stored.intents, entities: stored.entities, regions: stored.regions }).toEqual({ topics: [], intents: [''], entities: odd, regions: odd });
      });

      it('writing the same post again stores it once', async () => {
        const post = aPost();
        await store.upsert([post]);
        await store.upsert([post]);
        await store.upsert([post, aPost()]);
        expect(await store.count()).toBe(2);
        expect((await store.search({}, { limit: 10 })).total).toBe(2);
      });

      it('a re-sent post replaces the stored one, and aggregates follow the new version', async () => {
        const first = aPost({ text: 'primera versión', topics: ['billing'], sentiment: { label: 'neutral', score: 0 } });
        await store.upsert([first]);
        const second: Post = {
          ...first,
          text: 'segunda versión',
          topics: ['coverage'],
          sentiment: { label: 'negative', score: -0.5 },
          metrics: { likes: 5, reposts: 1, replies: 2 },
        };
        await store.upsert([second]);
        expect(await store.get([first.id])).toEqual([second]);
        expect(await store.count()).toBe(1);
        expect(await store.breakdown({}, 'topic', 10)).toEqual([{ key: 'coverage', count: 1 }]);
        expect(await store.breakdown({}, 'sentiment', 10)).toEqual([{ key: 'negative', count: 1 }]);
      });

      it('when one batch holds the same id twice, the later version wins', async () => {
        const older = aPost({ text: 'older' });
        const newer: Post = { ...older, text: 'newer' };
        await store.upsert([older, aPost(), newer]);
        expect(await store.count()).toBe(2);
        const [stored] = await store.get([older.id]);
        expect(stored.text).toBe('newer');
      });

      it('reports every post of a batch of new posts as created', async () => {
        const posts = [aPost(), aPost(), aPost()];
        const { created } = await store.upsert(posts);
        expect([...created].sort()).toEqual(idsOf(posts).sort());
      });

      it('reports only the new posts when some of the batch are re-sent', async () => {
        const [a, b, c] = [aPost(), aPost(), aPost()];
        await store.upsert([a, b]);
        const { created } = await store.upsert([{ ...a, text: 'edited' }, c, b]);
        expect(created).toEqual([c.id]);
        expect(await store.count()).toBe(3);
        expect((await store.get([a.id]))[0].text).toBe('edited');
        expect((await store.upsert([a, b, c])).created).toEqual([]);
      });

      it('reports an id that a batch holds twice once', async () => {
        const post = aPost({ text: 'older' });
        const other = aPost();
        const { created } = await store.upsert([post, other, { ...post, text: 'newer' }]);
        expect([...created].sort()).toEqual([post.id, other.id].sort());
        expect((await store.upsert([post, post])).created).toEqual([]);
      });

      it('a re-sent post whose createdAt moved to another month is replaced, neither duplicated nor created', async () => {
        const post = aPost({ createdAt: '2026-03-31T23:00:00.000Z' });
        const neighbour = aPost({ createdAt: '2026-03-31T22:00:00.000Z' });
        await store.upsert([post, neighbour]);
        const moved: Post = { ...post, createdAt: at('2026-05-02T08:00:00.000Z'), text: 'moved' };
        const fresh = aPost({ createdAt: '2026-05-02T09:00:00.000Z' });
        const { created } = await store.upsert([moved, fresh]);
        expect(created).toEqual([fresh.id]);
        expect(await store.count()).toBe(3);
        expect(await store.get([post.id])).toEqual([moved]);
        expect(await matching({ from: at('2026-03-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') })).toEqual([neighbour.id]);
      });

      it("'soon' writes are stored once and become searchable, even a post moved to another month before anything was searchable", async () => {
        const soon = { visibility: 'soon' } as const;
        const post = aPost({ createdAt: '2026-03-31T23:00:00.000Z' });
        const neighbour = aPost({ createdAt: '2026-03-31T22:00:00.000Z' });
        expect([...(await store.upsert([post, neighbour], soon)).created].sort()).toEqual(idsOf([post, neighbour]).sort());
        // Re-sent at once, before any refresh could have made the first write searchable.
        expect((await store.upsert([{ ...neighbour, text: 'edited' }], soon)).created).toEqual([]);
        const moved: Post = { ...post, createdAt: at('2026-05-02T08:00:00.000Z'), text: 'moved' };
        expect((await store.upsert([moved], soon)).created).toEqual([]);
        await eventually(async () => {
          expect(await store.get([post.id, neighbour.id])).toEqual([moved, { ...neighbour, text: 'edited' }]);
          expect(await matching({ from: at('2026-03-01T00:00:00Z'), to: at('2026-04-01T00:00:00Z') })).toEqual([neighbour.id]);
          expect(await store.count()).toBe(2);
        }, 10_000, 100);
      });

      it('an empty batch changes nothing', async () => {
        await store.upsert([]);
        expect(await store.count()).toBe(0);
      });

      it('get keeps the order asked and skips unknown ids', async () => {
        const [a, b, c] = [aPost(), aPost(), aPost()];
        await store.upsert([a, b, c]);
        expect(idsOf(await store.get([c.id, 'x:missing', a.id]))).toEqual([c.id, a.id]);
        expect(await store.get([])).toEqual([]);
      });

      it('init on a store that has posts keeps them', async () => {
        await store.upsert([aPost()]);
        await store.init();
        expect(await store.count()).toBe(1);
      });

      it('takes a large batch in one call', async () => {
        const start = at('2026-03-01T00:00:00Z').getTime();
        const posts = Array.from({ length: 3000 }, (_, i) => aPost({ createdAt: new Date(start + i * 1000) }));
        await store.upsert(posts);
        expect(await store.count()).toBe(3000);
        expect(await store.count({ from: new Date(start + 1000 * 1000), to: new Date(start + 2000 * 1000) })).toBe(1000);
      });
    });

    describe('filters (count and search agree)', () => {
      const fixture = {
        a: aPost({
          source: 'x',
          sentiment: { label: 'positive', score: 0.8 },
          lang: 'es',
          topics: ['billing'],
          intents: ['purchase'],
          customerId: 'c1',
          regions: ['caba'],
          entities: ['aurora'],
          author: { id: 'author-ana', handle: 'ana' },
          text: 'Me encanta el nuevo plan',
          createdAt: '2026-03-02T10:00:00.000Z',
        }),
        b: aPost({
          source: 'mastodon',
          sentiment: { label: 'negative', score: -0.7 },
          lang: 'es',
          topics: ['billing', 'coverage'],
          intents: ['complaint', 'churn'],
          regions: ['cordoba', 'caba'],
          entities: ['aurora', 'pampatel'],
          author: { id: 'author-beto', handle: 'beto' },
          text: 'El CAFÉ está frío y la cobertura falla',
          createdAt: '2026-03-02T10:30:00.000Z',
        }),
        c: aPost({
          source: 'callcenter',
          sentiment: { label: 'neutral', score: 0 },
          lang: 'en',
          topics: ['coverage'],
          intents: ['outage'],
          regions: [],
          entities: ['pampatel'],
          customerId: 'c1',
          author: { id: 'author-ana', handle: 'ana' },
          text: 'Coverage outage downtown since morning',
          createdAt: '2026-03-02T11:00:00.000Z',
        }),
        d: aPost({
          source: 'x',
          sentiment: { label: 'negative', score: -0.2 },
          lang: 'en',
          text: 'Cafe was cold today',
          createdAt: '2026-03-02T12:00:00.000Z',
        }),
        e: aPost({
          source: 'bluesky',
          sentiment: { label: 'positive', score: 0.9 },
          lang: 'pt',
          topics: ['support'],
          regions: ['uruguay'],
          entities: ['vertice'],
          text: 'Atendimento ótimo',
          createdAt: '2026-03-02T13:00:00.000Z',
        }),
      };
      const ids = (...keys: Array<keyof typeof fixture>): string[] => keys.map((k) => fixture[k].id).sort();

      beforeEach(async () => {
        await store.upsert(Object.values(fixture));
      });

      it('no filter matches everything', async () => {
        expect(await matching({})).toEqual(ids('a', 'b', 'c', 'd', 'e'));
      });

      it('from is inclusive and to is exclusive', async () => {
        expect(await matching({ from: at('2026-03-02T10:30:00.000Z') })).toEqual(ids('b', 'c', 'd', 'e'));
        expect(await matching({ to: at('2026-03-02T11:00:00.000Z') })).toEqual(ids('a', 'b'));
        expect(await matching({ from: at('2026-03-02T10:30:00.000Z'), to: at('2026-03-02T12:00:00.000Z') })).toEqual(
          ids('b', 'c'),
        );
        expect(await matching({ from: at('2026-03-02T10:00:00.001Z'), to: at('2026-03-02T10:30:00.000Z') })).toEqual([]);
      });

      it('sources, sentiments and langs match any of the values given', async () => {
        expect(await matching({ sources: ['x'] })).toEqual(ids('a', 'd'));
        expect(await matching({ sources: ['x', 'callcenter'] })).toEqual(ids('a', 'c', 'd'));
        expect(await matching({ sentiments: ['negative'] })).toEqual(ids('b', 'd'));
        expect(await matching({ sentiments: ['neutral', 'positive'] })).toEqual(ids('a', 'c', 'e'));
        expect(await matching({ langs: ['en'] })).toEqual(ids('c', 'd'));
      });

      it('topics and intents match a post that has any of the values given', async () => {
        expect(await matching({ topics: ['coverage'] })).toEqual(ids('b', 'c'));
        expect(await matching({ topics: ['billing', 'support'] })).toEqual(ids('a', 'b', 'e'));
        expect(await matching({ intents: ['churn'] })).toEqual(ids('b'));
        expect(await matching({ intents: ['outage', 'purchase'] })).toEqual(ids('a', 'c'));
        expect(await matching({ topics: ['unknown'] })).toEqual([]);
      });

      it('authors match a post by any of the author ids given, exactly', async () => {
        expect(await matching({ authors: ['author-ana'] })).toEqual(ids('a', 'c'));
        expect(await matching({ authors: ['author-ana', 'author-beto'] })).toEqual(ids('a', 'b', 'c'));
        // An id, not a handle, and no prefix match.
        expect(await matching({ authors: ['ana'] })).toEqual([]);
        expect(await matching({ authors: ['author-an'] })).toEqual([]);
        expect(await matching({ authors: ['author-ana'], topics: ['coverage'] })).toEqual(ids('c'));
        // A long list (a customer's linked authors, say) matches the same way.
        expect(await matching({ authors: [...unknownIds(40), 'author-ana', 'author-beto'] })).toEqual(ids('a', 'b', 'c'));
      });

      it('regions match a post that has any of the values given; a post stored without regions matches none', async () => {
        expect(await matching({ regions: ['caba'] })).toEqual(ids('a', 'b'));
        expect(await matching({ regions: ['cordoba', 'uruguay'] })).toEqual(ids('b', 'e'));
        expect(await matching({ regions: ['mendoza'] })).toEqual([]);
        expect(await matching({ regions: ['caba'], sources: ['mastodon'] })).toEqual(ids('b'));
        expect(await matching({ regions: [] })).toEqual(ids('a', 'b', 'c', 'd', 'e'));
      });

      it('entities match a post mentioning any of the values given; excludeEntities drop a post mentioning any of theirs', async () => {
        expect(await matching({ entities: ['aurora'] })).toEqual(ids('a', 'b'));
        expect(await matching({ entities: ['pampatel', 'vertice'] })).toEqual(ids('b', 'c', 'e'));
        expect(await matching({ entities: ['Aurora'] })).toEqual([]);
        // What the default alert rules do: the brand's conversation, competitors' news left out,
        // posts that name nobody (d) included.
        expect(await matching({ excludeEntities: ['pampatel', 'vertice'] })).toEqual(ids('a', 'd'));
        expect(await matching({ excludeEntities: ['pampatel'] })).toEqual(ids('a', 'd', 'e'));
        expect(await matching({ entities: ['aurora'], excludeEntities: ['pampatel'] })).toEqual(ids('a'));
        expect(await matching({ excludeEntities: ['pampatel'], sources: ['x'] })).toEqual(ids('a', 'd'));
        expect(await matching({ entities: [], excludeEntities: [] })).toEqual(ids('a', 'b', 'c', 'd', 'e'));
      });

      it('customerId matches exactly', async () => {
        expect(await matching({ customerId: 'c1' })).toEqual(ids('a', 'c'));
        expect(await matching({ customerId: 'c2' })).toEqual([]);
      });

      it('q needs every word, ignoring case and accents on both sides', async () => {
        expect(await matching({ q: 'cafe' })).toEqual(ids('b', 'd'));
        expect(await matching({ q: 'Café' })).toEqual(ids('b', 'd'));
        expect(await matching({ q: 'café FRIO' })).toEqual(ids('b'));
        expect(await matching({ q: 'cafe cobertura' })).toEqual(ids('b'));
        expect(await matching({ q: 'cafe nada' })).toEqual([]);
        expect(await matching({ q: 'ÓTIMO' })).toEqual(ids('e'));
      });

      it('fields combine with AND', async () => {
        expect(await matching({ sources: ['x'], sentiments: ['negative'] })).toEqual(ids('d'));
        expect(await matching({ topics: ['coverage'], langs: ['en'], from: at('2026-03-02T10:45:00Z') })).toEqual(
          ids('c'),
        );
        expect(await matching({ q: 'cafe', sources: ['mastodon'] })).toEqual(ids('b'));
      });

      it('an empty list does not restrict', async () => {
        expect(await matching({ sources: [], sentiments: [], topics: [], intents: [], langs: [], authors: [] })).toEqual(
          ids('a', 'b', 'c', 'd', 'e'),
        );
      });
    });

    describe('histogram', () => {
      it('aligns buckets to the hour in UTC and returns only buckets with posts, oldest first', async () => {
        await store.upsert([
          aPost({ createdAt: '2026-03-02T13:30:00.000Z' }),
          aPost({ createdAt: '2026-03-02T10:05:00.000Z' }),
          aPost({ createdAt: '2026-03-02T10:59:59.999Z' }),
          aPost({ createdAt: '2026-03-02T11:00:00.000Z' }),
        ]);
        expect(await store.histogram({}, 'hour')).toEqual({
          interval: 'hour',
          buckets: [
            { ts: '2026-03-02T10:00:00.000Z', total: 2, values: {} },
            { ts: '2026-03-02T11:00:00.000Z', total: 1, values: {} },
            { ts: '2026-03-02T13:00:00.000Z', total: 1, values: {} },
          ],
        });
      });

      it('aligns minutes and days in UTC', async () => {
        await store.upsert([
          aPost({ createdAt: '2026-03-02T23:59:10.000Z' }),
          aPost({ createdAt: '2026-03-02T23:59:59.999Z' }),
          aPost({ createdAt: '2026-03-03T00:00:00.000Z' }),
        ]);
        const minutes = await store.histogram({}, 'minute');
        expect(minutes.buckets).toEqual([
          { ts: '2026-03-02T23:59:00.000Z', total: 2, values: {} },
          { ts: '2026-03-03T00:00:00.000Z', total: 1, values: {} },
        ]);
        const days = await store.histogram({}, 'day');
        expect(days.buckets.map((b) => [b.ts, b.total])).toEqual([
          ['2026-03-02T00:00:00.000Z', 2],
          ['2026-03-03T00:00:00.000Z', 1],
        ]);
      });

      it('weeks start on Monday (UTC)', async () => {
        await store.upsert([
          aPost({ createdAt: '2026-03-04T12:00:00.000Z' }), // Wednesday
          aPost({ createdAt: '2026-03-08T23:59:59.999Z' }), // Sunday, same week
          aPost({ createdAt: '2026-03-09T00:00:00.000Z' }), // Monday, next week
          aPost({ createdAt: '2026-03-01T08:00:00.000Z' }), // Sunday, week before
        ]);
        const weeks = await store.histogram({}, 'week');
        expect(weeks.interval).toBe('week');
        expect(weeks.buckets.map((b) => [b.ts, b.total])).toEqual([
          ['2026-02-23T00:00:00.000Z', 1],
          ['2026-03-02T00:00:00.000Z', 2],
          ['2026-03-09T00:00:00.000Z', 1],
        ]);
      });

      it('splits by a single-valued field; values add up to the total', async () => {
        const t = '2026-03-02T10:10:00.000Z';
        await store.upsert([
          aPost({ createdAt: t, sentiment: { label: 'negative', score: -1 } }),
          aPost({ createdAt: t, sentiment: { label: 'negative', score: -0.5 } }),
          aPost({ createdAt: t, sentiment: { label: 'positive', score: 0.5 } }),
          aPost({ createdAt: '2026-03-02T11:10:00.000Z', sentiment: { label: 'neutral', score: 0 } }),
        ]);
        expect(await store.histogram({}, 'hour', 'sentiment')).toEqual({
          interval: 'hour',
          split: 'sentiment',
          buckets: [
            { ts: '2026-03-02T10:00:00.000Z', total: 3, values: { negative: 2, positive: 1 } },
            { ts: '2026-03-02T11:00:00.000Z', total: 1, values: { neutral: 1 } },
          ],
        });
        const bySource = await store.histogram({}, 'day', 'source');
        expect(bySource.buckets).toEqual([{ ts: '2026-03-02T00:00:00.000Z', total: 4, values: { x: 4 } }]);
      });

      it('splits by topic and intent count a post once per value, and once in the total', async () => {
        const t = '2026-03-02T10:10:00.000Z';
        await store.upsert([
          aPost({ createdAt: t, topics: ['billing', 'coverage'], intents: ['churn'] }),
          aPost({ createdAt: t, topics: ['billing'], intents: ['churn', 'complaint'] }),
          aPost({ createdAt: t, topics: [], intents: [] }),
        ]);
        const byTopic = await store.histogram({}, 'hour', 'topic');
        expect(byTopic.split).toBe('topic');
        expect(byTopic.buckets).toEqual([
          { ts: '2026-03-02T10:00:00.000Z', total: 3, values: { billing: 2, coverage: 1 } },
        ]);
        const byIntent = await store.histogram({}, 'hour', 'intent');
        expect(byIntent.buckets).toEqual([
          { ts: '2026-03-02T10:00:00.000Z', total: 3, values: { churn: 2, complaint: 1 } },
        ]);
      });

      it('applies the filter', async () => {
        await store.upsert([
          aPost({ createdAt: '2026-03-02T09:59:59.999Z', lang: 'en' }),
          aPost({ createdAt: '2026-03-02T10:00:00.000Z', lang: 'en' }),
          aPost({ createdAt: '2026-03-02T10:30:00.000Z', lang: 'es' }),
          aPost({ createdAt: '2026-03-02T11:00:00.000Z', lang: 'en' }),
        ]);
        const filter = { from: at('2026-03-02T10:00:00Z'), to: at('2026-03-02T11:00:00Z') };
        expect((await store.histogram(filter, 'hour', 'lang')).buckets).toEqual([
          { ts: '2026-03-02T10:00:00.000Z', total: 2, values: { en: 1, es: 1 } },
        ]);
        expect((await store.histogram({ ...filter, langs: ['es'] }, 'minute')).buckets).toEqual([
          { ts: '2026-03-02T10:30:00.000Z', total: 1, values: {} },
        ]);
      });

      it('an empty store has no buckets, and an unknown interval or split is refused', async () => {
        expect(await store.histogram({}, 'day')).toEqual({ interval: 'day', buckets: [] });
        await expect(store.histogram({}, 'fortnight' as Interval)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        await expect(store.histogram({}, 'hour', 'colour' as Split)).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
        });
      });
    });

    describe('breakdown', () => {
      it('counts sentiment per topic by "topic:label", competitors’ topics apart, and keeps an empty list empty', async () => {
        const none = aPost({ topics: [], aspects: [] });
        await store.upsert([
          aPost({ topics: ['billing', 'coverage'], aspects: [{ topic: 'billing', sentiment: 'negative' }, { topic: 'coverage', sentiment: 'positive' }] }),
          aPost({ topics: ['billing'], aspects: [{ topic: 'billing', sentiment: 'negative' }, { topic: 'outage', sentiment: 'negative', entity: 'pampatel' }] }),
          aPost({ topics: ['billing'], aspects: [{ topic: 'billing', sentiment: 'positive' }] }),
          aPost({ topics: ['billing'] }),
          none,
        ]);
        expect(await store.breakdown({}, 'aspect', 10)).toEqual([
          { key: 'billing:negative', count: 2 },
          { key: 'billing:positive', count: 1 },
          { key: 'coverage:positive', count: 1 },
          { key: 'outage:negative@pampatel', count: 1 },
        ]);
        expect((await store.get([none.id]))[0].aspects).toEqual([]);
        const histogram = await store.histogram({}, 'day', 'aspect');
        expect(histogram.buckets.reduce((sum, b) => sum + (b.values['billing:negative'] ?? 0), 0)).toBe(2);
      });

      it('counts per value, highest first', async () => {
        const label = (l: 'negative' | 'neutral' | 'positive') => ({ sentiment: { label: l, score: 0 } });
        await store.upsert([
          aPost(label('negative')),
          aPost(label('positive')),
          aPost(label('negative')),
          aPost(label('neutral')),
          aPost(label('negative')),
          aPost(label('positive')),
        ]);
        expect(await store.breakdown({}, 'sentiment', 10)).toEqual([
          { key: 'negative', count: 3 },
          { key: 'positive', count: 2 },
          { key: 'neutral', count: 1 },
        ]);
      });

      it('breaks ties by key and stops at the limit', async () => {
        await store.upsert([
          aPost({ source: 'x' }),
          aPost({ source: 'bluesky' }),
          aPost({ source: 'x' }),
          aPost({ source: 'mastodon' }),
          aPost({ source: 'mastodon' }),
        ]);
        expect(await store.breakdown({}, 'source', 2)).toEqual([
          { key: 'mastodon', count: 2 },
          { key: 'x', count: 2 },
        ]);
      });

      it('multi-valued splits count a post once per distinct value', async () => {
        await store.upsert([
          aPost({ topics: ['billing', 'coverage'] }),
          aPost({ topics: ['coverage', 'coverage'] }),
          aPost({ topics: ['coverage'], intents: ['outage'] }),
          aPost({ topics: [], intents: ['outage', 'churn'], entities: ['aurora', 'pampatel'] }),
          aPost({ entities: ['pampatel'] }),
        ]);
        expect(await store.breakdown({}, 'topic', 10)).toEqual([
          { key: 'coverage', count: 3 },
          { key: 'billing', count: 1 },
        ]);
        expect(await store.breakdown({}, 'intent', 10)).toEqual([
          { key: 'outage', count: 2 },
          { key: 'churn', count: 1 },
        ]);
        // Share of voice: brand and competitor mentions.
        expect(await store.breakdown({}, 'entity', 10)).toEqual([
          { key: 'pampatel', count: 2 },
          { key: 'aurora', count: 1 },
        ]);
      });

      it('applies the filter', async () => {
        await store.upsert([
          aPost({ lang: 'es', createdAt: '2026-03-02T10:00:00Z' }),
          aPost({ lang: 'es', createdAt: '2026-03-02T12:00:00Z' }),
          aPost({ lang: 'en', createdAt: '2026-03-02T12:30:00Z' }),
        ]);
        expect(await store.breakdown({ from: at('2026-03-02T11:00:00Z') }, 'lang', 10)).toEqual([
          { key: 'en', count: 1 },
          { key: 'es', count: 1 },
        ]);
      });
    });

    describe('topTerms', () => {
      beforeEach(async () => {
        await store.upsert([
          aPost({ text: 'Internet caído otra vez en Madrid' }),
          aPost({ text: 'El internet va LENTO https://status.example.com/incident/42 @telco_help' }),
          aPost({ text: 'internet internet internet lento', sentiment: { label: 'negative', score: -0.5 } }),
          aPost({ text: 'ok no 42' }),
        ]);
      });

      it('counts the posts containing each lower-cased word of 3+ letters, without URLs, handles or excluded words', async () => {
        expect(await store.topTerms({}, 10, new Set(['otra', 'vez']))).toEqual([
          { key: 'internet', count: 3 },
          { key: 'lento', count: 2 },
          { key: 'caído', count: 1 },
          { key: 'madrid', count: 1 },
        ]);
      });

      it('stops at the limit and applies the filter', async () => {
        expect(await store.topTerms({}, 2, new Set())).toEqual([
          { key: 'internet', count: 3 },
          { key: 'lento', count: 2 },
        ]);
        expect(await store.topTerms({ sentiments: ['negative'] }, 10, new Set(['lento']))).toEqual([
          { key: 'internet', count: 1 },
        ]);
      });

      it('counts a place of several words, and a breakdown with its negation, as one term each', async () => {
        await store.upsert([aPost({ text: 'No me anda nada en Mar del Plata' }), aPost({ text: 'Sin señal en mar del plata, anda mal' })]);
        const terms = await store.topTerms({}, 20, new Set(['nada', 'mal', 'sin']));
        expect(terms).toEqual(expect.arrayContaining([
          { key: 'mar del plata', count: 2 },
          { key: 'no anda', count: 1 },
          { key: 'sin señal', count: 1 },
          { key: 'anda', count: 1 },
        ]));
        expect(terms.map((t) => t.key)).not.toContain('plata');
      });

      it('counts a word written with and without accents as one, shown as most posts write it', async () => {
        await store.upsert([
          aPost({ text: 'Senal mala en casa' }),
          aPost({ text: 'la senal se corta' }),
          aPost({ text: 'SEÑAL nula, senal cero' }),
          aPost({ text: 'Internet caido, senal débil' }),
        ]);
        const terms = await store.topTerms({}, 4, new Set(['mala', 'casa', 'corta', 'nula', 'cero', 'débil', 'otra', 'vez']));
        // "caído" and "caido" once each: the accented form is shown on a tie.
        expect(terms).toEqual([
          { key: 'internet', count: 4 },
          { key: 'senal', count: 4 },
          { key: 'caído', count: 2 },
          { key: 'lento', count: 2 },
        ]);
      });

      it('excludes a long list of words (a stop-word list) as well as a short one', async () => {
        const stopWords = new Set([...unknownIds(400), 'Otra', 'vez', 'lento']);
        expect(await store.topTerms({}, 10, stopWords)).toEqual([
          { key: 'internet', count: 3 },
          { key: 'caído', count: 1 },
          { key: 'madrid', count: 1 },
        ]);
      });
    });

    describe('topAuthors', () => {
      it('ranks authors by posts and describes each as last seen', async () => {
        await store.upsert([
          aPost({
            createdAt: '2026-03-02T12:00:00Z',
            author: { id: 'ana', handle: 'ana', name: 'Ana', followers: 120 },
          }),
          aPost({ createdAt: '2026-03-02T10:00:00Z', author: { id: 'ana', handle: 'ana_old', followers: 100 } }),
          aPost({ createdAt: '2026-03-02T11:00:00Z', author: { id: 'ana', handle: 'ana_mid', followers: 110 } }),
          aPost({ source: 'mastodon', createdAt: '2026-03-02T10:00:00Z', author: { id: 'bea', handle: 'bea' } }),
          aPost({ source: 'mastodon', createdAt: '2026-03-02T11:00:00Z', author: { id: 'bea', handle: 'bea' } }),
          aPost({ author: { id: 'carl', handle: 'carl' } }),
        ]);
        const authors = await store.topAuthors({}, 2);
        expect(authors).toEqual([
          { key: 'ana', count: 3, handle: 'ana', name: 'Ana', source: 'x', followers: 120 },
          { key: 'bea', count: 2, handle: 'bea', source: 'mastodon', followers: 0 },
        ]);
        expect(authors[1]).not.toHaveProperty('name');
      });

      it('breaks ties by author id and applies the filter', async () => {
        await store.upsert([
          aPost({ author: { id: 'zoe', handle: 'zoe' }, lang: 'en' }),
          aPost({ author: { id: 'abe', handle: 'abe' }, lang: 'en' }),
          aPost({ author: { id: 'mia', handle: 'mia' }, lang: 'es' }),
        ]);
        expect((await store.topAuthors({ langs: ['en'] }, 10)).map((a) => [a.key, a.count])).toEqual([
          ['abe', 1],
          ['zoe', 1],
        ]);
      });
    });

    describe('authors', () => {
      /** Every page from the first, each asked with `limit`. */
      async function allPages(limit: number, texts = 20): Promise<AuthorPage[]> {
        const pages: AuthorPage[] = [];
        let cursor: string | undefined;
        do {
          const page = await store.authors({ limit, cursor, texts });
          pages.push(page);
          cursor = page.nextCursor;
        } while (cursor && pages.length < 100);
        return pages;
      }
      const keysOf = (page: AuthorPage): string[] => page.items.map((item) => `${item.source}:${item.author.id}`);

      it('lists each author once, in source then id order, as on their newest post, with their newest texts first', async () => {
        await store.upsert([
          aPost({ text: 'old', createdAt: '2026-03-02T10:00:00Z', author: { id: 'ana', handle: 'ana_old', name: 'Ana Vieja', location: 'Lima', bio: 'antes', followers: 5 } }),
          aPost({ text: 'newest', createdAt: '2026-03-02T12:00:00Z', author: { id: 'ana', handle: 'ana' } }),
          aPost({ text: 'middle', createdAt: '2026-03-02T11:00:00Z', author: { id: 'ana', handle: 'ana_mid', name: 'Ana Media' } }),
          aPost({ source: 'mastodon', text: 'toot', author: { id: 'ana', handle: 'ana@social', name: 'Ana M', location: 'Quito', bio: 'hola', followers: 7 } }),
          aPost({ text: 'carl', author: { id: 'carl', handle: 'carl' } }),
        ]);
        const page = await store.authors({ limit: 10, texts: 20 });
        expect(page.nextCursor).toBeUndefined();
        expect(page.items).toEqual([
          { source: 'mastodon', author: { id: 'ana', handle: 'ana@social', name: 'Ana M', location: 'Quito', bio: 'hola', followers: 7 }, texts: ['toot'] },
          { source: 'x', author: { id: 'ana', handle: 'ana' }, texts: ['newest', 'middle', 'old'] },
          { source: 'x', author: { id: 'carl', handle: 'carl' }, texts: ['carl'] },
        ]);
        expect(page.items[1].author).not.toHaveProperty('name');
        expect(JSON.stringify(page.items)).not.toContain('null');
      });

      it('keeps only the newest `texts` texts, ties in time broken by the higher id', async () => {
        const at = '2026-03-02T12:00:00Z';
        await store.upsert([
          aPost({ nativeId: 'p1', text: 'one', createdAt: at, author: { id: 'bea', handle: 'bea1' } }),
          aPost({ nativeId: 'p3', text: 'three', createdAt: at, author: { id: 'bea', handle: 'bea3' } }),
          aPost({ nativeId: 'p2', text: 'two', createdAt: at, author: { id: 'bea', handle: 'bea2' } }),
          aPost({ nativeId: 'p0', text: 'older', createdAt: '2026-03-01T12:00:00Z', author: { id: 'bea', handle: 'bea0' } }),
        ]);
        const [bea] = (await store.authors({ limit: 10, texts: 2 })).items;
        expect(bea.author.handle).toBe('bea3');
        expect(bea.texts).toEqual(['three', 'two']);
      });

      it("leaves out the company's own records that name their customer, and authors seen only in those", async () => {
        await store.upsert([
          aPost({ source: 'callcenter', text: 'llamada con cliente', customerId: 'C1', author: { id: 'agent-7', handle: 'agent-7' } }),
          aPost({ source: 'callcenter', text: 'nota con cliente', createdAt: '2026-03-02T12:00:00Z', customerId: 'C2', author: { id: 'agent-8', handle: 'agent-8-new' } }),
          aPost({ source: 'callcenter', text: 'nota sin cliente', createdAt: '2026-03-02T10:00:00Z', author: { id: 'agent-8', handle: 'agent-8-old' } }),
          aPost({ source: 'x', text: 'tuit de cliente', customerId: 'C3', author: { id: 'dora', handle: 'dora' } }),
        ]);
        const page = await store.authors({ limit: 10, texts: 20 });
        expect(page.items).toEqual([
          { source: 'callcenter', author: { id: 'agent-8', handle: 'agent-8-old' }, texts: ['nota sin cliente'] },
          { source: 'x', author: { id: 'dora', handle: 'dora' }, texts: ['tuit de cliente'] },
        ]);
      });

      it('pages by keyset: every author exactly once, the last page without a cursor, authors behind the cursor not revisited', async () => {
        await store.upsert(['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => aPost({ author: { id, handle: id } })));
        const first = await store.authors({ limit: 2, texts: 1 });
        expect(keysOf(first)).toEqual(['x:a1', 'x:a2']);
        // Arrivals meanwhile: one behind the cursor (not listed), one ahead (listed).
        await store.upsert([aPost({ author: { id: 'a0', handle: 'a0' } }), aPost({ author: { id: 'a6', handle: 'a6' } })]);
        const rest: string[] = [];
        let cursor = first.nextCursor;
        let pages = 1;
        while (cursor) {
          const page = await store.authors({ limit: 2, cursor, texts: 1 });
          rest.push(...keysOf(page));
          cursor = page.nextCursor;
          pages++;
        }
        expect(rest).toEqual(['x:a3', 'x:a4', 'x:a5', 'x:a6']);
        expect(pages).toBe(3);
        const exact = await allPages(7);
        expect(exact).toHaveLength(1);
        expect(keysOf(exact[0])).toHaveLength(7);
        expect(await store.authors({ limit: 7, cursor: (await store.authors({ limit: 6, texts: 1 })).nextCursor, texts: 1 })).toEqual({
          items: [{ source: 'x', author: { id: 'a6', handle: 'a6' }, texts: [expect.any(String)] }],
        });
      });

      it('an empty store has one empty page', async () => {
        expect(await store.authors({ limit: 10, texts: 5 })).toEqual({ items: [] });
      });

      it.each([
        [{ limit: 0, texts: 5 }, 'limit'],
        [{ limit: 5_001, texts: 5 }, 'limit'],
        [{ limit: 1.5, texts: 5 }, 'limit'],
        [{ limit: 10, texts: 0 }, 'texts'],
        [{ limit: 10, texts: 51 }, 'texts'],
        [{ limit: 10, texts: 5, cursor: 'not-a-cursor' }, 'cursor'],
      ])('refuses %j, naming %s', async (page, name) => {
        await expect(store.authors(page)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(name) });
      });
    });

    describe('postsOf', () => {
      const person = { customerId: 'C1', authors: [{ source: 'x' as const, id: 'ana' }, { source: 'x' as const, id: 'ana2' }, { source: 'mastodon' as const, id: 'ana' }] };

      it("reads the records carrying the customer id and the posts of each source's authors, each once, newest first", async () => {
        const posts = [
          aPost({ nativeId: 'call', source: 'callcenter', customerId: 'C1', createdAt: '2026-03-02T09:00:00Z', author: { id: 'agent-7', handle: 'agent-7' } }),
          // Linked at arrival: carries the id and is by a listed author, so it matches twice over.
          aPost({ nativeId: 'both', customerId: 'C1', createdAt: '2026-03-02T10:00:00Z', author: { id: 'ana', handle: 'ana' } }),
          aPost({ nativeId: 'tweet', createdAt: '2026-03-02T11:00:00Z', author: { id: 'ana', handle: 'ana' } }),
          aPost({ nativeId: 'alt', createdAt: '2026-03-02T11:00:00Z', author: { id: 'ana2', handle: 'ana_b' } }),
          aPost({ nativeId: 'toot', source: 'mastodon', createdAt: '2026-03-02T12:00:00Z', author: { id: 'ana', handle: 'ana@social' } }),
          aFullPost({ nativeId: 'full', customerId: 'C1', createdAt: '2026-03-02T08:00:00Z' }),
        ];
        await store.upsert([
          ...posts,
          // The same author id on another source is someone else; so is another customer's record.
          aPost({ nativeId: 'other-source', source: 'bluesky', author: { id: 'ana', handle: 'ana.bsky' } }),
          aPost({ nativeId: 'other-customer', source: 'callcenter', customerId: 'C2', author: { id: 'agent-7', handle: 'agent-7' } }),
          aPost({ nativeId: 'other-author', author: { id: 'anabel', handle: 'anabel' } }),
        ]);
        const page = await store.postsOf(person, { limit: 50 });
        expect(idsOf(page.items)).toEqual(['mastodon:toot', 'x:tweet', 'x:alt', 'x:both', 'callcenter:call', 'x:full']);
        expect(page.nextCursor).toBeUndefined();
        expect(page.items[5]).toEqual(posts[5]);
        expect(page).not.toHaveProperty('total');
      });

      it('with no authors reads the records carrying the customer id', async () => {
        await store.upsert([aPost({ nativeId: 'mine', customerId: 'C1' }), aPost({ nativeId: 'by-ana', author: { id: 'ana', handle: 'ana' } })]);
        expect(idsOf((await store.postsOf({ customerId: 'C1', authors: [] }, { limit: 10 })).items)).toEqual(['x:mine']);
        expect(await store.postsOf({ customerId: 'nobody', authors: [] }, { limit: 10 })).toEqual({ items: [] });
      });

      it('finds the posts of every author of a long list', async () => {
        const authors = Array.from({ length: 300 }, (_, i) => ({ source: (i % 2 ? 'x' : 'bluesky') as 'x' | 'bluesky', id: `a${i}` }));
        await store.upsert([
          aPost({ nativeId: 'first', source: 'bluesky', author: { id: 'a0', handle: 'a0' } }),
          aPost({ nativeId: 'last', source: 'x', author: { id: 'a299', handle: 'a299' } }),
          aPost({ nativeId: 'wrong-source', source: 'x', author: { id: 'a298', handle: 'a298' } }),
        ]);
        expect(idsOf((await store.postsOf({ customerId: 'C1', authors }, { limit: 10 })).items).sort()).toEqual(['bluesky:first', 'x:last']);
      });

      it('pages by keyset across the filters: every post once, later pages not shifted by arrivals', async () => {
        const times = ['10:00', '10:00', '10:01', '10:02', '10:02', '10:03'];
        await store.upsert(times.map((t, i) => (i % 2 ? aPost({ nativeId: `p${i}`, customerId: 'C1', createdAt: `2026-03-02T${t}:00Z` }) : aPost({ nativeId: `p${i}`, createdAt: `2026-03-02T${t}:00Z`, author: { id: 'ana', handle: 'ana' } }))));
        const first = await store.postsOf(person, { limit: 4 });
        expect(idsOf(first.items)).toEqual(['x:p5', 'x:p4', 'x:p3', 'x:p2']);
        await store.upsert([aPost({ nativeId: 'late', customerId: 'C1', createdAt: '2026-03-02T11:00:00Z' })]);
        const second = await store.postsOf(person, { limit: 2, cursor: first.nextCursor });
        expect(idsOf(second.items)).toEqual(['x:p1', 'x:p0']);
        expect(second.nextCursor).toBeUndefined();
      });

      it.each([
        [{ customerId: 'C1', authors: [] }, { limit: 0 }, 'limit'],
        [{ customerId: 'C1', authors: [] }, { limit: 5_001 }, 'limit'],
        [{ customerId: 'C1', authors: [] }, { limit: 10, cursor: 'not-a-cursor' }, 'cursor'],
        [{ customerId: '', authors: [] }, { limit: 10 }, 'customerId'],
        [{ customerId: 'C1', authors: [{ source: 'x', id: '' }] }, { limit: 10 }, 'authors'],
        [{ customerId: 'C1', authors: Array.from({ length: 1_001 }, (_, i) => ({ source: 'x', id: `a${i}` })) }, { limit: 10 }, 'authors'],
      ])('refuses %j %j, naming %s', async (who, page, name) => {
        await expect(store.postsOf(who as typeof person, page)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(name) });
      });
    });

    describe('mentioning', () => {
      it('reads the newest posts mentioning any of the handles, without regard to case, accents or a leading @', async () => {
        await store.upsert([
          aPost({ nativeId: 'm1', text: 'hola @Ana_Gomez, ¿te llegó la factura?', createdAt: '2026-03-02T10:00:00Z' }),
          aPost({ nativeId: 'm2', text: '@JOSÉ_P sin señal otra vez', createdAt: '2026-03-02T11:00:00Z' }),
          aPost({ nativeId: 'm3', text: 'cc @ana_gomez @jose_p', createdAt: '2026-03-02T12:00:00Z' }),
          aPost({ nativeId: 'old', text: 'viejo @ana_gomez', createdAt: '2026-03-01T12:00:00Z' }),
          aPost({ nativeId: 'none', text: 'nadie mencionado aquí', createdAt: '2026-03-02T13:00:00Z' }),
          aPost({ nativeId: 'other', text: 'hola @luis_r', createdAt: '2026-03-02T13:00:00Z' }),
        ]);
        expect(idsOf(await store.mentioning(['@ana_gomez', 'José_P'], 10))).toEqual(['x:m3', 'x:m2', 'x:m1', 'x:old']);
        expect(idsOf(await store.mentioning(['ana_gomez', 'jose_p'], 2))).toEqual(['x:m3', 'x:m2']);
        expect(idsOf(await store.mentioning(['luis_r'], 10))).toEqual(['x:other']);
      });

      it('finds nothing for no handles, or handles with nothing but @', async () => {
        await store.upsert([aPost({ text: 'hola @ana' }), aPost({ text: '@ @@ vacío' })]);
        expect(await store.mentioning([], 10)).toEqual([]);
        expect(await store.mentioning(['@', ' @@ '], 10)).toEqual([]);
      });

      it('refuses a limit outside 1..5,000 and more than 100 handles', async () => {
        for (const limit of [0, 5_001, 1.5]) await expect(store.mentioning(['ana'], limit)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('limit') });
        await expect(store.mentioning(Array.from({ length: 101 }, (_, i) => `h${i}`), 10)).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('handles') });
      });
    });

    describe('topCustomers', () => {
      it('ranks customers by matching posts, ties by id, and leaves out posts without a customer', async () => {
        await store.upsert([
          aPost({ customerId: 'C2', intents: ['complaint'] }),
          aPost({ customerId: 'C2', intents: ['churn', 'complaint'] }),
          aPost({ customerId: 'C2', intents: ['question'] }),
          aPost({ customerId: 'C1', intents: ['churn'] }),
          aPost({ customerId: 'C3', intents: ['complaint'] }),
          aPost({ intents: ['complaint'] }),
          aPost({ intents: ['complaint'] }),
          aPost({ intents: ['complaint'] }),
        ]);
        expect(await store.topCustomers({ intents: ['complaint', 'churn'] }, 10)).toEqual([
          { key: 'C2', count: 2 },
          { key: 'C1', count: 1 },
          { key: 'C3', count: 1 },
        ]);
        expect(await store.topCustomers({ intents: ['churn'] }, 1)).toEqual([{ key: 'C1', count: 1 }]);
        expect(await store.topCustomers({}, 10)).toEqual([
          { key: 'C2', count: 3 },
          { key: 'C1', count: 1 },
          { key: 'C3', count: 1 },
        ]);
        await expect(store.topCustomers({}, 0)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      });
    });

    describe('search', () => {
      it('returns newest first, breaking equal times by id descending', async () => {
        const same = '2026-03-02T11:00:00.000Z';
        const posts = [
          aPost({ nativeId: 's-old', createdAt: '2026-03-02T09:00:00.000Z' }),
          aPost({ nativeId: 's-b', createdAt: same }),
          aPost({ nativeId: 's-new', createdAt: '2026-03-02T12:00:00.000Z' }),
          aPost({ nativeId: 's-c', createdAt: same }),
          aPost({ nativeId: 's-a', createdAt: same }),
        ];
        await store.upsert(posts);
        const page = await store.search({}, { limit: 10 });
        expect(idsOf(page.items)).toEqual(['x:s-new', 'x:s-c', 'x:s-b', 'x:s-a', 'x:s-old']);
        expect(page.total).toBe(5);
        expect(page.nextCursor).toBeUndefined();
        expect(page.items[0]).toEqual(posts[2]);
      });

      it('pages through every match exactly once, with the full total on each page', async () => {
        const times = ['10:00', '10:00', '10:00', '10:01', '10:02', '10:02', '10:03'];
        const posts = times.map((t, i) => aPost({ nativeId: `p${i}`, createdAt: `2026-03-02T${t}:00.000Z` }));
        await store.upsert([...posts].reverse());
        const expected = idsOf((await store.search({}, { limit: 500 })).items);
        expect(expected).toHaveLength(7);

        const seen: string[] = [];
        let cursor: string | undefined;
        let pages = 0;
        do {
          const page = await store.search({}, { limit: 3, cursor });
          expect(page.total).toBe(7);
          expect(page.items.length).toBeLessThanOrEqual(3);
          seen.push(...idsOf(page.items));
          cursor = page.nextCursor;
          pages++;
        } while (cursor && pages < 10);
        expect(pages).toBe(3);
        expect(seen).toEqual(expected);
      });

      it('has no nextCursor when a page takes exactly the last matches', async () => {
        await store.upsert([aPost(), aPost(), aPost(), aPost()]);
        const first = await store.search({}, { limit: 2 });
        expect(first.nextCursor).toEqual(expect.any(String));
        const second = await store.search({}, { limit: 2, cursor: first.nextCursor });
        expect(second.items).toHaveLength(2);
        expect(second.nextCursor).toBeUndefined();
        expect(new Set([...idsOf(first.items), ...idsOf(second.items)]).size).toBe(4);
      });

      it('later pages are not shifted by newer posts arriving meanwhile', async () => {
        const posts = [1, 2, 3, 4].map((m) => aPost({ createdAt: `2026-03-02T10:0${m}:00.000Z` }));
        await store.upsert(posts);
        const first = await store.search({}, { limit: 2 });
        await store.upsert([aPost({ createdAt: '2026-03-02T11:00:00.000Z' })]);
        const second = await store.search({}, { limit: 2, cursor: first.nextCursor });
        expect(idsOf(second.items)).toEqual([posts[1].id, posts[0].id]);
        expect(second.total).toBe(5);
      });

      it('applies the filter to items and total', async () => {
        await store.upsert([
          aPost({ lang: 'en', text: 'network down again' }),
          aPost({ lang: 'en', text: 'all good' }),
          aPost({ lang: 'es', text: 'red caída, network down' }),
        ]);
        const page = await store.search({ q: 'network', langs: ['en'] }, { limit: 1 });
        expect(page.total).toBe(1);
        expect(page.items.map((p) => p.text)).toEqual(['network down again']);
        expect(page.nextCursor).toBeUndefined();
      });

      it('refuses a limit outside 1..500 and a cursor it did not make', async () => {
        await store.upsert([aPost()]);
        for (const limit of [0, 501, 2.5]) {
          await expect(store.search({}, { limit })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        }
        await expect(store.search({}, { limit: 10, cursor: 'not a cursor' })).rejects.toMatchObject({
          code: 'VALIDATION_FAILED',
        });
        expect((await store.search({}, { limit: 500 })).items).toHaveLength(1);
      });
    });

    describe('facts', () => {
      const range = { from: at('2026-03-02T10:00:00.000Z'), to: at('2026-03-02T11:00:00.000Z') };

      it('returns the counting fields of every post in [from, to), oldest first, ties by id, with no text or author', async () => {
        const full = aFullPost({ nativeId: 'f-b', createdAt: '2026-03-02T10:30:00.000Z' });
        const tie = aPost({ nativeId: 'f-a', createdAt: '2026-03-02T10:30:00.000Z', regions: [] });
        const first = aPost({ nativeId: 'f-c', createdAt: '2026-03-02T10:00:00.000Z', source: 'callcenter', intents: ['outage'] });
        const outside = [aPost({ createdAt: '2026-03-02T09:59:59.999Z' }), aPost({ createdAt: '2026-03-02T11:00:00.000Z' })];
        await store.upsert([full, ...outside, tie, first]);
        const facts = await store.facts(range);
        expect(facts).toEqual([
          { id: first.id, createdAt: first.createdAt, source: 'callcenter', sentiment: 'neutral', topics: [], intents: ['outage'], entities: [] },
          { id: tie.id, createdAt: tie.createdAt, source: 'x', sentiment: 'neutral', topics: [], intents: [], entities: [], regions: [] },
          {
            id: full.id,
            createdAt: full.createdAt,
            source: 'x',
            sentiment: 'negative',
            topics: ['billing', 'coverage'],
            intents: ['complaint', 'churn'],
            entities: ['Telco', 'RivalCo'],
            regions: ['cordoba', 'caba'],
          },
        ]);
        // A post stored without regions comes back without them, so a caller can tell it from one in no region.
        expect(facts[0]).not.toHaveProperty('regions');
        expect(facts[2].createdAt).toBeInstanceOf(Date);
      });

      it('applies the rest of the filter', async () => {
        const kept = aPost({ createdAt: '2026-03-02T10:10:00.000Z', regions: ['mendoza'], sentiment: { label: 'negative', score: -0.5 } });
        await store.upsert([kept, aPost({ createdAt: '2026-03-02T10:20:00.000Z', regions: ['salta'], sentiment: { label: 'negative', score: -0.5 } })]);
        expect((await store.facts({ ...range, regions: ['mendoza'] })).map((f) => f.id)).toEqual([kept.id]);
        expect(await store.facts({ ...range, sentiments: ['positive'] })).toEqual([]);
      });

      it('reads more posts than one page of any driver, each once', async () => {
        const posts = Array.from({ length: 12_345 }, (_, i) => aPost({ createdAt: new Date(range.from.getTime() + (i % 3_000) * 1_000) }));
        for (let i = 0; i < posts.length; i += 2_000) await store.upsert(posts.slice(i, i + 2_000));
        const facts = await store.facts(range);
        expect(facts).toHaveLength(posts.length);
        expect(new Set(facts.map((f) => f.id)).size).toBe(posts.length);
        const times = facts.map((f) => f.createdAt.getTime());
        expect(times).toEqual([...times].sort((a, b) => a - b));
      });

      it('returns ids and values exactly, whatever characters they hold', async () => {
        const odd = aPost({ nativeId: 'a\x1eb\x1dc\x1f|\n,', createdAt: '2026-03-02T10:10:00.000Z', topics: ['billing'], regions: ['caba'] });
        const oddValues = aPost({ createdAt: '2026-03-02T10:30:00.000Z', topics: ['a\x1fb', ''], regions: [''] });
        const plain = aPost({ createdAt: '2026-03-02T10:50:00.000Z', topics: ['coverage', 'outage'], entities: [''] });
        await store.upsert([odd, oddValues, plain]);
        const row = (f: { id: string; topics: string[]; entities: string[]; regions?: string[] }) => [f.id, f.topics, f.entities, f.regions];
        expect((await store.facts(range)).map(row)).toEqual([
          [odd.id, ['billing'], [], ['caba']],
          [oddValues.id, ['a\x1fb', ''], [], ['']],
          [plain.id, ['coverage', 'outage'], [''], undefined],
        ]);
        // Each alone, so a driver that packs values cannot lean on a neighbour to read them plainly.
        expect((await store.facts({ from: at('2026-03-02T10:30:00.000Z'), to: at('2026-03-02T10:31:00.000Z') })).map(row)).toEqual([[oddValues.id, ['a\x1fb', ''], [], ['']]]);
        expect((await store.facts({ from: at('2026-03-02T10:50:00.000Z'), to: range.to })).map(row)).toEqual([[plain.id, ['coverage', 'outage'], [''], undefined]]);
      });

      it('refuses a range without both bounds', async () => {
        await expect(store.facts({ from: range.from } as unknown as typeof range)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        await expect(store.facts({ from: new Date('nope'), to: range.to })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      });
    });

    describe('deleteByNativeIdPrefix', () => {
      it('removes the posts of every source and month whose native id starts with the prefix, and only those', async () => {
        const gone = [
          aPost({ nativeId: 'demo-7-100-1', source: 'x', createdAt: '2026-01-15T10:00:00.000Z' }),
          aPost({ nativeId: 'demo-7-outage-3', source: 'callcenter', createdAt: '2026-03-02T10:00:00.000Z' }),
          aPost({ nativeId: 'demo-7-', source: 'bluesky', createdAt: '2026-03-02T11:00:00.000Z' }),
        ];
        const kept = [
          aPost({ nativeId: 'demo-8-100-1', source: 'x' }),
          aPost({ nativeId: 'xdemo-7-1', source: 'x' }),
          aPost({ nativeId: 'Demo-7-1', source: 'x' }),
          aPost({ nativeId: '1890', source: 'x' }),
        ];
        await store.upsert([...gone, ...kept]);
        expect(await store.deleteByNativeIdPrefix('demo-7-')).toBe(3);
        expect(idsOf(await store.get([...gone, ...kept].map((p) => p.id)))).toEqual(idsOf(kept));
        expect(await store.count()).toBe(kept.length);
        expect(await store.deleteByNativeIdPrefix('demo-7-')).toBe(0);
        // Written again after its removal, a post is new once more.
        expect((await store.upsert([gone[0]])).created).toEqual([gone[0].id]);
      });

      it('refuses an empty prefix, which would empty the store', async () => {
        await store.upsert([aPost()]);
        await expect(store.deleteByNativeIdPrefix('')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
        expect(await store.count()).toBe(1);
      });
    });

    describe('deleteBefore', () => {
      it('removes posts created strictly before the date and says how many', async () => {
        const kept = [aPost({ createdAt: '2026-03-02T10:00:00.000Z' }), aPost({ createdAt: '2026-03-02T11:00:00.000Z' })];
        const gone = [aPost({ createdAt: '2026-03-02T09:00:00.000Z' }), aPost({ createdAt: '2026-03-02T09:59:59.999Z' })];
        await store.upsert([...gone, ...kept]);
        expect(await store.deleteBefore(at('2026-03-02T10:00:00.000Z'))).toBe(2);
        expect(await store.count()).toBe(2);
        expect(idsOf(await store.get([...gone, ...kept].map((p) => p.id)))).toEqual(idsOf(kept));
        expect(await store.deleteBefore(at('2026-03-02T10:00:00.000Z'))).toBe(0);
      });

      it('a deleted post can be written again', async () => {
        const post = aPost({ createdAt: '2026-03-01T00:00:00.000Z' });
        await store.upsert([post]);
        await store.deleteBefore(at('2026-03-02T00:00:00.000Z'));
        await store.upsert([post]);
        expect(await store.get([post.id])).toEqual([post]);
      });
    });
  });
}
