import { Agent, request } from 'node:https';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PostInput, QueueName } from '@escucha/core';
import { XConnector, backfillPeriod, type PostSink, type XConnectorOptions, type XCursor } from '@escucha/connectors';
import { validatePostInput } from '@escucha/ingest';
import { FakeX } from '../support/fake-x';
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

const AUTHOR = {
  id: '2244994945',
  username: 'banco_fan',
  name: 'Fan del Banco',
  description: 'Cliente desde 2010. Opiniones mías.',
  location: 'Madrid',
  public_metrics: { followers_count: 1234, following_count: 10, tweet_count: 99, listed_count: 1 },
};

/*
 * In-process: the connector is given an https agent that trusts the fake's self-signed
 * certificate. NODE_EXTRA_CA_CERTS is read only when a process starts, so setting it here
 * would not reach this test's own process; the built-server test below sets it for its child.
 */
describe('X connector against a fake X', () => {
  const fake = new FakeX({ keepAliveMs: 100 });
  let agent: Agent;
  const running: XConnector[] = [];

  beforeAll(async () => {
    await fake.start();
    fake.addUser(AUTHOR);
    agent = new Agent({ ca: fake.ca, keepAlive: false });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((connector) => connector.stop()));
    await eventually(async () => expect(fake.connected).toBe(0), 5_000);
  });
  afterAll(async () => {
    await fake.stop();
  });

  function connector(overrides: Partial<XConnectorOptions> = {}): XConnector {
    const created = new XConnector({
      bearerToken: fake.bearerToken,
      queries: ['banco'],
      apiBaseUrl: fake.url,
      httpAgent: agent,
      stallMs: 1_000,
      retry: { networkMs: 20, httpMs: 50, rateLimitMs: 200 },
      logger: { log: () => undefined, warn: () => undefined },
      ...overrides,
    });
    running.push(created);
    return created;
  }

  async function connected(x: XConnector, connects = 1): Promise<void> {
    await eventually(async () => {
      expect(x.stats().connects).toBeGreaterThanOrEqual(connects);
      expect(x.stats().connected).toBe(true);
      expect(fake.connected).toBe(1);
    }, 10_000);
  }

  it('syncs the rules and streams matching tweets as valid posts with author, bio and metrics', async () => {
    const sink = new RecordingSink();
    const x = connector({ queries: ['banco', 'tarjeta bloqueada'] });
    await x.start(sink);
    await connected(x);
    expect(fake.ruleValues.sort()).toEqual(['banco', 'tarjeta bloqueada']);

    const tweet = fake.emit({
      text: 'El banco me cobra comisiones otra vez',
      author_id: AUTHOR.id,
      lang: 'es',
      public_metrics: { like_count: 7, retweet_count: 2, reply_count: 1, quote_count: 0 },
    });
    fake.emit({ text: 'nada que ver con nada', author_id: AUTHOR.id });
    await eventually(async () => expect(sink.handed).toHaveLength(1), 5_000);

    const { post, queue } = sink.handed[0];
    expect(queue).toBe('ingest');
    expect(validatePostInput(post)).toEqual({ ok: true, post: expect.anything() });
    expect(post).toEqual({
      id: tweet.id,
      source: 'x',
      text: 'El banco me cobra comisiones otra vez',
      createdAt: tweet.created_at,
      lang: 'es',
      url: `https://x.com/banco_fan/status/${tweet.id}`,
      author: { id: AUTHOR.id, handle: 'banco_fan', name: 'Fan del Banco', followers: 1234, location: 'Madrid', bio: AUTHOR.description },
      metrics: { likes: 7, reposts: 2, replies: 1 },
    });
  });

  it('resumes a stream dropped mid-way and backfills the gap: no post lost, none twice', async () => {
    const sink = new RecordingSink();
    const x = connector();
    await x.start(sink);
    await connected(x);
    const before = [1, 2, 3].map((n) => fake.emit({ text: `banco antes ${n}`, author_id: AUTHOR.id }));
    await eventually(async () => expect(sink.handed).toHaveLength(3), 5_000);

    fake.dropStreams();
    // Tweets posted while the connection was down: only recent search can bring them back.
    const missed = [1, 2, 3, 4].map((n) => fake.emit({ text: `banco durante ${n}`, author_id: AUTHOR.id }, false));
    await connected(x, 2);
    const after = [1, 2].map((n) => fake.emit({ text: `banco después ${n}`, author_id: AUTHOR.id }));

    const expected = [...before, ...missed, ...after].map((tweet) => tweet.id).sort();
    await eventually(async () => expect(sink.ids().sort()).toEqual(expected), 10_000);
    expect(new Set(sink.ids()).size).toBe(sink.ids().length);
    expect(fake.searches.at(-1)).toMatchObject({ query: 'banco', since_id: before[2].id });
    expect(sink.handed.filter((entry) => missed.some((tweet) => tweet.id === entry.post.id)).map((entry) => entry.queue)).toEqual(['batch', 'batch', 'batch', 'batch']);
    expect(x.stats()).toMatchObject({ disconnects: 1, streamed: 5, backfilled: 4 });
  });

  it('saves, while running, the cursor of tweets the sink has durably accepted, never past them', async () => {
    const saved: XCursor[] = [];
    const release: Array<() => void> = [];
    // A sink whose queue write is slow: nothing it holds is durable until released.
    const slow: PostSink = { accept: () => new Promise<void>((done) => release.push(done)) };
    const x = connector({ cursor: { load: async () => undefined, save: async (cursor) => void saved.push(cursor) } });
    await x.start(slow);
    await connected(x);
    const first = fake.emit({ text: 'banco uno', author_id: AUTHOR.id });
    await eventually(async () => expect(release).toHaveLength(1), 5_000);
    await x.checkpoint();
    expect(saved).toEqual([]);

    release.shift()!();
    await eventually(async () => {
      await x.checkpoint();
      expect(saved.map((cursor) => cursor.id)).toEqual([first.id]);
    }, 5_000);
    fake.emit({ text: 'banco dos', author_id: AUTHOR.id });
    await eventually(async () => expect(release).toHaveLength(1), 5_000);
    await x.checkpoint();
    expect(saved.map((cursor) => cursor.id)).toEqual([first.id]);
    release.shift()!();
  });

  it('pages through recent search with next_token when the gap is larger than a page', async () => {
    const sink = new RecordingSink();
    const x = connector({ queries: ['gran hueco'] });
    await x.start(sink);
    await connected(x);
    const first = fake.emit({ text: 'gran hueco 0', author_id: AUTHOR.id });
    await eventually(async () => expect(sink.handed).toHaveLength(1), 5_000);
    fake.dropStreams();
    const missed = Array.from({ length: 230 }, (_, n) => fake.emit({ text: `gran hueco ${n + 1}`, author_id: AUTHOR.id }, false));
    await eventually(async () => expect(sink.ids().sort()).toEqual([first, ...missed].map((tweet) => tweet.id).sort()), 10_000);
    const pages = fake.searches.filter((search) => search.query === 'gran hueco');
    expect(pages).toHaveLength(3);
    expect(pages.slice(1).every((page) => page.next_token !== undefined)).toBe(true);
  });

  it('backs off on 429 TooManyConnections, growing the wait, and connects once the other connection goes', async () => {
    // Another client of the same app holds the one connection X allows.
    const holder = request(`${fake.url}/2/tweets/search/stream`, { agent, headers: { authorization: `Bearer ${fake.bearerToken}` } });
    holder.end();
    await eventually(async () => expect(fake.connected).toBe(1), 5_000);

    const sink = new RecordingSink();
    const x = connector();
    await x.start(sink);
    await eventually(async () => expect(x.stats().retries.length).toBeGreaterThanOrEqual(3), 10_000);
    const waits = x.stats().retries.map((retry) => retry.waitMs);
    expect(x.stats().retries.every((retry) => retry.failure === 'rate-limit')).toBe(true);
    expect(waits.slice(0, 3)).toEqual([200, 400, 800]);
    expect(x.stats().lastError).toMatch(/429 TooManyConnections/);
    expect(x.stats().connects).toBe(0);

    holder.destroy();
    await connected(x);
    fake.emit({ text: 'banco tras el 429', author_id: AUTHOR.id });
    await eventually(async () => expect(sink.handed).toHaveLength(1), 5_000);
  });

  it('counts and skips a malformed line, and keeps streaming', async () => {
    const sink = new RecordingSink();
    const x = connector();
    await x.start(sink);
    await connected(x);
    fake.sendMalformed();
    fake.sendMalformed('{"data":{"text":"sin id"}}');
    const tweet = fake.emit({ text: 'banco después del error', author_id: AUTHOR.id });
    await eventually(async () => expect(sink.ids()).toEqual([tweet.id]), 5_000);
    expect(x.stats()).toMatchObject({ malformed: 2, disconnects: 0, connected: true });
    expect(x.stats().lastError).toMatch(/2 malformed so far/);
  });

  it('treats silence as a disconnect and reconnects', async () => {
    const sink = new RecordingSink();
    const x = connector({ stallMs: 500 });
    await x.start(sink);
    await connected(x);
    fake.silence();
    await eventually(async () => expect(x.stats().stalls).toBe(1), 5_000);
    await connected(x, 2);
    expect(x.stats().lastError).toMatch(/silent for 500 ms/);
    const tweet = fake.emit({ text: 'banco tras el silencio', author_id: AUTHOR.id });
    await eventually(async () => expect(sink.ids()).toEqual([tweet.id]), 5_000);
  });

  it('reports an invalid rule with X\'s message and streams the valid ones', async () => {
    const errors: string[] = [];
    const sink = new RecordingSink();
    const x = connector({ queries: ['banco', '(banco OR caja'], reporter: { events: () => undefined, error: (message) => errors.push(message) } });
    await x.start(sink);
    await connected(x);
    expect(fake.ruleValues).toEqual(['banco']);
    expect(x.stats().invalidRules).toEqual([{ value: '(banco OR caja', message: 'UnprocessableEntity: Rules must contain balanced parentheses.' }]);
    expect(errors).toContain('X refused the rule "(banco OR caja": UnprocessableEntity: Rules must contain balanced parentheses.');
  });

  it('says plainly when the access tier does not include the stream', async () => {
    fake.setForbidden(true);
    try {
      const x = connector();
      await x.start(new RecordingSink());
      await eventually(async () => expect(x.stats().lastError).toMatch(/403 \[client-not-enrolled\].*access tier/), 5_000);
    } finally {
      fake.setForbidden(false);
    }
  });
});

