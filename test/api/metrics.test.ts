import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerNode } from '../support/cluster';
import { parseMetrics, valueOf, type Sample } from '../support/metrics';
import { aPostInput, somePostInputs } from '../support/post-inputs';
import { startRedis, type RunningRedis } from '../support/redis';
import { onFreePort, TestServer, waitFor } from '../support/server';

const METRICS_TOKEN = 'metrics-token-for-the-test';

async function scrape(url: string, authorization?: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} });
  return { status: response.status, type: response.headers.get('content-type'), text: await response.text() };
}

async function samplesOf(url: string): Promise<Sample[]> {
  const { status, text } = await scrape(url, `Bearer ${METRICS_TOKEN}`);
  expect(status).toBe(200);
  return parseMetrics(text);
}

describe('/metrics on the embedded footprint', () => {
  const server = new TestServer({ METRICS_TOKEN });
  const open = new TestServer();

  beforeAll(async () => {
    await Promise.all([server.start(), open.start()]);
    await server.login();
  });
  afterAll(() => Promise.all([server.stop(), open.stop()]));

  it('counts ingested and rejected posts, requests by declared route, job and store write durations, and queue depth', async () => {
    const marker = `metrics${Date.now()}`;
    const good = somePostInputs(5, { text: `sin señal ${marker}` });
    const bad = [{ ...aPostInput(), author: { id: 'u1' } }, { ...aPostInput(), author: { id: 'u2' } }];
    const answer = await server.request<{ accepted: number; rejected: unknown[] }>('POST', '/api/v1/posts', [...good, ...bad]);
    expect(answer.status).toBe(202);
    expect(answer.body.accepted).toBe(5);
    expect(answer.body.rejected).toHaveLength(2);
    // Every record bad: refused whole, and its records still count as rejected.
    expect((await server.request('POST', '/api/v1/posts', [bad[0]])).status).toBe(400);
    await server.waitForTotal(`q=${marker}&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`, 5);
    const labelled = (await server.request('PATCH', '/api/v1/posts/not-a-post-id/labels', { sentiment: 'negative' })).status;

    const samples = await samplesOf(server.url);
    expect(valueOf(samples, 'escucha_posts_ingested_total', { queue: 'ingest' })).toBe(5);
    expect(valueOf(samples, 'escucha_posts_rejected_total', { queue: 'ingest' })).toBe(3);

    // Requests by the declared route, never by the raw path.
    expect(valueOf(samples, 'escucha_http_requests_total', { method: 'POST', route: '/api/v1/posts', status: '202' })).toBe(1);
    expect(valueOf(samples, 'escucha_http_requests_total', { method: 'POST', route: '/api/v1/posts', status: '400' })).toBe(1);
    expect(valueOf(samples, 'escucha_http_requests_total', { method: 'PATCH', route: '/api/v1/posts/:id/labels', status: String(labelled) })).toBe(1);
    expect(valueOf(samples, 'escucha_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/posts', status: '202' })).toBe(1);
    expect(samples.some((s) => Object.values(s.labels).some((v) => v.includes('not-a-post-id')))).toBe(false);

    // The five posts went through at least one ingest job and one store write.
    const jobs = valueOf(samples, 'escucha_job_duration_seconds_count', { queue: 'ingest', name: 'posts.ingest', outcome: 'completed' });
    expect(jobs).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'escucha_job_duration_seconds_bucket', { queue: 'ingest', name: 'posts.ingest', outcome: 'completed', le: '+Inf' })).toBe(jobs);
    expect(valueOf(samples, 'escucha_job_duration_seconds_sum', { queue: 'ingest', name: 'posts.ingest', outcome: 'completed' })).toBeGreaterThan(0);
    expect(valueOf(samples, 'escucha_store_write_duration_seconds_count', { store: 'duckdb', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'escucha_store_written_posts_total', { store: 'duckdb', outcome: 'ok' })).toBe(5);

    // Read from the queue at scrape time: every queue and state, and nothing left once it drained.
    for (const queue of ['ingest', 'batch']) {
      for (const state of ['waiting', 'active', 'delayed', 'failed']) {
        expect(valueOf(samples, 'escucha_queue_depth', { queue, state }), `${queue} ${state}`).toBe(0);
      }
    }
    for (const queue of ['ingest', 'batch']) expect(valueOf(samples, 'escucha_queue_lag_seconds', { queue }), `${queue} lag`).toBe(0);

    // Alert detection runs in this process but has not taken over: its replay ends minutes before now, where these posts are not.
    expect(valueOf(samples, 'escucha_alerts_judged_until_seconds')).toBe(0);

    // prom-client's default process metrics.
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('reports clients connected to /live, read when scraped', async () => {
    const token = await server.login();
    const before = valueOf(await samplesOf(server.url), 'escucha_live_clients');
    expect(before).toBe(0);
    const sockets: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const socket = io(`${server.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
        sockets.push(socket);
        await new Promise<void>((done, fail) => {
          socket.once('live:update', () => done());
          socket.once('connect_error', fail);
        });
      }
      expect(valueOf(await samplesOf(server.url), 'escucha_live_clients')).toBe(2);
    } finally {
      for (const socket of sockets) socket.disconnect();
    }
    await waitFor('the clients to be gone', async () => (valueOf(await samplesOf(server.url), 'escucha_live_clients') === 0 ? true : undefined), 5_000);
  });

  it('requires METRICS_TOKEN as a Bearer token when it is set', async () => {
    for (const authorization of [undefined, 'Bearer wrong-token-of-some-length', `Bearer ${METRICS_TOKEN}x`, `Basic ${METRICS_TOKEN}`, METRICS_TOKEN]) {
      const refused = await scrape(server.url, authorization);
      expect(refused.status, String(authorization)).toBe(401);
      expect(refused.text, String(authorization)).not.toContain('escucha_');
    }
    // A user's sign-in token is not the metrics token either.
    expect((await scrape(server.url, `Bearer ${await server.login()}`)).status).toBe(401);
    const allowed = await scrape(server.url, `Bearer ${METRICS_TOKEN}`);
    expect(allowed.status).toBe(200);
    // Prometheus' text format 0.0.4 (Express puts the charset first; the parameters' order does not matter).
    expect(allowed.type).toMatch(/^text\/plain;/);
    expect(allowed.type).toMatch(/; version=0\.0\.4/);
    expect(allowed.text).toContain('# TYPE escucha_http_requests_total counter');
  });

  it('is open without METRICS_TOKEN', async () => {
    const response = await scrape(open.url);
    expect(response.status).toBe(200);
    expect(parseMetrics(response.text).some((s) => s.name === 'escucha_queue_depth')).toBe(true);
  });
});

describe('/metrics of a separate worker (METRICS_PORT)', () => {
  let redis: RunningRedis;
  let api: TestServer;
  let worker: WorkerNode;
  let workerUrl: string;
  let workerDir: string;

  beforeAll(async () => {
    redis = await startRedis();
    api = new TestServer({ QUEUE: 'bullmq', REDIS_URL: redis.url, SOURCES_KEY: 'ab'.repeat(32), METRICS_TOKEN });
    await api.start();
    await api.login();
    workerDir = mkdtempSync(join(tmpdir(), 'escucha-worker-'));
    worker = await onFreePort((port) => {
      workerUrl = `http://127.0.0.1:${port}`;
      // Its own DuckDB file: what is tested is the worker's figures, not where the posts end up.
      return new WorkerNode('worker', { QUEUE: 'bullmq', REDIS_URL: redis.url, SOURCES_KEY: 'ab'.repeat(32), DATA_DIR: workerDir, HOST: '127.0.0.1', DEMO: 'off', LOG_LEVEL: 'log', METRICS_PORT: String(port), METRICS_TOKEN }).start();
    });
  });
  afterAll(async () => {
    await worker?.kill('SIGTERM');
    await api?.stop();
    await redis?.stop();
    if (workerDir) rmSync(workerDir, { recursive: true, force: true });
  });

  it('exposes the jobs and store writes the worker ran, behind the same token; the API node counts the ingest', async () => {
    expect((await scrape(workerUrl)).status).toBe(401);
    expect((await scrape(workerUrl, 'Bearer wrong-token-of-some-length')).status).toBe(401);
    expect((await api.request('POST', '/api/v1/posts', somePostInputs(4))).status).toBe(202);

    const samples = await waitFor('the worker to write the posts', async () => {
      const found = await samplesOf(workerUrl);
      return valueOf(found, 'escucha_store_written_posts_total', { store: 'duckdb', outcome: 'ok' }) === 4 ? found : undefined;
    });
    expect(valueOf(samples, 'escucha_job_duration_seconds_count', { queue: 'ingest', name: 'posts.ingest', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(samples, 'escucha_queue_depth', { queue: 'ingest', state: 'failed' })).toBe(0);
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name.startsWith('escucha_http_'))).toBe(false);

    const apiSamples = await samplesOf(api.url);
    expect(valueOf(apiSamples, 'escucha_posts_ingested_total', { queue: 'ingest' })).toBe(4);
    // No worker runs inside an API node in scale-out: its job figures are only on the worker.
    expect(apiSamples.some((s) => s.name.startsWith('escucha_job_duration_seconds'))).toBe(false);
  });
});
