import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PostInput, QueueName } from '@escucha/core';
import { JetstreamConnector, type ConnectorStateStore, type JetstreamConnectorOptions, type JetstreamState, type PostSink } from '@escucha/connectors';
import { validatePostInput } from '@escucha/ingest';
import { FakeJetstream } from '../support/fake-jetstream';
import { TestServer, waitFor } from '../support/server';
import { eventually } from '../support/waits';

/** Records every hand-off, so a duplicate or a loss shows (the store's upsert would hide both). */
class RecordingSink implements PostSink {
  readonly handed: Array<{ post: PostInput; queue: QueueName }> = [];
  async accept(posts: readonly PostInput[], queue: QueueName): Promise<void> {
    for (const post of posts) this.handed.push({ post, queue });
  }
  ids(): string[] {
    return this.handed.map((entry) => entry.post.id);
  }
}

class MemoryState implements ConnectorStateStore<JetstreamState> {
  value?: JetstreamState;
  async load(): Promise<JetstreamState | undefined> {
    return this.value && structuredClone(this.value);
  }
  async save(state: JetstreamState): Promise<void> {
    this.value = structuredClone(state);
  }
}

const ANA = 'did:plc:ana4bq7nq3yzbsxkqpb4aaaa';
const LUIS = 'did:plc:luis5mzkv2rw7xjz3d6bbbbb';

