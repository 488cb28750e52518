import { createReadStream, writevSync } from 'node:fs';
import { open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { decodeRecord, type JournalRecord } from './journal-records';

export interface JournalOptions {
  path: string;
  /** Below this size the journal is never rewritten. */
  compactAfterBytes: number;
  /** Bytes the live (unsettled) records would take in a rewritten journal. */
  liveBytes(): number;
  /** The records a rewritten journal starts with; called when the rewrite begins, never later. */
  snapshot(): Buffer[];
  warn(message: string): void;
}

/**
 * Appends up to this size are copied into the page cache from the event loop; larger ones go to
 * the thread pool. Under many small requests the write itself takes microseconds, but its trip
 * through the pool took ~3 ms: the completion waits for the busy event loop to come round to it,
 * a wait every request in the group paid on top of the fdatasync's own (measured with one-post
 * requests, 32 in flight). 64 KiB takes the event loop tens of microseconds to copy; a bulk job of
 * megabytes would hold it for milliseconds, so it keeps the trip.
 */
const INLINE_WRITE_BYTES = 64 * 1024;

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

type Op =
  | { kind: 'write'; buffers: Buffer[]; bytes: number; durable: boolean; waiters: Waiter[] }
  | { kind: 'compact' }
  | { kind: 'close'; waiter: Waiter };

/**
 * An append-only NDJSON file. Appends are queued and written in order by one loop, so a burst of
 * commits shares one fdatasync (group commit) and a rewrite never interleaves with an append.
 */
export class Journal {
  private readonly ops: Op[] = [];
  private running = false;
  private compactQueued = false;
  private closed = false;
  private broken: Error | undefined;
  /** Bytes in the file; every append starts here, and a failed one is cut back to it. */
  private size: number;
  /** Size right after the last rewrite: the next one waits until the file has doubled. */
  private floor = 0;

  private constructor(
    private readonly options: JournalOptions,
    private file: FileHandle,
    size: number,
  ) {
    this.size = size;
  }

  /** Replays the file through `onRecord`, drops a torn tail, and opens it for appending. */
  static async open(options: JournalOptions, onRecord: (record: JournalRecord) => void): Promise<Journal> {
    const { path } = options;
    // A rewrite that died before its rename left this; the journal itself is intact.
    await rm(`${path}.tmp`, { force: true });
    const existed = await exists(path);
    const { end, skipped } = existed ? await replay(path, onRecord) : { end: 0, skipped: 0 };
    if (skipped > 0) options.warn(`${path}: skipped ${skipped} unreadable journal line(s)`);
    const file = await open(path, 'a');
    try {
      if ((await file.stat()).size > end) {
        // The tail of a write cut short by a crash; appending after it would corrupt the next line.
        await file.truncate(end);
        await file.datasync();
      }
      if (!existed) await syncDirectory(dirname(path));
    } catch (error) {
      await file.close();
      throw error;
    }
    const journal = new Journal(options, file, end);
    journal.maybeCompact();
    return journal;
  }

  get bytes(): number {
    return this.size;
  }

  /** Appends and resolves once the bytes are on disk. */
  commit(buffers: Buffer[]): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('the journal is closed'));
      if (this.broken) return reject(this.broken);
      const op = this.tailWrite();
      op.buffers.push(...buffers);
      op.bytes += byteLength(buffers);
      op.durable = true;
      op.waiters.push({ resolve, reject });
      this.kick();
    });
  }

  /** Appends without waiting for the disk: for records whose loss only means a job runs again. */
  record(buffer: Buffer): void {
    if (this.closed || this.broken) return;
    const op = this.tailWrite();
    op.buffers.push(buffer);
    op.bytes += buffer.length;
    this.kick();
  }

  /** Writes what is queued, then closes the file. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve, reject) => {
      this.ops.push({ kind: 'close', waiter: { resolve, reject } });
      this.kick();
    });
  }

  private tailWrite(): Extract<Op, { kind: 'write' }> {
    const tail = this.ops[this.ops.length - 1];
    if (tail?.kind === 'write') return tail;
    const op: Extract<Op, { kind: 'write' }> = { kind: 'write', buffers: [], bytes: 0, durable: false, waiters: [] };
    this.ops.push(op);
    return op;
  }

  private kick(): void {
    if (this.running) return;
    this.running = true;
    // setImmediate rather than a microtask, so adds made in the same tick join one write and one sync.
    setImmediate(() => void this.run());
  }

  private async run(): Promise<void> {
    for (let op = this.ops.shift(); op; op = this.ops.shift()) {
      if (op.kind === 'write') await this.write(op);
      else if (op.kind === 'compact') await this.compact();
      else await this.shut(op.waiter);
    }
    this.running = false;
  }

  private async write(op: Extract<Op, { kind: 'write' }>): Promise<void> {
    if (this.broken) {
      for (const w of op.waiters) w.reject(this.broken);
      return;
    }
    let syncing = false;
    try {
      const bytesWritten =
        op.bytes <= INLINE_WRITE_BYTES ? writevSync(this.file.fd, op.buffers) : (await this.file.writev(op.buffers)).bytesWritten;
      if (bytesWritten !== op.bytes) throw new Error(`short journal write (${bytesWritten} of ${op.bytes} bytes)`);
      syncing = op.durable;
      if (op.durable) await this.file.datasync();
      this.size += op.bytes;
      for (const w of op.waiters) w.resolve();
    } catch (cause) {
      const error = asError(cause);
      for (const w of op.waiters) w.reject(error);
      if (op.waiters.length === 0) this.options.warn(`${this.options.path}: ${error.message}`);
      await this.cutBack(error, syncing);
    }
    this.maybeCompact();
  }

  /** Removes a partial append so the next line starts clean. */
  private async cutBack(error: Error, afterSync: boolean): Promise<void> {
    try {
      await this.file.truncate(this.size);
    } catch {
      this.broken = error;
    }
    // After a failed fsync the kernel may have dropped dirty pages; trusting a later fsync could
    // acknowledge data that is gone, so stop accepting commits (the process should restart).
    if (afterSync) this.broken = error;
  }

  private maybeCompact(): void {
    if (this.compactQueued || this.closed || !this.worthCompacting()) return;
    this.compactQueued = true;
    this.ops.push({ kind: 'compact' });
    this.kick();
  }

  /** Big enough, and mostly settled, so a rewrite costs at most a third of what it reclaims. */
  private worthCompacting(): boolean {
    if (this.broken) return false;
    const threshold = Math.max(this.options.compactAfterBytes, 2 * this.floor);
    return this.size >= threshold && this.options.liveBytes() * 4 <= this.size;
  }

  /** Rewrites the journal as its live state: temp file, fsync, rename, fsync the directory. */
  private async compact(): Promise<void> {
    this.compactQueued = false;
    if (this.broken) return;
    const { path } = this.options;
    const temp = `${path}.tmp`;
    const buffers = this.options.snapshot();
    const bytes = byteLength(buffers);
    // Only what stays once everything live settles sets the floor: live jobs are the other rule's business.
    const settledBytes = Math.max(0, bytes - this.options.liveBytes());
    try {
      const out = await open(temp, 'w');
      try {
        const { bytesWritten } = await out.writev(buffers);
        if (bytesWritten !== bytes) throw new Error(`short write while compacting (${bytesWritten} of ${bytes} bytes)`);
        await out.datasync();
      } finally {
        await out.close();
      }
    } catch (cause) {
      // The old journal is untouched and still open: carry on with it.
      this.options.warn(`${path}: compaction failed: ${asError(cause).message}`);
      await rm(temp, { force: true }).catch(() => undefined);
      this.floor = this.size;
      return;
    }
    try {
      await rename(temp, path);
    } catch (cause) {
      this.options.warn(`${path}: compaction failed: ${asError(cause).message}`);
      await rm(temp, { force: true }).catch(() => undefined);
      this.floor = this.size;
      return;
    }
    try {
      // The old handle now points at an unlinked file: every later append must go to the new one.
      await this.file.close();
      this.file = await open(path, 'a');
      this.size = bytes;
      this.floor = settledBytes;
      await syncDirectory(dirname(path));
    } catch (cause) {
      this.broken = asError(cause);
      this.options.warn(`${path}: compaction could not be completed: ${this.broken.message}`);
    }
  }

  private async shut(waiter: Waiter): Promise<void> {
    try {
      // A quiet shutdown is a good moment: the next start then replays a short file.
      if (this.worthCompacting()) await this.compact();
      await this.file.close();
      waiter.resolve();
    } catch (error) {
      waiter.reject(asError(error));
    }
  }
}

