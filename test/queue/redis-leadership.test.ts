import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisLeadership } from '@escucha/queue';
import { startRedis, type RunningRedis } from '../support/redis';

describe('RedisLeadership', () => {
  let redis: RunningRedis;
  const opened: RedisLeadership[] = [];
  const open = async (prefix: string) => {
    const leadership = await RedisLeadership.open({ url: redis.url, prefix, warn: () => undefined });
    opened.push(leadership);
    return leadership;
  };

  beforeAll(async () => {
    redis = await startRedis();
  }, 600_000);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((l) => l.close()));
  });
  afterAll(() => redis?.stop());

  it('lets one process hold a name, renew it, and hand it over on release', async () => {
    const prefix = `t-${randomUUID()}:`;
    const [a, b] = [await open(prefix), await open(prefix)];
    expect(await a.acquire('demo', 5_000)).toBe(true);
    expect(await b.acquire('demo', 5_000)).toBe(false);
    expect(await a.acquire('demo', 5_000)).toBe(true);
    // Releasing what one does not hold changes nothing.
    await b.release('demo');
    expect(await b.acquire('demo', 5_000)).toBe(false);
    await a.release('demo');
    expect(await b.acquire('demo', 5_000)).toBe(true);
    expect(await a.acquire('demo', 5_000)).toBe(false);
  });

  it('passes the name on when the holder stops renewing', async () => {
    const prefix = `t-${randomUUID()}:`;
    const [a, b] = [await open(prefix), await open(prefix)];
    expect(await a.acquire('demo', 300)).toBe(true);
    expect(await b.acquire('demo', 300)).toBe(false);
    await new Promise((r) => setTimeout(r, 450));
    expect(await b.acquire('demo', 300)).toBe(true);
    expect(await a.acquire('demo', 300)).toBe(false);
  });
});
