import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PostInput, QueueName } from '@escucha/core';
import { MastodonConnector, type ConnectorStateStore, type MastodonConnectorOptions, type MastodonState, type PostSink } from '@escucha/connectors';
import { validatePostInput } from '@escucha/ingest';
import { FakeMastodon, type FakeStatus } from '../support/fake-mastodon';
import { TestServer, waitFor } from '../support/server';
import { eventually } from '../support/waits';

class RecordingSink implements PostSink {
  readonly handed: Array<{ post: PostInput; queue: QueueName }> = [];
  async accept(posts: readonly PostInput[], queue: QueueName): Promise<void> {
    for (const post of posts) this.handed.push({ post, queue });
  }
  ids(): string[] {
    return this.handed.map((entry) => entry.post.id);
  }
}

class MemoryState implements ConnectorStateStore<MastodonState> {
  value?: MastodonState;
  async load(): Promise<MastodonState | undefined> {
    return this.value && structuredClone(this.value);
  }
  async save(state: MastodonState): Promise<void> {
    this.value = structuredClone(state);
  }
}

const TOKEN = 'mastodon-app-token-123';

describe('Mastodon against a fake server', () => {
  const fake = new FakeMastodon({ heartbeatMs: 100, token: TOKEN, restLimit: 1_000, restWindowMs: 600 });
  const running: MastodonConnector[] = [];
  const ids = (statuses: FakeStatus[]) => statuses.map((status) => `${fake.host}/${status.id}`);

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

  function connector(overrides: Partial<MastodonConnectorOptions>): MastodonConnector {
    const created = new MastodonConnector({ url: fake.url, tags: [], token: TOKEN, stallMs: 2_000, saveEveryMs: 50, retry: { baseMs: 20, maxMs: 200, rateLimitMs: 100 }, ...overrides });
    running.push(created);
    return created;
  }

  async function open(mastodon: MastodonConnector, streams: number, reconnects = 0): Promise<void> {
    await eventually(async () => {
      expect(mastodon.stats()).toMatchObject({ open: streams, connected: true });
      expect(mastodon.stats().reconnects).toBeGreaterThanOrEqual(reconnects);
      expect(fake.connected).toBe(streams);
    }, 5_000);
  }

  it('streams a hashtag and the public timeline filtered by keyword, with HTML as text and the token sent', async () => {
    const sink = new RecordingSink();
    const mastodon = connector({ tags: ['#Banco'], queries: ['tarjeta bloqueada'] });
    await mastodon.start(sink);
    await open(mastodon, 2);
    const tagged = fake.post('<p>Mi <a href="x" class="mention hashtag">#<span>banco</span></a> &amp; su app</p><p>otra línea<br>fin</p>', ['banco'], { acct: 'ana@otra.example', language: 'es-ES' });
    fake.post('<p>nada que ver</p>', ['otra']);
    const publicOne = fake.post('<p>la tarjeta está bloqueada otra vez</p>', []);
    await eventually(async () => expect(sink.ids().sort()).toEqual(ids([tagged, publicOne]).sort()), 5_000);
    const post = sink.handed.find((entry) => entry.post.id === `${fake.host}/${tagged.id}`)!;
    expect(post.queue).toBe('ingest');
    expect(validatePostInput(post.post).ok).toBe(true);
    expect(post.post).toEqual({
      id: `${fake.host}/${tagged.id}`,
      source: 'mastodon',
      text: 'Mi #banco & su app\n\notra línea\nfin',
      createdAt: tagged.created_at,
      lang: 'es',
      url: tagged.url,
      author: { id: 'ana@otra.example', handle: 'ana@otra.example', name: 'ANA@OTRA.EXAMPLE', followers: 10, bio: 'cliente' },
      metrics: { likes: 2, reposts: 1, replies: 0 },
    });
    expect(fake.requests.filter((url) => url.pathname.startsWith('/api/v1/streaming')).map((url) => url.search)).toContain('?tag=Banco');
  });

  it('resumes a dropped stream and fills the gap from the timeline with since_id, paging by Link: none lost, none twice', async () => {
    const sink = new RecordingSink();
    const mastodon = connector({ tags: ['hueco'] });
    await mastodon.start(sink);
    await open(mastodon, 1);
    const before = [1, 2, 3].map((n) => fake.post(`<p>antes ${n}</p>`, ['hueco']));
    await eventually(async () => expect(sink.handed).toHaveLength(3), 5_000);

    fake.drop();
    const missed = Array.from({ length: 55 }, (_, n) => fake.post(`<p>durante ${n}</p>`, ['hueco'], {}, false));
    await open(mastodon, 1, 1);
    const after = [1, 2].map((n) => fake.post(`<p>después ${n}</p>`, ['hueco']));

    await eventually(async () => expect(sink.ids().sort()).toEqual(ids([...before, ...missed, ...after]).sort()), 5_000);
    expect(new Set(sink.ids()).size).toBe(sink.ids().length);
    const timeline = fake.requests.filter((url) => url.pathname === '/api/v1/timelines/tag/hueco');
    expect(timeline[0].searchParams.get('since_id')).toBe(before[2].id);
    expect(timeline.length).toBeGreaterThanOrEqual(2);
    // The next page goes on below the first one's oldest status, as the Link header says (the first may hold the two after).
    expect(missed.slice(15, 18).map((status) => status.id)).toContain(timeline[1].searchParams.get('max_id'));
    expect(sink.handed.filter((entry) => entry.post.text.startsWith('durante')).every((entry) => entry.queue === 'batch')).toBe(true);
    expect(mastodon.stats()).toMatchObject({ reconnects: 1, backfilled: 55 });
    expect(mastodon.stats().rateLimitRemaining).toBeGreaterThan(0);
  });

  it('fills what was posted while stopped from the saved position after a restart', async () => {
    const state = new MemoryState();
    const sink = new RecordingSink();
    const first = connector({ tags: ['reinicio'], state });
    await first.start(sink);
    await open(first, 1);
    const before = fake.post('<p>antes del reinicio</p>', ['reinicio']);
    await eventually(async () => expect(sink.handed).toHaveLength(1), 5_000);
    await first.stop();
    expect(state.value).toEqual({ newest: { 'tag:reinicio': before.id } });

    const whileStopped = [1, 2].map((n) => fake.post(`<p>parado ${n}</p>`, ['reinicio']));
    const second = connector({ tags: ['reinicio'], state });
    await second.start(sink);
    await eventually(async () => expect(sink.ids()).toEqual(ids([before, ...whileStopped])), 5_000);
  });

  it('brings a post whose hand-off failed again through the gap backfill, committing nothing past it', async () => {
    const state = new MemoryState();
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
    const mastodon = connector({ tags: ['falla'], state });
    await mastodon.start(flaky);
    await open(mastodon, 1);
    const first = fake.post('<p>falla 1</p>', ['falla']);
    await eventually(async () => expect(sink.handed).toHaveLength(1), 5_000);
    const statuses = [first, ...[2, 3].map((n) => fake.post(`<p>falla ${n}</p>`, ['falla']))];
    await eventually(async () => expect(sink.ids().sort()).toEqual(ids(statuses).sort()), 5_000);
    expect(mastodon.stats().lastError).toMatch(/could not queue a Mastodon post: queue unavailable|reconnecting/);
    expect(mastodon.stats().reconnects).toBeGreaterThanOrEqual(1);
    await eventually(async () => expect(state.value).toEqual({ newest: { 'tag:falla': statuses[2].id } }), 5_000);
  });

  it('counts and skips a malformed update and keeps streaming', async () => {
    const sink = new RecordingSink();
    const mastodon = connector({ tags: ['roto'] });
    await mastodon.start(sink);
    await open(mastodon, 1);
    fake.sendRaw('update', '{"id": "12", "content": ');
    fake.sendRaw('update', JSON.stringify({ id: 'no id!', content: '<p>x</p>' }));
    fake.sendRaw('delete', '109');
    const good = fake.post('<p>roto pero sigue</p>', ['roto']);
    await eventually(async () => expect(sink.ids()).toEqual(ids([good])), 5_000);
    expect(mastodon.stats()).toMatchObject({ malformed: 2, reconnects: 0, connected: true });
    expect(mastodon.stats().lastError).toMatch(/2 malformed so far/);
  });

  it('waits out a 429 on the gap backfill until X-RateLimit-Reset, then fills the gap', async () => {
    const sink = new RecordingSink();
    const mastodon = connector({ tags: ['limite'] });
    await mastodon.start(sink);
    await open(mastodon, 1);
    const before = fake.post('<p>limite antes</p>', ['limite']);
    await eventually(async () => expect(sink.handed).toHaveLength(1), 5_000);
    fake.drop();
    fake.exhaust();
    const missed = [1, 2].map((n) => fake.post(`<p>limite durante ${n}</p>`, ['limite'], {}, false));
    await eventually(async () => expect(sink.ids().sort()).toEqual(ids([before, ...missed]).sort()), 5_000);
    expect(mastodon.stats().rateLimitWaits).toBeGreaterThanOrEqual(1);
    expect(mastodon.stats().lastError).toMatch(/429/);
  });

  it('backs off when the streaming API answers 429, until its reset, without crashing', async () => {
    fake.refuseStreams(2);
    const sink = new RecordingSink();
    const mastodon = connector({ tags: ['espera'] });
    const before = fake.requests.length;
    await mastodon.start(sink);
    await open(mastodon, 1, 2);
    expect(fake.requests.slice(before).filter((url) => url.pathname === '/api/v1/streaming/hashtag')).toHaveLength(3);
    const status = fake.post('<p>espera tras el 429</p>', ['espera']);
    await eventually(async () => expect(sink.ids()).toEqual(ids([status])), 5_000);
  });

  it('treats a silent stream (no heartbeat) as dead and reconnects', async () => {
    const quiet = new FakeMastodon({ heartbeatMs: 60_000 });
    await quiet.start();
    try {
      const mastodon = new MastodonConnector({ url: quiet.url, tags: ['silencio'], stallMs: 300, retry: { baseMs: 20 } });
      await mastodon.start(new RecordingSink());
      await eventually(async () => {
        expect(mastodon.stats().stalls).toBeGreaterThanOrEqual(1);
        expect(mastodon.stats().lastError).toMatch(/silent for 300 ms/);
      }, 5_000);
      await mastodon.stop();
    } finally {
      await quiet.stop();
    }
  });

  it('says a server wants a token when streams are refused with 401', async () => {
    const mastodon = connector({ tags: ['x'], token: undefined });
    await mastodon.start(new RecordingSink());
    await eventually(async () => expect(mastodon.stats().lastError).toMatch(/401 \(this server needs MASTODON_TOKEN/), 5_000);
  });
});

const ALL_TIME = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';

interface SourceBody {
  id: string;
  kind: string;
  state: string;
  stats: { eventsLastMinute: number; lastError?: string };
  connector?: { connected: boolean; reconnects: number; rateLimitRemaining?: number };
}

describe('Mastodon through the built server', () => {
  const fake = new FakeMastodon({ heartbeatMs: 200 });
  let server: TestServer;

  beforeAll(async () => {
    await fake.start();
    server = new TestServer({ SERVE_WEB: 'off', MASTODON_URL: fake.url, MASTODON_TAGS: '#hipoteca', MASTODON_RETRY_MS: '50' });
    await server.start();
    await server.login();
  });
  afterAll(async () => {
    await server?.stop();
    await fake.stop();
  });

  it('stores hashtag statuses, fills a drop and a pause from the timeline, and shows the stream on its source', async () => {
    await waitFor('the server to open the stream', async () => (fake.connected === 1 ? true : undefined));
    fake.post('<p>hipoteca viva</p>', ['hipoteca']);
    await server.waitForTotal(`q=viva&${ALL_TIME}`, 1);

    fake.drop();
    [1, 2].map((n) => fake.post(`<p>hipoteca perdida ${n}</p>`, ['hipoteca'], {}, false));
    await server.waitForTotal(`q=perdida&${ALL_TIME}`, 2);
    const source = await waitFor('the mastodon source to show the reconnect', async () => {
      const response = await server.get<SourceBody>('/api/v1/sources/mastodon');
      return response.body.connector?.reconnects === 1 && response.body.connector.connected ? response.body : undefined;
    });
    expect(source).toMatchObject({ kind: 'mastodon', state: 'active', connector: { connected: true } });
    expect(source.connector!.rateLimitRemaining).toBeGreaterThan(0);

    expect(await server.request('POST', '/api/v1/sources/mastodon/pause')).toMatchObject({ status: 200 });
    await waitFor('the stream to close', async () => (fake.connected === 0 ? true : undefined));
    fake.post('<p>hipoteca en pausa</p>', ['hipoteca']);
    expect(await server.request('POST', '/api/v1/sources/mastodon/resume')).toMatchObject({ status: 200 });
    await server.waitForTotal(`q=pausa&${ALL_TIME}`, 1);
    await server.waitForTotal(`q=hipoteca&${ALL_TIME}`, 4);
  });
});
