import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMetrics, valueOf } from '../support/metrics';
import { aPostInput } from '../support/post-inputs';
import { TestServer } from '../support/server';

const METRICS_TOKEN = 'metrics-token-for-the-test';
const INTERVAL_MS = 1_000;
/** One-post requests sent apart, one every TRICKLE_EVERY_MS, without waiting for answers: webhooks arriving. */
const TRICKLE = 40;
const TRICKLE_EVERY_MS = 10;

/** Ingest jobs the server has completed: one per queue write (a group of requests). */
async function ingestJobs(server: TestServer): Promise<number> {
  const response = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  const samples = parseMetrics(await response.text());
  return valueOf(samples, 'escucha_job_duration_seconds_count', { queue: 'ingest', name: 'posts.ingest', outcome: 'completed' }) ?? 0;
}

function onePost(server: TestServer, marker: string, i: number): Promise<number> {
  return server.request('POST', '/api/v1/posts', [aPostInput({ id: `${marker}-${i}`, text: `sin señal ${marker}` })]).then((r) => r.status);
}

/** Sends the trickle and waits until every post of it is answered and stored. */
async function trickle(server: TestServer, marker: string): Promise<void> {
  const answers: Promise<number>[] = [];
  for (let i = 0; i < TRICKLE; i++) {
    answers.push(onePost(server, marker, i));
    await new Promise((r) => setTimeout(r, TRICKLE_EVERY_MS));
  }
  expect(new Set(await Promise.all(answers))).toEqual(new Set([202]));
  await server.waitForTotal(`q=${marker}&from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z`, TRICKLE);
}

describe('queue writes under load (INGEST_QUEUE_INTERVAL_MS)', () => {
  const spaced = new TestServer({ METRICS_TOKEN, INGEST_QUEUE_INTERVAL_MS: String(INTERVAL_MS) });
  const unspaced = new TestServer({ METRICS_TOKEN, INGEST_QUEUE_INTERVAL_MS: '0' });

  beforeAll(async () => {
    await Promise.all([spaced.start(), unspaced.start()]);
    await Promise.all([spaced.login(), unspaced.login()]);
  });
  afterAll(() => Promise.all([spaced.stop(), unspaced.stop()]));

  it('queues a lone post at once, then puts posts arriving apart into writes no closer than the interval', async () => {
    const marker = `spaced${Date.now()}`;
    const before = await ingestJobs(spaced);
    const t0 = performance.now();
    expect(await onePost(spaced, `lone${Date.now()}`, 0)).toBe(202);
    // Not held back waiting for company: the interval only spaces writes that follow one another.
    expect(performance.now() - t0).toBeLessThan(INTERVAL_MS * 0.7);
    await trickle(spaced, marker);
    // The lone post's write, then the trickle (about 400 ms of arrivals) in the next one, or two
    // if it straddles a second interval.
    expect((await ingestJobs(spaced)) - before).toBeLessThanOrEqual(3);
  });

  it('queues them group by group as they come without it (the control)', async () => {
    const marker = `unspaced${Date.now()}`;
    const before = await ingestJobs(unspaced);
    await trickle(unspaced, marker);
    // Each arrival finds the last write done or nearly: many small groups.
    expect((await ingestJobs(unspaced)) - before).toBeGreaterThanOrEqual(8);
  });
});
