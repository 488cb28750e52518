import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, WaitingError, Worker, type Job as BullJob, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { UnavailableError, isUnavailable, type JobName, type JobPayloads, type QueueName } from '@escucha/core';
import type {
  AddResult,
  AnyJob,
  FailedJob,
  JobProcessor,
  JobQueue,
  NewJob,
  QueueCounts,
} from '../queue.port';
import { fromBullId, toBullId } from './job-ids';
import { assertNoEviction, connectRedis, describeRedisUrl, throttled } from './redis-connection';

export interface BullMqQueueOptions {
  /** `redis://[:password@]host:port[/db]` (or `rediss://`). */
  url: string;
  /** Prefix of every key; default `bull`, BullMQ's own, so its dashboards find the queues. Tests give each run its own. */
  prefix?: string;
  /** Completed jobs kept (so their caller-chosen ids still dedupe) per queue; default 10,000. */
  keepCompleted?: number;
  /** ...and for at most this long; default 7 days. */
  keepCompletedSeconds?: number;
  /** Failed jobs kept for `failed()` per queue; default 10,000. */
  keepFailed?: number;
  /** How long a worker's lock on a job lasts unless renewed; BullMQ's default, 30 s. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died (lock expired); BullMQ's default, 30 s. */
  stalledIntervalMs?: number;
  /** A job found stalled more often than this fails instead of going back to wait; BullMQ's default, 1. */
  maxStalledCount?: number;
  warn?: (message: string) => void;
}

/** The BullMQ queue behind each port queue. A Record, so a new `QueueName` must be given one to compile. */
const BULL_QUEUE: Record<QueueName, string> = { ingest: 'escucha-ingest', batch: 'escucha-batch' };

const DEFAULT_ATTEMPTS = 5;
const DEFAULT_BACKOFF_MS = 1000;
/** How often a held batch job looks again whether ingest still has jobs waiting. */
const GATE_POLL_MS = 20;
/** How often `drained()` looks at the counts; one atomic script call each time. */
const DRAIN_POLL_MS = 20;
/** Longest wait between two looks at a dependency that is down (see `run`). */
const MAX_UNAVAILABLE_DELAY_MS = 10_000;

/** Delayed jobs (waiting out a retry) whose add times `oldestUnfinished` reads: the ones due soonest. */
const DELAYED_LOOKED_AT = 100;

/**
 * The oldest add time (ms) among the jobs of a queue not finished, or nil. BullMQ pushes adds at the
 * head of the wait list and starts jobs from its tail into the head of the active list, so each
 * list's tail is its oldest. The delayed set is ordered by when a job is due, not by when it was
 * added, so only the first DELAYED_LOOKED_AT are read: retries of a backlog are due in the order
 * they failed, which is close to the order they were added. Wait-list markers ("0:...", BullMQ 4)
 * are not jobs.
 */
const OLDEST_UNFINISHED = `
local oldest = nil
local function consider(id)
  if not id or string.sub(id, 1, 2) == "0:" then return end
  local at = tonumber(redis.call("HGET", ARGV[1] .. id, "timestamp"))
  if at and (not oldest or at < oldest) then oldest = at end
end
local waiting = redis.call("LRANGE", KEYS[1], -2, -1)
for _, id in ipairs(waiting) do consider(id) end
consider(redis.call("LINDEX", KEYS[2], -1))
for _, id in ipairs(redis.call("ZRANGE", KEYS[3], 0, tonumber(ARGV[2]) - 1)) do consider(id) end
return oldest
`;

type Payload = JobPayloads[JobName];
type StoredJob = BullJob<Payload, void, JobName>;

interface Prepared {
  id: string | undefined;
  name: JobName;
  data: Payload;
  attempts: number;
  backoffMs: number;
}

