import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Post } from '@escucha/core';
import { openDuckDbStores, type DuckDbStores } from '@escucha/store';
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
import { SqlParams } from '../../libs/store/src/duckdb/duckdb.values';
import { aFullPost, aPost, aUser } from '../support/builders';
import { withDuckDbFile } from '../support/duckdb-file';

let dir: string;
let files = 0;
const freshFile = (): string => join(dir, `store-${++files}.duckdb`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'escucha-duckdb-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describePostStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.posts, close: () => stores.close() };
});

describeUserStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.users, close: () => stores.close() };
});

// One process holds a DuckDB file, so the "other" handle is the same store, as every caller in that process shares it.
describeSettingsStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.settings, other: async () => stores.settings, close: () => stores.close() };
});

describeSourceStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.sources, other: async () => stores.sources, close: () => stores.close() };
});

describeOfferStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.offers, close: () => stores.close() };
});

describeLabelStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.labels, other: async () => stores.labels, close: () => stores.close() };
});

describeAuditLogContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { log: stores.audit, other: async () => stores.audit, close: () => stores.close() };
});

describeCheckpointStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.checkpoints, other: async () => stores.checkpoints, close: () => stores.close() };
});

describeCustomerStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.customers, close: () => stores.close() };
});

describeIdentityLinkStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.identityLinks, close: () => stores.close() };
});

describeApiKeyStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.apiKeys, close: () => stores.close() };
});

describeAlertStoreContract('duckdb', async () => {
  const stores = await openDuckDbStores(freshFile());
  return { store: stores.alerts, other: async () => stores.alerts, close: () => stores.close() };
});

