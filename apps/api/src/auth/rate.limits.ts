import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AppError } from '@escucha/core';

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/**
 * A fixed-window counter: in this process's memory, or in Redis when there is one, so every API
 * node counts together. While Redis is down each node counts on its own (the insurance limiter)
 * rather than letting every request through.
 */
export function makeLimiter(options: LimiterOptions, redis?: Redis): RateLimiterAbstract {
  if (!redis) return new RateLimiterMemory(options);
  return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) });
}

/** Counts one for `key`, or throws what `refuse` builds from the whole seconds left in the window. */
export async function consumeOrRefuse(limiter: RateLimiterAbstract, key: string, refuse: (retryAfterSeconds: number) => AppError): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (refusal) {
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    throw refuse(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
  }
}