/**
 * The scale-out JobQueue: one BullMQ queue per port queue, on Redis, consumed by BullMQ workers in
 * any number of processes.
 *
 * - Priority: `ingest` before `batch` is kept across processes by the batch worker itself. Before it
 *   runs a batch job it looks at the ingest queue in Redis; while ingest has jobs waiting the batch
 *   job is held, not started (it counts as active meanwhile), and looked at again every 20 ms; on
 *   close a held job goes back to the head of the wait list, its try not counted. BullMQ's own
 *   priorities work within one queue only, and one shared queue would lose the separate processors,
 *   concurrencies and counts the port has per queue. Within one process the order is exact (see
 *   `pollIngest`); across processes an ingest job added during the look can be missed by it, a
 *   window of one Redis round trip. Batch waits on ingest even when no process consumes ingest, so
 *   run both processors (every worker process does).
 * - Dedupe: a caller's jobId is looked up before the add. A failed job under that id is removed
 *   and the job added anew, since the port says a failed id does not dedupe; a waiting, delayed,
 *   active or kept completed one makes the add a duplicate.
 * - Trimming: completed jobs with a caller's id are kept (`keepCompleted`, `keepCompletedSeconds`)
 *   for dedupe, the others removed at once; failed jobs are kept up to `keepFailed`.
 * - Retries back off as `backoffMs * 2^(try - 1)` (BullMQ's exponential backoff).
 * - A job that fails with an UNAVAILABLE error (a dependency such as the store is down) is put
 *   back as delayed without spending a try, for as long as the outage lasts (a back-off capped at
 *   10 s): an outage must not fail accepted work. Adds that Redis does not take fail UNAVAILABLE.
 * - A job whose worker died is found by BullMQ's stalled checker when its lock expires and goes
 *   back to wait; one that stalls more than `maxStalledCount` times fails, so a job that crashes
 *   its worker cannot crash every worker in turn.
 *
 * An `add` resolves once Redis has the job; how much a Redis crash can then lose is Redis's
 * persistence setting (with `appendfsync everysec`, up to a second).
 */
export class BullMqJobQueue implements JobQueue {
  private readonly workers = new Map<QueueName, Worker<Payload, void, JobName>>();
  private closing = false;
  private closed: Promise<void> | undefined;
  private finished = false;
  /** Resolves once every worker has let its active jobs finish. */
  private readonly workersStopped: Promise<void>;
  private markWorkersStopped!: () => void;
  private readonly drainLoops = new Set<Promise<void>>();
  /** Timers to cut short on close, so nothing waits out its poll interval. */
  private readonly naps = new Set<() => void>();
  private ingestGate: Promise<boolean> | undefined;
  /** Ingest adds of this process: started ever, and not yet answered by Redis. */
  private ingestAddsStarted = 0;
  private ingestAddsPending = 0;

  private constructor(
    private readonly queues: Record<QueueName, Queue<Payload, void, JobName>>,
    private readonly producer: Redis,
    private readonly consumer: Redis,
    /** The ingest queue read over the workers' own connection; see `pollIngest`. */
    private readonly ingestForGate: Queue<Payload, void, JobName>,
    private readonly settings: Required<Omit<BullMqQueueOptions, 'url' | 'warn'>>,
    private readonly warn: (message: string) => void,
    /** The Redis URL without its password, for error messages. */
    private readonly where: string,
  ) {
    this.workersStopped = new Promise((resolve) => (this.markWorkersStopped = resolve));
  }

