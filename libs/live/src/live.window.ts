import { topicSentiments, type Clock } from '@escucha/core';
import { MINUTE_MS } from './live.mapper';
import type { LiveBatch, LivePost, LiveSnapshot, MinuteCounts, SeriesPoint } from './live.types';
import { MAX_WINDOW_MINUTES } from './live.types';

function addInto(target: Record<string, number>, source: Record<string, number>): void {
  for (const key in source) target[key] = (target[key] ?? 0) + source[key];
}

/**
 * The last 24 hours as rolling per-minute buckets, in memory. Updates add counts;
 * snapshots sum the buckets of a window. The store is read only to rebuild at start.
 */
export class LiveWindow {
  private readonly buckets = new Map<number, MinuteCounts>();
  private latest: LivePost[] = [];
  private changes = 0;

  constructor(
    private readonly clock: Clock,
    private readonly latestSize = 50,
  ) {}

  /** Grows on every change; the gateway compares it to decide whether to push. */
  get version(): number {
    return this.changes;
  }

  apply(batch: LiveBatch): void {
    const oldest = this.oldestMinute();
    let changed = false;
    for (const counts of batch.minutes) {
      if (counts.minute < oldest) continue;
      const bucket = this.buckets.get(counts.minute);
      if (bucket) {
        bucket.total += counts.total;
        addInto(bucket.bySentiment, counts.bySentiment);
        addInto(bucket.byTopic, counts.byTopic);
        addInto(bucket.bySource, counts.bySource);
        if (counts.byAspect) addInto((bucket.byAspect ??= {}), counts.byAspect);
      } else {
        this.buckets.set(counts.minute, {
          minute: counts.minute,
          total: counts.total,
          bySentiment: { ...counts.bySentiment },
          byTopic: { ...counts.byTopic },
          bySource: { ...counts.bySource },
          byAspect: { ...counts.byAspect },
        });
      }
      changed = true;
    }
    const fresh = batch.latest.filter((post) => Date.parse(post.createdAt) >= oldest);
    if (fresh.length > 0) {
      // A re-sent post replaces its older copy instead of showing twice.
      const ids = new Set(fresh.map((post) => post.id));
      this.latest = [...fresh, ...this.latest.filter((post) => !ids.has(post.id))]
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
        .slice(0, this.latestSize);
      changed = true;
    }
    if (changed) this.changes++;
    this.prune(oldest);
  }

  /** Starts over from `batch` (the store read again after posts left it), as one change. */
  reset(batch: LiveBatch): void {
    this.buckets.clear();
    this.latest = [];
    this.apply(batch);
    this.changes++;
  }

  snapshot(minutes: number, latestCount = 20): LiveSnapshot {
    const current = this.currentMinute();
    const first = current - (minutes - 1) * MINUTE_MS;
    const bySentiment: Record<string, number> = { negative: 0, neutral: 0, positive: 0 };
    const byTopic: Record<string, number> = {};
    const bySource: Record<string, number> = {};
    const byAspect: Record<string, number> = {};
    const series: SeriesPoint[] = [];
    let total = 0;
    for (let minute = first; minute <= current; minute += MINUTE_MS) {
      const bucket = this.buckets.get(minute);
      series.push({
        ts: new Date(minute).toISOString(),
        total: bucket?.total ?? 0,
        negative: bucket?.bySentiment.negative ?? 0,
        neutral: bucket?.bySentiment.neutral ?? 0,
        positive: bucket?.bySentiment.positive ?? 0,
      });
      if (!bucket) continue;
      total += bucket.total;
      addInto(bySentiment, bucket.bySentiment);
      addInto(byTopic, bucket.byTopic);
      addInto(bySource, bucket.bySource);
      if (bucket.byAspect) addInto(byAspect, bucket.byAspect);
    }
    const end = current + MINUTE_MS;
    const latest = this.latest
      .filter((post) => {
        const at = Date.parse(post.createdAt);
        return at >= first && at < end;
      })
      .slice(0, latestCount);
    return {
      from: new Date(first).toISOString(),
      to: new Date(end).toISOString(),
      minutes,
      total,
      bySentiment,
      byTopic,
      bySource,
      topicSentiment: topicSentiments(Object.entries(byAspect)),
      series,
      latest,
    };
  }

  /** The minute the window ends in; a change of it shifts every window even without new posts. */
  currentMinute(): number {
    return Math.floor(this.clock.now().getTime() / MINUTE_MS) * MINUTE_MS;
  }

  private oldestMinute(): number {
    return this.currentMinute() - (MAX_WINDOW_MINUTES - 1) * MINUTE_MS;
  }

  private prune(oldest: number): void {
    for (const minute of this.buckets.keys()) if (minute < oldest) this.buckets.delete(minute);
  }
}
