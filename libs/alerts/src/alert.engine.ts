import { createHash } from 'node:crypto';
import type { Alert, AlertDimension, AlertRegion, AlertRule, AlertSensitivity } from '@escucha/core';
import { AnomalyDetector, VOLUME_SPIKE_OPTIONS, type DetectorOptions } from './anomaly.detector';
import { scopeKeysOf, type AlertPost } from './alert.scope';
import { timelineEntry } from './alert.timeline';

export interface AlertEngineOptions {
  intervalMs: number;
  /** Intervals each series sees before it may alert (stated in the README as the warm-up). */
  warmupIntervals: number;
  /** Consecutive normal intervals after which an open alert resolves by itself. */
  resolveAfterIntervals: number;
  /** After an alert resolves, the same series stays silent this long. */
  cooldownMs: number;
  /** The audience's local time, for the time-of-day baseline (Argentina: -180). */
  utcOffsetMinutes: number;
  /**
   * Values each split dimension can take (every region, topic, intent…). Their series start with
   * the rule, learning zeros while a value is silent, so a region quiet for days that suddenly
   * fills with complaints is judged at once instead of starting its warm-up then.
   */
  knownValues?: Partial<Record<AlertDimension, readonly string[]>>;
}

export type AlertEventKind = 'opened' | 'updated' | 'resolved';

export interface AlertEvent {
  kind: AlertEventKind;
  alert: Alert;
}

/** The surprise each sensitivity asks for before an alert (the detector's score in [0, 1]). */
const ALERT_SCORE: Record<AlertSensitivity, number> = { low: 0.85, medium: 0.7, high: 0.55 };
const MAX_POST_IDS = 50;
/** How fast a series forgets where its posts usually come from (per interval: about two days at one minute). */
const REGION_MEMORY = 1 - 1 / 2880;

interface Series {
  readonly ruleId: string;
  readonly scopeKey: string;
  readonly detector: AnomalyDetector;
  open?: Alert;
  normalRun: number;
  cooldownUntil: number;
  /** Decayed counts per region in ordinary intervals: the share an outage is measured against. */
  usualRegions: Map<string, number>;
  triggerRegions: Map<string, number>;
  lastSeen: number;
}

interface RuleEntry {
  rule: AlertRule;
  signature: string;
}

export function alertId(ruleId: string, scopeKey: string, openedAt: number): string {
  const hash = createHash('sha256').update(scopeKey).digest('hex').slice(0, 8);
  return `${ruleId}-${openedAt.toString(36)}-${hash}`;
}

/** Severity from how far above expected: under 3×, under 6×, beyond. */
export function severityOf(observed: number, expected: number): AlertSensitivity {
  const ratio = observed / Math.max(expected, 1);
  return ratio < 3 ? 'low' : ratio < 6 ? 'medium' : 'high';
}

/**
 * Turns interval buckets of posts into alert events for every rule's series, each judged by
 * its own detector against its own baseline. Pure apart from the clock it is handed: the
 * caller reads posts, stores alerts and delivers them. An open alert is updated, never opened
 * twice; it resolves after `resolveAfterIntervals` ordinary intervals, then the series is
 * silent for `cooldownMs`.
 */
export class AlertEngine {
  private readonly rules = new Map<string, RuleEntry>();
  private readonly series = new Map<string, Series>();
  private lastBucket: number | null = null;

  constructor(readonly options: AlertEngineOptions) {}

  /** Start of the last interval stepped, if any. */
  get lastBucketStart(): number | null {
    return this.lastBucket;
  }

  /** A rule whose scope, split or sensitivity changed starts learning afresh; others keep their baselines. */
  setRules(rules: readonly AlertRule[]): void {
    const next = new Map<string, RuleEntry>();
    for (const rule of rules) {
      if (!rule.enabled) continue;
      const signature = JSON.stringify([rule.scope, rule.splitBy ?? null, rule.sensitivity, rule.minCount]);
      next.set(rule.id, { rule, signature });
    }
    for (const [key, series] of this.series) {
      const now = next.get(series.ruleId);
      if (!now || now.signature !== this.rules.get(series.ruleId)?.signature) this.series.delete(key);
    }
    this.rules.clear();
    for (const [id, entry] of next) this.rules.set(id, entry);
    for (const { rule } of next.values()) {
      const values = rule.splitBy ? (this.options.knownValues?.[rule.splitBy] ?? []) : ['all'];
      for (const value of values) {
        const scopeKey = rule.splitBy ? `${rule.splitBy}=${value}` : value;
        if (!this.series.has(`${rule.id}\u0000${scopeKey}`)) this.newSeries(rule.id, scopeKey);
      }
    }
  }

