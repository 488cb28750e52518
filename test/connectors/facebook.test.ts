import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostInput } from '@escucha/core';
import { backfillFacebookPages, signHubBody } from '@escucha/connectors';
import { validatePostInput } from '@escucha/ingest';
import { FakeGraph } from '../support/fake-graph';
import { TestServer, waitFor } from '../support/server';

const ANA = { id: '10158', name: 'Ana Pérez' };
const LUIS = { id: '20331', name: 'Luis Gómez' };
const DAY = 86_400_000;

describe('Facebook pages backfill against a fake Graph API', () => {
  const fake = new FakeGraph();
  const now = Date.now();
  const expected: string[] = [];

  beforeAll(async () => {
    await fake.start();
    fake.addPage('111', 'Banco Uno');
    fake.addPage('222', 'Banco Dos');
    for (let n = 0; n < 130; n++) expected.push(fake.addPost('111', n, `publicación ${n} sobre la hipoteca`, new Date(now - (n + 1) * 60_000)).id);
    // A photo without text is no post for listening; one outside the period stays out.
    fake.addPost('111', 500, undefined, new Date(now - 30 * 60_000));
    fake.addPost('111', 501, 'muy antigua', new Date(now - 40 * DAY));
    const busy = fake.addPost('222', 1, 'cambiamos las comisiones', new Date(now - 3_600_000), LUIS);
    expected.push(busy.id);
    for (let n = 0; n < 120; n++) expected.push(fake.addComment('222', busy.id, n, `comentario ${n}: qué vergüenza`, n % 2 ? ANA : LUIS).id);
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('reads every post and comment of the managed pages in the period, following paging.next, and waits out throttling', async () => {
    const delivered: PostInput[] = [];
    const waits: number[] = [];
    // Graph's two ways of throttling, in the middle of the run: error #4 and a bare 429.
    let calls = 0;
    const counts = await backfillFacebookPages({
      graphUrl: fake.url,
      userToken: fake.userToken,
      since: new Date(now - 7 * DAY),
      until: new Date(now),
      rateLimitWaitMs: 1_000,
      sleep: async (ms) => void waits.push(ms),
      deliver: async (posts) => {
        if (++calls === 1) fake.throttleNext('code4', '429');
        delivered.push(...posts);
      },
    });
    const ids = delivered.map((post) => post.id);
    expect(ids.sort()).toEqual([...expected].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(delivered.every((post) => validatePostInput(post).ok)).toBe(true);
    expect(counts).toMatchObject({ pages: 2, pagesDone: 2, posts: 131, comments: 120, rateLimitWaits: 2 });
    expect(waits).toEqual([1_000, 1_000]);
    expect(counts.rateLimitRemaining).toBeLessThan(100);
    // Paging followed: two pages of posts for the first page, two of comments for the busy post.
    expect(fake.requests.filter((request) => request.path === '111/posts')).toHaveLength(2);
    expect(fake.requests.filter((request) => request.path.endsWith('/comments') && request.params.has('after'))).toHaveLength(1);

    const comment = delivered.find((post) => post.text === 'comentario 1: qué vergüenza')!;
    expect(comment).toMatchObject({ source: 'facebook', author: { id: ANA.id, handle: ANA.id, name: ANA.name } });
    const pagePost = delivered.find((post) => post.text === 'publicación 0 sobre la hipoteca')!;
    expect(pagePost).toMatchObject({ author: { id: '111', name: 'Banco Uno' }, url: 'https://www.facebook.com/111/posts/1000' });
    expect(Date.parse(pagePost.createdAt)).toBe(Math.floor((now - 60_000) / 1000) * 1000);
  });

  it('says what is wrong with a token Graph refuses', async () => {
    await expect(backfillFacebookPages({ graphUrl: fake.url, userToken: 'EAA-wrong', deliver: async () => undefined })).rejects.toThrow(
      /Graph answered 400 \(#190\): Invalid OAuth access token.*get a new long-lived token/,
    );
  });
});

const ALL_TIME = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';
const APP_SECRET = 'a3f1c0ffee5ecret0fthe4pp0000beef';
const VERIFY_TOKEN = 'escucha-verify-7c1d';

interface BackfillBody {
  id: string;
  state: string;
  posts: number;
  comments: number;
  pages: number;
  rateLimitWaits: number;
  error?: string;
}

describe('Facebook through the built server', () => {
  const fake = new FakeGraph();
  let server: TestServer;

  beforeAll(async () => {
    await fake.start();
    fake.addPage('333', 'Banco Tres');
    const post = fake.addPost('333', 1, 'la app del banco no funciona', new Date(Date.now() - 3_600_000), ANA);
    fake.addComment('333', post.id, 1, 'a mí tampoco me funciona', LUIS);
    server = new TestServer({ SERVE_WEB: 'off', FACEBOOK_GRAPH_URL: fake.url, FACEBOOK_RATE_LIMIT_WAIT_MS: '50' });
    await server.start();
    await server.login();
    const created = await server.request('POST', '/api/v1/sources', {
      id: 'fb-banco',
      kind: 'facebook',
      name: 'Páginas del banco',
      channel: 'facebook',
      credentials: { appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, userToken: fake.userToken },
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await server?.stop();
    await fake.stop();
  });

  function deliver(body: string, signature: string | undefined): Promise<{ status: number; body: unknown }> {
    return server.request('POST', '/api/v1/webhooks/fb-banco', body, null, signature ? { 'x-hub-signature-256': signature } : {});
  }

  function feed(text: string, id: string, item: 'post' | 'comment' = 'post'): string {
    const value = item === 'post'
      ? { item: 'status', verb: 'add', post_id: `333_${id}`, message: text, created_time: Math.floor(Date.now() / 1000), from: ANA }
      : { item: 'comment', verb: 'add', post_id: '333_1001', comment_id: `1001_${id}`, message: text, created_time: Math.floor(Date.now() / 1000), from: LUIS };
    return JSON.stringify({ object: 'page', entry: [{ id: '333', time: Math.floor(Date.now() / 1000), changes: [{ field: 'feed', value }] }] });
  }

  it('answers Meta\'s subscription check only with the source\'s verify token', async () => {
    const challenge = '1158201444';
    const ok = await fetch(`${server.url}/api/v1/webhooks/fb-banco?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=${challenge}`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe(challenge);
    const wrong = await fetch(`${server.url}/api/v1/webhooks/fb-banco?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=${challenge}`);
    expect(wrong.status).toBe(403);
    expect(await wrong.text()).not.toContain(challenge);
  });

  it('stores a signed feed delivery, refuses a bad signature with 401 storing nothing, and skips a malformed one', async () => {
    const good = feed('webhook firmado: cajero roto', '9001');
    expect(await deliver(good, signHubBody(good, APP_SECRET))).toMatchObject({ status: 200, body: { accepted: 1 } });
    const comment = feed('webhook firmado: comentario', '7001', 'comment');
    expect(await deliver(comment, signHubBody(comment, APP_SECRET))).toMatchObject({ status: 200, body: { accepted: 1 } });
    await server.waitForTotal(`q=${encodeURIComponent('webhook firmado')}&${ALL_TIME}`, 2);

    const forged = feed('webhook falso: no debe entrar', '9002');
    expect((await deliver(forged, signHubBody(forged, 'another-app-secret'))).status).toBe(401);
    expect((await deliver(forged, undefined)).status).toBe(401);
    // Signed for another body: the signature is over the raw bytes.
    expect((await deliver(forged, signHubBody(good, APP_SECRET))).status).toBe(401);

    const broken = '{"object":"page","entry":[';
    expect((await deliver(broken, signHubBody(broken, APP_SECRET))).status).toBe(400);
    const after = feed('webhook tras el roto', '9003');
    expect((await deliver(after, signHubBody(after, APP_SECRET))).status).toBe(200);
    await server.waitForTotal(`q=${encodeURIComponent('webhook tras el roto')}&${ALL_TIME}`, 1);
    const falsos = await server.get<{ total: number }>(`/api/v1/posts?q=${encodeURIComponent('webhook falso')}&${ALL_TIME}&limit=1`);
    expect(falsos.body.total).toBe(0);
    await waitFor('the source to say it skipped the malformed delivery', async () => {
      const source = await server.get<{ stats: { lastError?: string } }>('/api/v1/sources/fb-banco');
      return source.body.stats.lastError?.includes('not JSON') ? true : undefined;
    });
    const metrics = await fetch(`${server.url}/metrics`).then((response) => response.text());
    expect(metrics).toMatch(/escucha_connector_malformed_total\{source="fb-banco"\} 1\n/);
    expect(metrics).toMatch(/escucha_connector_events_total\{source="fb-banco"\} 3\n/);
  });

  it('backfills the managed pages as a batch job with progress, through Graph throttling', async () => {
    fake.throttleNext('code4');
    const started = await server.request<BackfillBody>('POST', '/api/v1/sources/facebook/backfills', { sourceId: 'fb-banco' });
    expect(started).toMatchObject({ status: 202, body: { state: 'queued' } });
    const done = await waitFor('the backfill to finish', async () => {
      const response = await server.get<BackfillBody>(`/api/v1/sources/facebook/backfills/${started.body.id}`);
      return ['done', 'failed'].includes(response.body.state) ? response.body : undefined;
    }, 30_000);
    expect(done).toMatchObject({ state: 'done', pages: 1, posts: 1, comments: 1, rateLimitWaits: 1 });
    await server.waitForTotal(`q=funciona&${ALL_TIME}`, 2);
    expect((await server.request('POST', '/api/v1/sources/facebook/backfills', { sourceId: 'nope' })).status).toBe(404);
  });
});
