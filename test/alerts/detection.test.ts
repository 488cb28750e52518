import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAnalyzer } from '@escucha/analysis';
import { loadConfig, type AppConfig } from '@escucha/config';
import { ManualClock, regionsOfPost, toPost, type AlertNotice, type PostInput } from '@escucha/core';
import { DemoSwitch, SwappableAnalyzer } from '@escucha/ingest';
import { InProcessLiveBus } from '@escucha/live';
import { InlineJobQueue, SoleLeadership } from '@escucha/queue';
import { openDuckDbStores, type DuckDbStores, type PostStore } from '@escucha/store';
import { Metrics } from '@escucha/infra';
import { AlertDetection } from '../../apps/worker/src/alerts/alert.detection';
import { alertPost } from '../support/alert-posts';
import { parseMetrics, valueOf } from '../support/metrics';

const MINUTE = 60_000;
/** 12:00 local (UTC-3) on a weekday. */
const NOW = Date.UTC(2026, 2, 4, 15);

let dir: string;
let stores: DuckDbStores;
let queue: InlineJobQueue;
let bus: InProcessLiveBus;
let clock: ManualClock;
let config: AppConfig;
const analyzer = new SwappableAnalyzer(createAnalyzer(), undefined);

/** Stored as a version before regions were kept stored them: without `regions`, so detection works them out. */
async function store(inputs: readonly PostInput[], regions?: (input: PostInput) => string[]): Promise<void> {
  const enrichments = analyzer.analyzeBatch(inputs.map((p) => ({ text: p.text })));
  await stores.posts.upsert(inputs.map((p, i) => (regions ? { ...toPost(p, enrichments[i], new Date(p.createdAt)), regions: regions(p) } : toPost(p, enrichments[i], new Date(p.createdAt)))));
}

function detection(posts: PostStore = stores.posts, metrics?: Metrics): AlertDetection {
  const demo = new DemoSwitch(config, stores.sources, clock);
  return new AlertDetection(config, clock, new SoleLeadership(), posts, stores.alerts, stores.settings, queue, bus, analyzer, stores.checkpoints, demo, metrics);
}

