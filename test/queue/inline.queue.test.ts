import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InlineJobQueue, type AnyJob, type NewJob } from '@escucha/queue';
import { describeJobQueueContract } from '../contract/job-queue.contract';
import * as waits from '../support/waits';

const quiet = { warn: () => undefined };

describeJobQueueContract('inline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'escucha-queue-'));
  const opened: InlineJobQueue[] = [];
  const openOne = async (): Promise<InlineJobQueue> => {
    const queue = await InlineJobQueue.open({ dir, ...quiet });
    opened.push(queue);
    return queue;
  };
  return {
    queue: await openOne(),
    reopen: openOne,
    close: async () => {
      await Promise.all(opened.map((q) => q.close()));
      await rm(dir, { recursive: true, force: true });
    },
  };
});

/** The crash tests run the compiled driver in a child; `npm test` builds it first. */
const COMPILED = resolve(__dirname, '../../dist/libs/queue/src/inline/inline.queue.js');
const CHILD = resolve(__dirname, 'fixtures/queue-child.cjs');

describe('inline job queue', () => {
  let dir: string;
  const opened: InlineJobQueue[] = [];
  const children: ChildProcess[] = [];

  const openQueue = async (extra: { compactAfterBytes?: number } = {}): Promise<InlineJobQueue> => {
    const queue = await InlineJobQueue.open({ dir, ...quiet, ...extra });
    opened.push(queue);
    return queue;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'escucha-queue-'));
  });
  afterEach(async () => {
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
    }
    await Promise.all(opened.splice(0).map((q) => q.close()));
    await rm(dir, { recursive: true, force: true });
  });

  describe('after kill -9', () => {
    beforeEach(() => {
      if (!existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: run "npm run build" first.`);
    });

    it('still has every job whose add had resolved', async () => {
      const n = 200;
      const child = startChild(children, dir, 'add', String(n));
      const line = await within(child.lines.next(), 'ADDED');
      expect(line.value).toBe(`ADDED ${n}`);
      await kill(child.process);

      const queue = await openQueue();
      expect(await queue.counts('ingest')).toMatchObject({ waiting: n, active: 0 });
      const seen = await drainAll(queue);
      expect(seen.map((j) => j.id).sort()).toEqual(Array.from({ length: n }, (_, i) => `crash-${i}`).sort());
      for (const j of seen) {
        const i = Number(j.id.slice('crash-'.length));
        expect(j.data).toEqual({
          receivedAt: '2025-03-04T05:06:07.000Z',
          posts: [{ id: `p${i}`, source: 'x', text: `crash ${i} ¿qué? 🚀`, createdAt: '2025-03-04T05:06:00.000Z', author: { id: 'u', handle: '@u' } }],
        });
      }
    });

    it('runs again every job that had not finished', async () => {
      const n = 100;
      const first = await openQueue();
      await first.addBulk('ingest', Array.from({ length: n }, (_, i) => job(`k-${i}`)));
      await first.close();

      const child = startChild(children, dir, 'process');
      const done = new Set<string>();
      await within(
        (async () => {
          while (done.size < 20) {
            const line = await child.lines.next();
            if (line.done) throw new Error('the child stopped early');
            done.add(line.value.replace(/^DONE /, ''));
          }
        })(),
        '20 jobs done',
      );
      await kill(child.process);

      const queue = await openQueue();
      const rerun = new Set((await drainAll(queue)).map((j) => j.id));
      for (let i = 0; i < n; i++) {
        const id = `k-${i}`;
        if (!done.has(id)) expect(rerun.has(id), `${id} was neither done nor run again`).toBe(true);
      }
      // Completions are journalled too: at most the job or two finishing at the kill run twice.
      expect(rerun.size).toBeLessThanOrEqual(n - done.size + 3);
    });

    it('fails a job whose last attempt the crash cut short, instead of retrying it forever', async () => {
      const first = await openQueue();
      await first.add('ingest', { ...job('poison'), opts: { jobId: 'poison', attempts: 1 } });
      await first.close();

      const child = startChild(children, dir, 'hang');
      const line = await within(child.lines.next(), 'STARTED');
      expect(line.value).toBe('STARTED poison 1');
      // The try is journalled without an fsync; kill -9 keeps the page cache, so wait until it is written.
      await eventually(async () => expect(await readFile(join(dir, 'ingest.ndjson'), 'utf8')).toContain('"e":"s"'));
      await kill(child.process);

      const queue = await openQueue();
      expect(await queue.counts('ingest')).toMatchObject({ waiting: 0, failed: 1 });
      const [failure] = await queue.failed('ingest', 1);
      expect(failure).toMatchObject({ id: 'poison', attempts: 1 });
      expect(failure.error).toMatch(/interrupted/);
    });
  });

  it('drops a torn last line and appends cleanly after it', async () => {
    const first = await openQueue();
    await first.addBulk('ingest', [job('t-1'), job('t-2')]);
    await first.close();
    // What a write cut short by a crash leaves behind: a line without its end.
    await appendFile(join(dir, 'ingest.ndjson'), '{"e":"a","id":"torn","n":"posts.ingest","t":5,"b":1000,"m":0,"x":1,"l":99}\t{"receivedAt":');

    const second = await openQueue();
    expect((await second.counts('ingest')).waiting).toBe(2);
    await second.add('ingest', job('t-3'));
    await second.close();

    const third = await openQueue();
    expect((await drainAll(third)).map((j) => j.id).sort()).toEqual(['t-1', 't-2', 't-3']);
  });

  it('compacts a settled journal, keeping failures, completed ids and unsettled jobs', async () => {
    const journal = join(dir, 'ingest.ndjson');
    const first = await openQueue({ compactAfterBytes: 32 * 1024 });
    // Two jobs that stay unsettled throughout: their retry is an hour away.
    await first.addBulk('ingest', [
      { ...job('slow-1'), opts: { jobId: 'slow-1', attempts: 3, backoffMs: 3_600_000 } },
      { ...job('slow-2'), opts: { jobId: 'slow-2', attempts: 3, backoffMs: 3_600_000 } },
    ]);
    await first.add('ingest', { ...job('bad'), opts: { jobId: 'bad', attempts: 1 } });
    first.process('ingest', async (j) => {
      if (j.id === 'bad' || j.id.startsWith('slow-')) throw new Error(`no ${j.id}`);
    });
    const total = 400;
    for (let i = 0; i < total; i += 50) {
      await first.addBulk('ingest', Array.from({ length: 50 }, (_, k) => job(`done-${i + k}`, 1024)));
    }
    await eventually(async () => expect(await first.counts('ingest')).toEqual({ waiting: 0, active: 0, delayed: 2, failed: 1 }));
    await first.close();
    // 400 jobs of over 1 KiB went through; far less is left.
    expect((await stat(journal)).size).toBeLessThan(64 * 1024);

    const second = await openQueue({ compactAfterBytes: 32 * 1024 });
    expect(await second.counts('ingest')).toEqual({ waiting: 2, active: 0, delayed: 0, failed: 1 });
    expect((await second.failed('ingest', 10)).map((f) => [f.id, f.error])).toEqual([['bad', 'no bad']]);
    expect(await second.add('ingest', job(`done-${total - 1}`))).toEqual({ id: `done-${total - 1}`, duplicate: true });
    expect(await second.add('ingest', job('done-0'))).toEqual({ id: 'done-0', duplicate: true });
    const rerun = await drainAll(second);
    // Their first try was counted before the compaction and kept by it.
    expect(rerun.map((j) => [j.id, j.attempt]).sort()).toEqual([
      ['slow-1', 2],
      ['slow-2', 2],
    ]);
  });

  it('refuses a second instance on the same directory', async () => {
    await openQueue();
    await expect(InlineJobQueue.open({ dir, ...quiet })).rejects.toThrow(/already open/);
  });

  it('does not keep the process alive once closed with retries pending', async () => {
    // Checked from the outside: a child that closes a queue with a delayed retry must exit on its own.
    if (!existsSync(COMPILED)) throw new Error(`${COMPILED} is missing: run "npm run build" first.`);
    const script = `
      const { InlineJobQueue } = require(${JSON.stringify(COMPILED)});
      (async () => {
        const q = await InlineJobQueue.open({ dir: ${JSON.stringify(dir)} });
        q.process('ingest', async () => { throw new Error('later'); });
        await q.add('ingest', { name: 'posts.ingest', data: { posts: [], receivedAt: 'x' }, opts: { backoffMs: 3600000 } });
        while ((await q.counts('ingest')).delayed === 0) await new Promise((r) => setTimeout(r, 5));
        await q.close();
      })();`;
    const child = spawn(process.execPath, ['-e', script], { stdio: 'inherit' });
    children.push(child);
    const [code] = (await within(once(child, 'exit'), 'child exit')) as [number | null];
    expect(code).toBe(0);
  });
});

function job(tag: string, size = 0): NewJob<'posts.ingest'> {
  return {
    name: 'posts.ingest',
    data: {
      receivedAt: '2025-03-04T05:06:07.000Z',
      posts: [{ id: tag, source: 'x', text: `text of ${tag} ${'x'.repeat(size)}`, createdAt: '2025-03-04T05:06:00.000Z', author: { id: 'u', handle: '@u' } }],
    },
    opts: { jobId: tag },
  };
}

/** Processes everything waiting on ingest and returns the jobs seen, in order. */
async function drainAll(queue: InlineJobQueue): Promise<AnyJob[]> {
  const seen: AnyJob[] = [];
  queue.process('ingest', async (j) => {
    seen.push(j);
  });
  await within(queue.drained('ingest'), 'drained');
  return seen;
}

interface Child {
  process: ChildProcess;
  /** Its stdout, line by line. */
  lines: AsyncIterableIterator<string>;
}

function startChild(children: ChildProcess[], dir: string, ...args: string[]): Child {
  const child = spawn(process.execPath, [CHILD, COMPILED, dir, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  if (!child.stdout) throw new Error('child has no stdout');
  return { process: child, lines: createInterface({ input: child.stdout })[Symbol.asyncIterator]() };
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  // Reaped before the reopen: until then its pid still looks alive to the directory lock.
  await within(exited, 'child exit');
}

const within = <T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> => waits.within(promise, what, ms);
const eventually = (check: () => Promise<void>, ms = 10_000): Promise<void> => waits.eventually(check, ms);