  /** Connects, and refuses a Redis that could evict jobs (maxmemory-policy other than noeviction). */
  static async open(options: BullMqQueueOptions): Promise<BullMqJobQueue> {
    const settings = {
      prefix: options.prefix ?? 'bull',
      keepCompleted: wholeNumber(options.keepCompleted ?? 10_000, 'keepCompleted'),
      keepCompletedSeconds: wholeNumber(options.keepCompletedSeconds ?? 7 * 24 * 3600, 'keepCompletedSeconds'),
      keepFailed: wholeNumber(options.keepFailed ?? 10_000, 'keepFailed'),
      lockDurationMs: wholeNumber(options.lockDurationMs ?? 30_000, 'lockDurationMs'),
      stalledIntervalMs: wholeNumber(options.stalledIntervalMs ?? 30_000, 'stalledIntervalMs'),
      maxStalledCount: wholeNumber(options.maxStalledCount ?? 1, 'maxStalledCount'),
    };
    if (settings.prefix === '') throw new RangeError('prefix must not be empty');
    const warn = throttled(options.warn ?? ((message: string) => console.warn(`[queue] ${message}`)));

    // Adds, counts and listings fail after ioredis's default retries while Redis is down, so the
    // caller (an HTTP request, a connector) hears of it instead of hanging.
    const producer = await connectRedis(options.url, {}, warn);
    let consumer: Redis | undefined;
    try {
      await assertNoEviction(producer, options.url, warn);
      // Workers wait out an outage instead: BullMQ requires maxRetriesPerRequest null for them.
      consumer = await connectRedis(options.url, { maxRetriesPerRequest: null }, warn);
      const queues = {} as Record<QueueName, Queue<Payload, void, JobName>>;
      for (const name of Object.keys(BULL_QUEUE) as QueueName[]) {
        const queue = new Queue<Payload, void, JobName>(BULL_QUEUE[name], { connection: producer, prefix: settings.prefix });
        queue.on('error', (error: Error) => warn(`queue ${name}: ${error.message}`));
        queues[name] = queue;
      }
      const ingestForGate = new Queue<Payload, void, JobName>(BULL_QUEUE.ingest, { connection: consumer, prefix: settings.prefix });
      ingestForGate.on('error', (error: Error) => warn(`queue ingest: ${error.message}`));
      await Promise.all([...Object.values(queues), ingestForGate].map((q) => q.waitUntilReady()));
      return new BullMqJobQueue(queues, producer, consumer, ingestForGate, settings, warn, describeRedisUrl(options.url));
    } catch (error) {
      producer.disconnect();
      consumer?.disconnect();
      throw error;
    }
  }

  add<N extends JobName>(queue: QueueName, job: NewJob<N>): Promise<AddResult> {
    return this.addBulk(queue, [job]).then((results) => results[0]);
  }

  async addBulk(queue: QueueName, jobs: readonly NewJob[]): Promise<AddResult[]> {
    if (this.closing) throw new Error('the job queue is closed');
    const target = this.queue(queue);
    if (queue !== 'ingest') return this.write(target, jobs);
    // Seen by the batch gate: a job of this add may be in Redis before the add is answered.
    this.ingestAddsStarted++;
    this.ingestAddsPending++;
    try {
      return await this.write(target, jobs);
    } finally {
      this.ingestAddsPending--;
    }
  }

  private async write(target: Queue<Payload, void, JobName>, jobs: readonly NewJob[]): Promise<AddResult[]> {
    // Everything is validated before anything is written, so a bad job adds none.
    const prepared = jobs.map(prepare);
    try {
      return await this.store(target, prepared);
    } catch (error) {
      // Past validation every failure is Redis not answering (down, restarting, its command retries
      // spent): UNAVAILABLE, so the API answers 503 and the caller knows to send again (content ids
      // dedupe a batch that did get in), instead of a 500 that reads like a bug.
      if (error instanceof RangeError) throw error;
      throw new UnavailableError(`the job queue (Redis at ${this.where}) did not take the jobs: ${messageOf(error)}`);
    }
  }

