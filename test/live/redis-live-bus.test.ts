import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LiveWindow, RedisLiveBus, type LiveBatch } from '@escucha/live';
import { startRedis, type RunningRedis } from '../support/redis';

/** Long enough for apt-get to install redis-server on a fresh machine. */
const START_TIMEOUT_MS = 600_000;
const quiet = { warn: () => undefined };

describe('live: Redis live bus', () => {
  let redis: RunningRedis;
  const buses: RedisLiveBus[] = [];
  let channel: string;
  let testNo = 0;

  const open = async (warn: (message: string) => void = quiet.warn): Promise<RedisLiveBus> => {
    const bus = await RedisLiveBus.open({ url: redis.url, channel, warn });
    buses.push(bus);
    return bus;
  };

  beforeAll(async () => {
    redis = await startRedis();
  }, START_TIMEOUT_MS);
  afterAll(async () => {
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()));
    // Each test on its own channel, so a late message of one cannot reach the next.
  });

  const nextChannel = (): string => `escucha:live:test-${++testNo}`;

  it('carries a batch published on one node to the subscribers of every node, once each', async () => {
    channel = nextChannel();
    const api1 = await open();
    const api2 = await open();
    const worker = await open();
    const got1: LiveBatch[] = [];
    const got2: LiveBatch[] = [];
    api1.subscribe((b) => got1.push(b));
    api2.subscribe((b) => got2.push(b));

    const sent = batch('first');
    await worker.publish(sent);
    await eventually(() => got1.length === 1 && got2.length === 1);
    expect(got1[0]).toEqual(sent);
    expect(got2[0]).toEqual(sent);

    // The publishing node hears its own batch through Redis, and only once.
    await api1.publish(batch('second'));
    await eventually(() => got1.length === 2 && got2.length === 2);
    await sleep(100);
    expect(got1.map((b) => b.latest[0]?.id)).toEqual(['first', 'second']);
    expect(got2.map((b) => b.latest[0]?.id)).toEqual(['first', 'second']);
  });

  it('keeps two API nodes\' live windows the same', async () => {
    channel = nextChannel();
    const nodes = [await open(), await open()];
    const now = Date.now();
    // One fixed clock for both, so their snapshots can be compared whole.
    const clock = { now: () => new Date(now) };
    const windows = nodes.map((bus) => {
      const window = new LiveWindow(clock);
      bus.subscribe((b) => window.apply(b));
      return window;
    });
    const worker = await open();
    await worker.publish(batch('a', now));
    await worker.publish(batch('b', now));
    await eventually(() => windows.every((w) => w.snapshot(60).total === 2));
    expect(windows[1].snapshot(60)).toEqual(windows[0].snapshot(60));
    expect(windows[0].snapshot(60).latest.map((p) => p.id).sort()).toEqual(['a', 'b']);
  });

  it('stops delivering to a listener once it unsubscribes', async () => {
    channel = nextChannel();
    const sub = await open();
    const pub = await open();
    const kept: LiveBatch[] = [];
    const dropped: LiveBatch[] = [];
    sub.subscribe((b) => kept.push(b));
    const unsubscribe = sub.subscribe((b) => dropped.push(b));
    await pub.publish(batch('1'));
    await eventually(() => kept.length === 1 && dropped.length === 1);
    unsubscribe();
    await pub.publish(batch('2'));
    await eventually(() => kept.length === 2);
    expect(dropped).toHaveLength(1);
  });

  it('ignores a stray message and survives a throwing listener', async () => {
    channel = nextChannel();
    const warnings: string[] = [];
    const sub = await open((m) => warnings.push(m));
    const pub = await open();
    const got: LiveBatch[] = [];
    sub.subscribe(() => {
      throw new Error('listener bug');
    });
    sub.subscribe((b) => got.push(b));

    const raw = new Redis(redis.url);
    try {
      await raw.publish(channel, 'not json');
      await raw.publish(channel, JSON.stringify({ hello: 'world' }));
    } finally {
      raw.disconnect();
    }
    await pub.publish(batch('good'));
    await eventually(() => got.length === 1);
    expect(got[0].latest[0]?.id).toBe('good');
    expect(warnings.filter((w) => w.startsWith('ignored a message'))).toHaveLength(2);
    expect(warnings.some((w) => w.includes('listener bug'))).toBe(true);
  });

  it('says which Redis it cannot reach', async () => {
    const gone = await startRedis();
    await gone.stop();
    await expect(RedisLiveBus.open({ url: gone.url, ...quiet })).rejects.toThrow(/cannot open the live bus on Redis at redis:\/\/127\.0\.0\.1/);
  });

  it('refuses to publish once closed', async () => {
    channel = nextChannel();
    const bus = await open();
    await bus.close();
    await expect(bus.publish(batch('late'))).rejects.toThrow(/closed/);
  });
});

function batch(id: string, at = Date.parse('2025-03-04T05:06:00.000Z')): LiveBatch {
  const minute = Math.floor(at / 60_000) * 60_000;
  return {
    minutes: [{ minute, total: 1, bySentiment: { negative: 1 }, byTopic: { outage: 1 }, bySource: { x: 1 } }],
    latest: [
      {
        id,
        source: 'x',
        channel: 'social',
        text: `¿Se cayó? ${id} 🚀`,
        lang: 'es',
        createdAt: new Date(at).toISOString(),
        author: { id: 'u1', handle: '@u1' },
        sentiment: { label: 'negative', score: -0.6 },
        topics: ['outage'],
        intents: ['outage'],
        entities: [],
        metrics: { likes: 0, reposts: 0, replies: 0 },
      },
    ],
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function eventually(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not true within ${ms} ms`);
    await sleep(10);
  }
}
