import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, type ApiNode } from '../support/cluster';
import { startElasticsearch, type RunningElasticsearch } from '../support/elasticsearch';
import { aPostInput } from '../support/post-inputs';
import { startRedis, type RunningRedis } from '../support/redis';
import { ADMIN_PASSWORD } from '../support/server';
import { SIGNATURE_HEADER, signWebhook } from '@escucha/connectors';

/**
 * Sign-in on the scale-out footprint: two API nodes on one Elasticsearch and one Redis. What
 * one node decides (a logout, a role change, a failed sign-in, a deleted key, a caller's request
 * count) holds on the other from the next request on.
 */
const REQUEST_LIMIT = 150;

describe('sign-in across two API nodes', () => {
  let es: RunningElasticsearch;
  let redis: RunningRedis;
  let cluster: Cluster;
  let one: ApiNode;
  let two: ApiNode;

  const login = (node: ApiNode, username: string, password: string) =>
    node.request<{ token: string; code?: string }>('POST', '/api/v1/auth/login', { username, password }, null);
  const me = (node: ApiNode, token: string) => node.request('GET', '/api/v1/auth/me', undefined, token);

  beforeAll(async () => {
    [es, redis] = await Promise.all([startElasticsearch(), startRedis()]);
    cluster = await Cluster.start({
      elasticsearchUrl: es.url,
      redisUrl: redis.url,
      indexPrefix: `auth${Date.now().toString(36)}`,
      apis: 2,
      workers: 1,
      // Low enough to reach in a test, above what the other tests here send as one caller.
      env: { API_RATE_LIMIT_PER_MINUTE: String(REQUEST_LIMIT) },
    });
    [one, two] = cluster.apis;
    await one.login();
    await two.login();
  }, 300_000);

  afterAll(async () => {
    await cluster?.stop();
    await Promise.all([redis?.stop(), es?.stop()]);
  });

  it('accepts on one node a token signed on the other (keys shared through the store)', async () => {
    const token = (await login(one, 'admin', ADMIN_PASSWORD)).body.token;
    expect((await me(two, token)).status).toBe(200);
  });

  it('a logout on one node is refused at once on the other', async () => {
    const token = (await login(one, 'admin', ADMIN_PASSWORD)).body.token;
    expect((await me(two, token)).status).toBe(200);
    expect((await one.request('POST', '/api/v1/auth/logout', undefined, token)).status).toBe(204);
    expect((await me(two, token)).status).toBe(401);
    expect((await me(one, token)).status).toBe(401);
  });

  it('a role change on one node signs the user out on the other', async () => {
    expect((await one.request('POST', '/api/v1/users', { username: 'rosa', password: 'rosa-lantern-quilt', role: 'analyst' })).status).toBe(201);
    const token = (await login(one, 'rosa', 'rosa-lantern-quilt')).body.token;
    expect((await me(two, token)).status).toBe(200);
    expect((await two.request('PATCH', '/api/v1/users/rosa', { role: 'marketing' })).status).toBe(200);
    expect((await me(one, token)).status).toBe(401);
  });

  it('counts failed sign-ins across nodes: 5 on each, and the 11th is refused on both', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await login(one, 'admin', `wrong-${i}`)).status).toBe(401);
      expect((await login(two, 'admin', `wrong-${i}`)).status).toBe(401);
    }
    expect((await login(one, 'admin', ADMIN_PASSWORD)).status).toBe(429);
    expect((await login(two, 'admin', ADMIN_PASSWORD)).status).toBe(429);
  });

  it('an API key made on one node works on the other, and a delete on the other refuses it at once', async () => {
    const created = await one.request<{ id: string; key: string }>('POST', '/api/v1/api-keys', { name: 'feeder', scope: 'ingest' });
    expect(created.status).toBe(201);
    const send = (node: ApiNode) => node.request('POST', '/api/v1/posts', [aPostInput()], created.body.key);
    expect((await send(two)).status).toBe(202);
    expect((await two.request('DELETE', `/api/v1/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await send(one)).status).toBe(401);
  });

  it('refuses a signed webhook delivery replayed to the other node', async () => {
    const secret = 'replay-secret-0123456789abcdef-0123';
    const created = await one.request('POST', '/api/v1/sources', { id: 'callcenter-replay', kind: 'webhook', name: 'Calls', channel: 'callcenter', credentials: { secret } });
    expect(created.status).toBe(201);
    const body = JSON.stringify([aPostInput({ text: 'replayed delivery', source: 'callcenter' })]);
    const signature = signWebhook(secret, Math.floor(Date.now() / 1000), body);
    const deliver = (node: ApiNode) =>
      fetch(`${node.url}/api/v1/webhooks/callcenter-replay`, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature }, body });
    expect((await deliver(one)).status).toBe(202);
    const replay = await deliver(two);
    expect(replay.status).toBe(409);
    expect(((await replay.json()) as { code: string }).code).toBe('WEBHOOK_REPLAYED');

    // A delivery that was refused did not spend its signature, on either node.
    const bad = JSON.stringify([{ text: 'sin autor ni fecha' }]);
    const badSignature = signWebhook(secret, Math.floor(Date.now() / 1000), bad);
    for (const node of [one, two]) {
      const refused = await fetch(`${node.url}/api/v1/webhooks/callcenter-replay`, { method: 'POST', headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: badSignature }, body: bad });
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { code: string }).code).toBe('NO_VALID_POSTS');
    }
  });

  it('counts a caller\'s requests over both nodes: the limit is for the cluster, not per node', async () => {
    expect((await one.request('POST', '/api/v1/users', { username: 'lola', password: 'lola-lantern-quilt', role: 'analyst' })).status).toBe(201);
    const token = (await login(two, 'lola', 'lola-lantern-quilt')).body.token;
    let sent = 0;
    let status = 200;
    while (status === 200 && sent <= REQUEST_LIMIT * 2) {
      status = (await me(sent % 2 === 0 ? one : two, token)).status;
      sent++;
    }
    expect(status).toBe(429);
    expect(sent).toBe(REQUEST_LIMIT + 1);
    expect((await me(one, token)).status).toBe(429);
    expect((await me(two, token)).status).toBe(429);
  });
});