/** The real store, with its `count` and `facts` calls counted; `failFacts` makes that call (1-based) fail, as a store going away would. */
function countingReads(posts: PostStore, failFacts = 0): { posts: PostStore; reads: { count: number; facts: number } } {
  const reads = { count: 0, facts: 0 };
  const counted = new Proxy(posts, {
    get(target, name) {
      const value: unknown = Reflect.get(target, name);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        if (name === 'count' || name === 'facts') reads[name]++;
        if (name === 'facts' && reads.facts === failFacts) return Promise.reject(new Error('the store went away'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { posts: counted, reads };
}

/** The value of the detection gauge, as a scrape reads it. */
async function judgedUntil(metrics: Metrics): Promise<number | undefined> {
  const seconds = valueOf(parseMetrics((await metrics.render()).body), 'escucha_alerts_judged_until_seconds');
  return seconds === undefined ? undefined : seconds * 1000;
}

/** Two hours of a steady trickle: a post a minute in each of CABA and Mendoza, an outage complaint now and then. */
function quietHours(): PostInput[] {
  const out: PostInput[] = [];
  for (let m = 120; m > 0; m--) {
    const at = NOW - m * MINUTE;
    out.push(alertPost(`c${m}`, at + 1000, 'Consulta por el plan Aurora Libre', 'Palermo, CABA'));
    out.push(alertPost(`m${m}`, at + 2000, 'Gracias Aurora por la atención', 'Godoy Cruz, Mendoza'));
    if (m % 10 === 0) out.push(alertPost(`o${m}`, at + 3000, 'Aurora sin señal un rato', 'Palermo, CABA'));
  }
  return out;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'escucha-detection-'));
  stores = await openDuckDbStores(':memory:');
  queue = await InlineJobQueue.open(join(dir, 'queue'));
  bus = new InProcessLiveBus();
  clock = new ManualClock(new Date(NOW + 30_000));
  config = loadConfig({ DATA_DIR: dir, DEMO: 'off', ALERTS_WARMUP_INTERVALS: '60', ALERTS_HISTORY_HOURS: '3', ALERTS_LAG_SECONDS: '5' }, false);
});
afterEach(async () => {
  await queue.close();
  await stores.close();
  await rm(dir, { recursive: true, force: true });
});

describe('server-side detection over the real store, on a hand-driven clock', () => {
  it('starts from stored history, opens one alert per region that jumps, and keeps to the rule\'s hourly message limit', async () => {
    await store(quietHours());
    const at = new Date(NOW);
    await stores.alerts.createRule({
      id: 'noc-regions', name: 'Outage by region', enabled: true, scope: { intents: ['outage'] }, splitBy: 'region', sensitivity: 'high', minCount: 5,
      channels: { banner: true, webhook: { url: 'http://127.0.0.1:9/hook' } }, maxPerHour: 1, digestMinutes: 0, createdAt: at, updatedAt: at,
    });
    const notices: AlertNotice[] = [];
    bus.subscribe((batch) => notices.push(...(batch.alerts ?? [])));
    const detector = detection();
    // The first tick takes over: two hours of history teach the baselines (more than the 60-bucket warm-up), nothing opens.
    await detector.tick();
    expect(await stores.alerts.listAlerts({ limit: 10 })).toEqual([]);

    // The minute that follows: outage complaints from Córdoba and from Mendoza at once.
    const burst: PostInput[] = [];
    for (let i = 0; i < 15; i++) burst.push(alertPost(`cba${i}`, NOW + 1000 + i, 'Aurora sin señal en Córdoba, no anda nada'));
    for (let i = 0; i < 15; i++) burst.push(alertPost(`mza${i}`, NOW + 2000 + i, 'Aurora sin señal en Mendoza, caída total', 'Godoy Cruz, Mendoza'));
    await store(burst);
    clock.set(new Date(NOW + MINUTE + 6_000));
    await detector.tick();

    const alerts = await stores.alerts.listAlerts({ limit: 10 });
    expect(alerts.map((a) => a.scopeKey).sort()).toEqual(['region=cordoba', 'region=mendoza']);
    expect(notices.map((n) => n.scopeKey).sort()).toEqual(['region=cordoba', 'region=mendoza']);
    // One message an hour for this rule: the first alert's webhook is queued, the second one is noted, not sent.
    expect((await queue.counts('ingest')).waiting).toBe(1);
    const suppressed = alerts.filter((a) => a.timeline.some((e) => e.kind === 'suppressed' && /rate limit: 1 messages an hour/.test(e.message)));
    expect(suppressed).toHaveLength(1);

    // Still bursting the minute after: the same two alerts are updated, not opened again.
    const more: PostInput[] = [];
    for (let i = 0; i < 15; i++) more.push(alertPost(`cba2-${i}`, NOW + MINUTE + 1000 + i, 'Aurora sin señal en Córdoba'));
    await store(more);
    clock.set(new Date(NOW + 2 * MINUTE + 6_000));
    await detector.tick();
    const after = await stores.alerts.listAlerts({ limit: 10 });
    expect(after).toHaveLength(2);
    expect(after.find((a) => a.scopeKey === 'region=cordoba')!.postIds).toEqual(expect.arrayContaining(['x:cba0', 'x:cba2-0']));
  });

  it('while the store holds no history yet, a tick costs one count rather than the chunked replay; history that lands is replayed once', async () => {
    const { posts, reads } = countingReads(stores.posts);
    const detector = detection(posts);
    await detector.tick();
    clock.set(new Date(NOW + 35_000));
    await detector.tick();
    // Three hours of history is 18 chunks of ten minutes: each waiting tick would have read them all.
    expect(reads).toEqual({ count: 2, facts: 0 });

    await store(quietHours());
    clock.set(new Date(NOW + 40_000));
    await detector.tick();
    expect(reads.count).toBe(3);
    expect(reads.facts).toBeGreaterThanOrEqual(18);

    // Taken over: the next ticks only catch up, without counting again.
    const replayReads = reads.facts;
    clock.set(new Date(NOW + MINUTE + 6_000));
    await detector.tick();
    expect(reads.count).toBe(3);
    expect(reads.facts - replayReads).toBeLessThanOrEqual(1);
  });

  it('with DEMO=auto, waits for the demo\'s week of history only while the demo runs: with a source registered it takes over at once', async () => {
    config = loadConfig({ DATA_DIR: dir, ALERTS_WARMUP_INTERVALS: '60', ALERTS_HISTORY_HOURS: '3', ALERTS_LAG_SECONDS: '5' }, false);
    await store(quietHours());
    const waiting = countingReads(stores.posts);
    await detection(waiting.posts).tick();
    expect(waiting.reads.facts).toBe(0);

    await stores.sources.create({ id: 'cc', kind: 'webhook', name: 'Call centre', channel: 'callcenter', state: 'active', credentials: 'sealed' }, clock.now());
    const taking = countingReads(stores.posts);
    await detection(taking.posts).tick();
    expect(taking.reads.facts).toBeGreaterThanOrEqual(18);
  });

  it('a take-over cut short by a failing store leaves no half-learned engine: the gauge stays at 0 and the next tick replays again', async () => {
    await store(quietHours());
    const metrics = new Metrics();
    const { posts, reads } = countingReads(stores.posts, 5);
    const detector = detection(posts, metrics);
    await detector.tick();
    expect(reads.facts).toBe(5);
    expect(await judgedUntil(metrics)).toBe(0);

    clock.set(new Date(NOW + 35_000));
    await detector.tick();
    // A whole replay (three hours, 18 chunks and the edge) from the start, then judging up to the due bucket.
    expect(reads.facts).toBeGreaterThanOrEqual(5 + 18);
    const { intervalMs, lagMs } = config.alerts;
    const due = Math.floor((NOW + 35_000 - lagMs - intervalMs) / intervalMs) * intervalMs;
    expect(await judgedUntil(metrics)).toBe(due + intervalMs);
  });

  it('counts posts by the regions stored on them, and works regions out only for posts stored without', async () => {
    await store(quietHours(), (p) => regionsOfPost(p.text, p.author.location));
    const at = new Date(NOW);
    await stores.alerts.createRule({
      id: 'noc-regions', name: 'Outage by region', enabled: true, scope: { intents: ['outage'] }, splitBy: 'region', sensitivity: 'high', minCount: 5,
      channels: { banner: true }, maxPerHour: 6, digestMinutes: 0, createdAt: at, updatedAt: at,
    });
    const detector = detection();
    await detector.tick();
    // Half of the burst names no place: only its stored regions say Salta. The other half was stored without regions and names Salta.
    const stored = Array.from({ length: 10 }, (_, i) => alertPost(`s${i}`, NOW + 1000 + i, 'Aurora sin señal, caída total'));
    const older = Array.from({ length: 10 }, (_, i) => alertPost(`t${i}`, NOW + 2000 + i, 'Aurora sin señal en Salta, caída total'));
    await store(stored, () => ['salta']);
    await store(older);
    clock.set(new Date(NOW + MINUTE + 6_000));
    await detector.tick();
    const alerts = await stores.alerts.listAlerts({ limit: 10 });
    expect(alerts.map((a) => a.scopeKey)).toEqual(['region=salta']);
    expect(alerts[0]).toMatchObject({ observed: 20, regions: [{ region: 'salta', count: 20 }] });
    expect(alerts[0].postIds).toEqual(expect.arrayContaining(['x:s0', 'x:t0']));
  });

  it('a restarted detector finds the alert still open in the store and resolves it when the region is back to normal', async () => {
    await store(quietHours());
    const at = new Date(NOW);
    await stores.alerts.createRule({ id: 'noc', name: 'Outage', enabled: true, scope: { intents: ['outage'] }, sensitivity: 'high', minCount: 5, channels: { banner: true }, maxPerHour: 6, digestMinutes: 0, createdAt: at, updatedAt: at });
    await detection().tick();
    await store(Array.from({ length: 20 }, (_, i) => alertPost(`b${i}`, NOW + 1000 + i, 'Aurora sin señal en Rosario')));
    clock.set(new Date(NOW + MINUTE + 6_000));
    const first = detection();
    await first.tick();
    await first.tick();
    const [open] = await stores.alerts.listAlerts({ states: ['open'], limit: 5 });
    expect(open).toMatchObject({ ruleId: 'noc', regions: [{ region: 'santa-fe' }] });

    // A new process takes over (a restart): it rebuilds from history and knows the alert is its to resolve.
    const second = detection();
    clock.set(new Date(NOW + 10 * MINUTE + 6_000));
    await second.tick();
    expect((await stores.alerts.getAlert(open.id))?.state).toBe('open');
    // ALERTS_RESOLVE_INTERVALS (5) ordinary minutes judged by the new holder resolve it.
    for (let m = 11; m <= 14; m++) {
      clock.set(new Date(NOW + m * MINUTE + 6_000));
      await second.tick();
    }
    const resolved = await stores.alerts.getAlert(open.id);
    expect(resolved).toMatchObject({ state: 'resolved', resolvedBy: 'system' });
    expect(await stores.alerts.listAlerts({ limit: 5 })).toHaveLength(1);
  });

  it('a new lease holder keeps to the hourly message limit the previous holder used up', async () => {
    await store(quietHours());
    const at = new Date(NOW);
    await stores.alerts.createRule({
      id: 'noc-regions', name: 'Outage by region', enabled: true, scope: { intents: ['outage'] }, splitBy: 'region', sensitivity: 'high', minCount: 5,
      channels: { banner: true, webhook: { url: 'http://127.0.0.1:9/hook' } }, maxPerHour: 1, digestMinutes: 0, createdAt: at, updatedAt: at,
    });
    const first = detection();
    await first.tick();
    await store(Array.from({ length: 15 }, (_, i) => alertPost(`cba${i}`, NOW + 1000 + i, 'Aurora sin señal en Córdoba, no anda nada')));
    clock.set(new Date(NOW + MINUTE + 6_000));
    await first.tick();
    expect((await queue.counts('ingest')).waiting).toBe(1);

    // A restart: another holder takes over within the hour, and Mendoza goes down.
    await store(Array.from({ length: 15 }, (_, i) => alertPost(`mza${i}`, NOW + 10 * MINUTE + 1000 + i, 'Aurora sin señal en Mendoza, caída total', 'Godoy Cruz, Mendoza')));
    clock.set(new Date(NOW + 11 * MINUTE + 6_000));
    await detection().tick();
    const mendoza = (await stores.alerts.listAlerts({ limit: 10 })).find((a) => a.scopeKey === 'region=mendoza');
    expect(mendoza?.timeline.some((e) => e.kind === 'suppressed' && /rate limit: 1 messages an hour/.test(e.message))).toBe(true);
    expect((await queue.counts('ingest')).waiting).toBe(1);
  });

  it('a digest one holder was collecting is sent by the next', async () => {
    await store(quietHours());
    const at = new Date(NOW);
    await stores.alerts.createRule({
      id: 'noc', name: 'Outage', enabled: true, scope: { intents: ['outage'] }, sensitivity: 'high', minCount: 5,
      channels: { banner: true, webhook: { url: 'http://127.0.0.1:9/hook' } }, maxPerHour: 6, digestMinutes: 5, createdAt: at, updatedAt: at,
    });
    const first = detection();
    await first.tick();
    await store(Array.from({ length: 20 }, (_, i) => alertPost(`b${i}`, NOW + 1000 + i, 'Aurora sin señal en Rosario')));
    clock.set(new Date(NOW + MINUTE + 6_000));
    await first.tick();
    const [held] = await stores.alerts.listAlerts({ limit: 5 });
    expect(held.timeline.map((e) => e.kind)).toContain('digest');
    expect((await queue.counts('ingest')).waiting).toBe(0);

    // The first holder is gone before the digest is due; the next one sends it when it is.
    const second = detection();
    clock.set(new Date(NOW + 3 * MINUTE + 6_000));
    await second.tick();
    expect((await queue.counts('ingest')).waiting).toBe(0);
    clock.set(new Date(NOW + 7 * MINUTE + 6_000));
    await second.tick();
    expect((await queue.counts('ingest')).waiting).toBe(1);
    // Sent once: later ticks find nothing pending.
    clock.set(new Date(NOW + 8 * MINUTE + 6_000));
    await second.tick();
    expect((await queue.counts('ingest')).waiting).toBe(1);
  });
});