describe('X period backfill', () => {
  // Two searches per 1.5 s window: a three-page backfill has to wait for the reset once.
  const fake = new FakeX({ searchLimit: 2, searchWindowMs: 1_500 });
  let agent: Agent;
  beforeAll(async () => {
    await fake.start();
    fake.addUser(AUTHOR);
    agent = new Agent({ ca: fake.ca });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('reads a period page by page, waiting for the rate-limit reset instead of running into 429', async () => {
    const hour = 3_600_000;
    const inPeriod = Array.from({ length: 250 }, (_, n) =>
      fake.emit({ text: `factura periodo ${n}`, author_id: AUTHOR.id, created_at: new Date(Date.now() - 2 * 86_400_000 + n * 60_000).toISOString() }, false),
    );
    fake.emit({ text: 'factura antigua', author_id: AUTHOR.id, created_at: new Date(Date.now() - 4 * 86_400_000).toISOString() }, false);
    const delivered: PostInput[] = [];
    const counts = await backfillPeriod({
      bearerToken: fake.bearerToken,
      queries: ['factura', '(factura'],
      apiBaseUrl: fake.url,
      httpAgent: agent,
      from: new Date(Date.now() - 3 * 86_400_000),
      to: new Date(Date.now() + hour),
      deliver: async (posts) => void delivered.push(...posts),
    });
    expect(delivered.map((post) => post.id).sort()).toEqual(inPeriod.map((tweet) => tweet.id).sort());
    expect(counts).toMatchObject({ queriesDone: 2, pages: 3, posts: 250 });
    expect(counts.rateLimitWaits).toBeGreaterThanOrEqual(1);
    expect(counts.skipped).toEqual([{ query: '(factura', error: 'There were errors processing your request: Rules must contain balanced parentheses.' }]);
    // Every request was answered: the headers were followed, no 429 was provoked.
    expect(fake.searches.filter((search) => search.query === 'factura')).toHaveLength(3);
    expect(fake.searches.every((search) => search.endpoint === 'recent' && search.end_time !== undefined)).toBe(true);
  });
});

interface PostsBody {
  total: number;
  items: Array<{ id: string; nativeId?: string; source: string; text: string; url?: string; author: { id: string; handle: string; name?: string; followers?: number } }>;
}
interface BackfillBody {
  id: string;
  endpoint: string;
  state: string;
  posts: number;
  pages: number;
  error?: string;
  skipped: Array<{ query: string; error: string }>;
}
interface SourceBody {
  id: string;
  kind: string;
  state: string;
  stats: { lastEventAt?: string; eventsLastMinute: number; lastError?: string };
}

const ALL_TIME = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';

/*
 * The built server in a child process: NODE_EXTRA_CA_CERTS is set in the child's environment
 * at spawn, which is the only time Node reads it, so the server trusts the fake X as it would
 * a corporate CA, with no test hook in the product.
 */
describe('X through the built server', () => {
  const fake = new FakeX({ keepAliveMs: 200 });
  let server: TestServer;

  beforeAll(async () => {
    await fake.start();
    fake.addUser(AUTHOR);
    server = new TestServer({
      SERVE_WEB: 'off',
      NODE_EXTRA_CA_CERTS: fake.caFile,
      X_BEARER_TOKEN: fake.bearerToken,
      X_QUERIES: 'hipoteca\n(hipoteca OR',
      X_API_BASE_URL: fake.url,
      X_STALL_MS: '2000',
      X_RETRY_NETWORK_MS: '50',
      X_RETRY_HTTP_MS: '100',
      X_RETRY_RATE_LIMIT_MS: '200',
    });
    await server.start();
    await server.login();
  });
  afterAll(async () => {
    await server?.stop();
    await fake.stop();
  });

  const search = (text: string) => server.get<PostsBody>(`/api/v1/posts?q=${encodeURIComponent(text)}&${ALL_TIME}&limit=100`);

  it('streams posts into the store, fills a dropped stream\'s gap with none twice, and reports as the x source', async () => {
    await waitFor('the server to connect to the fake X', async () => (fake.connected === 1 ? true : undefined));
    expect(fake.ruleValues).toEqual(['hipoteca']);

    const live = [1, 2].map((n) => fake.emit({ text: `hipoteca viva ${n}`, author_id: AUTHOR.id }));
    await server.waitForTotal(`q=viva&${ALL_TIME}`, 2);
    const stored = (await search('viva')).body.items.find((post) => post.text === 'hipoteca viva 1')!;
    expect(stored).toMatchObject({
      source: 'x',
      url: `https://x.com/banco_fan/status/${live[0].id}`,
      author: { id: AUTHOR.id, handle: 'banco_fan', name: 'Fan del Banco', followers: 1234 },
    });

    fake.dropStreams();
    const missed = [1, 2, 3].map((n) => fake.emit({ text: `hipoteca perdida ${n}`, author_id: AUTHOR.id }, false));
    await waitFor('the server to reconnect', async () => (fake.streamConnects >= 2 && fake.connected === 1 ? true : undefined));
    fake.emit({ text: 'hipoteca vuelta 1', author_id: AUTHOR.id });
    await server.waitForTotal(`q=perdida&${ALL_TIME}`, missed.length);
    await server.waitForTotal(`q=vuelta&${ALL_TIME}`, 1);
    await server.waitForTotal(`q=hipoteca&${ALL_TIME}`, 6);

    const source = await waitFor('the x source to show its activity', async () => {
      const response = await server.get<SourceBody>('/api/v1/sources/x');
      return response.body.stats?.lastError?.includes('dropped') ? response.body : undefined;
    });
    expect(source).toMatchObject({ id: 'x', kind: 'x', state: 'active' });
    expect(source.stats.eventsLastMinute).toBeGreaterThanOrEqual(6);
    const logged = server.log.split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { message: string }).message);
    expect(logged).toContain('X refused the rule "(hipoteca OR": UnprocessableEntity: Rules must contain balanced parentheses.');
  });

  it('closes the stream while an admin pauses the source, and fills the pause from recent search on resume', async () => {
    expect(await server.request('POST', '/api/v1/sources/x/pause')).toMatchObject({ status: 200, body: { state: 'paused' } });
    await waitFor('the stream to close', async () => (fake.connected === 0 ? true : undefined));
    const during = [1, 2].map((n) => fake.emit({ text: `hipoteca pausa ${n}`, author_id: AUTHOR.id }));
    expect(await server.request('POST', '/api/v1/sources/x/resume')).toMatchObject({ status: 200, body: { state: 'active' } });
    await waitFor('the stream to reopen', async () => (fake.connected === 1 ? true : undefined));
    await server.waitForTotal(`q=pausa&${ALL_TIME}`, during.length);
  });

  it('backfills a period as a batch job with progress: recent search within 7 days, full archive beyond where the tier allows', async () => {
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    fake.emit({ text: 'hipoteca hace tres días', author_id: AUTHOR.id, created_at: daysAgo(3) }, false);
    fake.emit({ text: 'hipoteca hace veinte días', author_id: AUTHOR.id, created_at: daysAgo(20) }, false);
    const follow = (id: string) =>
      waitFor(`backfill ${id} to finish`, async () => {
        const response = await server.get<BackfillBody>(`/api/v1/sources/x/backfills/${id}`);
        return ['done', 'failed'].includes(response.body.state) ? response.body : undefined;
      }, 30_000);

    const recent = await server.request<BackfillBody>('POST', '/api/v1/sources/x/backfills', { from: daysAgo(5), to: new Date().toISOString() });
    expect(recent).toMatchObject({ status: 202, body: { endpoint: 'recent', state: 'queued' } });
    expect(await follow(recent.body.id)).toMatchObject({ state: 'done', posts: 1, skipped: [{ query: '(hipoteca OR' }] });
    await server.waitForTotal(`q=${encodeURIComponent('tres días')}&${ALL_TIME}`, 1);

    const archive = await server.request<BackfillBody>('POST', '/api/v1/sources/x/backfills', { from: daysAgo(30), to: daysAgo(10) });
    expect(archive.body.endpoint).toBe('all');
    const refused = await follow(archive.body.id);
    expect(refused.state).toBe('failed');
    expect(refused.error).toMatch(/403 \[client-not-enrolled\].*full-archive search.*not in this app's access tier/);

    fake.setArchiveAccess(true);
    const allowed = await server.request<BackfillBody>('POST', '/api/v1/sources/x/backfills', { from: daysAgo(30), to: daysAgo(10) });
    expect(await follow(allowed.body.id)).toMatchObject({ state: 'done', posts: 1 });
    await server.waitForTotal(`q=${encodeURIComponent('veinte días')}&${ALL_TIME}`, 1);

    expect((await server.request('POST', '/api/v1/sources/x/backfills', { from: daysAgo(1), to: daysAgo(2) })).status).toBe(400);
  });

  it('keeps its cursor in the store, not on the node\'s disk: a restart fills the downtime from recent search', async () => {
    await waitFor('the stream to be open', async () => (fake.connected === 1 ? true : undefined));
    const before = fake.emit({ text: 'hipoteca antes del reinicio', author_id: AUTHOR.id });
    await server.waitForTotal(`q=reinicio&${ALL_TIME}`, 1);
    const connects = fake.streamConnects;
    // SIGTERM: the connector saves its cursor on the way out, as in a deploy.
    await server.kill('SIGTERM');
    const down = [1, 2].map((n) => fake.emit({ text: `hipoteca caída del servidor ${n}`, author_id: AUTHOR.id }, false));
    await server.start();
    await server.login();
    await waitFor('the stream to reopen', async () => (fake.streamConnects > connects && fake.connected === 1 ? true : undefined));
    await server.waitForTotal(`q=servidor&${ALL_TIME}`, down.length);
    expect(fake.searches.at(-1)).toMatchObject({ since_id: before.id });
    expect(existsSync(join(server.dataDir, 'x.cursor'))).toBe(false);
  });
});
