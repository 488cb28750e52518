import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Clock, JobName, QueueName } from '@escucha/core';
import type {
  AddResult,
  AnyJob,
  FailedJob,
  JobProcessor,
  JobQueue,
  NewJob,
  QueueCounts,
} from '../queue.port';
import { Fifo } from './fifo';
import { Journal, syncDirectory } from './journal';
import {
  encodeAdded,
  encodeCompleted,
  encodeFailed,
  encodeStarted,
  type JournalRecord,
} from './journal-records';
import { lockDirectory } from './lock';

export interface InlineQueueOptions {
  /** Where the journals live, e.g. `DATA_DIR/queue`; created if missing. */
  dir: string;
  clock?: Clock;
  /** Caller-chosen ids of completed jobs remembered for dedupe; default 10,000. */
  keepCompleted?: number;
  /** Failed jobs kept for `failed()`; default 10,000. */
  keepFailed?: number;
  /** A journal is rewritten only past this size; default 64 MiB. */
  compactAfterBytes?: number;
  warn?: (message: string) => void;
}

/**
 * Serving order, and the list of queues this driver knows. A Record, so a queue added to
 * `QueueName` fails to compile here until it is given a rank.
 */
const RANK: Record<QueueName, number> = { ingest: 0, batch: 1 };
const QUEUES = (Object.keys(RANK) as QueueName[]).sort((a, b) => RANK[a] - RANK[b]);

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_BACKOFF_MS = 1000;
/** Rough size of a record's metadata, so many tiny live jobs still count against compaction. */
const RECORD_OVERHEAD = 128;

interface LiveJob {
  readonly id: string;
  readonly name: JobName;
  /** The payload as JSON bytes: parsed afresh for each try, as a Redis-backed queue would. */
  readonly data: Buffer;
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly explicitId: boolean;
  /** Unix ms of its first add, kept across retries and restarts: how long it has waited. */
  readonly addedAt: number;
  attemptsMade: number;
  timer?: NodeJS.Timeout;
}

interface DrainWaiter {
  resolve(): void;
  reject(error: Error): void;
}

/**
 * One queue's jobs. Every unsettled job is in `live`; where it stands is where else it is:
 * counted in `committing` until its add is on disk, then in `ready`, `delayed`, or counted `active`.
 */
class Lane {
  readonly live = new Map<string, LiveJob>();
  readonly ready = new Fifo<LiveJob>();
  readonly delayed = new Set<LiveJob>();
  /** Insertion-ordered, oldest first, trimmed from the front. */
  readonly completed = new Set<string>();
  readonly failed = new Map<string, FailedJob>();
  committing = 0;
  active = 0;
  liveBytes = 0;
  processor: JobProcessor | undefined;
  concurrency = 1;
  drainWaiters: DrainWaiter[] = [];
  /** Set right after construction: the journal replays into the lane, so it cannot come first. */
  journal!: Journal;

  constructor(
    readonly name: QueueName,
    private readonly keepCompleted: number,
    private readonly keepFailed: number,
    private readonly replayedAt: number,
  ) {}

  get idle(): boolean {
    return this.committing === 0 && this.ready.length === 0 && this.delayed.size === 0 && this.active === 0;
  }

  /** A failed id is not a duplicate: re-adding it is how a caller gives the work another chance. */
  isDuplicate(id: string): boolean {
    return this.live.has(id) || this.completed.has(id);
  }

  track(job: LiveJob): void {
    this.live.set(job.id, job);
    this.liveBytes += job.data.length + RECORD_OVERHEAD;
  }

  untrack(job: LiveJob): void {
    if (this.live.get(job.id) !== job) return;
    this.live.delete(job.id);
    this.liveBytes -= job.data.length + RECORD_OVERHEAD;
  }

