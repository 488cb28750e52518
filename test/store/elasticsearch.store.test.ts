import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@elastic/elasticsearch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PartialWriteError,
  openElasticsearchStores,
  type ElasticsearchStoreOptions,
  type ElasticsearchStores,
} from '@escucha/store';
import { describeOfferStoreContract } from '../contract/offer-store.contract';
import { describeAuditLogContract } from '../contract/audit-log.contract';
import { describeCheckpointStoreContract } from '../contract/checkpoint-store.contract';
import { describeLabelStoreContract } from '../contract/label-store.contract';
import { describeCustomerStoreContract } from '../contract/customer-store.contract';
import { describeIdentityLinkStoreContract } from '../contract/identity-link-store.contract';
import { describeApiKeyStoreContract } from '../contract/api-key-store.contract';
import { describeAlertStoreContract } from '../contract/alert-store.contract';
import { describePostStoreContract } from '../contract/post-store.contract';
import { describeSettingsStoreContract } from '../contract/settings-store.contract';
import { describeSourceStoreContract } from '../contract/source-store.contract';
import { describeUserStoreContract } from '../contract/user-store.contract';
import { postsMapping } from '../../libs/store/src/elasticsearch/elasticsearch.post-document';
import { aPost, aUser } from '../support/builders';
import { aPostInput } from '../support/post-inputs';
import { TestServer } from '../support/server';
import { startElasticsearch, type RunningElasticsearch } from '../support/elasticsearch';

// One real server for the file; every open gets its own prefix, so tests never see each
// other's indices, and its indices are dropped on close to keep the small test heap small.
let es: RunningElasticsearch;
let admin: Client;
let opened = 0;
const run = Date.now().toString(36);

beforeAll(async () => {
  es = await startElasticsearch();
  admin = new Client({ node: es.url });
}, 150_000);

afterAll(async () => {
  await admin?.close();
  await es?.stop();
});

async function open(options: ElasticsearchStoreOptions = {}): Promise<{ stores: ElasticsearchStores; prefix: string; drop(): Promise<void> }> {
  const prefix = `t${run}-${++opened}`;
  // Default settings on purpose: auto-expanded replicas must keep a single node green.
  const stores = await openElasticsearchStores(es.url, { prefix, ...options });
  return { stores, prefix, drop: () => drop(prefix) };
}

/** Names, not a wildcard: Elasticsearch 8 refuses wildcard deletes by default (action.destructive_requires_name). */
async function drop(prefix: string): Promise<void> {
  const indices = Object.keys(await admin.indices.get({ index: `${prefix}-*`, allow_no_indices: true }));
  if (indices.length) await admin.indices.delete({ index: indices });
  await admin.indices.deleteIndexTemplate({ name: `${prefix}-posts` }, { ignore: [404] });
}

describePostStoreContract('elasticsearch', async () => {
  const { stores, drop } = await open();
  return {
    store: stores.posts,
    close: async () => {
      await stores.close();
      await drop();
    },
  };
});

describeCustomerStoreContract('elasticsearch', async () => {
  const { stores, drop } = await open();
  return {
    store: stores.customers,
    close: async () => {
      await stores.close();
      await drop();
    },
  };
});

describeIdentityLinkStoreContract('elasticsearch', async () => {
  const { stores, drop } = await open();
  return {
    store: stores.identityLinks,
    close: async () => {
      await stores.close();
      await drop();
    },
  };
});

describeUserStoreContract('elasticsearch', async () => {
  const { stores, drop } = await open();
  return {
    store: stores.users,
    close: async () => {
      await stores.close();
      await drop();
    },
  };
});

describeApiKeyStoreContract('elasticsearch', async () => {
  const { stores, drop } = await open();
  return {
    store: stores.apiKeys,
    close: async () => {
      await stores.close();
      await drop();
    },
  };
});

describeSettingsStoreContract('elasticsearch', async () => {
  const { stores, drop, prefix } = await open();
  const others: Array<{ close: () => Promise<void> }> = [];
  return {
    store: stores.settings,
    // A second client on the same indices, as another API node or worker would have.
    other: async () => {
      const second = await openElasticsearchStores(es.url, { prefix });
      others.push(second);
      return second.settings;
    },
    close: async () => {
      await Promise.all(others.map((o) => o.close()));
      await stores.close();
      await drop();
    },
  };
});

