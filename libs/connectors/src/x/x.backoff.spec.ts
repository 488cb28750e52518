import { describe, expect, it } from 'vitest';
import { XReconnectSchedule } from './x.backoff';

describe('XReconnectSchedule', () => {
  it('follows X: network errors +250 ms up to 16 s, HTTP errors from 5 s doubling to 320 s, 429 from 60 s doubling', () => {
    const schedule = new XReconnectSchedule();
    const network = Array.from({ length: 70 }, () => schedule.next('network'));
    expect(network.slice(0, 4)).toEqual([250, 500, 750, 1000]);
    expect(Math.max(...network)).toBe(16_000);
    const http = Array.from({ length: 9 }, () => schedule.next('http'));
    expect(http).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 320_000, 320_000]);
    expect([1, 2, 3].map(() => schedule.next('rate-limit'))).toEqual([60_000, 120_000, 240_000]);
  });

  it('starts over once a connection delivers, and takes other bases for tests', () => {
    const schedule = new XReconnectSchedule({ networkMs: 1, httpMs: 10, rateLimitMs: 100 });
    schedule.next('http');
    schedule.next('http');
    schedule.reset();
    expect(schedule.next('http')).toBe(10);
    expect(schedule.next('rate-limit')).toBe(100);
  });
});
