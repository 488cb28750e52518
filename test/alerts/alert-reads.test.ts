import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDuckDbStores, type DuckDbStores } from '@escucha/store';
import { alertBuckets } from '../../apps/worker/src/alerts/alert.reads';
import { aPost } from '../support/builders';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 2, 4, 15);
let stores: DuckDbStores;

beforeEach(async () => {
  stores = await openDuckDbStores(':memory:');
});
afterEach(() => stores.close());

/** Stored as before regions were kept: the text names Salta, the profile says Mendoza. */
const older = (i: number, at: number) => aPost({ nativeId: `old${i}`, createdAt: new Date(at), text: 'Sin señal en Salta', author: { location: 'Godoy Cruz, Mendoza' }, intents: ['outage'] });
/** Stored with regions that neither its text nor its profile would give: only the stored ones can say Chubut. */
const stored = (i: number, at: number) => aPost({ nativeId: `new${i}`, createdAt: new Date(at), text: 'Sin señal', regions: ['chubut'], sentiment: { label: 'negative', score: -0.6 } });

describe('what alert detection reads of a range of stored posts', () => {
  it('buckets every post with the fields the engine counts, stored regions as stored, older posts\' worked out (a few, by id)', async () => {
    await stores.posts.upsert([older(1, T0 + 5_000), stored(1, T0 + 6_000), stored(2, T0 + MINUTE + 1), older(2, T0 + 2 * MINUTE - 1)]);
    const buckets = await alertBuckets(stores.posts, T0, T0 + 2 * MINUTE, MINUTE);
    expect([...buckets.keys()]).toEqual([T0, T0 + MINUTE]);
    expect(buckets.get(T0)).toEqual([
      { id: 'x:old1', createdAt: T0 + 5_000, source: 'x', sentiment: 'neutral', topics: [], intents: ['outage'], entities: [], regions: ['salta'] },
      { id: 'x:new1', createdAt: T0 + 6_000, source: 'x', sentiment: 'negative', topics: [], intents: [], entities: [], regions: ['chubut'] },
    ]);
    expect(buckets.get(T0 + MINUTE)!.map((p) => [p.id, p.regions])).toEqual([
      ['x:new2', ['chubut']],
      ['x:old2', ['salta']],
    ]);
    expect(await alertBuckets(stores.posts, T0, T0, MINUTE)).toEqual(new Map());
  });

  it('works out the regions of a busy range of older posts through search pages, missing none', async () => {
    const posts = [];
    for (let i = 0; i < 1_800; i++) posts.push(i % 3 === 0 ? stored(i, T0 + i * 30) : older(i, T0 + i * 30));
    await stores.posts.upsert(posts);
    const buckets = await alertBuckets(stores.posts, T0, T0 + MINUTE, MINUTE);
    const all = buckets.get(T0)!;
    expect(all).toHaveLength(1_800);
    expect(new Set(all.map((p) => p.id)).size).toBe(1_800);
    for (const p of all) expect(p.regions, p.id).toEqual(p.id.startsWith('x:new') ? ['chubut'] : ['salta']);
  });
});
