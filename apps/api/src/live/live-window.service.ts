import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock, type Split } from '@escucha/core';
import { LIVE_BUS, LiveWindow, MAX_WINDOW_MINUTES, MINUTE_MS, toLivePost, type LiveBatch, type LiveBus, type MinuteCounts } from '@escucha/live';
import { POST_STORE, type PostStore } from '@escucha/store';

/**
 * Owns this node's live window: rebuilt from the store once at start, then kept current
 * by the batches every worker publishes. Never re-queries the store per update.
 */
@Injectable()
export class LiveWindowService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('LiveWindow');
  readonly window: LiveWindow;
  private unsubscribe?: () => void;
  private readonly listeners = new Set<() => void>();

  constructor(
    @Inject(POST_STORE) private readonly store: PostStore,
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.window = new LiveWindow(clock);
  }

  /** Runs before any job is processed (jobs start at application bootstrap), so nothing is counted twice. */
  async onModuleInit(): Promise<void> {
    const started = performance.now();
    this.window.reset(await this.read());
    this.unsubscribe = this.bus.subscribe((batch) => {
      if (batch.rebuild) return void this.rebuild();
      const before = this.window.version;
      this.window.apply(batch);
      if (this.window.version !== before) this.changed();
    });
    this.logger.log(`rebuilt the last 24 h (${this.window.snapshot(MAX_WINDOW_MINUTES).total} posts) in ${Math.round(performance.now() - started)} ms`);
  }

  /**
   * After posts left the store. A batch applied while the store is read is lost if its posts were
   * written after the read: a rebuild is rare (an admin's removal of the demo data), and a later
   * one, or the next start, reads it again.
   */
  private async rebuild(): Promise<void> {
    try {
      this.window.reset(await this.read());
      this.changed();
      this.logger.log(`read the last 24 h again (${this.window.snapshot(MAX_WINDOW_MINUTES).total} posts)`);
    } catch (error) {
      this.logger.warn(`the live window was not read again: ${(error as Error).message}`);
    }
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** The last 24 h from the store, as one batch. */
  private async read(): Promise<LiveBatch> {
    const now = this.window.currentMinute();
    const filter = { from: new Date(now - (MAX_WINDOW_MINUTES - 1) * MINUTE_MS), to: new Date(now + MINUTE_MS) };
    const splits: Split[] = ['sentiment', 'topic', 'source', 'aspect'];
    const [bySentiment, byTopic, bySource, byAspect] = await Promise.all(splits.map((split) => this.store.histogram(filter, 'minute', split)));
    const latest = await this.store.search(filter, { limit: 50 });
    const minutes = new Map<number, MinuteCounts>();
    const counts = (ts: string) => {
      const minute = Date.parse(ts);
      let entry = minutes.get(minute);
      if (!entry) minutes.set(minute, (entry = { minute, total: 0, bySentiment: {}, byTopic: {}, bySource: {} }));
      return entry;
    };
    for (const bucket of bySentiment.buckets) Object.assign(counts(bucket.ts), { total: bucket.total, bySentiment: bucket.values });
    for (const bucket of byTopic.buckets) counts(bucket.ts).byTopic = bucket.values;
    for (const bucket of bySource.buckets) counts(bucket.ts).bySource = bucket.values;
    for (const bucket of byAspect.buckets) counts(bucket.ts).byAspect = bucket.values;
    return { minutes: [...minutes.values()].filter((m) => m.total > 0), latest: latest.items.map(toLivePost) };
  }

  /** Called after each batch that changed the window. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
    this.listeners.clear();
  }
}