describeOfferStoreContract('elasticsearch', async () => {
  const { stores, drop } = await open();
  return {
    store: stores.offers,
    close: async () => {
      await stores.close();
      await drop();
    },
  };
});

describeSourceStoreContract('elasticsearch', async () => {
  const { stores, drop, prefix } = await open();
  const others: Array<{ close: () => Promise<void> }> = [];
  return {
    store: stores.sources,
    other: async () => {
      const second = await openElasticsearchStores(es.url, { prefix });
      others.push(second);
      return second.sources;
    },
    close: async () => {
      await Promise.all(others.map((o) => o.close()));
      await stores.close();
      await drop();
    },
  };
});

function withSecondHandle<T>(pick: (stores: ElasticsearchStores) => T) {
  return async () => {
    const { stores, drop, prefix } = await open();
    const others: Array<{ close: () => Promise<void> }> = [];
    return {
      first: pick(stores),
      // A second client on the same indices, as another API node or worker would have.
      other: async () => {
        const second = await openElasticsearchStores(es.url, { prefix });
        others.push(second);
        return pick(second);
      },
      close: async () => {
        await Promise.all(others.map((o) => o.close()));
        await stores.close();
        await drop();
      },
    };
  };
}

describeLabelStoreContract('elasticsearch', async () => {
  const { first, other, close } = await withSecondHandle((s) => s.labels)();
  return { store: first, other, close };
});

describeAuditLogContract('elasticsearch', async () => {
  const { first, other, close } = await withSecondHandle((s) => s.audit)();
  return { log: first, other, close };
});

describeCheckpointStoreContract('elasticsearch', async () => {
  const { first, other, close } = await withSecondHandle((s) => s.checkpoints)();
  return { store: first, other, close };
});

describeAlertStoreContract('elasticsearch', async () => {
  const { stores, drop, prefix } = await open();
  const others: Array<{ close: () => Promise<void> }> = [];
  return {
    store: stores.alerts,
    other: async () => {
      const second = await openElasticsearchStores(es.url, { prefix });
      others.push(second);
      return second.alerts;
    },
    close: async () => {
      await Promise.all(others.map((o) => o.close()));
      await stores.close();
      await drop();
    },
  };
});

