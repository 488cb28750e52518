import { Logger } from '@nestjs/common';
import type { Clock, QueueName } from '@escucha/core';
import type { Connector, PostSink } from '../connector.port';
import type { DemoGenerator } from './demo.generator';

/** Where the previous run stopped emitting, so a restart can fill the gap instead of leaving a hole. */
export interface DemoCursorStore {
  load(): Promise<Date | undefined>;
  save(at: Date): Promise<void>;
}

export interface DemoConnectorOptions {
  generator: DemoGenerator;
  clock: Clock;
  /** How far back the first run fills, and the furthest back a restart fills a gap. Default 7. */
  backfillDays?: number;
  /** Live polling period. Default 1000. */
  tickMs?: number;
  /** Whether the one-time backfill already ran (persisted by the caller, e.g. a marker file). */
  hasBackfilled: () => Promise<boolean>;
  markBackfilled: () => Promise<void>;
  /** Optional: without it a restart starts live from now and leaves the downtime empty. */
  cursor?: DemoCursorStore;
  /** Span of one backfill hand-off to the sink. Default one hour. */
  chunkMs?: number;
  /** Live ticks save the cursor at most this often; a crash then re-sends at most this much, harmlessly. Default 60 s. */
  cursorSaveMs?: number;
  /** false leaves ticking to the caller (tests drive `tick()` by hand). Default true. */
  autoTick?: boolean;
  logger?: { log(message: string): void; warn(message: string): void };
}

export interface DemoTickResult {
  queue: QueueName;
  from: Date;
  to: Date;
  posts: number;
}

const DAY_MS = 86_400_000;
/** Further behind than this, the connector is catching up and sends to the batch queue. */
const LIVE_LAG_MS = 5 * 60_000;
const MAX_BACKOFF_MS = 60_000;

/**
 * Replays the demo generator as if it were a live source: a one-time backfill of the last
 * `backfillDays` in hourly chunks on the batch queue, then every tick the posts created
 * since the previous tick on the ingest queue. It has no I/O of its own: state goes
 * through the injected callbacks, and post ids are stable, so re-sending a range is harmless.
 */
export class DemoConnector implements Connector {
  readonly name = 'demo';
  private readonly backfillMs: number;
  private readonly tickMs: number;
  private readonly chunkMs: number;
  private readonly cursorSaveMs: number;
  private readonly logger: { log(message: string): void; warn(message: string): void };
  private sink?: PostSink;
  private stopped = true;
  private timer?: NodeJS.Timeout;
  /** Ticks run one at a time, whether the timer or a caller starts them. */
  private chain: Promise<unknown> = Promise.resolve();
  private cursorAt?: number;
  private backfilling = false;
  private backfillPosts = 0;
  private savedAt?: number;
  private failures = 0;

  constructor(private readonly options: DemoConnectorOptions) {
    const days = options.backfillDays ?? 7;
    if (!(days >= 0 && Number.isFinite(days))) throw new RangeError(`demo backfillDays must be 0 or more, got ${days}`);
    this.backfillMs = days * DAY_MS;
    this.tickMs = options.tickMs ?? 1000;
    this.chunkMs = options.chunkMs ?? 3_600_000;
    this.cursorSaveMs = options.cursorSaveMs ?? 60_000;
    if (!(this.tickMs > 0 && this.chunkMs > 0 && this.cursorSaveMs >= 0)) {
      throw new RangeError('demo tickMs and chunkMs must be positive, cursorSaveMs not negative');
    }
    this.logger = options.logger ?? new Logger('DemoConnector');
  }

  /** Returns at once; the backfill and the live stream run on timers until `stop()`. */
  async start(sink: PostSink): Promise<void> {
    if (!this.stopped) throw new Error('demo connector already started');
    this.sink = sink;
    this.stopped = false;
    this.cursorAt = undefined;
    this.failures = 0;
    if (this.options.autoTick ?? true) this.schedule(0);
  }

