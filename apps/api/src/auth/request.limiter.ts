import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '@escucha/core';
import type { Principal } from './principal';
import { consumeOrRefuse, makeLimiter } from './rate.limits';

/**
 * Requests per signed-in user or API key per minute, counted over every API node (in Redis in
 * scale-out), so one runaway script or dashboard cannot take the store from everyone else. A
 * fixed window per caller, opened by its first request; a refusal says when it ends.
 */
export class RequestLimiter {
  private readonly limiter: RateLimiterAbstract | undefined;

  constructor(
    private readonly perMinute: number,
    redis?: Redis,
  ) {
    this.limiter = perMinute > 0 ? makeLimiter({ keyPrefix: 'escucha:requests', points: perMinute, duration: 60 }, redis) : undefined;
  }

  /** Counts one request of `caller`, or throws RATE_LIMITED (429) with the seconds to wait. */
  async take(caller: Principal): Promise<void> {
    if (!this.limiter) return;
    const who = caller.apiKey ? `API key "${caller.apiKey.name}"` : `user ${caller.sub}`;
    await consumeOrRefuse(
      this.limiter,
      caller.sub,
      (seconds) =>
        new AppError('RATE_LIMITED', `${who} sent more than ${this.perMinute} requests this minute; try again in ${seconds} s`, 429, { retryAfterSeconds: seconds }),
    );
  }
}
