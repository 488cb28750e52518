import { Inject, Injectable, Logger, Optional, type OnModuleDestroy } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import { AlertEngine, defaultAlertRules, timelineEntry, type AlertEvent, type AlertNote, type AlertPost } from '@escucha/alerts';
import { CLOCK, REGION_NAMES, SENTIMENT_LABELS, SOURCES, inQuietHours, toAlertNotice, type Alert, type AlertRule, type Clock } from '@escucha/core';
import { DEMO_CHECKPOINTS } from '@escucha/connectors';
import { Metrics } from '@escucha/infra';
import { ANALYZER, DemoSwitch, type SwappableAnalyzer } from '@escucha/ingest';
import { LIVE_BUS, type LiveBus } from '@escucha/live';
import { JOB_QUEUE, LEADERSHIP, Lease, type JobQueue, type Leadership } from '@escucha/queue';
import { ALERT_STORE, CHECKPOINT_STORE, POST_STORE, SETTINGS_STORE, type AlertStore, type CheckpointStore, type PostStore, type SettingsStore } from '@escucha/store';
import { alertBuckets } from './alert.reads';
import { DeliveryLedger } from './delivery.ledger';

const LEASE = 'alerts-detection';
const LEASE_MS = 15_000;
/** The tick renews the lease and judges any bucket that has become due; well within the lease. */
const TICK_MS = 5_000;
const HOUR_MS = 3_600_000;
/**
 * History is replayed this much at a time, so memory stays bounded however long the history:
 * at 1,000 posts/s, ten minutes is 600,000 facts.
 */
const REPLAY_CHUNK_MS = 10 * 60_000;
/** How long a take-over that finds no stored posts waits for some (a backfill at start) before starting cold. */
const EMPTY_HISTORY_WAIT_MS = 5 * 60_000;
/** Set once the default rules were created, so deleting them all does not bring them back. */
const SEEDED_KEY = 'alerts.defaults';
/** Buckets before the due one that a new holder judges rather than only learns from. */
const JUDGED_AT_TAKE_OVER = 2;

/**
 * Server-side detection: every ALERTS_INTERVAL_SECONDS bucket of stored posts is judged per rule
 * and scope, in the one process of the cluster holding the `alerts-detection` lease. The holder
 * rebuilds the baselines from the last ALERTS_HISTORY_HOURS of posts when it takes over (a
 * restart, or another process's lease lapsing), then judges each bucket ALERTS_LAG_SECONDS
 * after it ends, so posts still in the queue count where they belong.
 *
 * Opened and resolved alerts go to the store, to the live banner (over the live bus, to every
 * API node) and, as queue jobs, to the rule's webhook and email, unless quiet hours, the rule's
 * rate limit or its digest hold them back; what was held back is written on the alert's timeline.
 */