  private async store(target: Queue<Payload, void, JobName>, prepared: readonly Prepared[]): Promise<AddResult[]> {
    const states = await this.existing(target, prepared);

    const results: AddResult[] = [];
    const toAdd: { bullId: string; job: Prepared; explicitId: boolean }[] = [];
    const toReplace: string[] = [];
    const taken = new Set<string>();
    for (const job of prepared) {
      if (job.id === undefined) {
        // Our own id rather than BullMQ's counter, which could collide with a caller's id.
        const id = randomUUID();
        toAdd.push({ bullId: id, job, explicitId: false });
        results.push({ id, duplicate: false });
        continue;
      }
      const bullId = toBullId(job.id);
      if (taken.has(bullId) || states.get(bullId) === 'present') {
        results.push({ id: job.id, duplicate: true });
        continue;
      }
      taken.add(bullId);
      if (states.get(bullId) === 'failed') toReplace.push(bullId);
      toAdd.push({ bullId, job, explicitId: true });
      results.push({ id: job.id, duplicate: false });
    }
    if (toAdd.length === 0) return results;

    // A failed job keeps its key, and BullMQ would take a new add under that id for a duplicate.
    // Not atomic with the add below: should the add then fail, the caller gets the error and the
    // old failure is gone, which loses no work (the caller still holds it).
    for (const bullId of toReplace) await target.remove(bullId);
    // BullMQ writes a bulk in one MULTI: all of it or none.
    await target.addBulk(
      toAdd.map(({ bullId, job, explicitId }) => ({ name: job.name, data: job.data, opts: this.jobOptions(bullId, job, explicitId) })),
    );
    return results;
  }