  /** Clears the timer, waits for a hand-off in flight, and records how far it got. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.chain;
    await this.saveCursor(true).catch((error: unknown) => this.logger.warn(`demo cursor not saved: ${describe(error)}`));
    this.sink = undefined;
  }

  /**
   * One step: a backfill chunk to the batch queue while behind, else the posts created
   * since the last step to the ingest queue. Null when stopped or nothing was due.
   * A failed hand-off leaves the cursor where it was, so the next step re-sends that range.
   */
  tick(): Promise<DemoTickResult | null> {
    const run = this.chain.then(() => this.step());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async step(): Promise<DemoTickResult | null> {
    const sink = this.sink;
    if (this.stopped || !sink) return null;
    const now = this.options.clock.now().getTime();
    if (this.cursorAt === undefined) this.cursorAt = await this.resumePoint(now);
    // A long downtime is only filled back to the horizon, as the first run is; the live
    // lag is the least of it, or a zero-day horizon would swallow every live tick.
    const from = Math.max(this.cursorAt, now - Math.max(this.backfillMs, LIVE_LAG_MS));

    if (now - from > LIVE_LAG_MS) {
      const to = Math.min(Math.floor(from / this.chunkMs) * this.chunkMs + this.chunkMs, now);
      const posts = this.options.generator.generate(new Date(from), new Date(to));
      if (posts.length > 0) await sink.accept(posts, 'batch');
      this.cursorAt = to;
      this.backfillPosts += posts.length;
      await this.saveCursor(true);
      return { queue: 'batch', from: new Date(from), to: new Date(to), posts: posts.length };
    }

    if (now <= from) {
      if (this.backfilling) await this.finishBackfill();
      return null;
    }
    const posts = this.options.generator.generate(new Date(from), new Date(now));
    if (posts.length > 0) await sink.accept(posts, 'ingest');
    this.cursorAt = now;
    if (this.backfilling) await this.finishBackfill();
    await this.saveCursor(false);
    return posts.length > 0 ? { queue: 'ingest', from: new Date(from), to: new Date(now), posts: posts.length } : null;
  }

  private async resumePoint(now: number): Promise<number> {
    const horizon = now - this.backfillMs;
    const saved = (await this.options.cursor?.load())?.getTime();
    if (await this.options.hasBackfilled()) {
      // Without a saved cursor there is no way to know the gap, so live starts from now.
      const from = saved !== undefined ? Math.max(saved, horizon) : now;
      if (now - from > LIVE_LAG_MS) this.logger.log(`demo: filling the ${Math.round((now - from) / 60_000)} min since the last run`);
      return from;
    }
    this.backfilling = true;
    this.backfillPosts = 0;
    this.logger.log(`demo: backfilling ${this.options.backfillDays ?? 7} days`);
    // A backfill interrupted by a restart resumes where it stopped.
    return saved !== undefined && saved > horizon ? saved : horizon;
  }

  private async finishBackfill(): Promise<void> {
    await this.options.markBackfilled();
    this.backfilling = false;
    this.logger.log(`demo: backfill done (${this.backfillPosts} posts), streaming live`);
  }

  private async saveCursor(force: boolean): Promise<void> {
    const store = this.options.cursor;
    if (!store || this.cursorAt === undefined || this.cursorAt === this.savedAt) return;
    if (!force && this.savedAt !== undefined && this.cursorAt - this.savedAt < this.cursorSaveMs) return;
    await store.save(new Date(this.cursorAt));
    this.savedAt = this.cursorAt;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick().then(
        (result) => {
          this.failures = 0;
          // While catching up, the next chunk goes at once; live, it waits for the next tick.
          this.schedule(result?.queue === 'batch' ? 0 : this.tickMs);
        },
        (error: unknown) => {
          this.failures++;
          const delay = Math.min(this.tickMs * 2 ** this.failures, MAX_BACKOFF_MS);
          this.logger.warn(`demo: hand-off failed (${describe(error)}), retrying in ${delay} ms`);
          this.schedule(delay);
        },
      );
    }, delayMs);
    // The demo must never be the reason a process stays up.
    this.timer.unref();
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Keeps the cursor in memory: enough for tests and for a process that never restarts. */
export class MemoryCursorStore implements DemoCursorStore {
  constructor(private at?: Date) {}
  async load(): Promise<Date | undefined> {
    return this.at;
  }
  async save(at: Date): Promise<void> {
    this.at = at;
  }
}
