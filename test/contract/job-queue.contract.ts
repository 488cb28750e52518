import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobPayloads, QueueName } from '@escucha/core';
import type { AnyJob, JobProcessor, JobQueue, NewJob } from '@escucha/queue';
import * as waits from '../support/waits';

/**
 * What every JobQueue driver must do, run against the real engine. `open` gives a fresh, empty
 * queue; `reopen` opens another instance over the same storage (the test closes the previous one
 * first); `close` closes whatever is still open and removes the storage.
 */
export interface JobQueueHarness {
  queue: JobQueue;
  reopen: () => Promise<JobQueue>;
  close: () => Promise<void>;
}

/** Generous: a bound only there so a broken driver fails the test instead of hanging it. */
const WAIT_MS = 10_000;

export function describeJobQueueContract(driverName: string, open: () => Promise<JobQueueHarness>): void {
  describe(`JobQueue contract: ${driverName}`, () => {
    let h: JobQueueHarness;
    let queue: JobQueue;

    beforeEach(async () => {
      h = await open();
      queue = h.queue;
    });
    afterEach(async () => {
      // A failed assertion can leave a processor parked on a gate, and close() waits for it.
      for (const gate of openGates) gate.resolve();
      openGates.clear();
      await h.close();
    });

    it('hands each added job to the processor with its typed payload', async () => {
      const data = payload('typed');
      const added = await queue.add('ingest', { name: 'posts.ingest', data });
      expect(added.duplicate).toBe(false);
      expect(added.id).toMatch(/.+/);

      const seen: AnyJob[] = [];
      queue.process('ingest', async (job) => {
        seen.push(job);
      });
      await within(queue.drained('ingest'), 'drained');

      expect(seen).toHaveLength(1);
      const [got] = seen;
      expect(got).toMatchObject({ id: added.id, queue: 'ingest', name: 'posts.ingest', attempt: 1, maxAttempts: 5 });
      expect(got.data).toEqual(data);
      expect(firstText(got)).toBe(textOf('typed'));
    });

    it('gives every job without a jobId an id of its own', async () => {
      const results = await queue.addBulk('ingest', [job('a'), job('b'), job('c')]);
      expect(results.map((r) => r.duplicate)).toEqual([false, false, false]);
      expect(new Set(results.map((r) => r.id)).size).toBe(3);

      const ids: string[] = [];
      queue.process('ingest', async (j) => {
        ids.push(j.id);
      });
      await within(queue.drained('ingest'), 'drained');
      expect(ids.sort()).toEqual(results.map((r) => r.id).sort());
    });

    it('dedupes by jobId while the job waits, while it runs and after it completed', async () => {
      const first = await queue.add('ingest', job('one', 'dup-1'));
      expect(first).toEqual({ id: 'dup-1', duplicate: false });
      expect(await queue.add('ingest', job('one again', 'dup-1'))).toEqual({ id: 'dup-1', duplicate: true });
      expect((await queue.counts('ingest')).waiting).toBe(1);

      const bulk = await queue.addBulk('ingest', [job('x', 'dup-1'), job('y', 'dup-2'), job('z', 'dup-2')]);
      expect(bulk).toEqual([
        { id: 'dup-1', duplicate: true },
        { id: 'dup-2', duplicate: false },
        { id: 'dup-2', duplicate: true },
      ]);

      const gate = deferred();
      const started = deferred();
      const texts: string[] = [];
      queue.process('ingest', async (j) => {
        texts.push(firstText(j));
        if (j.id === 'dup-1') {
          started.resolve();
          await gate.promise;
        }
      });
      await within(started.promise, 'dup-1 started');
      expect(await queue.add('ingest', job('while active', 'dup-1'))).toEqual({ id: 'dup-1', duplicate: true });
      gate.resolve();
      await within(queue.drained('ingest'), 'drained');

      expect(await queue.add('ingest', job('after completion', 'dup-1'))).toEqual({ id: 'dup-1', duplicate: true });
      expect(await queue.counts('ingest')).toMatchObject({ waiting: 0, active: 0 });
      expect(texts).toEqual([textOf('one'), textOf('y')]);
    });

    it('retries a throwing job with exponential backoff, then fails it and lists the error', async () => {
      const before = Date.now();
      const { id } = await queue.add('ingest', { ...job('doomed', 'doomed-1'), opts: { jobId: 'doomed-1', attempts: 3, backoffMs: 50 } });
      const tries: { attempt: number; at: number; maxAttempts: number }[] = [];
      queue.process('ingest', async (j) => {
        tries.push({ attempt: j.attempt, at: performance.now(), maxAttempts: j.maxAttempts });
        throw new Error(`boom ${j.attempt}`);
      });
      await within(queue.drained('ingest'), 'drained');

      expect(tries.map((t) => t.attempt)).toEqual([1, 2, 3]);
      expect(tries.every((t) => t.maxAttempts === 3)).toBe(true);
      // Timers may fire a millisecond early; doubling shows in the second gap being ~100 ms, not ~50.
      expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(45);
      expect(tries[2].at - tries[1].at).toBeGreaterThanOrEqual(95);

      const failed = await queue.failed('ingest', 10);
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ id, queue: 'ingest', name: 'posts.ingest', attempts: 3, error: 'boom 3' });
      expect(failed[0].failedAt).toBeInstanceOf(Date);
      expect(failed[0].failedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(failed[0].failedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
      expect(await queue.counts('ingest')).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    });

    it('does not list a job that succeeded on a retry', async () => {
      await queue.add('ingest', { ...job('flaky'), opts: { attempts: 3, backoffMs: 10 } });
      const attempts: number[] = [];
      queue.process('ingest', async (j) => {
        attempts.push(j.attempt);
        if (j.attempt === 1) throw new Error('transient');
      });
      await within(queue.drained('ingest'), 'drained');
      expect(attempts).toEqual([1, 2]);
      expect(await queue.failed('ingest', 10)).toEqual([]);
      expect((await queue.counts('ingest')).failed).toBe(0);
    });

    it('lists failures newest first, up to the limit', async () => {
      for (const tag of ['f1', 'f2', 'f3']) {
        await queue.add('batch', { ...job(tag, tag), opts: { jobId: tag, attempts: 1 } });
      }
      queue.process('batch', async (j) => {
        throw new Error(`bad ${j.id}`);
      });
      await within(queue.drained('batch'), 'drained');
      const two = await queue.failed('batch', 2);
      expect(two.map((f) => [f.id, f.error])).toEqual([
        ['f3', 'bad f3'],
        ['f2', 'bad f2'],
      ]);
      expect((await queue.failed('batch', 10)).map((f) => f.id)).toEqual(['f3', 'f2', 'f1']);
      expect(await queue.failed('ingest', 10)).toEqual([]);
    });

    it('runs a failed jobId again when it is added again', async () => {
      let fail = true;
      const runs: number[] = [];
      queue.process('ingest', async (j) => {
        runs.push(j.attempt);
        if (fail) throw new Error('store down');
      });
      await queue.add('ingest', { ...job('retry me', 'again-1'), opts: { jobId: 'again-1', attempts: 1 } });
      await within(queue.drained('ingest'), 'first drain');
      expect((await queue.failed('ingest', 10)).map((f) => f.id)).toEqual(['again-1']);

      fail = false;
      expect(await queue.add('ingest', job('retry me', 'again-1'))).toEqual({ id: 'again-1', duplicate: false });
      await within(queue.drained('ingest'), 'second drain');
      expect(runs).toEqual([1, 1]);
      expect(await queue.failed('ingest', 10)).toEqual([]);
    });

    it('serves ingest before batch when both have jobs waiting', async () => {
      await queue.addBulk('batch', [job('b1'), job('b2'), job('b3')]);
      await queue.addBulk('ingest', [job('i1'), job('i2'), job('i3')]);
      const order: string[] = [];
      const work =
        (queueName: QueueName): JobProcessor =>
        async (j) => {
          order.push(`${queueName}:${firstText(j)}`);
          await sleep(5);
        };
      queue.process('ingest', work('ingest'));
      queue.process('batch', work('batch'));
      await within(Promise.all([queue.drained('ingest'), queue.drained('batch')]), 'drained');
      expect(order.map((s) => s.split(':')[0])).toEqual(['ingest', 'ingest', 'ingest', 'batch', 'batch', 'batch']);
    });

    it('starts no batch job while ingest jobs are waiting', async () => {
      const events: string[] = [];
      const firstBatch = deferred();
      queue.process('ingest', async (j) => {
        events.push(`start ingest ${firstText(j)}`);
        await sleep(20);
      });
      queue.process('batch', async (j) => {
        events.push(`start batch ${firstText(j)}`);
        firstBatch.resolve();
        await sleep(30);
      });
      await queue.addBulk('batch', [job('b1'), job('b2'), job('b3'), job('b4')]);
      await within(firstBatch.promise, 'first batch job');
      await queue.addBulk('ingest', [job('i1'), job('i2'), job('i3'), job('i4')]);
      events.push('ingest added');
      await within(Promise.all([queue.drained('ingest'), queue.drained('batch')]), 'drained');

      const added = events.indexOf('ingest added');
      const lastIngest = Math.max(...events.map((e, i) => (e.startsWith('start ingest') ? i : -1)));
      const batchStartsBetween = events.slice(added, lastIngest).filter((e) => e.startsWith('start batch'));
      expect(batchStartsBetween).toEqual([]);
      expect(events.filter((e) => e.startsWith('start'))).toHaveLength(8);
    });

    it('keeps batch moving while ingest is idle', async () => {
      queue.process('ingest', async () => undefined);
      const done: string[] = [];
      queue.process('batch', async (j) => {
        done.push(j.id);
      });
      const added = await queue.addBulk('batch', [job('1'), job('2'), job('3'), job('4'), job('5')]);
      await within(queue.drained('batch'), 'batch drained');
      expect(done.sort()).toEqual(added.map((r) => r.id).sort());
    });

    it('runs up to `concurrency` jobs at once', async () => {
      const gate = deferred();
      let running = 0;
      let peak = 0;
      queue.process(
        'ingest',
        async () => {
          running++;
          peak = Math.max(peak, running);
          await gate.promise;
          running--;
        },
        { concurrency: 3 },
      );
      await queue.addBulk('ingest', [job('1'), job('2'), job('3'), job('4'), job('5')]);
      await eventually(async () => expect(running).toBe(3));
      // Held long enough for a fourth to start, were the limit not enforced.
      await sleep(50);
      expect(await queue.counts('ingest')).toMatchObject({ active: 3, waiting: 2 });
      gate.resolve();
      await within(queue.drained('ingest'), 'drained');
      expect(peak).toBe(3);
    });

    it('counts waiting, active, delayed and failed jobs', async () => {
      expect(await queue.counts('batch')).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
      await queue.add('batch', { ...job('later'), opts: { attempts: 2, backoffMs: 60_000 } });
      await queue.add('batch', { ...job('never'), opts: { attempts: 1 } });
      expect(await queue.counts('batch')).toEqual({ waiting: 2, active: 0, delayed: 0, failed: 0 });
      queue.process('batch', async () => {
        throw new Error('no');
      });
      await eventually(async () => expect(await queue.counts('batch')).toEqual({ waiting: 0, active: 0, delayed: 1, failed: 1 }));
      expect(await settlesWithin(queue.drained('batch'), 100)).toBe(false);

      await queue.addBulk('ingest', [job('1'), job('2')]);
      const gate = deferred();
      queue.process('ingest', () => gate.promise);
      await eventually(async () => expect(await queue.counts('ingest')).toEqual({ waiting: 1, active: 1, delayed: 0, failed: 0 }));
      gate.resolve();
      await within(queue.drained('ingest'), 'ingest drained');
      expect(await queue.counts('ingest')).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 0 });
    });

    it('says when the oldest unfinished job was added, waiting, running or retrying, across a restart', async () => {
      expect(await queue.oldestUnfinished('ingest')).toBeUndefined();
      const before = Date.now();
      await queue.add('ingest', job('first', 'lag-1'));
      const after = Date.now();
      await sleep(30);
      await queue.add('ingest', job('second', 'lag-2'));
      await queue.add('batch', job('other queue', 'lag-b'));

      const oldest = (await queue.oldestUnfinished('ingest'))?.getTime();
      expect(oldest).toBeGreaterThanOrEqual(before);
      expect(oldest).toBeLessThanOrEqual(after);

      await queue.close();
      const again = await h.reopen();
      expect((await again.oldestUnfinished('ingest'))?.getTime()).toBe(oldest);

      // Running is not finished: the first still counts while it runs, and while it waits out a
      // retry after failing; the second counts once the first is done.
      const gate = deferred();
      const tries: string[] = [];
      again.process(
        'ingest',
        async (j) => {
          tries.push(j.id);
          if (j.id === 'lag-1' && j.attempt === 1) throw new Error('once');
          await gate.promise;
        },
        { concurrency: 1 },
      );
      await eventually(async () => expect(tries).toEqual(['lag-1', 'lag-2']));
      expect((await again.oldestUnfinished('ingest'))?.getTime()).toBe(oldest);
      gate.resolve();
      await within(again.drained('ingest'), 'drained');
      expect(await again.oldestUnfinished('ingest')).toBeUndefined();
      expect(await again.oldestUnfinished('batch')).toBeDefined();
    });

    it('resolves drained at once when empty, and only after the last active job', async () => {
      expect(await settlesWithin(queue.drained('ingest'), 1000)).toBe(true);
      const gate = deferred();
      const started = deferred();
      queue.process('ingest', async () => {
        started.resolve();
        await gate.promise;
      });
      await queue.add('ingest', job('slow'));
      await within(started.promise, 'started');
      const drained = queue.drained('ingest');
      expect(await settlesWithin(drained, 100)).toBe(false);
      gate.resolve();
      await within(drained, 'drained');
    });

    it('keeps waiting jobs across close and reopen', async () => {
      const jobs = [job('keep 1', 'keep-1'), job('keep 2', 'keep-2'), job('keep 3', 'keep-3')];
      await queue.addBulk('ingest', jobs);
      await queue.add('batch', job('keep b', 'keep-b'));
      await queue.close();

      const again = await h.reopen();
      expect(await again.counts('ingest')).toMatchObject({ waiting: 3, active: 0 });
      expect(await again.counts('batch')).toMatchObject({ waiting: 1 });
      const seen = new Map<string, AnyJob>();
      again.process('ingest', async (j) => {
        seen.set(j.id, j);
      });
      await within(again.drained('ingest'), 'drained after reopen');
      expect([...seen.keys()].sort()).toEqual(['keep-1', 'keep-2', 'keep-3']);
      for (const original of jobs) {
        expect(seen.get(original.opts?.jobId ?? '')?.data).toEqual(original.data);
      }
    });

    it('keeps failures and completed ids across close and reopen', async () => {
      await queue.add('batch', job('fine', 'ok-1'));
      await queue.add('batch', { ...job('broken', 'bad-1'), opts: { jobId: 'bad-1', attempts: 1 } });
      queue.process('batch', async (j) => {
        if (j.id === 'bad-1') throw new Error('nope');
      });
      await within(queue.drained('batch'), 'drained');
      await queue.close();

      const again = await h.reopen();
      const failed = await again.failed('batch', 10);
      expect(failed.map((f) => [f.id, f.error, f.attempts])).toEqual([['bad-1', 'nope', 1]]);
      expect(await again.add('batch', job('fine', 'ok-1'))).toEqual({ id: 'ok-1', duplicate: true });
      expect(await again.counts('batch')).toEqual({ waiting: 0, active: 0, delayed: 0, failed: 1 });
    });

    it('lets the active job finish on close and leaves waiting jobs queued', async () => {
      await queue.addBulk('ingest', [job('c1', 'c1'), job('c2', 'c2'), job('c3', 'c3')]);
      const gate = deferred();
      const started = deferred();
      const ran: string[] = [];
      queue.process('ingest', async (j) => {
        ran.push(j.id);
        started.resolve();
        await gate.promise;
      });
      await within(started.promise, 'started');
      const closing = queue.close();
      expect(await settlesWithin(closing, 100)).toBe(false);
      gate.resolve();
      await within(closing, 'close');
      expect(ran).toEqual(['c1']);

      const again = await h.reopen();
      expect(await again.counts('ingest')).toMatchObject({ waiting: 2, active: 0 });
      again.process('ingest', async (j) => {
        ran.push(j.id);
      });
      await within(again.drained('ingest'), 'drained after reopen');
      expect(ran.sort()).toEqual(['c1', 'c2', 'c3']);
    });

    it('runs a scheduled job every period, and a re-declared schedule replaces the old one', async () => {
      const runs: number[] = [];
      queue.process('batch', async (j) => {
        if (firstText(j) === textOf('tick')) runs.push(Date.now());
      });
      await queue.schedule('batch', 'every-300ms', 300, job('tick'));
      // Declaring it again at start of another process, or twice in one, must not double it.
      await queue.schedule('batch', 'every-300ms', 300, job('tick'));
      await within(
        (async () => {
          while (runs.length < 3) await new Promise((r) => setTimeout(r, 50));
        })(),
        'three scheduled runs',
      );
      const gaps = runs.slice(1).map((at, i) => at - runs[i]);
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(150);
    });

    it('refuses a second processor for the same queue', () => {
      queue.process('batch', async () => undefined);
      expect(() => queue.process('batch', async () => undefined)).toThrow();
    });
  });
}

