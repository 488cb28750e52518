import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, type estypes } from '@elastic/elasticsearch';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER, signWebhook } from '@escucha/connectors';
import type { Alert, PostInput } from '@escucha/core';
import { launchChromium, signedInPage } from '../support/chromium';
import { Cluster, type ApiNode } from '../support/cluster';
import { parseMetrics, valueOf } from '../support/metrics';
import { FAST_ALERTS, cordobaBurst, quietHour } from '../support/alert-posts';
import { listIds, sendOnePostPerRequest, untilAcked } from '../support/in-flight';
import { startElasticsearch, type RunningElasticsearch } from '../support/elasticsearch';
import { startRedis, type RunningRedis } from '../support/redis';
import { ADMIN_PASSWORD, waitFor } from '../support/server';

/**
 * Fault tests of the scale-out footprint: real Elasticsearch, real Redis, the built API and worker
 * as separate processes, and faults done to them the way they happen in production (a worker
 * SIGKILLed, Elasticsearch stopped, Redis restarted). Each test gets its own Redis and its own
 * index prefix; one Elasticsearch serves the file, since starting one costs ~30 s of the two
 * cores. The tests run one after the other (one file), so a fault in one never lands in another.
 */

let es: RunningElasticsearch;
let admin: Client;
const run = Date.now().toString(36);
let tests = 0;
/** Whatever a test started, stopped after it even when it fails. */
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  es = await startElasticsearch();
  admin = new Client({ node: es.url, requestTimeout: 30_000 });
}, 150_000);