  rememberCompleted(id: string): void {
    this.failed.delete(id);
    this.completed.delete(id);
    this.completed.add(id);
    for (const oldest of this.completed) {
      if (this.completed.size <= this.keepCompleted) break;
      this.completed.delete(oldest);
    }
  }

  rememberFailed(failure: FailedJob): void {
    this.completed.delete(failure.id);
    this.failed.delete(failure.id);
    this.failed.set(failure.id, failure);
    for (const oldest of this.failed.keys()) {
      if (this.failed.size <= this.keepFailed) break;
      this.failed.delete(oldest);
    }
  }

  apply(record: JournalRecord): void {
    const known = this.live.get(record.id);
    switch (record.e) {
      case 'a':
        // A rewrite can copy a job whose own append lands after it: the first copy wins.
        if (known) return;
        this.completed.delete(record.id);
        this.failed.delete(record.id);
        this.track({
          id: record.id,
          name: record.name,
          data: record.data,
          maxAttempts: record.maxAttempts,
          backoffMs: record.backoffMs,
          explicitId: record.explicitId,
          // A journal from before the field: its jobs count as added when replayed.
          addedAt: record.addedAt ?? this.replayedAt,
          attemptsMade: record.attemptsMade,
        });
        return;
      case 's':
        if (known) known.attemptsMade = Math.max(known.attemptsMade, record.attempt);
        return;
      case 'c':
        if (known) this.untrack(known);
        if (!known || known.explicitId) this.rememberCompleted(record.id);
        return;
      case 'f':
        if (known) this.untrack(known);
        this.rememberFailed({
          id: record.id,
          queue: this.name,
          name: record.name,
          attempts: record.attempts,
          error: record.error,
          failedAt: new Date(record.failedAt),
        });
        return;
    }
  }

  /** The journal a rewrite starts from: what dedupe and `failed()` need, then every unsettled job. */
  snapshot(): Buffer[] {
    const out: Buffer[] = [];
    for (const id of this.completed) out.push(encodeCompleted(id));
    for (const f of this.failed.values()) {
      out.push(encodeFailed({ ...f, failedAt: f.failedAt.getTime() }));
    }
    // Jobs still committing are included too: their own append may already be behind this point.
    // Should that append then fail, the job survives anyway, which at-least-once allows.
    for (const job of this.live.values()) out.push(...encodeAdded(job));
    return out;
  }

  notifyIfDrained(): void {
    if (!this.idle || this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w.resolve();
  }
}

/**
 * The embedded JobQueue: jobs run in this process, and an append-only journal per queue makes an
 * acknowledged add survive a crash. Follows BullMQ where the port is silent: retries back off as
 * `backoffMs * 2^(try - 1)`; failures are kept (up to `keepFailed`) and listed newest first;
 * completed jobs are trimmed, their ids remembered for dedupe up to `keepCompleted`.
 */
export class InlineJobQueue implements JobQueue {
  private closing = false;
  private closed: Promise<void> | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly schedules = new Map<string, NodeJS.Timeout>();

  private constructor(
    private readonly lanes: ReadonlyMap<QueueName, Lane>,
    private readonly clock: Clock,
    private readonly unlock: () => Promise<void>,
  ) {}