  process(queue: QueueName, processor: JobProcessor, opts?: { concurrency?: number }): void {
    if (this.closing) throw new Error('the job queue is closed');
    this.queue(queue);
    if (this.workers.has(queue)) throw new Error(`queue "${queue}" already has a processor`);
    const concurrency = opts?.concurrency ?? 1;
    if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
    }
    const worker = new Worker<Payload, void, JobName>(
      BULL_QUEUE[queue],
      (job, token) => this.run(queue, processor, job, token),
      {
        // Shared for commands; BullMQ opens its own blocking connection per worker from it.
        connection: this.consumer,
        prefix: this.settings.prefix,
        concurrency,
        lockDuration: this.settings.lockDurationMs,
        stalledInterval: this.settings.stalledIntervalMs,
        maxStalledCount: this.settings.maxStalledCount,
      },
    );
    worker.on('error', (error: Error) => this.warn(`worker ${queue}: ${error.message}`));
    this.workers.set(queue, worker);
  }

  async counts(queue: QueueName): Promise<QueueCounts> {
    const c = await this.queue(queue).getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
    return {
      waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
      active: c.active ?? 0,
      delayed: c.delayed ?? 0,
      failed: c.failed ?? 0,
    };
  }

  /**
   * Read in one script, so no job moves between the lists meanwhile. See OLDEST_UNFINISHED for
   * which jobs it looks at.
   */
  async oldestUnfinished(queue: QueueName): Promise<Date | undefined> {
    const target = this.queue(queue);
    const at = await this.producer.eval(OLDEST_UNFINISHED, 3, target.toKey('wait'), target.toKey('active'), target.toKey('delayed'), target.toKey(''), String(DELAYED_LOOKED_AT));
    return typeof at === 'number' ? new Date(at) : undefined;
  }

  async failed(queue: QueueName, limit: number): Promise<FailedJob[]> {
    if (!(limit >= 1)) return [];
    // Newest first: BullMQ scores the failed set by the time each job failed (in ms).
    const jobs = await this.queue(queue).getFailed(0, Math.floor(limit) - 1);
    return jobs.map((job) => ({
      id: fromBullId(job.id ?? ''),
      queue,
      name: job.name,
      attempts: job.attemptsMade,
      error: job.failedReason ?? '',
      failedAt: new Date(job.finishedOn ?? job.timestamp),
    }));
  }

  drained(queue: QueueName): Promise<void> {
    this.queue(queue);
    if (this.finished) return Promise.reject(new Error('the job queue is closed'));
    const loop = this.waitUntilIdle(queue);
    // close() waits for these before it closes the connection they use.
    const tracked = loop.then(
      () => undefined,
      () => undefined,
    );
    this.drainLoops.add(tracked);
    void tracked.then(() => this.drainLoops.delete(tracked));
    return loop;
  }

  /** A BullMQ job scheduler lives in Redis, so however many processes declare it, it fires once per period. */
  async schedule<N extends JobName>(queue: QueueName, schedulerId: string, everyMs: number, job: NewJob<N>): Promise<void> {
    if (!(everyMs > 0)) throw new RangeError('everyMs must be positive');
    await this.queue(queue).upsertJobScheduler(
      // BullMQ's typings reuse the job-name type for scheduler ids; at run time any string goes.
      schedulerId as JobName,
      { every: everyMs },
      { name: job.name, data: job.data, opts: { attempts: job.opts?.attempts ?? 5, backoff: { type: 'exponential', delay: job.opts?.backoffMs ?? 1000 } } },
    );
  }

  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    this.closing = true;
    // Held batch jobs and polls stop waiting now.
    for (const wake of [...this.naps]) wake();
    // Each worker takes no new job and lets its active ones finish; waiting jobs stay in Redis.
    const stopped = await Promise.allSettled([...this.workers.values()].map((w) => w.close()));
    this.markWorkersStopped();
    await Promise.allSettled([...this.drainLoops]);
    await Promise.allSettled([...Object.values(this.queues), this.ingestForGate].map((q) => q.close()));
    this.finished = true;
    // Nothing of ours is in flight any more: drop the sockets rather than QUIT, which would wait
    // forever (the consumer retries without limit) if Redis is down right now.
    this.producer.disconnect();
    this.consumer.disconnect();
    for (const result of stopped) {
      if (result.status === 'rejected') this.warn(`a worker did not close cleanly: ${messageOf(result.reason)}`);
    }
  }

  private queue(name: QueueName): Queue<Payload, void, JobName> {
    const queue = Object.hasOwn(this.queues, name) ? this.queues[name] : undefined;
    if (!queue) throw new RangeError(`unknown queue "${String(name)}"`);
    return queue;
  }

  private jobOptions(bullId: string, job: Prepared, explicitId: boolean): JobsOptions {
    return {
      jobId: bullId,
      attempts: job.attempts,
      backoff: { type: 'exponential', delay: job.backoffMs },
      // Only a caller's id can be asked about again; other completed jobs are of no further use.
      removeOnComplete: explicitId ? { count: this.settings.keepCompleted, age: this.settings.keepCompletedSeconds } : true,
      removeOnFail: { count: this.settings.keepFailed },
    };
  }

  /**
   * Where each caller-chosen id stands, read in one MULTI so a job cannot move between the two
   * reads. Two producers adding the same new id at the same moment can both be told "not a
   * duplicate"; BullMQ still stores and runs the job once.
   */
  private async existing(queue: Queue<Payload, void, JobName>, jobs: readonly Prepared[]): Promise<Map<string, 'present' | 'failed'>> {
    const ids = [...new Set(jobs.flatMap((j) => (j.id === undefined ? [] : [toBullId(j.id)])))];
    const states = new Map<string, 'present' | 'failed'>();
    if (ids.length === 0) return states;
    const multi = this.producer.multi();
    for (const id of ids) multi.exists(queue.toKey(id)).zscore(queue.keys.failed, id);
    const replies = await multi.exec();
    if (!replies) throw new Error('Redis aborted the job id lookup');
    ids.forEach((id, i) => {
      const [existsError, exists] = replies[2 * i];
      const [scoreError, score] = replies[2 * i + 1];
      if (existsError) throw existsError;
      if (scoreError) throw scoreError;
      if (exists === 1) states.set(id, score === null ? 'present' : 'failed');
    });
    return states;
  }

  private async run(queue: QueueName, processor: JobProcessor, job: StoredJob, token: string | undefined): Promise<void> {
    if (queue === 'batch' && !(await this.whenIngestClear())) {
      // Closing while held: the job goes back to the head of the wait list, its try not counted.
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const view = {
      id: fromBullId(job.id ?? ''),
      queue,
      name: job.name,
      data: job.data,
      // BullMQ counts finished tries; a try cut short by a stalled worker is not among them.
      attempt: job.attemptsMade + 1,
      maxAttempts: job.opts.attempts ?? 1,
    };
    try {
      await processor(view as AnyJob);
    } catch (error) {
      if (isUnavailable(error) && token !== undefined) {
        // A dependency is down (the store answered UNAVAILABLE): the job is not at fault, so the
        // wait must not spend its tries, or an outage longer than the retries (about a minute with
        // the defaults) would fail every queued job and lose accepted posts. The job goes back to
        // delayed, its try not counted, and is looked at again with a back-off capped at 10 s; the
        // backlog waits in Redis for as long as the outage lasts.
        await job.moveToDelayed(Date.now() + this.unavailableDelay(job), token);
        throw new DelayedError();
      }
      // BullMQ keeps `message` as the failure; a thrown non-Error would otherwise leave it empty.
      throw error instanceof Error ? error : new Error(messageOf(error));
    }
  }

  /** Back-off from the job's own: `attemptsStarted` counts every start, `attemptsMade` only the tries that counted. */
  private unavailableDelay(job: StoredJob): number {
    const deferrals = Math.max(0, job.attemptsStarted - job.attemptsMade - 1);
    const base = job.opts.backoff && typeof job.opts.backoff === 'object' ? (job.opts.backoff.delay ?? DEFAULT_BACKOFF_MS) : DEFAULT_BACKOFF_MS;
    return Math.min(MAX_UNAVAILABLE_DELAY_MS, base * 2 ** Math.min(deferrals, 20));
  }

  /**
   * True once the ingest queue has no job waiting; false if the queue closes first. Batch jobs held
   * at the same moment share one poll.
   */
  private whenIngestClear(): Promise<boolean> {
    this.ingestGate ??= this.pollIngest().finally(() => {
      this.ingestGate = undefined;
    });
    return this.ingestGate;
  }

  private async pollIngest(): Promise<boolean> {
    for (;;) {
      if (this.closing) return false;
      try {
        // An ingest add of this process that overlaps the read may land in Redis just after it:
        // the read only counts if no such add was pending or started meanwhile. (Adds from other
        // processes have that window of one round trip; nothing short of one lock could close it.)
        const started = this.ingestAddsStarted;
        // Read over the connection the workers of this process take jobs on: Redis answers one
        // connection in order, so an ingest job taken before this read has its answer handled first.
        const c = this.ingestAddsPending === 0 ? await this.ingestForGate.getJobCounts('waiting', 'prioritized') : undefined;
        const quiet = c !== undefined && this.ingestAddsPending === 0 && this.ingestAddsStarted === started;
        if (quiet && (c.waiting ?? 0) + (c.prioritized ?? 0) === 0) {
          // ...and the ingest worker's handling of that answer, all promise callbacks, has run
          // (up to calling its processor) before a macrotask turn.
          await new Promise((resolve) => setImmediate(resolve));
          return true;
        }
      } catch (error) {
        // Redis is unreachable: the batch job could not finish anyway, so keep holding it.
        this.warn(`cannot read the ingest queue: ${messageOf(error)}`);
      }
      await this.nap(GATE_POLL_MS);
    }
  }

  private async waitUntilIdle(queue: QueueName): Promise<void> {
    for (;;) {
      if (this.closing) {
        // Active jobs may still finish during close: judge once they have.
        await this.workersStopped;
        if (await this.isIdle(queue)) return;
        throw new Error(`the job queue closed with "${queue}" not drained`);
      }
      if (await this.isIdle(queue)) return;
      await this.nap(DRAIN_POLL_MS);
    }
  }

  /** One atomic read, so a job moving from one state to the next is never missed between two reads. */
  private async isIdle(queue: QueueName): Promise<boolean> {
    const { waiting, active, delayed } = await this.counts(queue);
    return waiting + active + delayed === 0;
  }

  private nap(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.naps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.naps.add(wake);
    });
  }
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
  // BullMQ stores JSON; checked here so a bad payload fails the whole bulk before anything is written.
  if (JSON.stringify(job.data) === undefined) throw new RangeError(`job "${job.name}" has no JSON-serialisable data`);
  return { id: jobId, name: job.name, data: job.data, attempts, backoffMs };
}

function wholeNumber(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${value}`);
  return value;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
