import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Journal, type JournalOptions } from './journal';
import { encodeAdded, encodeCompleted, encodeStarted, type JournalRecord } from './journal-records';

/** An added record whose payload is about `bytes` long. */
function added(id: string, bytes: number): Buffer[] {
  const data = Buffer.from(JSON.stringify({ posts: [{ text: 'x'.repeat(bytes) }] }));
  return encodeAdded({ id, name: 'posts.ingest', maxAttempts: 5, backoffMs: 1000, attemptsMade: 0, explicitId: false, addedAt: 1_700_000_000_000, data });
}

const sum = (buffers: readonly Buffer[]): number => buffers.reduce((total, b) => total + b.length, 0);

describe('journal', () => {
  let dir: string;
  let options: JournalOptions;
  const opened: Journal[] = [];

  const open = async (): Promise<{ journal: Journal; records: JournalRecord[] }> => {
    const records: JournalRecord[] = [];
    const journal = await Journal.open(options, (record) => records.push(record));
    opened.push(journal);
    return { journal, records };
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'escucha-journal-'));
    options = { path: join(dir, 'ingest.ndjson'), compactAfterBytes: 1 << 30, liveBytes: () => 0, snapshot: () => [], warn: () => undefined };
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((j) => j.close()));
    await rm(dir, { recursive: true, force: true });
  });

  // Small appends are written from the event loop and large ones through the thread pool; both
  // must land whole, once each, in the order they were made.
  it('keeps small and large appends in order, whichever way each was written', async () => {
    const { journal } = await open();
    const sizes = [200, 300_000, 150, 2_000_000, 64 * 1024, 64 * 1024 + 1, 90];
    const small = added('alone-small', 100);
    const large = added('alone-large', 500_000);
    const written: Buffer[] = [...small, ...large];
    await journal.commit(small);
    await journal.commit(large);
    // Made across ticks without waiting: some join a write already queued, some start their own.
    const commits: Promise<void>[] = [];
    for (const [i, size] of sizes.entries()) {
      const buffers = added(`burst-${i}`, size);
      written.push(...buffers);
      commits.push(journal.commit(buffers));
      const started = encodeStarted(`burst-${i}`, 1);
      written.push(started);
      journal.record(started);
      if (i % 2 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(commits);
    expect(journal.bytes).toBe(sum(written));
    await journal.close();

    expect((await stat(options.path)).size).toBe(sum(written));
    const { records } = await open();
    expect(records.map((r) => `${r.e}:${r.id}`)).toEqual([
      'a:alone-small',
      'a:alone-large',
      ...sizes.flatMap((_, i) => [`a:burst-${i}`, `s:burst-${i}`]),
    ]);
  });

  // Under load one write carries thousands of short started records, more buffers than one
  // writev call takes (IOV_MAX is 1,024 on Linux).
  it('writes every record of an append made of thousands of buffers', async () => {
    const { journal } = await open();
    const ids = Array.from({ length: 3_000 }, (_, i) => `job-${i}`);
    for (const id of ids) journal.record(encodeStarted(id, 1));
    await journal.commit([encodeCompleted('last')]);
    await journal.close();
    const { records } = await open();
    expect(records.map((r) => r.id)).toEqual([...ids, 'last']);
  });

  it('appends after what it replayed', async () => {
    const first = await open();
    await first.journal.commit(added('before', 100));
    await first.journal.close();
    const second = await open();
    await second.journal.commit([encodeCompleted('before')]);
    await second.journal.close();
    const { records } = await open();
    expect(records.map((r) => `${r.e}:${r.id}`)).toEqual(['a:before', 'c:before']);
  });
});