  /** Opens `dir`, replaying its journals: unsettled jobs wait again, failures are listed again. */
  static async open(dirOrOptions: string | InlineQueueOptions): Promise<InlineJobQueue> {
    const options = typeof dirOrOptions === 'string' ? { dir: dirOrOptions } : dirOrOptions;
    const dir = resolve(options.dir);
    const clock = options.clock ?? { now: () => new Date() };
    const warn = options.warn ?? ((message: string) => console.warn(`[queue] ${message}`));
    const keepCompleted = nonNegative(options.keepCompleted ?? 10_000, 'keepCompleted');
    const keepFailed = nonNegative(options.keepFailed ?? 10_000, 'keepFailed');
    const compactAfterBytes = nonNegative(options.compactAfterBytes ?? 64 * 1024 * 1024, 'compactAfterBytes');
    await makeDurableDirectory(dir);
    const unlock = await lockDirectory(dir);
    const lanes = new Map<QueueName, Lane>();
    try {
      for (const name of QUEUES) {
        const lane = new Lane(name, keepCompleted, keepFailed, clock.now().getTime());
        lane.journal = await Journal.open(
          {
            path: join(dir, `${name}.ndjson`),
            compactAfterBytes,
            liveBytes: () => lane.liveBytes,
            snapshot: () => lane.snapshot(),
            warn,
          },
          (record) => lane.apply(record),
        );
        lanes.set(name, lane);
      }
    } catch (error) {
      await Promise.allSettled([...lanes.values()].map((lane) => lane.journal.close()));
      await unlock();
      throw error;
    }
    const queue = new InlineJobQueue(lanes, clock, unlock);
    for (const lane of lanes.values()) queue.requeueReplayed(lane);
    return queue;
  }

  add<N extends JobName>(queue: QueueName, job: NewJob<N>): Promise<AddResult> {
    return this.addBulk(queue, [job]).then((results) => results[0]);
  }

  async addBulk(queue: QueueName, jobs: readonly NewJob[]): Promise<AddResult[]> {
    if (this.closing) throw new Error('the job queue is closed');
    const lane = this.lane(queue);
    // Everything is validated and serialised before anything is queued, so a bad job adds none.
    const prepared = jobs.map(prepare);
    const results: AddResult[] = [];
    const addedAt = this.clock.now().getTime();
    const added: LiveJob[] = [];
    const buffers: Buffer[] = [];
    for (const p of prepared) {
      const explicitId = p.id !== undefined;
      const id = p.id ?? randomUUID();
      if (explicitId && lane.isDuplicate(id)) {
        results.push({ id, duplicate: true });
        continue;
      }
      const live: LiveJob = { ...p, id, explicitId, addedAt, attemptsMade: 0 };
      lane.track(live);
      lane.committing++;
      added.push(live);
      buffers.push(...encodeAdded(live));
      results.push({ id, duplicate: false });
    }
    if (added.length === 0) return results;
    try {
      await lane.journal.commit(buffers);
    } catch (error) {
      for (const live of added) lane.untrack(live);
      lane.committing -= added.length;
      lane.notifyIfDrained();
      throw error;
    }
    lane.committing -= added.length;
    // Only now may they run: a job is never processed before its add is acknowledged.
    for (const live of added) {
      lane.ready.push(live);
      // Its new add supersedes an earlier failure under the same id, here and on replay.
      lane.failed.delete(live.id);
    }
    this.pump();
    return results;
  }

  process(queue: QueueName, processor: JobProcessor, opts?: { concurrency?: number }): void {
    if (this.closing) throw new Error('the job queue is closed');
    const lane = this.lane(queue);
    if (lane.processor) throw new Error(`queue "${queue}" already has a processor`);
    const concurrency = opts?.concurrency ?? 1;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
    }
    lane.processor = processor;
    lane.concurrency = concurrency;
    this.pump();
  }

  async counts(queue: QueueName): Promise<QueueCounts> {
    const lane = this.lane(queue);
    return {
      waiting: lane.committing + lane.ready.length,
      active: lane.active,
      delayed: lane.delayed.size,
      failed: lane.failed.size,
    };
  }

  /** `live` keeps insertion order, and a job is inserted once, when first added (or replayed in journal order). */
  async oldestUnfinished(queue: QueueName): Promise<Date | undefined> {
    for (const job of this.lane(queue).live.values()) return new Date(job.addedAt);
    return undefined;
  }

  async failed(queue: QueueName, limit: number): Promise<FailedJob[]> {
    const lane = this.lane(queue);
    const newestFirst = [...lane.failed.values()].reverse().slice(0, Math.max(0, limit));
    return newestFirst.map((f) => ({ ...f, failedAt: new Date(f.failedAt.getTime()) }));
  }