describe('DuckDB store', () => {
  it('keeps posts, users, labels, audit entries and checkpoints across close and reopen of the file', async () => {
    const file = freshFile();
    const post = aFullPost();
    const user = aUser();
    const label = { postId: post.id, text: post.text, lang: post.lang, topics: ['billing'], by: 'ana', at: new Date('2026-11-23T10:00:00Z') };
    const first = await openDuckDbStores(file);
    await first.posts.upsert([post]);
    await first.users.create(user);
    await first.labels.add(label);
    const entry = await first.audit.record({ actor: 'admin', action: 'user.create', target: user.username, at: new Date('2026-11-23T10:00:00Z') });
    await first.checkpoints.put('demo.cursor', '2026-11-23T10:00:00.000Z', new Date('2026-11-23T10:00:00Z'));
    await first.close();

    const second = await openDuckDbStores(file);
    try {
      expect(await second.posts.get([post.id])).toEqual([post]);
      expect(await second.users.find(user.username)).toEqual(user);
      expect((await second.labels.list({ limit: 10 })).items).toEqual([label]);
      expect((await second.audit.query({ limit: 10 })).items).toEqual([entry]);
      expect((await second.checkpoints.get('demo.cursor'))?.value).toBe('2026-11-23T10:00:00.000Z');
    } finally {
      await second.close();
    }
  });

  it('knows the posts of a file it reopens, and of a file written by the previous version, as stored', async () => {
    const file = freshFile();
    const old = aPost();
    // The previous version's rows, written without this version's driver: a plain table insert.
    const first = await openDuckDbStores(file);
    await first.posts.upsert([old]);
    await first.close();
    await withDuckDbFile(file, (connection) => connection.run(`INSERT INTO posts SELECT * REPLACE ('x:raw' AS id) FROM posts`));

    const second = await openDuckDbStores(file);
    try {
      const fresh = aPost();
      const { created } = await second.posts.upsert([{ ...old, text: 'edited' }, { ...old, id: 'x:raw' }, fresh]);
      expect(created).toEqual([fresh.id]);
      expect(await second.posts.count()).toBe(3);
      expect((await second.posts.get([old.id]))[0].text).toBe('edited');
    } finally {
      await second.close();
    }
  });

  it('after retention, a deleted post sent again is new, and stored once', async () => {
    const stores = await openDuckDbStores(freshFile());
    try {
      const old = aPost({ createdAt: '2026-01-05T00:00:00.000Z' });
      const kept = aPost({ createdAt: '2026-03-05T00:00:00.000Z' });
      await stores.posts.upsert([old, kept]);
      expect(await stores.posts.deleteBefore(new Date('2026-02-01T00:00:00.000Z'))).toBe(1);
      expect((await stores.posts.upsert([old, kept])).created).toEqual([old.id]);
      expect(await stores.posts.count()).toBe(2);
    } finally {
      await stores.close();
    }
  });

  it('a failed batch leaves its posts unknown: sent again, they are created', async () => {
    const stores = await openDuckDbStores(freshFile());
    try {
      const good = aPost();
      await expect(stores.posts.upsert([good, aPost({ createdAt: new Date(Number.NaN) })])).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
      expect((await stores.posts.upsert([good])).created).toEqual([good.id]);
    } finally {
      await stores.close();
    }
  });

  it('stores any text as sent (NUL, quotes, backslashes, line breaks, emoji), and a lone surrogate as U+FFFD', async () => {
    const stores = await openDuckDbStores(freshFile());
    try {
      const odd = aFullPost({ text: 'a\u0000b "q" \\ \n\t 😀 ñandú', author: { id: 'x\u0000y', handle: '@"h"' } });
      const cut = aPost({ text: 'cortado \ud83d', campaign: 'c\udc00' });
      await stores.posts.upsert([odd, cut]);
      expect(await stores.posts.get([odd.id])).toEqual([odd]);
      const [stored] = await stores.posts.get([cut.id]);
      expect({ text: stored.text, campaign: stored.campaign }).toEqual({ text: 'cortado \ufffd', campaign: 'c\ufffd' });
    } finally {
      await stores.close();
    }
  });

  it('stages a batch larger than one staging document, replacing re-sent posts in every part of it', async () => {
    const stores = await openDuckDbStores(freshFile());
    try {
      const start = Date.parse('2026-03-01T00:00:00Z');
      const posts = Array.from({ length: 2_500 }, (_, i) => aPost({ createdAt: new Date(start + i * 1000) }));
      expect((await stores.posts.upsert(posts.slice(0, 1_200))).created).toHaveLength(1_200);
      const again = posts.map((post, i) => (i % 500 === 0 ? { ...post, text: `${post.text} (editado)` } : post));
      expect((await stores.posts.upsert(again)).created).toHaveLength(1_300);
      expect(await stores.posts.count()).toBe(2_500);
      const edited = await stores.posts.get(again.filter((_, i) => i % 500 === 0).map((post) => post.id));
      expect(edited.map((post) => post.text.endsWith('(editado)'))).toEqual([true, true, true, true, true]);
    } finally {
      await stores.close();
    }
  });

  it('runs in memory for ":memory:"', async () => {
    const stores = await openDuckDbStores(':memory:');
    try {
      await stores.posts.upsert([aPost()]);
      expect(await stores.posts.count()).toBe(1);
    } finally {
      await stores.close();
    }
  });

  it('refuses a batch holding a bad post as a whole, names it, and keeps working', async () => {
    const stores = await openDuckDbStores(freshFile());
    try {
      const good = aPost();
      const bad = aPost({ createdAt: new Date(Number.NaN) });
      await expect(stores.posts.upsert([good, bad])).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining(bad.id),
      });
      await expect(
        stores.posts.upsert([aPost({ metrics: { likes: 1.5 } })]),
      ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(await stores.posts.count()).toBe(0);
      await stores.posts.upsert([good]);
      expect(await stores.posts.get([good.id])).toEqual([good]);
    } finally {
      await stores.close();
    }
  });

  it('serves reads while writes are queued, and loses none of the writes', async () => {
    const stores = await openDuckDbStores(freshFile());
    try {
      const batches = Array.from({ length: 8 }, () => Array.from({ length: 250 }, () => aPost()));
      const results = await Promise.all([
        ...batches.map((batch) => stores.posts.upsert(batch)),
        ...batches.map(() => stores.posts.search({}, { limit: 20 })),
        ...batches.map(() => stores.posts.histogram({}, 'minute', 'sentiment')),
      ]);
      expect(results).toHaveLength(24);
      expect(await stores.posts.count()).toBe(2000);
    } finally {
      await stores.close();
    }
  });

  it('refuses at open a file whose posts table another version made', async () => {
    const file = freshFile();
    await withDuckDbFile(file, (connection) => connection.run('CREATE TABLE posts (id VARCHAR PRIMARY KEY, text VARCHAR)'));
    await expect(openDuckDbStores(file)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('another version'),
    });
  });

  it('migrates a users table from before users could be disabled: keeps its users, then stores the new fields', async () => {
    const file = freshFile();
    await withDuckDbFile(file, async (connection) => {
      await connection.run(`CREATE TABLE users (username VARCHAR PRIMARY KEY, role VARCHAR NOT NULL, password_hash VARCHAR NOT NULL, created_at TIMESTAMP NOT NULL)`);
      await connection.run(`INSERT INTO users VALUES ('ana', 'analyst', 'aa:bb', '2026-01-15 08:30:00.250')`);
    });
    const stores = await openDuckDbStores(file);
    try {
      const old = { username: 'ana', role: 'analyst', passwordHash: 'aa:bb', createdAt: new Date('2026-01-15T08:30:00.250Z') };
      expect(await stores.users.find('ana')).toEqual(old);
      const after = new Date('2026-02-01T00:00:00.000Z');
      expect(await stores.users.update('ana', { disabled: true, tokensValidAfter: after })).toEqual({ ...old, disabled: true, tokensValidAfter: after });
    } finally {
      await stores.close();
    }
  });

  it('migrates a file from the version before author_bio: adds the column, keeps its posts, stores bios', async () => {
    const file = freshFile();
    await withDuckDbFile(file, async (connection) => {
      await connection.run(previousPostsTable());
      await connection.run(`INSERT INTO posts VALUES ('x:old1', 'old1', 'x', 'social', NULL, 'Café viejo de Ana', 'es',
        '2026-03-02 10:15:42.123', '2026-03-02 10:16:42.123', 'author-old', 'ana', 'Ana', 42, NULL, NULL,
        'neutral', 0.25, ['billing'], [], [], 1, 2, 3, NULL, 'cafe viejo de ana', ['café', 'viejo', 'ana'])`);
    });
    const old: Post = {
      id: 'x:old1',
      nativeId: 'old1',
      source: 'x',
      channel: 'social',
      text: 'Café viejo de Ana',
      lang: 'es',
      createdAt: new Date('2026-03-02T10:15:42.123Z'),
      ingestedAt: new Date('2026-03-02T10:16:42.123Z'),
      author: { id: 'author-old', handle: 'ana', name: 'Ana', followers: 42 },
      sentiment: { label: 'neutral', score: 0.25 },
      topics: ['billing'],
      intents: [],
      entities: [],
      metrics: { likes: 1, reposts: 2, replies: 3 },
    };

    const first = await openDuckDbStores(file);
    try {
      const [stored] = await first.posts.get([old.id]);
      expect(stored).toEqual(old);
      expect(stored.author).not.toHaveProperty('bio');
      expect(await first.posts.count({ q: 'cafe' })).toBe(1);
      const fresh = aFullPost();
      // The old post re-sent with a bio replaces its stored copy: the known ids were loaded from the migrated table.
      const resent: Post = { ...old, author: { ...old.author, bio: 'Cuenta personal' } };
      expect(await first.posts.upsert([fresh, resent])).toEqual({ created: [fresh.id] });
      expect(await first.posts.count()).toBe(2);
      expect(await first.posts.get([old.id, fresh.id])).toEqual([resent, fresh]);
    } finally {
      await first.close();
    }

    const second = await openDuckDbStores(file);
    try {
      expect(await second.posts.count()).toBe(2);
      expect((await second.posts.get([old.id]))[0].author.bio).toBe('Cuenta personal');
    } finally {
      await second.close();
    }
  });

  it('migrates a file from the version before aspects: adds the column, its posts have none, new posts keep theirs', async () => {
    const file = freshFile();
    await withDuckDbFile(file, async (connection) => {
      await connection.run(previousPostsTable().replace('  customer_id VARCHAR,', '  author_bio VARCHAR,\n  customer_id VARCHAR,'));
      await connection.run(`INSERT INTO posts VALUES ('x:old2', 'old2', 'x', 'social', NULL, 'La factura vino mal', 'es',
        '2026-03-02 10:15:42.123', '2026-03-02 10:16:42.123', 'author-old', 'ana', NULL, NULL, NULL, 'Bio', NULL,
        'negative', -0.5, ['billing'], [], [], 0, 0, 0, NULL, 'la factura vino mal', ['factura', 'vino', 'mal'])`);
    });
    const stores = await openDuckDbStores(file);
    try {
      const [old] = await stores.posts.get(['x:old2']);
      expect(old.topics).toEqual(['billing']);
      expect(old).not.toHaveProperty('aspects');
      const fresh = aFullPost();
      await stores.posts.upsert([fresh]);
      expect((await stores.posts.get([fresh.id]))[0].aspects).toEqual(fresh.aspects);
      expect(await stores.posts.breakdown({}, 'aspect', 10)).toEqual([
        { key: 'billing:negative', count: 1 },
        { key: 'coverage:positive', count: 1 },
        { key: 'outage:negative@rivalco', count: 1 },
      ]);
    } finally {
      await stores.close();
    }
  });

  it('migrates a file from the version before regions: adds the column, its posts have none and match no region', async () => {
    const file = freshFile();
    await withDuckDbFile(file, async (connection) => {
      await connection.run(previousPostsTable().replace('  customer_id VARCHAR,', '  author_bio VARCHAR,\n  customer_id VARCHAR,').replace('  campaign VARCHAR,', '  campaign VARCHAR,\n  aspects VARCHAR[],'));
      await connection.run(`INSERT INTO posts VALUES ('x:old3', 'old3', 'x', 'social', NULL, 'Sin señal en Rosario', 'es',
        '2026-03-02 10:15:42.123', '2026-03-02 10:16:42.123', 'author-old', 'ana', NULL, NULL, 'Rosario', NULL, NULL,
        'negative', -0.5, ['outage'], [], [], 0, 0, 0, NULL, ['outage:negative'], 'sin senal en rosario', ['sin', 'señal', 'rosario'])`);
    });
    const stores = await openDuckDbStores(file);
    try {
      const [old] = await stores.posts.get(['x:old3']);
      expect(old.aspects).toEqual([{ topic: 'outage', sentiment: 'negative' }]);
      expect(old).not.toHaveProperty('regions');
      const fresh = aFullPost({ createdAt: '2026-03-02T10:20:00.000Z' });
      await stores.posts.upsert([fresh]);
      expect((await stores.posts.get([fresh.id]))[0].regions).toEqual(['cordoba', 'caba']);
      expect(await stores.posts.count({ regions: ['santa-fe', 'caba'] })).toBe(1);
      const facts = await stores.posts.facts({ from: new Date('2026-03-02T10:00:00Z'), to: new Date('2026-03-02T11:00:00Z') });
      expect(facts.map((f) => [f.id, f.regions])).toEqual([
        ['x:old3', undefined],
        [fresh.id, ['cordoba', 'caba']],
      ]);
    } finally {
      await stores.close();
    }
  });

  it('refuses a file missing author_bio and another column, and leaves it as it was', async () => {
    const file = freshFile();
    await withDuckDbFile(file, (connection) => connection.run(previousPostsTable().replace(',\n  campaign VARCHAR', '')).then(() => undefined));
    await expect(openDuckDbStores(file)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/another version.*missing author_bio, aspects, campaign/),
    });
    const columns = await withDuckDbFile(file, async (connection) =>
      (await connection.runAndReadAll("SELECT column_name FROM information_schema.columns WHERE table_name = 'posts'"))
        .getRows()
        .map(([name]) => String(name)),
    );
    expect(columns).not.toContain('author_bio');
    expect(columns).toContain('author_location');
  });

  it("reads the links of a job's authors through an index on author, on a file made before the index too", async () => {
    const file = freshFile();
    const opened = await openDuckDbStores(file);
    await opened.identityLinks.save([{ author: 'x:1', customerId: 'C1', method: 'handle', confidence: 1, status: 'linked', by: 'system', at: new Date() }]);
    await opened.close();
    // As a version before the index left the file: the index gone, many links in the table.
    await withDuckDbFile(file, async (connection) => {
      await connection.run('DROP INDEX identity_links_author');
      await connection.run(
        `INSERT INTO identity_links SELECT 'x:' || i, 'C' || (i % 500), 'fuzzy', 0.7, 'suggested', 'system', TIMESTAMP '2026-03-01', NULL FROM range(2, 20000) t(i)`,
      );
    });
    const reopened = await openDuckDbStores(file);
    expect((await reopened.identityLinks.forAuthors(['x:1', 'x:7', 'x:404404'])).map((l) => l.author)).toEqual(['x:1', 'x:7']);
    await reopened.close();

    const plan = await withDuckDbFile(file, async (connection) => {
      const params = new SqlParams();
      const where = params.oneOfIndexed('author', ['x:1', 'x:7', 'x:19999', 'x:404404']);
      const rows = (await connection.runAndReadAll(`EXPLAIN ANALYZE SELECT * FROM identity_links WHERE ${where}`, params.values, params.types)).getRows();
      return rows.map((row) => String(row[1])).join('\n');
    });
    expect(plan).toContain('Index Scan');
    expect(plan).not.toContain('Sequential Scan');
  });

  it('rejects calls after close as unavailable, and close twice is fine', async () => {
    const stores = await openDuckDbStores(freshFile());
    await stores.close();
    await stores.posts.close();
    await expect(stores.posts.count()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(stores.users.find('ana')).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('keeps every acknowledged batch when the writing process is killed with SIGKILL', async () => {
    const file = freshFile();
    const batchSize = 200;
    const child = spawn(process.execPath, [resolve(__dirname, 'duckdb-durability.child.mjs'), file, String(batchSize)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));

    let acked = -1;
    let lockError: unknown;
    for await (const line of createInterface({ input: child.stdout })) {
      const match = /^acked (\d+)$/.exec(line);
      if (match) acked = Number(match[1]);
      // While the child holds the file, a second process must be told so, not handed a broken store.
      if (acked === 0 && lockError === undefined) {
        lockError = await openDuckDbStores(file).then(
          async (stores) => {
            await stores.close();
            return 'opened';
          },
          (error: unknown) => error,
        );
      }
      // Kill while the next batches are in flight, not between runs.
      if (acked >= 5) {
        child.kill('SIGKILL');
        break;
      }
    }
    expect(lockError).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('lock') });
    expect(await exited, stderr).toBe('SIGKILL');
    expect(acked, stderr).toBeGreaterThanOrEqual(5);

    let stores: DuckDbStores | undefined;
    try {
      stores = await openDuckDbStores(file);
      const ackedIds: string[] = [];
      for (let batch = 0; batch <= acked; batch++) {
        for (let i = 0; i < batchSize; i++) ackedIds.push(`x:${batch}-${i}`);
      }
      const found: Post[] = await stores.posts.get(ackedIds);
      expect(found.length).toBe(ackedIds.length);
      // A batch committed after the last ack may be there too, but never a part of one.
      expect((await stores.posts.count()) % batchSize).toBe(0);
    } finally {
      await stores?.close();
    }
  });
});

/** The posts table exactly as the version before author_bio created it. */
function previousPostsTable(): string {
  return `CREATE TABLE posts (
  id VARCHAR NOT NULL,
  native_id VARCHAR NOT NULL,
  source VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  url VARCHAR,
  text VARCHAR NOT NULL,
  lang VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  ingested_at TIMESTAMP NOT NULL,
  author_id VARCHAR NOT NULL,
  author_handle VARCHAR NOT NULL,
  author_name VARCHAR,
  author_followers BIGINT,
  author_location VARCHAR,
  customer_id VARCHAR,
  sentiment_label VARCHAR NOT NULL,
  sentiment_score DOUBLE NOT NULL,
  topics VARCHAR[] NOT NULL,
  intents VARCHAR[] NOT NULL,
  entities VARCHAR[] NOT NULL,
  likes BIGINT NOT NULL,
  reposts BIGINT NOT NULL,
  replies BIGINT NOT NULL,
  campaign VARCHAR,
  text_folded VARCHAR NOT NULL,
  terms VARCHAR[] NOT NULL
)`;
}