function textOf(tag: string): string {
  // A newline, a tab and non-ASCII text, so a driver's framing and encoding are exercised.
  return `¿Qué tal? ${tag}\n\t🚀`;
}

function firstText(j: AnyJob): string {
  return j.name === 'posts.ingest' ? j.data.posts[0].text : '';
}

function payload(tag: string, count = 2): JobPayloads['posts.ingest'] {
  return {
    receivedAt: '2025-03-04T05:06:07.000Z',
    posts: Array.from({ length: count }, (_, i) => ({
      id: `${tag}-${i}`,
      source: 'x',
      text: i === 0 ? textOf(tag) : `post ${i} of ${tag}`,
      createdAt: '2025-03-04T05:06:00.000Z',
      author: { id: `u${i}`, handle: `@user${i}`, followers: 10 * i },
      metrics: { likes: i },
    })),
  };
}

function job(tag: string, jobId?: string): NewJob<'posts.ingest'> {
  return { name: 'posts.ingest', data: payload(tag), ...(jobId ? { opts: { jobId } } : {}) };
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
}

const openGates = new Set<Deferred>();

function deferred(): Deferred {
  let release!: () => void;
  const promise = new Promise<void>((r) => (release = r));
  const gate: Deferred = {
    promise,
    resolve: () => {
      openGates.delete(gate);
      release();
    },
  };
  openGates.add(gate);
  return gate;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}


/** Whether the promise settles, either way, within `ms`. It stays observed, so a later rejection is not unhandled. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  const settled = promise.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

const within = <T>(promise: Promise<T>, what: string, ms = WAIT_MS): Promise<T> => waits.within(promise, what, ms);
const eventually = (check: () => Promise<void>, ms = WAIT_MS): Promise<void> => waits.eventually(check, ms);