  drained(queue: QueueName): Promise<void> {
    const lane = this.lane(queue);
    if (lane.idle) return Promise.resolve();
    if (this.closing) return Promise.reject(new Error(`the job queue closed with "${queue}" not drained`));
    return new Promise((resolve, reject) => lane.drainWaiters.push({ resolve, reject }));
  }

  /** One process is the whole cluster here; the slot in the job id keeps a period from running twice. */
  async schedule<N extends JobName>(queue: QueueName, schedulerId: string, everyMs: number, job: NewJob<N>): Promise<void> {
    if (!(everyMs > 0)) throw new RangeError('everyMs must be positive');
    this.lane(queue);
    clearInterval(this.schedules.get(schedulerId));
    const timer = setInterval(() => {
      if (this.closing) return;
      const slot = Math.floor(this.clock.now().getTime() / everyMs);
      this.add(queue, { ...job, opts: { ...job.opts, jobId: `${schedulerId}@${slot}` } }).catch(() => undefined);
    }, everyMs);
    timer.unref();
    this.schedules.set(schedulerId, timer);
  }

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    for (const timer of this.schedules.values()) clearInterval(timer);
    this.schedules.clear();
    for (const lane of this.lanes.values()) {
      // A job waiting out its backoff stays in the journal and runs after the next start.
      for (const job of lane.delayed) {
        clearTimeout(job.timer);
        job.timer = undefined;
        lane.ready.push(job);
      }
      lane.delayed.clear();
    }
    await new Promise<void>((resolve) => {
      if (this.activeCount() === 0) resolve();
      else this.idleWaiters.push(resolve);
    });
    for (const lane of this.lanes.values()) {
      const waiters = lane.drainWaiters;
      lane.drainWaiters = [];
      for (const w of waiters) w.reject(new Error(`the job queue closed with "${lane.name}" not drained`));
    }
    try {
      await Promise.all([...this.lanes.values()].map((lane) => lane.journal.close()));
    } finally {
      await this.unlock();
    }
  }

  private lane(queue: QueueName): Lane {
    const lane = this.lanes.get(queue);
    if (!lane) throw new RangeError(`unknown queue "${String(queue)}"`);
    return lane;
  }

  /** Replayed jobs go back in line, except one whose last try was cut short by a crash. */
  private requeueReplayed(lane: Lane): void {
    for (const job of lane.live.values()) {
      if (job.attemptsMade >= job.maxAttempts) {
        // Retrying it again could crash the process forever; BullMQ fails a stalled job likewise.
        this.fail(lane, job, `interrupted during its last attempt (${job.attemptsMade} of ${job.maxAttempts})`);
      } else {
        lane.ready.push(job);
      }
    }
  }

  private activeCount(): number {
    let n = 0;
    for (const lane of this.lanes.values()) n += lane.active;
    return n;
  }

  /** A queue waits while a queue ranked above it has jobs ready that it is already too busy to take. */
  private outranked(lane: Lane): boolean {
    for (const other of this.lanes.values()) {
      if (RANK[other.name] < RANK[lane.name] && other.processor && other.ready.length > 0) return true;
    }
    return false;
  }

  private pump(): void {
    for (const name of QUEUES) {
      const lane = this.lane(name);
      const processor = lane.processor;
      if (!processor) continue;
      while (!this.closing && lane.active < lane.concurrency && lane.ready.length > 0 && !this.outranked(lane)) {
        const job = lane.ready.shift();
        if (job) this.start(lane, job, processor);
      }
    }
  }

  private start(lane: Lane, job: LiveJob, processor: JobProcessor): void {
    job.attemptsMade++;
    lane.active++;
    lane.journal.record(encodeStarted(job.id, job.attemptsMade));
    void this.execute(lane, job, processor);
  }

  private async execute(lane: Lane, job: LiveJob, processor: JobProcessor): Promise<void> {
    // Yield to the event loop first: with instant processors a backlog would otherwise run as one
    // long chain of microtasks, starving I/O (the journal included) until it is empty.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let failure: unknown;
    let ok = false;
    try {
      const data: unknown = JSON.parse(job.data.toString('utf8'));
      // The journal stores what `add` was given for this name, so the pairing holds.
      const view = {
        id: job.id,
        queue: lane.name,
        name: job.name,
        data,
        attempt: job.attemptsMade,
        maxAttempts: job.maxAttempts,
      };
      await processor(view as AnyJob);
      ok = true;
    } catch (error) {
      failure = error;
    }
    lane.active--;
    if (ok) {
      lane.untrack(job);
      if (job.explicitId) lane.rememberCompleted(job.id);
      lane.journal.record(encodeCompleted(job.id));
    } else if (job.attemptsMade >= job.maxAttempts) {
      this.fail(lane, job, messageOf(failure));
    } else if (this.closing) {
      // Its try is already journalled; the next start retries it.
      lane.ready.push(job);
    } else {
      this.delay(lane, job);
    }
    this.settled(lane);
  }

  private fail(lane: Lane, job: LiveJob, error: string): void {
    const failure: FailedJob = {
      id: job.id,
      queue: lane.name,
      name: job.name,
      attempts: job.attemptsMade,
      error,
      failedAt: this.clock.now(),
    };
    lane.untrack(job);
    lane.rememberFailed(failure);
    lane.journal.record(encodeFailed({ ...failure, failedAt: failure.failedAt.getTime() }));
  }

  private delay(lane: Lane, job: LiveJob): void {
    lane.delayed.add(job);
    const ms = job.backoffMs * 2 ** (job.attemptsMade - 1);
    job.timer = setTimeout(() => {
      job.timer = undefined;
      if (!lane.delayed.delete(job)) return;
      lane.ready.push(job);
      this.pump();
    }, ms);
    // A pending retry must not keep the process alive; it is journalled and resumes after a restart.
    job.timer.unref();
  }

  private settled(lane: Lane): void {
    if (this.closing) {
      if (this.activeCount() === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const resolve of waiters) resolve();
      }
    } else {
      this.pump();
    }
    lane.notifyIfDrained();
  }
}

