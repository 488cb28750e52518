import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BullMqJobQueue, type NewJob } from '@escucha/queue';
import { describeJobQueueContract } from '../contract/job-queue.contract';
import { startRedis, type RunningRedis } from '../support/redis';
import * as waits from '../support/waits';

/** Long enough for apt-get to install redis-server on a fresh machine. */
const START_TIMEOUT_MS = 600_000;
const quiet = { warn: () => undefined };
/** The stalled-job test runs the compiled driver in a child; `npm test` builds it first. */
const COMPILED = resolve(__dirname, '../../dist/libs/queue/src/bullmq/bullmq.queue.js');

let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
}, START_TIMEOUT_MS);
afterAll(async () => {
  await redis?.stop();
});

/** Each test gets its own key prefix, so no test sees another's jobs. */
function freshPrefix(): string {
  return `test-${randomUUID()}`;
}

describeJobQueueContract('bullmq', async () => {
  const prefix = freshPrefix();
  const opened: BullMqJobQueue[] = [];
  const openOne = async (): Promise<BullMqJobQueue> => {
    const queue = await BullMqJobQueue.open({ url: redis.url, prefix, ...quiet });
    opened.push(queue);
    return queue;
  };
  return {
    queue: await openOne(),
    reopen: openOne,
    close: async () => {
      await Promise.all(opened.map((q) => q.close()));
      await deleteKeys(redis.url, prefix);
    },
  };
});