describe('Elasticsearch store', () => {
  it('keeps posts in monthly indices behind one alias, made from the template', async () => {
    const { stores, prefix, drop } = await open();
    try {
      const march = aPost({ createdAt: '2026-03-31T23:59:59.999Z' });
      const april = aPost({ createdAt: '2026-04-01T00:00:00.000Z' });
      await stores.posts.upsert([march, april]);
      const aliased = Object.keys(await admin.indices.getAlias({ name: `${prefix}-posts` }));
      expect(aliased).toEqual(expect.arrayContaining([`${prefix}-posts-2026.03`, `${prefix}-posts-2026.04`]));
      const inMarch = await admin.search({ index: `${prefix}-posts-2026.03`, query: { match_all: {} } });
      expect(inMarch.hits.hits.map((hit) => hit._id)).toEqual([march.id]);
      // Re-sending lands on the same document of the same month: still one copy.
      await stores.posts.upsert([march]);
      expect(await stores.posts.count()).toBe(2);
      // A post re-sent with a createdAt in another month moves: its old copy is deleted.
      const moved = { ...march, createdAt: new Date('2026-05-15T00:00:00.000Z') };
      await stores.posts.upsert([moved]);
      expect(await stores.posts.count()).toBe(2);
      expect(await stores.posts.get([march.id])).toEqual([moved]);
      expect((await admin.count({ index: `${prefix}-posts-2026.03` })).count).toBe(0);
      const mapping = await admin.indices.getMapping({ index: `${prefix}-posts-2026.04` });
      expect(mapping[`${prefix}-posts-2026.04`].mappings.dynamic).toBe('strict');
      // On one node no replica can be placed; auto-expanded replicas keep every index green.
      const health = await admin.cluster.health({ index: `${prefix}-*`, timeout: '5s' });
      expect(health.status).toBe('green');
    } finally {
      await stores.close();
      await drop();
    }
  });

  it('adds author.bio to the template and to months made by the version before it, which then take bios', async () => {
    const prefix = `t${run}-${++opened}`;
    const month = `${prefix}-posts-2026.03`;
    // The previous version's month: the same strict mapping without author.bio.
    const previous = postsMapping(false);
    const author = previous.properties!.author as { properties: Record<string, unknown> };
    delete author.properties.bio;
    await admin.indices.create({
      index: month,
      settings: { number_of_replicas: 0 },
      mappings: previous,
      aliases: { [`${prefix}-posts`]: {} },
    });
    const old = aPost({ createdAt: '2026-03-10T12:00:00.000Z' });
    const withBio = aPost({ createdAt: '2026-03-11T12:00:00.000Z', author: { bio: 'Ingeniera. Clienta desde 2015.' } });
    await admin.index({ index: month, id: old.id, document: { ...old, words: '', terms: [] }, refresh: true });
    await expect(
      admin.index({ index: month, id: withBio.id, document: { ...withBio, words: '', terms: [] } }),
    ).rejects.toMatchObject({ meta: { body: { error: { type: 'strict_dynamic_mapping_exception' } } } });

    const stores = await openElasticsearchStores(es.url, { prefix });
    try {
      const mapping = await admin.indices.getMapping({ index: month });
      expect(mapping[month].mappings.properties?.author).toMatchObject({ properties: { bio: { type: 'text', index: false } } });
      const template = await admin.indices.getIndexTemplate({ name: `${prefix}-posts` });
      expect(template.index_templates[0].index_template.template?.mappings?.properties?.author).toMatchObject({
        properties: { bio: { type: 'text', index: false } },
      });
      expect(await stores.posts.upsert([withBio])).toEqual({ created: [withBio.id] });
      const [storedOld, storedWithBio] = await stores.posts.get([old.id, withBio.id]);
      expect(storedOld.author).not.toHaveProperty('bio');
      expect(storedWithBio.author.bio).toBe('Ingeniera. Clienta desde 2015.');
      expect(await stores.posts.count()).toBe(2);
    } finally {
      await stores.close();
      await drop(prefix);
    }
  });

  it('adds aspects to months made by the version before sentiment per topic, which then take and count them', async () => {
    const prefix = `t${run}-${++opened}`;
    const month = `${prefix}-posts-2026.04`;
    const previous = postsMapping(false);
    delete previous.properties!.aspects;
    await admin.indices.create({ index: month, settings: { number_of_replicas: 0 }, mappings: previous, aliases: { [`${prefix}-posts`]: {} } });
    const old = aPost({ createdAt: '2026-04-10T12:00:00.000Z', topics: ['billing'] });
    const withAspects = aPost({ createdAt: '2026-04-11T12:00:00.000Z', topics: ['billing'], aspects: [{ topic: 'billing', sentiment: 'negative' }] });
    await admin.index({ index: month, id: old.id, document: { ...old, words: '', terms: [] }, refresh: true });
    await expect(
      admin.index({ index: month, id: withAspects.id, document: { ...withAspects, aspects: ['billing:negative'], words: '', terms: [] } }),
    ).rejects.toMatchObject({ meta: { body: { error: { type: 'strict_dynamic_mapping_exception' } } } });

    const stores = await openElasticsearchStores(es.url, { prefix });
    try {
      const mapping = await admin.indices.getMapping({ index: month });
      expect(mapping[month].mappings.properties?.aspects).toMatchObject({ type: 'keyword' });
      expect(await stores.posts.upsert([withAspects])).toEqual({ created: [withAspects.id] });
      const [storedOld, stored] = await stores.posts.get([old.id, withAspects.id]);
      expect(storedOld).not.toHaveProperty('aspects');
      expect(stored.aspects).toEqual([{ topic: 'billing', sentiment: 'negative' }]);
      expect(await stores.posts.breakdown({}, 'aspect', 10)).toEqual([{ key: 'billing:negative', count: 1 }]);
    } finally {
      await stores.close();
      await drop(prefix);
    }
  });

  it('adds regions to months made by the version before them, which then take and filter by them', async () => {
    const prefix = `t${run}-${++opened}`;
    const month = `${prefix}-posts-2026.04`;
    const previous = postsMapping(false);
    delete previous.properties!.regions;
    await admin.indices.create({ index: month, settings: { number_of_replicas: 0 }, mappings: previous, aliases: { [`${prefix}-posts`]: {} } });
    const old = aPost({ createdAt: '2026-04-10T12:00:00.000Z', text: 'Sin señal en Rosario' });
    const withRegions = aPost({ createdAt: '2026-04-11T12:00:00.000Z', regions: ['santa-fe'] });
    await admin.index({ index: month, id: old.id, document: { ...old, words: '', terms: [] }, refresh: true });
    await expect(admin.index({ index: month, id: withRegions.id, document: { ...withRegions, words: '', terms: [] } })).rejects.toMatchObject({
      meta: { body: { error: { type: 'strict_dynamic_mapping_exception' } } },
    });

    const stores = await openElasticsearchStores(es.url, { prefix });
    try {
      const mapping = await admin.indices.getMapping({ index: month });
      expect(mapping[month].mappings.properties?.regions).toMatchObject({ type: 'keyword' });
      expect(await stores.posts.upsert([withRegions])).toEqual({ created: [withRegions.id] });
      const [storedOld, stored] = await stores.posts.get([old.id, withRegions.id]);
      expect(storedOld).not.toHaveProperty('regions');
      expect(stored.regions).toEqual(['santa-fe']);
      expect(await stores.posts.count({ regions: ['santa-fe'] })).toBe(1);
      const facts = await stores.posts.facts({ from: new Date('2026-04-01T00:00:00Z'), to: new Date('2026-05-01T00:00:00Z') });
      expect(facts.map((f) => [f.id, f.regions])).toEqual([
        [old.id, undefined],
        [withRegions.id, ['santa-fe']],
      ]);
    } finally {
      await stores.close();
      await drop(prefix);
    }
  });

  it('retention drops whole expired months and deletes by id inside the boundary month', async () => {
    const { stores, prefix, drop } = await open();
    try {
      const january = [aPost({ createdAt: '2026-01-10T00:00:00Z' }), aPost({ createdAt: '2026-01-31T23:59:59.999Z' })];
      const earlyFebruary = aPost({ createdAt: '2026-02-01T00:00:00Z' });
      const lateFebruary = aPost({ createdAt: '2026-02-20T00:00:00Z' });
      await stores.posts.upsert([...january, earlyFebruary, lateFebruary]);
      expect(await stores.posts.deleteBefore(new Date('2026-02-10T00:00:00Z'))).toBe(3);
      const left = Object.keys(await admin.indices.getAlias({ name: `${prefix}-posts` }));
      expect(left).not.toContain(`${prefix}-posts-2026.01`);
      expect(left).toContain(`${prefix}-posts-2026.02`);
      expect((await stores.posts.search({}, { limit: 10 })).items.map((p) => p.id)).toEqual([lateFebruary.id]);
      // Dropping every month must not drop the alias: an empty store still answers.
      expect(await stores.posts.deleteBefore(new Date('2027-01-01T00:00:00Z'))).toBe(1);
      expect(await stores.posts.count()).toBe(0);
      expect(await stores.posts.histogram({}, 'day')).toEqual({ interval: 'day', buckets: [] });
    } finally {
      await stores.close();
      await drop();
    }
  });

  it('refuses a batch holding a bad post before writing any of it, and names it', async () => {
    const { stores, drop } = await open();
    try {
      const good = aPost();
      const bad = aPost({ createdAt: new Date(Number.NaN) });
      await expect(stores.posts.upsert([good, bad])).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining(bad.id),
      });
      await expect(stores.posts.upsert([aPost({ metrics: { likes: 1.5 } })])).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect(await stores.posts.count()).toBe(0);
    } finally {
      await stores.close();
      await drop();
    }
  });

  it('reports each item the engine refuses by id, and keeps the others', async () => {
    const { stores, drop } = await open();
    try {
      const good = aPost();
      // Lucene refuses a keyword term over 32 KB: a per-item failure inside an accepted bulk request.
      const refused = aPost({ lang: 'x'.repeat(40_000) });
      const error: unknown = await stores.posts.upsert([good, refused]).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(refused.id) });
      // The good one was written: the caller is told, to count it as new.
      expect(error).toBeInstanceOf(PartialWriteError);
      expect((error as PartialWriteError).created).toEqual([good.id]);
      expect(String((error as Error).message)).not.toContain(good.id);
      expect((await stores.posts.get([good.id, refused.id])).map((p) => p.id)).toEqual([good.id]);
    } finally {
      await stores.close();
      await drop();
    }
  });

  it('re-sends only the items rejected for load (429), and a whole request rejected for load', async () => {
    // The first bulk request is refused whole; the second comes back with its second item refused.
    const proxy = await overloadedProxy((n) => (n === 1 ? 'refuse' : n === 2 ? 'refuse-second-item' : 'pass'));
    const prefix = `t${run}-${++opened}`;
    const stores = await openElasticsearchStores(proxy.url, { prefix, bulk: { backoffMs: 10 } });
    try {
      const posts = [aPost(), aPost(), aPost()];
      await stores.posts.upsert(posts);
      expect(proxy.bulkBodies).toHaveLength(3);
      // The third request carries only the refused item.
      expect(proxy.bulkBodies[2]).toContain(posts[1].id);
      expect(proxy.bulkBodies[2]).not.toContain(posts[0].id);
      expect((await stores.posts.get(posts.map((p) => p.id))).map((p) => p.id)).toEqual(posts.map((p) => p.id));
      expect(await stores.posts.count()).toBe(3);
    } finally {
      await stores.close();
      await proxy.close();
      await drop(prefix);
    }
  });

  it('gives up on items still refused after the last attempt, naming them', async () => {
    const proxy = await overloadedProxy(() => 'refuse');
    const prefix = `t${run}-${++opened}`;
    const stores = await openElasticsearchStores(proxy.url, { prefix, bulk: { attempts: 3, backoffMs: 10 } });
    try {
      const post = aPost();
      await expect(stores.posts.upsert([post])).rejects.toMatchObject({
        code: 'UNAVAILABLE',
        message: expect.stringContaining(post.id),
      });
      expect(proxy.bulkBodies).toHaveLength(3);
      expect(await stores.posts.count()).toBe(0);
    } finally {
      await stores.close();
      await proxy.close();
      await drop(prefix);
    }
  });

  it('after giving up on part of a batch, says which posts it created all the same', async () => {
    // The second request is written but answered with its second item refused; every re-send of that item is refused.
    const proxy = await overloadedProxy((n) => (n === 1 ? 'pass' : n === 2 ? 'refuse-second-item' : 'refuse'));
    const prefix = `t${run}-${++opened}`;
    const stores = await openElasticsearchStores(proxy.url, { prefix, bulk: { attempts: 2, backoffMs: 10 } });
    try {
      const stored = aPost();
      await stores.posts.upsert([stored]);
      const [fresh, refused] = [aPost(), aPost()];
      const error: unknown = await stores.posts.upsert([fresh, refused, { ...stored, text: 'edited' }]).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(PartialWriteError);
      expect(error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining(refused.id) });
      // The re-sent post was written too, but it is not new.
      expect((error as PartialWriteError).created).toEqual([fresh.id]);
    } finally {
      await stores.close();
      await proxy.close();
      await drop(prefix);
    }
  });

  it('takes concurrent batches without losing any write', async () => {
    const { stores, drop } = await open();
    try {
      const batches = Array.from({ length: 6 }, () => Array.from({ length: 500 }, () => aPost()));
      await Promise.all([
        ...batches.map((batch) => stores.posts.upsert(batch)),
        ...batches.map(() => stores.posts.histogram({}, 'minute', 'sentiment')),
      ]);
      expect(await stores.posts.count()).toBe(3000);
    } finally {
      await stores.close();
      await drop();
    }
  });

  it('rejects calls after close, and an unreachable cluster, as unavailable', async () => {
    const { stores, drop } = await open();
    await stores.close();
    await stores.posts.close();
    await expect(stores.posts.count()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(stores.users.find('ana')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await drop();
    // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
    await expect(openElasticsearchStores('http://127.0.0.1:9', { prefix: 'nobody' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });

  it('refuses an index prefix Elasticsearch could not use', async () => {
    await expect(openElasticsearchStores(es.url, { prefix: 'Upper' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('users survive a reopen with the same prefix', async () => {
    const { stores, prefix, drop } = await open();
    try {
      const user = aUser();
      await stores.users.create(user);
      await stores.close();
      const again = await openElasticsearchStores(es.url, { prefix });
      try {
        expect(await again.users.find(user.username)).toEqual(user);
      } finally {
        await again.close();
      }
    } finally {
      await drop();
    }
  });
});

describe('the built server on STORE=elasticsearch', () => {
  it('creates its admin in Elasticsearch, ingests, answers history, and keeps both across a restart', async () => {
    // The server's default prefix, "escucha": its patterns cannot overlap the tests' t<run>-<n> ones.
    const server = new TestServer({ STORE: 'elasticsearch', ELASTICSEARCH_URL: es.url });
    try {
      await server.start();
      await server.login();
      const inputs = [
        aPostInput({ createdAt: '2026-03-02T10:05:00Z', text: 'Sin señal desde ayer en Palermo' }),
        aPostInput({ createdAt: '2026-03-03T10:05:00Z', text: 'No signal since this morning' }),
      ];
      expect((await server.request('POST', '/api/v1/posts', inputs)).status).toBe(202);
      const range = 'from=2026-03-01T00:00:00Z&to=2026-03-05T00:00:00Z';
      await server.waitForTotal(range, 2);
      const histogram = await server.get<{ buckets: Array<{ ts: string; total: number }> }>(
        `/api/v1/history/histogram?${range}&interval=day`,
      );
      expect(histogram.status).toBe(200);
      expect(histogram.body.buckets.filter((b) => b.total > 0).map((b) => [b.ts.slice(0, 10), b.total])).toEqual([
        ['2026-03-02', 1],
        ['2026-03-03', 1],
      ]);
      expect(Object.keys(await admin.indices.getAlias({ name: 'escucha-posts' }))).toContain('escucha-posts-2026.03');

      await server.kill('SIGTERM');
      await server.start();
      await server.login();
      await server.waitForTotal(`${range}&q=señal`, 1);
    } finally {
      await server.stop();
      await drop('escucha');
    }
  });
});

type BulkFate = 'pass' | 'refuse' | 'refuse-second-item';

/**
 * A pass-through proxy in front of the real server that answers bulk requests like an overloaded
 * cluster (es_rejected_execution_exception, 429), as `fate` says for the n-th bulk request. A real
 * cluster cannot be made to reject on cue; everything else, and every write that is let through,
 * reaches the real engine.
 */
async function overloadedProxy(fate: (n: number) => BulkFate): Promise<{ url: string; bulkBodies: string[]; close(): Promise<void> }> {
  const bulkBodies: string[] = [];
  const rejection = { type: 'es_rejected_execution_exception', reason: 'test: write queue full' };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: string): void => {
        // The 8.x client checks this header to know it talks to Elasticsearch.
        response.writeHead(status, { 'content-type': 'application/json', 'x-elastic-product': 'Elasticsearch' });
        response.end(body);
      };
      const body = Buffer.concat(chunks);
      const isBulk = request.method === 'POST' && (request.url ?? '').startsWith('/_bulk');
      const decided: BulkFate = isBulk ? fate(bulkBodies.push(body.toString())) : 'pass';
      if (decided === 'refuse') {
        reply(429, JSON.stringify({ error: rejection, status: 429 }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
      }
      fetch(`${es.url}${request.url ?? '/'}`, {
        method: request.method,
        headers,
        body: body.length ? body : undefined,
        signal: AbortSignal.timeout(30_000),
      })
        .then(async (upstream) => {
          const text = await upstream.text();
          if (decided !== 'refuse-second-item') return reply(upstream.status, text);
          const answer = JSON.parse(text) as { errors: boolean; items: Array<{ index: Record<string, unknown> }> };
          answer.items[1].index.status = 429;
          answer.items[1].index.error = rejection;
          answer.errors = true;
          reply(200, JSON.stringify(answer));
        })
        .catch((error: unknown) => reply(502, JSON.stringify({ error: { type: 'proxy', reason: String(error) } })));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    bulkBodies,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