describe('Bluesky through a fake Jetstream', () => {
  const fake = new FakeJetstream();
  const running: JetstreamConnector[] = [];

  beforeAll(async () => {
    await fake.start();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((connector) => connector.stop()));
    await eventually(async () => expect(fake.connected).toBe(0), 5_000);
  });
  afterAll(async () => {
    await fake.stop();
  });

  function connector(overrides: Partial<JetstreamConnectorOptions> = {}): JetstreamConnector {
    const created = new JetstreamConnector({ url: fake.url, queries: ['banco'], retry: { baseMs: 20, maxMs: 200, rateLimitMs: 100 }, saveEveryMs: 50, ...overrides });
    running.push(created);
    return created;
  }

  async function connected(connector: JetstreamConnector, connections: number): Promise<void> {
    await eventually(async () => {
      expect(fake.requests.length).toBeGreaterThanOrEqual(connections);
      expect(connector.stats().connected).toBe(true);
      expect(fake.connected).toBe(1);
    }, 5_000);
  }

  it('subscribes to posts, keeps those matching a query, and maps them with handle and language', async () => {
    const sink = new RecordingSink();
    const bluesky = connector({ queries: ['banco', 'tarjeta bloqueada'] });
    const before = fake.requests.length;
    await bluesky.start(sink);
    await connected(bluesky, before + 1);
    expect(fake.requests.at(-1)!.getAll('wantedCollections')).toEqual(['app.bsky.feed.post']);
    expect(fake.requests.at(-1)!.has('cursor')).toBe(false);

    fake.identity(ANA, 'ana.bsky.social');
    const kept = fake.post(ANA, 'Mi BANCO me cobra comisiones', { langs: ['pt-BR'] });
    fake.post(LUIS, 'un día tranquilo');
    fake.like(LUIS);
    const second = fake.post(LUIS, 'la tarjeta otra vez bloqueada');
    await eventually(async () => expect(sink.ids()).toEqual([`${ANA}/${kept.rkey}`, `${LUIS}/${second.rkey}`]), 5_000);

    const [first] = sink.handed;
    expect(first.queue).toBe('ingest');
    expect(validatePostInput(first.post)).toEqual({ ok: true, post: expect.anything() });
    expect(first.post).toEqual({
      id: `${ANA}/${kept.rkey}`,
      source: 'bluesky',
      text: 'Mi BANCO me cobra comisiones',
      createdAt: kept.createdAt,
      lang: 'pt',
      author: { id: ANA, handle: 'ana.bsky.social' },
      url: `https://bsky.app/profile/${ANA}/post/${kept.rkey}`,
    });
    expect(sink.handed[1].post.author).toEqual({ id: LUIS, handle: LUIS });
    expect(bluesky.stats()).toMatchObject({ events: 2, filtered: 1, malformed: 0 });
  });

  it('resumes a dropped connection from its cursor, rewound, with no post lost and none twice', async () => {
    const sink = new RecordingSink();
    const bluesky = connector({ rewindMs: 60_000, queries: ['hueco'] });
    const start = fake.requests.length;
    await bluesky.start(sink);
    await connected(bluesky, start + 1);
    const before = [1, 2, 3].map((n) => fake.post(ANA, `hueco antes ${n}`));
    await eventually(async () => expect(sink.handed).toHaveLength(3), 5_000);
    await eventually(async () => expect(bluesky.stats().cursor).toBe(before[2].time_us), 5_000);

    fake.drop();
    const missed = [1, 2, 3, 4].map((n) => fake.post(LUIS, `hueco durante ${n}`));
    await connected(bluesky, start + 2);
    const after = [1, 2].map((n) => fake.post(ANA, `hueco después ${n}`));

    const expected = [...before, ...missed, ...after].map((post) => `${post.did}/${post.rkey}`);
    await eventually(async () => expect(sink.ids()).toEqual(expected), 5_000);
    // The reconnect asked for events from a minute before the last one handled: the three before came again and were dropped.
    expect(Number(fake.requests.at(-1)!.get('cursor'))).toBe(before[2].time_us - 60_000_000);
    expect(bluesky.stats()).toMatchObject({ reconnects: 1, duplicates: 3, events: 9 });
  });

  it('resumes after a restart from the saved cursor: what was posted while stopped arrives, nothing twice', async () => {
    const state = new MemoryState();
    const sink = new RecordingSink();
    const first = connector({ state, queries: ['reinicio'] });
    await first.start(sink);
    await connected(first, fake.requests.length);
    const before = [1, 2].map((n) => fake.post(ANA, `banco reinicio antes ${n}`));
    await eventually(async () => expect(sink.handed).toHaveLength(2), 5_000);
    await first.stop();
    expect(state.value).toEqual({ cursor: before[1].time_us, recent: before.map((post) => `${post.did}/${post.rkey}`) });

    const whileStopped = [1, 2, 3].map((n) => fake.post(LUIS, `banco reinicio parado ${n}`));
    const second = connector({ state, queries: ['reinicio'] });
    const start = fake.requests.length;
    await second.start(sink);
    await connected(second, start + 1);
    expect(Number(fake.requests.at(-1)!.get('cursor'))).toBe(before[1].time_us - 5_000_000);
    await eventually(async () => expect(sink.ids()).toEqual([...before, ...whileStopped].map((post) => `${post.did}/${post.rkey}`)), 5_000);
    expect(second.stats().duplicates).toBe(2);
  });

  it('reconnects from before a post whose hand-off failed, so the replay brings it again', async () => {
    const sink = new RecordingSink();
    let refuse = true;
    const flaky: PostSink = {
      accept: async (posts, queue) => {
        if (refuse && posts[0].text === 'falla 2') {
          refuse = false;
          throw new Error('queue unavailable');
        }
        await sink.accept(posts, queue);
      },
    };
    const bluesky = connector({ queries: ['falla'] });
    const start = fake.requests.length;
    await bluesky.start(flaky);
    await connected(bluesky, start + 1);
    const posts = [1, 2, 3].map((n) => fake.post(ANA, `falla ${n}`));
    await eventually(async () => expect(sink.ids().sort()).toEqual(posts.map((post) => `${post.did}/${post.rkey}`).sort()), 5_000);
    // The reconnect asked from before the failed post (rewound), and what came twice was dropped.
    expect(Number(fake.requests.at(-1)!.get('cursor'))).toBeLessThan(posts[1].time_us);
    expect(bluesky.stats()).toMatchObject({ reconnects: 1, events: 3 });
  });

  it('counts and skips malformed messages, and keeps reading', async () => {
    const sink = new RecordingSink();
    const errors: string[] = [];
    const bluesky = connector({ reporter: { events: () => undefined, error: (message) => errors.push(message) } });
    const start = fake.requests.length;
    await bluesky.start(sink);
    await connected(bluesky, start + 1);
    fake.sendRaw('{not json');
    fake.sendRaw(JSON.stringify({ did: ANA, kind: 'commit' }));
    fake.sendRaw(JSON.stringify({ did: ANA, time_us: Date.now() * 1000, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: 'abc', record: { text: 42 } } }));
    const good = fake.post(ANA, 'banco tras los errores');
    await eventually(async () => expect(sink.ids()).toEqual([`${ANA}/${good.rkey}`]), 5_000);
    expect(bluesky.stats()).toMatchObject({ malformed: 3, reconnects: 0, connected: true });
    expect(errors.at(-1)).toMatch(/3 malformed so far/);
  });

  it('backs off when refused with 429, following Retry-After, and connects once allowed', async () => {
    fake.refuseNext(2, 429);
    fake.refuseNext(1, 429, 0);
    const sink = new RecordingSink();
    const bluesky = connector();
    const start = fake.requests.length;
    await bluesky.start(sink);
    await connected(bluesky, start + 4);
    expect(fake.requests.length - start).toBe(4);
    expect(bluesky.stats().reconnects).toBe(3);
    const post = fake.post(ANA, 'banco tras el 429');
    await eventually(async () => expect(sink.ids()).toEqual([`${ANA}/${post.rkey}`]), 5_000);
  });

  it('treats silence as a dead connection and reconnects', async () => {
    const sink = new RecordingSink();
    const bluesky = connector({ stallMs: 300 });
    const start = fake.requests.length;
    await bluesky.start(sink);
    await connected(bluesky, start + 1);
    await eventually(async () => {
      expect(bluesky.stats().stalls).toBeGreaterThanOrEqual(1);
      expect(bluesky.stats().lastError).toMatch(/silent for 300 ms/);
      expect(fake.requests.length).toBeGreaterThan(start + 1);
    }, 5_000);
  });
});