describe('bullmq job queue', () => {
  const opened: BullMqJobQueue[] = [];
  const servers: RunningRedis[] = [];
  const children: ChildProcess[] = [];
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.kill('SIGKILL');
        await exited;
      }
    }
    await Promise.all(opened.splice(0).map((q) => q.close()));
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });

  it('refuses a Redis that may evict keys, naming the setting and the fix', async () => {
    const admin = new Redis(redis.url);
    try {
      await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
      const opening = BullMqJobQueue.open({ url: redis.url, prefix: freshPrefix(), ...quiet });
      await expect(opening).rejects.toThrow(/maxmemory-policy allkeys-lru/);
      await expect(opening).rejects.toThrow(/CONFIG SET maxmemory-policy noeviction/);
    } finally {
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      admin.disconnect();
    }
    // Once fixed, it opens.
    opened.push(await BullMqJobQueue.open({ url: redis.url, prefix: freshPrefix(), ...quiet }));
  });

  it('fires a schedule once per period however many processes declare it', async () => {
    const prefix = freshPrefix();
    const a = await BullMqJobQueue.open({ url: redis.url, prefix, ...quiet });
    const b = await BullMqJobQueue.open({ url: redis.url, prefix, ...quiet });
    opened.push(a, b);
    const runs: number[] = [];
    for (const queue of [a, b]) queue.process('batch', async () => void runs.push(Date.now()));
    const tick: NewJob<'posts.ingest'> = { name: 'posts.ingest', data: { posts: [], receivedAt: new Date(0).toISOString() } };
    await a.schedule('batch', 'cluster-tick', 400, tick);
    await b.schedule('batch', 'cluster-tick', 400, tick);
    await new Promise((r) => setTimeout(r, 2100));
    // Two processes each running their own timer would give about ten runs here.
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.length).toBeLessThanOrEqual(6);
  });

  it('says which Redis it cannot reach', async () => {
    const unused = await startRedis();
    const url = unused.url;
    await unused.stop();
    await expect(BullMqJobQueue.open({ url, ...quiet })).rejects.toThrow(/cannot connect to Redis at redis:\/\/127\.0\.0\.1/);
  });

  it('keeps jobs across a Redis restart and carries on by itself after it', async () => {
    const own = await startRedis();
    servers.push(own);
    const queue = await BullMqJobQueue.open({ url: own.url, prefix: freshPrefix(), ...quiet });
    opened.push(queue);

    // Added before the restart, with no worker yet: only Redis's append-only file keeps them.
    await queue.addBulk('ingest', [job('before-1'), job('before-2'), job('before-3')]);
    await queue.add('batch', job('before-b'));
    await own.restart();

    // The same instance reconnects on its own: its counts, its adds and its new workers all work.
    await eventually(async () => expect(await queue.counts('ingest')).toMatchObject({ waiting: 3 }));
    await queue.add('ingest', job('after-1'));
    const seen: string[] = [];
    queue.process('ingest', async (j) => {
      seen.push(j.id);
    });
    queue.process('batch', async (j) => {
      seen.push(j.id);
    });
    await within(Promise.all([queue.drained('ingest'), queue.drained('batch')]), 'drained after the restart');
    expect(seen.sort()).toEqual(['after-1', 'before-1', 'before-2', 'before-3', 'before-b']);

    // A worker that was running through a second restart picks up jobs added after it.
    await own.restart();
    await eventually(async () => expect(await queue.add('ingest', job('after-2'))).toEqual({ id: 'after-2', duplicate: false }));
    await within(queue.drained('ingest'), 'drained after the second restart');
    expect(seen).toContain('after-2');
    // Completed ids are in the append-only file too: still duplicates after a restart.
    expect(await queue.add('ingest', job('before-1'))).toEqual({ id: 'before-1', duplicate: true });
  });

  it('holds batch jobs while ingest has jobs waiting, and gives them back untried on close', async () => {
    const prefix = freshPrefix();
    const queue = await BullMqJobQueue.open({ url: redis.url, prefix, ...quiet });
    opened.push(queue);
    // Ingest has a backlog and, in this process, no processor: batch must still not start.
    await queue.add('ingest', job('waiting-ingest'));
    await queue.add('batch', { ...job('held'), opts: { jobId: 'held', attempts: 2 } });
    const started: string[] = [];
    queue.process('batch', async (j) => {
      started.push(`${j.id}#${j.attempt}`);
    });
    // Taken by the batch worker (active) but not handed to the processor.
    await eventually(async () => expect(await queue.counts('batch')).toMatchObject({ active: 1, waiting: 0 }));
    await new Promise((r) => setTimeout(r, 200));
    expect(started).toEqual([]);

    await within(queue.close(), 'close with a held batch job');
    expect(started).toEqual([]);

    const again = await BullMqJobQueue.open({ url: redis.url, prefix, ...quiet });
    opened.push(again);
    expect(await again.counts('batch')).toEqual({ waiting: 1, active: 0, delayed: 0, failed: 0 });
    // Once ingest is served, the held job runs, as its first try.
    again.process('ingest', async () => undefined);
    again.process('batch', async (j) => {
      started.push(`${j.id}#${j.attempt}`);
    });
    await within(Promise.all([again.drained('ingest'), again.drained('batch')]), 'drained');
    expect(started).toEqual(['held#1']);
  });

  it('runs again a job whose worker was killed mid-job (stalled), once its lock runs out', async () => {
    if (!existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: run "npm run build" first.`);
    const prefix = freshPrefix();
    // Short locks so the test is quick; the defaults (30 s) only change how soon this happens.
    const fast = { lockDurationMs: 1000, stalledIntervalMs: 300 };
    const queue = await BullMqJobQueue.open({ url: redis.url, prefix, ...fast, ...quiet });
    opened.push(queue);
    await queue.add('ingest', job('orphan'));

    // A worker in another process takes the job and dies with it, as kill -9 or a crash would.
    const script = `
      const { BullMqJobQueue } = require(${JSON.stringify(COMPILED)});
      (async () => {
        const q = await BullMqJobQueue.open({ url: ${JSON.stringify(redis.url)}, prefix: ${JSON.stringify(prefix)},
          lockDurationMs: ${fast.lockDurationMs}, stalledIntervalMs: ${fast.stalledIntervalMs}, warn() {} });
        q.process('ingest', (j) => { console.log('STARTED ' + j.id + ' ' + j.attempt); return new Promise(() => {}); });
      })();`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(child);
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    expect((await within(lines.next(), 'STARTED')).value).toBe('STARTED orphan 1');
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await within(exited, 'child exit');
    expect(await queue.counts('ingest')).toMatchObject({ active: 1, waiting: 0 });

    const seen: string[] = [];
    queue.process('ingest', async (j) => {
      seen.push(`${j.id} ${j.attempt}`);
    });
    await within(queue.drained('ingest'), 'the stalled job run again');
    // A try cut short is not a finished try: the job runs as attempt 1 again, and does not fail.
    expect(seen).toEqual(['orphan 1']);
    expect(await queue.counts('ingest')).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });

  it('accepts any jobId, including ones BullMQ itself refuses', async () => {
    const queue = await BullMqJobQueue.open({ url: redis.url, prefix: freshPrefix(), ...quiet });
    opened.push(queue);
    const ids = ['42', 'x:post:9', 'b64.looks-escaped'];
    expect(await queue.addBulk('ingest', ids.map((id) => job(id)))).toEqual(ids.map((id) => ({ id, duplicate: false })));
    expect(await queue.add('ingest', job('42'))).toEqual({ id: '42', duplicate: true });
    const seen: string[] = [];
    queue.process('ingest', async (j) => {
      seen.push(j.id);
    });
    await within(queue.drained('ingest'), 'drained');
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('adds nothing from a bulk with an invalid job', async () => {
    const queue = await BullMqJobQueue.open({ url: redis.url, prefix: freshPrefix(), ...quiet });
    opened.push(queue);
    await expect(queue.addBulk('ingest', [job('fine'), { ...job('bad'), opts: { attempts: 0 } }])).rejects.toThrow(/attempts/);
    expect(await queue.counts('ingest')).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
  });
});

function job(id: string): NewJob<'posts.ingest'> {
  return {
    name: 'posts.ingest',
    data: {
      receivedAt: '2025-03-04T05:06:07.000Z',
      posts: [{ id, source: 'x', text: `text of ${id}`, createdAt: '2025-03-04T05:06:00.000Z', author: { id: 'u', handle: '@u' } }],
    },
    opts: { jobId: id },
  };
}

/** Removes every key under a test's prefix, so one Redis serves the whole file without growing. */
async function deleteKeys(url: string, prefix: string): Promise<void> {
  const client = new Redis(url);
  try {
    const stream = client.scanStream({ match: `${prefix}:*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length > 0) await client.del(...keys);
    }
  } finally {
    client.disconnect();
  }
}

const within = <T>(promise: Promise<T>, what: string, ms = 20_000): Promise<T> => waits.within(promise, what, ms);
const eventually = (check: () => Promise<void>, ms = 20_000): Promise<void> => waits.eventually(check, ms, 50);
