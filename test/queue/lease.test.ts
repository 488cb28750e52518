import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lease, RedisLeadership } from '@escucha/queue';
import { startRedis, type RunningRedis } from '../support/redis';

let redis: RunningRedis;

beforeAll(async () => {
  redis = await startRedis();
}, 120_000);
afterAll(async () => {
  await redis?.stop();
});

describe('Lease on Redis: one holder of a duty per cluster', () => {
  it('lets one of two processes hold it, keeps it while renewed, and hands it over on release or lapse', async () => {
    const warnings: string[] = [];
    const [a, b] = await Promise.all([RedisLeadership.open({ url: redis.url, prefix: 'lease-test:' }), RedisLeadership.open({ url: redis.url, prefix: 'lease-test:' })]);
    try {
      const first = new Lease(a, 'alerts-detection', { ttlMs: 600, warn: (m) => warnings.push(m) });
      const second = new Lease(b, 'alerts-detection', { ttlMs: 600, warn: (m) => warnings.push(m) });
      expect(await first.renew()).toBe(true);
      expect(await second.renew()).toBe(false);
      expect(await first.renew()).toBe(true);
      expect([first.held, second.held]).toEqual([true, false]);

      await first.release();
      expect(first.held).toBe(false);
      expect(await second.renew()).toBe(true);
      expect(await first.renew()).toBe(false);

      // The holder stops renewing (a crashed worker): the other takes over once the lease lapses.
      await new Promise((r) => setTimeout(r, 800));
      expect(await first.renew()).toBe(true);
      expect(await second.renew()).toBe(false);
      expect(warnings).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('counts an unreachable Redis as not holding, and says so', async () => {
    const leadership = await RedisLeadership.open({ url: redis.url, prefix: 'lease-test-2:' });
    const warnings: string[] = [];
    const lease = new Lease(leadership, 'alerts-detection', { ttlMs: 5_000, warn: (m) => warnings.push(m) });
    expect(await lease.renew()).toBe(true);
    await leadership.close();
    expect(await lease.renew()).toBe(false);
    expect(lease.held).toBe(false);
    expect(warnings[0]).toMatch(/alerts-detection lease not renewed/);
  });
});