  /**
   * What the store says is still open (after a restart, or after a person resolved one): alerts
   * the engine holds that are no longer there were resolved by someone, and start their cooldown.
   */
  syncOpen(open: readonly Alert[], now: number): void {
    const byKey = new Map(open.map((a) => [`${a.ruleId}\u0000${a.scopeKey}`, a]));
    for (const [key, series] of this.series) {
      const stored = byKey.get(key);
      if (series.open && !stored) {
        series.open = undefined;
        series.cooldownUntil = now + this.options.cooldownMs;
      } else if (stored) {
        series.open = stored;
      }
    }
    for (const [key, alert] of byKey) {
      if (this.series.has(key) || !this.rules.has(alert.ruleId)) continue;
      const series = this.newSeries(alert.ruleId, alert.scopeKey);
      if (series) series.open = alert;
    }
  }

  /** Open alerts the engine holds. */
  openAlerts(): Alert[] {
    return [...this.series.values()].flatMap((s) => (s.open ? [s.open] : []));
  }

  /**
   * One interval starting at `bucketStart` with the posts created in it. `learnOnly` replays
   * history: baselines learn, nothing opens or resolves.
   */
  step(bucketStart: number, posts: readonly AlertPost[], options: { learnOnly?: boolean } = {}): AlertEvent[] {
    if (this.lastBucket !== null && bucketStart <= this.lastBucket) return [];
    this.lastBucket = bucketStart;
    const buckets = new Map<string, AlertPost[]>();
    for (const { rule } of this.rules.values()) {
      for (const post of posts) {
        for (const scopeKey of scopeKeysOf(post, rule)) {
          const key = `${rule.id}\u0000${scopeKey}`;
          let list = buckets.get(key);
          if (!list) buckets.set(key, (list = []));
          list.push(post);
          if (!this.series.has(key)) this.newSeries(rule.id, scopeKey);
        }
      }
    }
    const events: AlertEvent[] = [];
    for (const [key, series] of this.series) {
      const entry = this.rules.get(series.ruleId);
      if (!entry) continue;
      const inBucket = buckets.get(key) ?? [];
      const event = this.judge(series, entry.rule, bucketStart, inBucket, options.learnOnly === true);
      if (event) events.push(event);
    }
    return events;
  }

  private newSeries(ruleId: string, scopeKey: string): Series | undefined {
    const entry = this.rules.get(ruleId);
    if (!entry) return undefined;
    const rule = entry.rule;
    const options: Partial<DetectorOptions> = {
      ...VOLUME_SPIKE_OPTIONS,
      intervalMs: this.options.intervalMs,
      warmupPoints: this.options.warmupIntervals,
      minCount: rule.minCount,
      alertScore: ALERT_SCORE[rule.sensitivity],
      season: { slotMinutes: Math.min(60, Math.max(5, Math.round(this.options.intervalMs / 60_000))), utcOffsetMinutes: this.options.utcOffsetMinutes, samplesPerSlot: 96, minDays: 2, minWeeks: 2 },
    };
    const series: Series = {
      ruleId,
      scopeKey,
      detector: new AnomalyDetector(options),
      normalRun: 0,
      cooldownUntil: 0,
      usualRegions: new Map(),
      triggerRegions: new Map(),
      lastSeen: 0,
    };
    this.series.set(`${ruleId}\u0000${scopeKey}`, series);
    return series;
  }