@Injectable()
export class AlertDetection implements OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  private readonly lease: Lease;
  private engine?: AlertEngine;
  private rules = new Map<string, AlertRule>();
  private busy = false;
  private emptyHistoryUntil = 0;
  private stopping = false;
  /** Posts left the store (the demo's were removed): baselines learned from them would expect them still. */
  private relearn = false;
  private readonly unsubscribe: () => void;
  /** Rate limits and pending digests, kept in the settings store so a new lease holder continues them. */
  private readonly ledger: DeliveryLedger;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEADERSHIP) leadership: Leadership,
    @Inject(POST_STORE) private readonly posts: PostStore,
    @Inject(ALERT_STORE) private readonly alerts: AlertStore,
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(LIVE_BUS) private readonly bus: LiveBus,
    @Inject(ANALYZER) private readonly analyzer: SwappableAnalyzer,
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    private readonly demo: DemoSwitch,
    // Built by hand (a test of detection alone), it records into a registry nobody reads.
    @Optional() metrics: Metrics = new Metrics(),
  ) {
    this.lease = new Lease(leadership, LEASE, { ttlMs: LEASE_MS, warn: (message) => this.logger.warn(message) });
    this.ledger = new DeliveryLedger(settings, () => this.clock.now().getTime());
    this.unsubscribe = bus.subscribe((batch) => {
      if (batch.rebuild) this.relearn = true;
    });
    metrics.watchAlertDetection(() => {
      const last = this.engine?.lastBucketStart;
      return last === null || last === undefined ? undefined : last + this.interval;
    });
  }

  @Interval('alerts-detection', TICK_MS)
  async tick(): Promise<void> {
    if (!this.config.alerts.enabled || this.busy || this.stopping) return;
    this.busy = true;
    try {
      if (!(await this.lease.renew())) {
        // Another process detects now; if it was us, our baselines are stale by the time we get it back.
        if (this.engine) this.logger.log('alert detection handed over to another process');
        this.engine = undefined;
        return;
      }
      // Consumed by the first tick after it that is not busy: a take-over under way when the posts
      // left may have read them, so it starts again too.
      if (this.relearn) {
        this.relearn = false;
        this.engine = undefined;
        this.logger.log('posts left the store: baselines learned again from what remains');
      }
      if (!this.engine) await this.takeOver();
      // Still waiting for history to land: nothing to judge against yet.
      if (!this.engine) return;
      await this.loadRules();
      await this.catchUp();
      await this.flushDigests();
    } catch (error) {
      this.logger.warn(`alert detection tick failed: ${(error as Error).message}`);
    } finally {
      this.busy = false;
    }
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    this.unsubscribe();
    await this.lease.release();
  }

  private get interval(): number {
    return this.config.alerts.intervalMs;
  }

  /** Start of the newest bucket that is due for judging now. */
  private dueBucket(): number {
    const due = this.clock.now().getTime() - this.config.alerts.lagMs - this.interval;
    return Math.floor(due / this.interval) * this.interval;
  }

  private async takeOver(): Promise<void> {
    const started = performance.now();
    // A store with no history at all gets a few minutes for it to arrive (a backfill at start), then detection starts cold.
    this.emptyHistoryUntil ||= this.clock.now().getTime() + EMPTY_HISTORY_WAIT_MS;
    const waiting = this.clock.now().getTime() < this.emptyHistoryUntil;
    // The demo writes a week of history at start: baselines replayed from half of it would expect
    // nothing in the hours not yet written, and the first live minute would open alerts.
    if (waiting && (await this.demo.on()) && (await this.checkpoints.get(DEMO_CHECKPOINTS.backfilled)) === undefined) return;
    const a = this.config.alerts;
    await this.seedDefaultRules();
    // The last few buckets are left to be judged, so an outage that began while no process was
    // detecting (a restart, a take-over) still opens its alert.
    const learnedUpTo = this.dueBucket() - JUDGED_AT_TAKE_OVER * this.interval;
    const from = Math.floor((learnedUpTo - a.historyMs) / this.interval) * this.interval;
    // The replay reads the history in chunks, hundreds of reads for two days: while history may
    // still be landing, one count per tick says whether there is any yet.
    if (waiting && (await this.posts.count({ from: new Date(from), to: new Date(learnedUpTo + this.interval) })) === 0) return;
    const described = this.analyzer.describe();
    const engine = new AlertEngine({
      intervalMs: a.intervalMs,
      warmupIntervals: a.warmupIntervals,
      resolveAfterIntervals: a.resolveAfterIntervals,
      cooldownMs: a.cooldownMs,
      utcOffsetMinutes: a.utcOffsetMinutes,
      knownValues: { region: Object.keys(REGION_NAMES), topic: described.topics, intent: described.intents, sentiment: [...SENTIMENT_LABELS], source: [...SOURCES] },
    });
    await this.ledger.load();
    await this.loadRules(engine);
    let replayed = 0;
    for (let chunk = from; chunk <= learnedUpTo; chunk += REPLAY_CHUNK_MS) {
      const end = Math.min(chunk + REPLAY_CHUNK_MS, learnedUpTo + this.interval);
      const buckets = await this.bucketsOf(chunk, end);
      for (let b = chunk; b < end; b += this.interval) {
        const posts = buckets.get(b) ?? [];
        // Empty buckets before the first stored post are no history, not hours of silence: learned
        // as zeros they would warm the baselines up to expect nothing, and the first busy minute
        // (a fresh install, the demo's backfill still landing) would open alerts.
        if (replayed === 0 && posts.length === 0) continue;
        replayed += posts.length;
        engine.step(b, posts, { learnOnly: true });
      }
    }
    // Nothing stored yet: try again shortly rather than start cold while history may be landing.
    if (replayed === 0 && waiting) return;
    engine.syncOpen(await this.openAlerts(), this.clock.now().getTime());
    // Only a whole replay makes an engine: one cut short (the store failing mid-way) would judge
    // against half-learned baselines; the next tick takes over again instead.
    this.engine = engine;
    this.logger.log(
      `alert detection on: ${this.rules.size} rule(s), ${Math.round(a.intervalMs / 1000)} s buckets, baselines from ${replayed} posts of the last ${Math.round(a.historyMs / HOUR_MS)} h ` +
        `(${new Date(from).toISOString()} to ${new Date(learnedUpTo + this.interval).toISOString()}) ` +
        `in ${Math.round(performance.now() - started)} ms; each series alerts after ${a.warmupIntervals} buckets of warm-up`,
    );
  }

  /** A fresh install gets the default rules once per cluster (compare-and-set on the settings store). */
  private async seedDefaultRules(): Promise<void> {
    if (await this.settings.get(SEEDED_KEY)) return;
    if (!(await this.settings.put(SEEDED_KEY, 1, { seeded: true }, this.clock.now()))) return;
    if ((await this.alerts.listRules()).length > 0) return;
    const now = this.clock.now();
    const competitors = this.analyzer.describe().entities.slice(1);
    for (const rule of defaultAlertRules(competitors)) {
      await this.alerts.createRule({ ...rule, createdAt: now, updatedAt: now }).catch(() => undefined);
    }
  }

  /** Into `engine`: the running one, or during a take-over the one being built. */
  private async loadRules(engine = this.engine): Promise<void> {
    const rules = await this.alerts.listRules();
    this.rules = new Map(rules.map((r) => [r.id, r]));
    engine?.setRules(rules);
  }

  private openAlerts(): Promise<Alert[]> {
    return this.alerts.listAlerts({ states: ['open', 'acknowledged'], limit: 500 });
  }

  private async catchUp(): Promise<void> {
    const engine = this.engine!;
    // Someone acknowledged or resolved an alert through the API: the engine follows the store.
    engine.syncOpen(await this.openAlerts(), this.clock.now().getTime());
    const due = this.dueBucket();
    const last = engine.lastBucketStart ?? due - this.interval;
    if (due <= last) return;
    const buckets = await this.bucketsOf(last + this.interval, due + this.interval);
    for (let b = last + this.interval; b <= due; b += this.interval) {
      for (const event of engine.step(b, buckets.get(b) ?? [])) await this.handle(event);
    }
  }

  private bucketsOf(from: number, to: number): Promise<Map<number, AlertPost[]>> {
    return alertBuckets(this.posts, from, to, this.interval);
  }

  private async handle(event: AlertEvent): Promise<void> {
    const rule = this.rules.get(event.alert.ruleId);
    let stored: Alert | undefined;
    if (event.kind === 'opened') {
      stored = await this.alerts.createAlert(event.alert).catch(async () => this.alerts.getAlert(event.alert.id));
      this.logger.warn(`alert opened: ${event.alert.ruleName} ${event.alert.scopeKey} (${event.alert.observed} posts, ${event.alert.expected.toFixed(1)} expected)`);
    } else if (event.kind === 'updated') {
      const a = event.alert;
      stored = await this.alerts.updateAlert(a.id, (s) =>
        s.state === 'resolved' ? undefined : { ...s, observed: a.observed, expected: a.expected, peak: a.peak, score: a.score, persistence: a.persistence, severity: a.severity, lastSeenAt: a.lastSeenAt, postIds: a.postIds, regions: a.regions },
      );
    } else {
      const a = event.alert;
      stored = await this.alerts.updateAlert(a.id, (s) =>
        s.state === 'resolved' ? undefined : { ...s, state: 'resolved', resolvedAt: a.resolvedAt, resolvedBy: 'system', timeline: [...s.timeline, a.timeline[a.timeline.length - 1]] },
      );
    }
    if (!stored || !rule) return;
    if (rule.channels.banner) await this.bus.publish({ minutes: [], latest: [], alerts: [toAlertNotice(stored)] });
    if (event.kind !== 'updated') await this.notify(rule, stored, event.kind);
  }

  private async notify(rule: AlertRule, alert: Alert, event: 'opened' | 'resolved'): Promise<void> {
    const channels = this.channelsOf(rule);
    if (channels.length === 0) return;
    const now = this.clock.now();
    if (inQuietHours(rule.quietHours, now, this.config.alerts.utcOffsetMinutes)) {
      await this.note(alert.id, { wording: 'quiet-hours', from: rule.quietHours!.from, to: rule.quietHours!.to, channels });
      return;
    }
    if (rule.digestMinutes > 0) {
      if (event === 'resolved') return;
      await this.ledger.hold(rule.id, alert.id);
      await this.note(alert.id, { wording: 'digest', minutes: rule.digestMinutes });
      return;
    }
    await this.send(rule, [alert.id], event);
  }

  private channelsOf(rule: AlertRule): Array<'webhook' | 'email'> {
    const channels: Array<'webhook' | 'email'> = [];
    if (rule.channels.webhook) channels.push('webhook');
    if (rule.channels.email && this.config.alerts.smtpUrl) channels.push('email');
    return channels;
  }

  private async send(rule: AlertRule, alertIds: string[], event: 'opened' | 'resolved' | 'digest'): Promise<void> {
    const channels = this.channelsOf(rule);
    if (this.ledger.sentInLastHour(rule.id) >= rule.maxPerHour) {
      for (const id of alertIds) await this.note(id, { wording: 'rate-limit', maxPerHour: rule.maxPerHour, channels });
      return;
    }
    // Counted before it is queued: a holder that lost the lease meanwhile fails here and sends nothing.
    await this.ledger.recordSent(rule.id);
    const { attempts, backoffMs } = this.config.alerts.delivery;
    for (const channel of channels) {
      await this.queue.add('ingest', {
        name: 'alerts.deliver',
        data: { ruleId: rule.id, alertIds, channel, event },
        opts: { jobId: `alert-${event}-${channel}-${alertIds[0]}`, attempts, backoffMs },
      });
    }
  }

  private async flushDigests(): Promise<void> {
    const now = this.clock.now().getTime();
    for (const [ruleId, digest] of this.ledger.pendingDigests()) {
      const rule = this.rules.get(ruleId);
      if (!rule) {
        await this.ledger.dropDigest(ruleId);
        continue;
      }
      if (now - digest.since < rule.digestMinutes * 60_000) continue;
      // Sent, then dropped: a take-over in between sends it again rather than lose it (same job ids, so a queue still holding the first keeps one).
      await this.send(rule, digest.alertIds, 'digest');
      await this.ledger.dropDigest(ruleId);
    }
  }

  private async note(id: string, note: AlertNote): Promise<void> {
    const entry = timelineEntry(this.clock.now(), note);
    await this.alerts.updateAlert(id, (a) => ({ ...a, timeline: [...a.timeline, entry] }));
  }
}