interface Prepared {
  id: string | undefined;
  name: JobName;
  data: Buffer;
  maxAttempts: number;
  backoffMs: number;
}

function prepare(job: NewJob): Prepared {
  const { jobId, attempts = DEFAULT_ATTEMPTS, backoffMs = DEFAULT_BACKOFF_MS } = job.opts ?? {};
  if (jobId !== undefined && (typeof jobId !== 'string' || jobId.length === 0)) {
    throw new RangeError('jobId must be a non-empty string');
  }
  if (!Number.isSafeInteger(attempts) || attempts < 1) {
    throw new RangeError(`attempts must be a whole number ≥ 1, got ${attempts}`);
  }
  if (!Number.isSafeInteger(backoffMs) || backoffMs < 0) {
    throw new RangeError(`backoffMs must be a whole number of milliseconds ≥ 0, got ${backoffMs}`);
  }
  const json: string | undefined = JSON.stringify(job.data);
  if (json === undefined) throw new RangeError(`job "${job.name}" has no JSON-serialisable data`);
  return { id: jobId, name: job.name, data: Buffer.from(json, 'utf8'), maxAttempts: attempts, backoffMs };
}

/** Creates `dir` if needed and makes each new entry durable, since acknowledged jobs will live in it. */
async function makeDurableDirectory(dir: string): Promise<void> {
  const first = await mkdir(dir, { recursive: true });
  if (first === undefined) return;
  for (let child = dir; ; child = dirname(child)) {
    await syncDirectory(dirname(child));
    if (child === first || dirname(child) === child) return;
  }
}

function nonNegative(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a whole number ≥ 0`);
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
