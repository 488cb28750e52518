import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from '../support/cluster';
import { startElasticsearch, type RunningElasticsearch } from '../support/elasticsearch';
import { FakeJetstream } from '../support/fake-jetstream';
import { startRedis, type RunningRedis } from '../support/redis';
import { waitFor } from '../support/server';

const ANA = 'did:plc:ana4bq7nq3yzbsxkqpb4aaaa';
const FROM = '2000-01-01T00:00:00Z';
const TO = '2100-01-01T00:00:00Z';

/*
 * Two workers on one Redis and one Elasticsearch, both configured for Bluesky: the lease lets one
 * hold the WebSocket, and when it dies the other takes over from the cursor the first left in the
 * shared store, so what was posted in between still arrives.
 */
describe('a connector stream in scale-out', () => {
  const fake = new FakeJetstream();
  let es: RunningElasticsearch;
  let redis: RunningRedis;
  let cluster: Cluster;

  beforeAll(async () => {
    [es, redis] = await Promise.all([startElasticsearch(), startRedis(), fake.start()]).then(([e, r]) => [e, r] as const);
    cluster = await Cluster.start({
      elasticsearchUrl: es.url,
      redisUrl: redis.url,
      indexPrefix: `lease${Date.now()}`,
      apis: 1,
      workers: 2,
      env: { BLUESKY_QUERIES: 'hipoteca', BLUESKY_JETSTREAM_URL: fake.url, BLUESKY_RETRY_MS: '50' },
    });
    await cluster.api.login();
  }, 240_000);
  afterAll(async () => {
    await cluster?.stop();
    await Promise.all([es?.stop(), redis?.stop(), fake.stop()]);
  });

  const total = (text: string) => cluster.api.get<{ total: number }>(`/api/v1/posts?q=${encodeURIComponent(text)}&from=${FROM}&to=${TO}&limit=1`).then((response) => response.body.total);

  it('holds one connection in the cluster and hands it over, from the shared cursor, when its holder dies', async () => {
    await waitFor('a worker to subscribe', async () => (fake.connected === 1 ? true : undefined), 30_000);
    [1, 2, 3].map((n) => fake.post(ANA, `hipoteca antes ${n}`));
    await waitFor('the posts to be stored', async () => ((await total('antes')) === 3 ? true : undefined), 30_000);
    // Two renewals later the other worker still has not connected.
    await new Promise((done) => setTimeout(done, 11_000));
    expect(fake.requests).toHaveLength(1);
    expect(fake.connected).toBe(1);

    const holder = cluster.workers.find((worker) => worker.log.includes('bluesky stream on'))!;
    const other = cluster.workers.find((worker) => worker !== holder)!;
    expect(holder).toBeDefined();
    expect(other.log).not.toContain('bluesky stream on');
    await holder.kill('SIGKILL');
    await waitFor('the dead holder\'s connection to drop', async () => (fake.connected === 0 ? true : undefined), 10_000);
    [1, 2].map((n) => fake.post(ANA, `hipoteca huérfana ${n}`));

    // The lease lapses (15 s) and the other worker takes the stream from the stored cursor.
    await waitFor('the other worker to subscribe', async () => (fake.connected === 1 ? true : undefined), 40_000);
    expect(other.log).toContain('bluesky stream on');
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1].has('cursor')).toBe(true);
    await waitFor('the orphaned posts to arrive', async () => ((await total('huérfana')) === 2 ? true : undefined), 30_000);
    expect(await total('hipoteca')).toBe(5);
  }, 180_000);
});