afterEach(async () => {
  // Last started, first stopped: the processes before the Redis they use.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

afterAll(async () => {
  await admin?.close();
  await es?.stop();
});

interface Footprint {
  cluster: Cluster;
  redis: RunningRedis;
  prefix: string;
}

async function footprint(apis: number, workers: number, env?: Record<string, string>): Promise<Footprint> {
  const prefix = `fault${run}-${++tests}`;
  const redis = await startRedis();
  cleanups.push(() => redis.stop());
  cleanups.push(() => dropIndices(prefix));
  const cluster = await Cluster.start({ elasticsearchUrl: es.url, redisUrl: redis.url, indexPrefix: prefix, apis, workers, env });
  cleanups.push(() => cluster.stop());
  await cluster.api.login();
  return { cluster, redis, prefix };
}

/** Names, not a wildcard: Elasticsearch 8 refuses wildcard deletes by default. */
async function dropIndices(prefix: string): Promise<void> {
  const indices = Object.keys(await admin.indices.get({ index: `${prefix}-*`, allow_no_indices: true }));
  if (indices.length) await admin.indices.delete({ index: indices });
  await admin.indices.deleteIndexTemplate({ name: `${prefix}-posts` }, { ignore: [404] });
}

const TEXTS = [
  'Sin señal desde ayer en Palermo, una vergüenza',
  'me cobraron de más en la factura, re caro',
  'No signal since this morning in Rosario',
  'Excelente atención en la tienda de Córdoba, gracias',
  'Me quiero dar de baja, el plan no sirve',
];

/**
 * `count` valid posts with fresh native ids; post i is created at `start + i * stepMs`, so a test
 * can ask how many of a slice are stored by its time range.
 */
function postsAt(tag: string, count: number, start: Date, stepMs: number, offset = 0): PostInput[] {
  return Array.from({ length: count }, (_, k) => {
    const i = offset + k;
    return {
      id: `${tag}-${i}`,
      source: 'x',
      text: `${TEXTS[i % TEXTS.length]} #${i}`,
      createdAt: new Date(start.getTime() + i * stepMs).toISOString(),
      author: { id: `a${i % 500}`, handle: `user${i % 500}`, followers: i % 1000 },
    };
  });
}

/** Documents under the alias, straight from Elasticsearch (refreshed first, so nothing is hidden). */
async function storedCount(prefix: string): Promise<number> {
  await admin.indices.refresh({ index: `${prefix}-posts` });
  return (await admin.count({ index: `${prefix}-posts` })).count;
}

/** Ids held by more than one document under the alias (a post in two monthly indices). */
async function duplicatedIds(prefix: string): Promise<string[]> {
  const response = await admin.search({
    index: `${prefix}-posts`,
    size: 0,
    aggs: { dup: { terms: { field: 'id', min_doc_count: 2, size: 10 } } },
  });
  const buckets = (response.aggregations?.dup as estypes.AggregationsStringTermsAggregate | undefined)?.buckets;
  return Array.isArray(buckets) ? buckets.map((b) => String(b.key)) : [];
}

/**
 * BullMQ's own record of each completed ingest job: `atm`, the tries that counted. Read from Redis
 * directly, since the API shows only counts; completed jobs with our content ids are kept for dedupe.
 */
async function triesOfCompletedIngestJobs(url: string): Promise<number[]> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  try {
    await client.connect();
    const ids = await client.zrange('bull:escucha-ingest:completed', 0, -1);
    const tries = await Promise.all(ids.map((id) => client.hget(`bull:escucha-ingest:${id}`, 'atm')));
    return tries.map(Number);
  } finally {
    client.disconnect();
  }
}

/** POSTs one batch; the status, or 0 when the request itself failed (connection refused, timeout). */
async function send(node: ApiNode, batch: readonly PostInput[]): Promise<number> {
  try {
    return (await node.request('POST', '/api/v1/posts', batch, undefined, 30_000)).status;
  } catch {
    return 0;
  }
}

describe('scale-out footprint under faults', () => {
  it('stores 50,000 posts exactly once while a worker is SIGKILLed mid-way and restarted', async () => {
    const { cluster, prefix } = await footprint(1, 2);
    const api = cluster.api;
    // Two months (April 30 – May 1), so the alias spans two indices and a duplicate could hide in either.
    const start = new Date('2026-04-30T12:00:00Z');
    const posts = postsAt(`kill${run}`, 50_000, start, 1_500);
    const from = start.toISOString();
    const to = new Date(start.getTime() + 50_000 * 1_500).toISOString();

    const batches = Array.from({ length: 10 }, (_, b) => posts.slice(b * 5_000, (b + 1) * 5_000));
    for (const [b, batch] of batches.entries()) {
      expect(await send(api, batch), `batch ${b}`).toBe(202);
      if (b === 4) {
        // Mid-way: wait until worker-1 is busy storing (some posts stored, not all), then crash it.
        await waitFor('some posts stored', async () => ((await storedCount(prefix)) > 0 ? true : undefined), 60_000, 200);
        await cluster.workers[0].kill('SIGKILL');
        expect(cluster.workers[0].alive).toBe(false);
      }
    }
    await cluster.workers[0].start();

    // A job the killed worker held comes back when its lock expires (30 s) and the stalled check sees it.
    await waitFor(
      'all 50,000 posts stored',
      async () => ((await api.total(from, to)) === 50_000 ? true : undefined),
      150_000,
      500,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${cluster.logs()}`);
    });
    expect(await storedCount(prefix)).toBe(50_000);
    expect(await duplicatedIds(prefix)).toEqual([]);
    const jobs = await api.get<Array<{ queue: string; failed: number }>>('/api/v1/jobs');
    expect(jobs.body.find((q) => q.queue === 'ingest')?.failed).toBe(0);
  }, 240_000);

  it('keeps every post answered 202, exactly once, when the API node and a worker are SIGKILLed during many one-post requests', async () => {
    const { cluster, prefix } = await footprint(1, 2);
    const api = cluster.api;
    const marker = `flight${run}`;
    const createdAt = new Date(Date.now() - 3_600_000).toISOString();
    const requests = sendOnePostPerRequest(
      32,
      (i) => ({ id: `${marker}-${i}`, source: 'x', text: `sin señal ${marker}`, createdAt, author: { id: `a${i % 50}`, handle: `user${i % 50}` } }),
      (batch) => send(api, batch),
    );
    // Mid-stream: requests are between their group's Redis write and their answer, and a worker holds jobs.
    await untilAcked(requests, 500, 60_000);
    await Promise.all([api.kill('SIGKILL'), cluster.workers[0].kill('SIGKILL')]);
    await requests.stop();
    const acked = [...requests.acked];
    expect(requests.sent()).toBeGreaterThan(acked.length);

    await api.start();
    await api.login();
    await cluster.workers[0].start();
    const query = `q=${marker}&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`;
    // Jobs the killed worker held come back when their lock expires (30 s).
    await waitFor(
      'every acknowledged post stored',
      async () => {
        const stored = new Set(await listIds((path) => api.get(path), query));
        return acked.every((id) => stored.has(id)) ? true : undefined;
      },
      150_000,
      1_000,
    ).catch(async (error: Error) => {
      const stored = new Set(await listIds((path) => api.get(path), query));
      throw new Error(`${error.message}: ${acked.filter((id) => !stored.has(id)).length} of ${acked.length} missing\n${cluster.logs()}`);
    });
    expect(await duplicatedIds(prefix)).toEqual([]);
    const ids = await listIds((path) => api.get(path), query);
    expect(ids.length).toBe(new Set(ids).size);
  }, 240_000);

  it('accepts ingest while Elasticsearch is stopped, answers history 503 UNAVAILABLE, and drains the backlog when it is back', async () => {
    const { cluster, redis, prefix } = await footprint(1, 2);
    const api = cluster.api;
    const start = new Date('2026-06-10T00:00:00Z');
    const posts = postsAt(`esdown${run}`, 12_000, start, 1_000);
    const from = start.toISOString();
    const to = new Date(start.getTime() + 12_000 * 1_000).toISOString();
    const range = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;

    expect(await send(api, posts.slice(0, 2_000))).toBe(202);
    await waitFor('the first posts stored', async () => ((await api.total(from, to)) === 2_000 ? true : undefined), 60_000, 200);

    await es.halt();
    const downAt = Date.now();
    try {
      // While it is down: every ingest is still accepted (the backlog waits in Redis)...
      for (let b = 0; b < 5; b++) {
        const status = await send(api, posts.slice(2_000 + b * 2_000, 4_000 + b * 2_000));
        expect(status, `batch ${b} with Elasticsearch down`).toBe(202);
      }
      // ...and history says plainly that it cannot answer now.
      for (const path of [`/api/v1/posts?${range}&limit=1`, `/api/v1/history/histogram?${range}&interval=hour`]) {
        const response = await api.get<{ code: string; message: string }>(path);
        expect(response.status, path).toBe(503);
        expect(response.body.code, path).toBe('UNAVAILABLE');
        expect(response.body.message, path).toMatch(/Elasticsearch/);
      }
      // The node says it cannot serve (readiness) but is not to be restarted (liveness).
      const ready = await api.get<{ code: string; checks: Record<string, string> }>('/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ code: 'NOT_READY', checks: { store: 'unreachable', queue: 'ok' } });
      expect((await api.get('/health/live')).status).toBe(200);
      // Down for 30 s in all: long enough for the ingest jobs' own retries to run out.
      await new Promise((done) => setTimeout(done, Math.max(0, 30_000 - (Date.now() - downAt))));
    } finally {
      await es.resume();
    }

    await waitFor('the backlog drained', async () => ((await api.total(from, to)) === 12_000 ? true : undefined), 120_000, 500).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${cluster.logs()}`);
      },
    );
    expect(await storedCount(prefix)).toBe(12_000);
    expect(await api.get('/health/ready')).toEqual({ status: 200, body: { status: 'ready', checks: { store: 'ok', queue: 'ok' } } });
    const jobs = await api.get<Array<{ queue: string; failed: number }>>('/api/v1/jobs');
    expect(jobs.body.find((q) => q.queue === 'ingest')?.failed).toBe(0);
    // The outage must not have spent the jobs' tries: had it, one a little longer than the retries
    // (about a minute) would have failed them for good. Every ingest job finished on one counted try.
    expect(await triesOfCompletedIngestJobs(redis.url)).toEqual(new Array<number>(6).fill(1));
  }, 240_000);

  it('refuses ingest with 503 and Retry-After while no worker keeps up, then drains and takes posts again', async () => {
    const { cluster, prefix } = await footprint(1, 1, { INGEST_MAX_LAG_SECONDS: '2', SERVE_WEB: 'on' });
    const api = cluster.api;
    const start = new Date('2026-07-01T00:00:00Z');
    const posts = postsAt(`shed${run}`, 20_000, start, 1_000);
    const from = start.toISOString();
    const to = new Date(start.getTime() + 20_000 * 1_000).toISOString();

    const secret = 'shed-webhook-secret-0123456789abcdef';
    expect((await api.request('POST', '/api/v1/sources', { id: 'calls', kind: 'webhook', name: 'Calls', channel: 'callcenter', credentials: { secret } })).status).toBe(201);
    await cluster.workers[0].kill('SIGTERM');
    expect(await send(api, posts.slice(0, 2_000))).toBe(202);
    let accepted = 2_000;
    // Small requests every 200 ms until one is refused: the first job now waits with no worker to take it.
    let refused: Response | undefined;
    const token = await api.login();
    const deadline = Date.now() + 30_000;
    while (!refused && Date.now() < deadline) {
      const batch = posts.slice(accepted, accepted + 100);
      const response = await fetch(`${api.url}/api/v1/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(batch),
      });
      if (response.status === 202) accepted += batch.length;
      else refused = response;
      await new Promise((done) => setTimeout(done, 200));
    }
    expect(refused?.status, `no refusal after ${accepted} posts`).toBe(503);
    const body = (await refused!.json()) as { code: string; message: string; lagSeconds: number; retryAfterSeconds: number };
    expect(body).toMatchObject({ code: 'INGEST_BEHIND', retryAfterSeconds: 5 });
    expect(body.lagSeconds).toBeGreaterThanOrEqual(3);
    expect(body.message).toMatch(/^ingest is \d+ s behind, over its limit of 2 s; nothing was stored: retry after 5 s$/);
    expect(refused!.headers.get('retry-after')).toBe('5');
    // A webhook source's sender is held back the same way, once its signature is good.
    const delivery = JSON.stringify([{ ...posts[accepted]!, source: 'callcenter' }]);
    const signed = { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(secret, Math.floor(Date.now() / 1000), delivery) };
    const deliver = () => fetch(`${api.url}/api/v1/webhooks/calls`, { method: 'POST', headers: signed, body: delivery });
    const webhook = await deliver();
    expect(webhook.status).toBe(503);
    expect(((await webhook.json()) as { code: string }).code).toBe('INGEST_BEHIND');
    expect(webhook.headers.get('retry-after')).toBe('5');
    const unsigned = await fetch(`${api.url}/api/v1/webhooks/calls`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: delivery });
    expect(unsigned.status).toBe(401);
    // Operators see the same lag in the metrics.
    const samples = parseMetrics(await (await fetch(`${api.url}/metrics`)).text());
    expect(valueOf(samples, 'escucha_queue_lag_seconds', { queue: 'ingest' })).toBeGreaterThanOrEqual(3);
    const queues = (await api.get<Array<{ queue: string; waiting: number; lagSeconds: number }>>('/api/v1/jobs')).body;
    expect(queues.find((q) => q.queue === 'ingest')).toMatchObject({ lagSeconds: expect.any(Number), maxLagSeconds: 2, refusing: true });
    expect(queues.find((q) => q.queue === 'ingest')!.lagSeconds).toBeGreaterThanOrEqual(3);
    expect(queues.find((q) => q.queue === 'ingest')!.waiting).toBeGreaterThan(0);
    // And so does an admin on the dashboard: a badge in the header on any page, leading to the Sources page's panel.
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await signedInPage(browser, api.url, 'admin', ADMIN_PASSWORD);
    const badge = page.getByTestId('ingest-badge');
    await badge.waitFor({ timeout: 15_000 });
    expect(await badge.getAttribute('data-state')).toBe('refusing');
    await badge.click();
    await page.getByTestId('pipeline-refusing').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('pipeline').getAttribute('data-ingest')).toBe('refusing');
    expect(Number(await page.locator('[data-testid="pipeline-queue"][data-queue="ingest"]').getAttribute('data-lag'))).toBeGreaterThanOrEqual(3);
    await browser.close();

    await cluster.workers[0].start();
    await waitFor('the backlog drained', async () => ((await api.total(from, to)) === accepted ? true : undefined), 60_000, 250).catch(
      (error: Error) => {
        throw new Error(`${error.message}\n${cluster.logs()}`);
      },
    );
    expect(await storedCount(prefix)).toBe(accepted);
    expect(await duplicatedIds(prefix)).toEqual([]);
    await new Promise((done) => setTimeout(done, 2_100));
    // The refused delivery, resent as it was, is taken: the refusal did not spend its signature.
    expect((await deliver()).status).toBe(202);
    expect(await send(api, posts.slice(accepted + 1, accepted + 101))).toBe(202);
    await waitFor('the last posts stored', async () => ((await api.total(from, to)) === accepted + 101 ? true : undefined), 30_000, 250);
    const scraped = parseMetrics(await (await fetch(`${api.url}/metrics`)).text());
    expect(valueOf(scraped, 'escucha_queue_lag_seconds', { queue: 'ingest' })).toBeLessThan(2);
    const caughtUp = (await api.get<Array<{ queue: string; refusing?: boolean }>>('/api/v1/jobs')).body;
    expect(caughtUp.find((q) => q.queue === 'ingest')!.refusing).toBe(false);
  }, 180_000);

  it('gives up an alert webhook that keeps failing once its tries are spent, as the embedded queue does', async () => {
    // A receiver that always fails. Its failures are the delivery's, not a dependency of Escucha's
    // being down: BullMQ must spend the job's tries on them rather than defer it without end.
    let hits = 0;
    const receiver = createServer((request, response) => {
      hits++;
      request.resume().on('end', () => response.writeHead(500).end());
    });
    await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done));
    cleanups.push(() => new Promise<void>((done) => receiver.close(() => done())));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

    const { cluster } = await footprint(1, 1, { ...FAST_ALERTS, ALERTS_DELIVERY_ATTEMPTS: '3', ALERTS_DELIVERY_BACKOFF_MS: '200' });
    const api = cluster.api;
    const rule = { id: 'noc', name: 'NOC', scope: { intents: ['outage'] }, sensitivity: 'high', minCount: 4, maxPerHour: 10, channels: { banner: false, webhook: { url } } };
    expect((await api.request('POST', '/api/v1/alert-rules', rule)).status).toBe(201);
    // An hour of history, then the worker restarted: detection takes over by replaying it.
    const now = Date.now();
    const history = quietHour(now);
    expect(await send(api, history)).toBe(202);
    const hour = [new Date(now - 3_600_000).toISOString(), new Date(now).toISOString()] as const;
    await waitFor('the history stored', async () => ((await api.total(...hour)) === history.length ? true : undefined), 60_000, 250);
    await cluster.workers[0].kill('SIGTERM');
    await cluster.workers[0].start();
    await new Promise((done) => setTimeout(done, 8_000));
    expect(await send(api, cordobaBurst(Date.now()))).toBe(202);

    const gaveUp = await waitFor(
      'the delivery given up',
      async () => {
        const [alert] = (await api.get<Alert[]>('/api/v1/alerts?rule=noc')).body;
        return alert?.timeline.some((e) => e.wording === 'delivery-gave-up') ? alert : undefined;
      },
      90_000,
      500,
    ).catch((error: Error) => {
      throw new Error(`${error.message} (receiver hit ${hits} times)\n${cluster.logs()}`);
    });
    const deliveries = gaveUp.timeline.filter((e) => e.wording?.startsWith('delivery-'));
    expect(deliveries.map((e) => `${e.wording} ${e.params?.attempt}/${e.params?.maxAttempts}`)).toEqual(['delivery-failed 1/3', 'delivery-failed 2/3', 'delivery-gave-up 3/3']);
    expect(hits).toBe(3);
    // Given up means given up: no try after the last.
    await new Promise((done) => setTimeout(done, 3_000));
    expect(hits).toBe(3);
  }, 240_000);

  it('keeps every post answered 202 across a Redis restart; API and workers reconnect by themselves', async () => {
    const { cluster, redis, prefix } = await footprint(1, 2);
    const api = cluster.api;
    // One batch per hour of createdAt: after the run, each accepted batch is checked by its hour.
    const start = new Date('2026-07-01T00:00:00Z');
    const HOUR = 3_600_000;
    const BATCH = 1_000;
    const batchOf = (b: number): PostInput[] =>
      postsAt(`redis${run}-${b}`, BATCH, new Date(start.getTime() + b * HOUR), 3_000);
    const outcomes = new Map<number, number>();

    let b = 0;
    const sendNext = async (): Promise<void> => {
      const batch = b++;
      outcomes.set(batch, await send(api, batchOf(batch)));
    };
    for (let i = 0; i < 5; i++) await sendNext();
    // Ingest keeps going while Redis is down for 12 s (longer than a producer's ~10 s of command
    // retries) and comes back: requests during the outage may fail, never lie.
    let restarting = true;
    const restart = redis.restart(12_000).finally(() => (restarting = false));
    while (restarting) {
      await sendNext();
      // Paced, so the outage sees a handful of requests rather than thousands of instant refusals.
      await new Promise((done) => setTimeout(done, 250));
    }
    await restart;
    // After it is back, the API takes ingest again by itself (no process was restarted).
    await waitFor(
      'the API to accept ingest again',
      async () => {
        await sendNext();
        return outcomes.get(b - 1) === 202 ? true : undefined;
      },
      60_000,
      500,
    );
    for (let i = 0; i < 3; i++) await sendNext();

    const accepted = [...outcomes].filter(([, status]) => status === 202).map(([batch]) => batch);
    const refused = [...outcomes].filter(([, status]) => status !== 202);
    // Anything but 202 must be a clear "not now" (503) or no answer at all (0), never a 2xx that is not one.
    for (const [batch, status] of refused) expect([0, 503], `batch ${batch}`).toContain(status);
    expect(accepted.length).toBeGreaterThanOrEqual(9);

    // Workers reconnect on their own: the accepted batches all get stored.
    const hours = async (): Promise<Map<number, number>> => {
      await admin.indices.refresh({ index: `${prefix}-posts` });
      const response = await admin.search({
        index: `${prefix}-posts`,
        size: 0,
        aggs: { hours: { date_histogram: { field: 'createdAt', fixed_interval: '1h', min_doc_count: 1 } } },
      });
      const buckets = (response.aggregations?.hours as estypes.AggregationsDateHistogramAggregate | undefined)?.buckets;
      const counts = new Map<number, number>();
      for (const bucket of Array.isArray(buckets) ? buckets : []) counts.set(Math.round((Number(bucket.key) - start.getTime()) / HOUR), bucket.doc_count);
      return counts;
    };
    await waitFor(
      'every accepted batch stored',
      async () => {
        const counts = await hours();
        return accepted.every((batch) => counts.get(batch) === BATCH) ? true : undefined;
      },
      90_000,
      500,
    ).catch(async (error: Error) => {
      const counts = await hours();
      const missing = accepted.filter((batch) => counts.get(batch) !== BATCH).map((batch) => `${batch}: ${counts.get(batch) ?? 0}`);
      throw new Error(`${error.message}; batches short: ${missing.join(', ')}\n${cluster.logs()}`);
    });
    expect(await duplicatedIds(prefix)).toEqual([]);
    // Nothing was SIGKILLed: every process is still the one started before the restart.
    for (const node of [...cluster.apis, ...cluster.workers]) expect(node.alive, node.name).toBe(true);
  }, 180_000);

  it('fans live updates out across API nodes: a client on node B sees posts ingested through node A', async () => {
    const { cluster } = await footprint(2, 1);
    const [a, b] = cluster.apis;
    const token = await a.login();
    const marker = `fanout${run}`;
    const socket: Socket = io(`${b.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
    cleanups.push(async () => void socket.disconnect());
    interface LiveUpdate {
      total: number;
      latest: Array<{ id: string; text: string }>;
    }
    const updates: LiveUpdate[] = [];
    socket.on('live:update', (update: LiveUpdate) => updates.push(update));
    // The window is sent on connect: the client is subscribed before anything is ingested.
    await waitFor('the first live:update from node B', async () => (updates.length > 0 ? true : undefined), 15_000, 50);

    const now = Date.now();
    const posts = postsAt(marker, 5, new Date(now - 5_000), 1_000).map((p) => ({ ...p, text: `Sin señal en Rosario ${marker}` }));
    expect((await a.request('POST', '/api/v1/posts', posts)).status).toBe(202);
    await waitFor(
      'node B to push the posts ingested through node A',
      async () => (updates.some((u) => u.latest.filter((p) => p.text.includes(marker)).length === 5) ? true : undefined),
      20_000,
      50,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${cluster.logs()}`);
    });
  }, 120_000);

  it('spreads a taxonomy change from one API node to the others and to the workers, and re-categorises history', async () => {
    const { cluster } = await footprint(2, 1);
    const [a, b] = cluster.apis;
    b.useToken(await a.login());
    const marker = `fiber${run}`;
    const old = postsAt(marker, 3, new Date('2026-04-10T10:00:00Z'), 60_000).map((p) => ({ ...p, text: `cuándo llega la fibra? ${marker}` }));
    expect((await a.request('POST', '/api/v1/posts', old)).status).toBe(202);
    const range = 'from=2026-04-10T00:00:00Z&to=2026-04-11T00:00:00Z';
    await waitFor('the posts to be stored', async () => ((await a.request<{ total: number }>('GET', `/api/v1/posts?${range}&q=${marker}`)).body.total === 3 ? true : undefined), 30_000);

    type Taxonomy = { version: number; groups: Array<{ id: string }> };
    const before = (await a.request<Taxonomy>('GET', '/api/v1/taxonomy')).body;
    const saved = await a.request<{ taxonomy: Taxonomy }>('PUT', '/api/v1/taxonomy', { ...before, groups: [...before.groups, { id: 'fiber', query: 'fibra OR fiber' }] });
    expect(saved.status).toBe(200);
    const version = saved.body.taxonomy.version;

    // Node B learns it from the store, and the worker re-categorises history with it.
    await waitFor('node B to use the new taxonomy', async () => ((await b.request<Taxonomy>('GET', '/api/v1/taxonomy')).body.version === version ? true : undefined), 20_000);
    await waitFor(
      'the re-categorisation to finish',
      async () => ((await b.request<{ state: string }>('GET', '/api/v1/taxonomy/recategorization')).body.state === 'done' ? true : undefined),
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${cluster.logs()}`);
    });
    const topics = await b.request<{ items: Array<{ key: string; count: number }> }>('GET', `/api/v1/history/breakdown?${range}&split=topic`);
    expect(topics.body.items).toContainEqual(expect.objectContaining({ key: 'fiber', count: 3 }));

    // A post ingested through node B now is categorised by the worker with the new taxonomy.
    const fresh = postsAt(`${marker}b`, 1, new Date('2026-04-10T12:00:00Z'), 1).map((p) => ({ ...p, text: `la fibra no llega ${marker}b` }));
    expect((await b.request('POST', '/api/v1/posts', fresh)).status).toBe(202);
    await waitFor(
      'the new post to carry the new topic',
      async () => ((await b.request<{ total: number }>('GET', `/api/v1/posts?${range}&q=${marker}b&topic=fiber`)).body.total === 1 ? true : undefined),
      30_000,
    );
  }, 180_000);
});