/** Streams the file line by line; returns where the last complete line ends. */
async function replay(
  path: string,
  onRecord: (record: JournalRecord) => void,
): Promise<{ end: number; skipped: number }> {
  let offset = 0;
  let end = 0;
  let skipped = 0;
  let carry: Buffer[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a, start); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      const piece = chunk.subarray(start, nl);
      const line = carry.length > 0 ? Buffer.concat([...carry, piece]) : piece;
      carry = [];
      const record = line.length > 0 ? decodeRecord(line) : undefined;
      if (record) onRecord(record);
      else if (line.length > 0) skipped++;
      start = nl + 1;
      end = offset + start;
    }
    if (start < chunk.length) carry.push(chunk.subarray(start));
    offset += chunk.length;
  }
  return { end, skipped };
}

/** Makes a created or renamed entry durable. Some platforms cannot open a directory; they journal it. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (isCode(error, 'EISDIR') || isCode(error, 'EPERM') || isCode(error, 'EACCES')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    if (!isCode(error, 'EINVAL') && !isCode(error, 'EBADF')) throw error;
  } finally {
    await handle.close();
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (isCode(error, 'ENOENT')) return false;
    throw error;
  }
}

function byteLength(buffers: readonly Buffer[]): number {
  let total = 0;
  for (const b of buffers) total += b.length;
  return total;
}

export function isCode(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
