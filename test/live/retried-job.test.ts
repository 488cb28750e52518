import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnalyzer } from '@escucha/analysis';
import { loadConfig } from '@escucha/config';
import { systemClock } from '@escucha/core';
import { InlineEnricher } from '@escucha/ingest';
import { InProcessLiveBus, LiveWindow, MAX_WINDOW_MINUTES } from '@escucha/live';
import { InlineJobQueue, type Job } from '@escucha/queue';
import { openDuckDbStores, type DuckDbStores } from '@escucha/store';
import { PostsIngestJob } from '../../apps/worker/src/ingest/posts-ingest.job';
import { PostWriter } from '../../apps/worker/src/ingest/post.writer';
import { somePostInputs } from '../support/post-inputs';

/**
 * The worker's ingest path on the real engine (DuckDB, the durable in-process queue, the
 * in-process live bus and a live window): a job that fails after its posts were stored and
 * published is retried by the queue, and the window still counts each post once.
 */
describe('live window: a job retried after it published', () => {
  const dirs: string[] = [];
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function pipeline(): Promise<{ stores: DuckDbStores; queue: InlineJobQueue; window: LiveWindow; job: PostsIngestJob }> {
    const dir = mkdtempSync(join(tmpdir(), 'escucha-retry-'));
    dirs.push(dir);
    const stores = await openDuckDbStores(join(dir, 'escucha.duckdb'));
    closers.push(() => stores.close());
    const queue = await InlineJobQueue.open(join(dir, 'queue'));
    closers.push(() => queue.close());
    const bus = new InProcessLiveBus();
    const window = new LiveWindow(systemClock);
    bus.subscribe((batch) => window.apply(batch));
    const writer = new PostWriter(stores.posts, bus, loadConfig({}));
    const job = new PostsIngestJob(new InlineEnricher(createAnalyzer()), writer, systemClock);
    return { stores, queue, window, job };
  }

  it('counts each post once when the job runs again after publishing', async () => {
    const { stores, queue, window, job } = await pipeline();
    const tries: number[] = [];
    queue.process('ingest', async (j) => {
      tries.push(j.attempt);
      await job.handle(j as Job<'posts.ingest'>);
      // As if the worker died right after publishing, before the queue heard the job was done.
      if (j.attempt === 1) throw new Error('worker lost after publishing');
    });
    const posts = somePostInputs(25, { createdAt: new Date().toISOString() });
    await queue.add('ingest', { name: 'posts.ingest', data: { posts, receivedAt: new Date().toISOString() }, opts: { backoffMs: 0 } });
    await queue.drained('ingest');

    expect(tries).toEqual([1, 2]);
    expect(await stores.posts.count()).toBe(25);
    expect(window.snapshot(MAX_WINDOW_MINUTES).total).toBe(25);
  });

  it('counts a post re-sent in a later job once, and a new one in the same job', async () => {
    const { queue, window, job } = await pipeline();
    queue.process('ingest', (j) => job.handle(j as Job<'posts.ingest'>));
    const now = new Date().toISOString();
    const [first, ...rest] = somePostInputs(11, { createdAt: now });
    await queue.add('ingest', { name: 'posts.ingest', data: { posts: rest, receivedAt: now } });
    await queue.add('ingest', { name: 'posts.ingest', data: { posts: [first, ...rest.slice(0, 3)], receivedAt: now } });
    await queue.drained('ingest');
    expect(window.snapshot(MAX_WINDOW_MINUTES).total).toBe(11);
  });
});