const ALL_TIME = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';

interface SourceBody {
  id: string;
  kind: string;
  state: string;
  stats: { lastEventAt?: string; eventsLastMinute: number; lastError?: string };
  connector?: { connected: boolean; reconnects: number; malformed: number; duplicates: number };
}

describe('Bluesky through the built server', () => {
  const fake = new FakeJetstream();
  let server: TestServer;

  beforeAll(async () => {
    await fake.start();
    server = new TestServer({ SERVE_WEB: 'off', BLUESKY_QUERIES: 'hipoteca', BLUESKY_JETSTREAM_URL: fake.url, BLUESKY_RETRY_MS: '50' });
    await server.start();
    await server.login();
  });
  afterAll(async () => {
    await server?.stop();
    await fake.stop();
  });

  it('stores matching posts, fills a drop and a restart from the cursor, and shows its state on the source and in /metrics', async () => {
    await waitFor('the server to subscribe', async () => (fake.connected === 1 ? true : undefined));
    [1, 2].map((n) => fake.post(ANA, `hipoteca viva ${n}`));
    fake.post(ANA, 'otra cosa');
    await server.waitForTotal(`q=viva&${ALL_TIME}`, 2);

    fake.drop();
    [1, 2, 3].map((n) => fake.post(LUIS, `hipoteca perdida ${n}`));
    await server.waitForTotal(`q=perdida&${ALL_TIME}`, 3);

    const source = await waitFor('the bluesky source to show its reconnect', async () => {
      const response = await server.get<SourceBody>('/api/v1/sources/bluesky');
      return response.body.connector?.reconnects === 1 && response.body.connector.connected ? response.body : undefined;
    });
    expect(source).toMatchObject({ id: 'bluesky', kind: 'bluesky', state: 'active', connector: { connected: true, malformed: 0 } });
    expect(source.stats.eventsLastMinute).toBeGreaterThanOrEqual(5);
    const metrics = await fetch(`${server.url}/metrics`).then((response) => response.text());
    expect(metrics).toMatch(/escucha_connector_connected\{source="bluesky"\} 1/);
    expect(metrics).toMatch(/escucha_connector_events_total\{source="bluesky"\} 5/);

    // A restart resumes from the cursor kept in the store: what was posted while down arrives.
    await server.kill('SIGTERM');
    await eventually(async () => expect(fake.connected).toBe(0), 5_000);
    [1, 2].map((n) => fake.post(ANA, `hipoteca caída ${n}`));
    await server.start();
    await server.login();
    await server.waitForTotal(`q=${encodeURIComponent('caída')}&${ALL_TIME}`, 2);
    await server.waitForTotal(`q=hipoteca&${ALL_TIME}`, 7);
    expect(fake.requests.at(-1)!.has('cursor')).toBe(true);
  });
});