  private judge(series: Series, rule: AlertRule, bucketStart: number, posts: readonly AlertPost[], learnOnly: boolean): AlertEvent | undefined {
    const value = posts.length;
    const detection = series.detector.update({ timestamp: bucketStart, value });
    const alerting = detection.alert && value >= rule.minCount;
    if (!alerting) this.learnRegions(series, posts);
    if (learnOnly) return undefined;
    const at = new Date(bucketStart);

    if (series.open) {
      const alert = series.open;
      if (alerting) {
        series.normalRun = 0;
        for (const post of posts) for (const r of post.regions) series.triggerRegions.set(r, (series.triggerRegions.get(r) ?? 0) + 1);
        const postIds = [...alert.postIds, ...posts.map((p) => p.id).filter((id) => !alert.postIds.includes(id))].slice(0, MAX_POST_IDS);
        const peak = Math.max(alert.peak, value);
        series.open = {
          ...alert,
          peak,
          observed: value,
          expected: detection.expected,
          score: Math.max(alert.score, detection.score),
          persistence: alert.persistence + 1,
          severity: severityOf(peak, detection.expected),
          lastSeenAt: at,
          postIds,
          regions: this.affectedRegions(series),
        };
        return { kind: 'updated', alert: series.open };
      }
      // Back to normal: within two Poisson standard deviations of what was expected.
      const normal = value <= detection.expected + 2 * Math.sqrt(Math.max(detection.expected, 1));
      series.normalRun = normal ? series.normalRun + 1 : 0;
      if (series.normalRun < this.options.resolveAfterIntervals) return undefined;
      const resolved: Alert = {
        ...alert,
        state: 'resolved',
        resolvedAt: at,
        resolvedBy: 'system',
        timeline: [...alert.timeline, timelineEntry(at, { wording: 'back-to-normal', intervals: series.normalRun, observed: value, expected: detection.expected })],
      };
      series.open = undefined;
      series.normalRun = 0;
      series.triggerRegions.clear();
      series.cooldownUntil = bucketStart + this.options.cooldownMs;
      return { kind: 'resolved', alert: resolved };
    }

    if (!alerting || bucketStart < series.cooldownUntil) return undefined;
    series.triggerRegions.clear();
    for (const post of posts) for (const r of post.regions) series.triggerRegions.set(r, (series.triggerRegions.get(r) ?? 0) + 1);
    const alert: Alert = {
      id: alertId(rule.id, series.scopeKey, bucketStart),
      ruleId: rule.id,
      ruleName: rule.name,
      scopeKey: series.scopeKey,
      state: 'open',
      severity: severityOf(value, detection.expected),
      observed: value,
      expected: detection.expected,
      peak: value,
      score: detection.score,
      persistence: detection.persistence,
      minCount: rule.minCount,
      openedAt: at,
      lastSeenAt: at,
      postIds: posts.slice(0, MAX_POST_IDS).map((p) => p.id),
      regions: this.affectedRegions(series),
      timeline: [timelineEntry(at, { wording: 'opened', observed: value, expected: detection.expected, score: detection.score })],
    };
    series.open = alert;
    series.normalRun = 0;
    return { kind: 'opened', alert };
  }

  private learnRegions(series: Series, posts: readonly AlertPost[]): void {
    for (const [r, c] of series.usualRegions) series.usualRegions.set(r, c * REGION_MEMORY);
    for (const post of posts) for (const r of post.regions) series.usualRegions.set(r, (series.usualRegions.get(r) ?? 0) + 1);
  }

  /** Regions with more of the triggering posts than their usual share would give them, most excess first. */
  private affectedRegions(series: Series): AlertRegion[] {
    const trigger = series.triggerRegions;
    const total = [...trigger.values()].reduce((a, b) => a + b, 0);
    const usualTotal = [...series.usualRegions.values()].reduce((a, b) => a + b, 0);
    const excess = [...trigger].map(([region, count]) => {
      const share = usualTotal > 0 ? (series.usualRegions.get(region) ?? 0) / usualTotal : 0;
      return { region, count, excess: count - share * total };
    });
    return excess
      .filter((e) => e.excess > 0 && e.count >= 2)
      .sort((a, b) => b.excess - a.excess || a.region.localeCompare(b.region))
      .slice(0, 3)
      .map(({ region, count }) => ({ region, count }));
  }
}
