import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { AppError } from '@escucha/core';
import { consumeOrRefuse, makeLimiter } from './rate.limits';

export interface SignInLimits {
  windowMs: number;
  perUserAndAddress: number;
  perUser: number;
  perAddress: number;
}

// A successful sign-in makes its address known for the user this long: a known address is spared the per-user limit.
// Under 24.8 days: the memory driver expires keys with a setTimeout, which fires at once past 2^31 ms.
const KNOWN_ADDRESS_SECONDS = 20 * 24 * 3600;

/**
 * Failed sign-ins, counted per username and address pair (the tight limit: one guesser on one
 * machine), per address (one machine trying many names) and per username (many machines on one
 * name; looser). Each count lives in a fixed window and lapses with it, so no block outlasts
 * LOGIN_FAILURE_WINDOW_MINUTES. An address the user signed in from before is spared the per-user
 * limit, so a spread-out attack on a name does not lock its owner out at their usual machine.
 * In memory in one process; in Redis (shared by every API node) in scale-out.
 */
export class SignInLimiter {
  private readonly pair: RateLimiterAbstract;
  private readonly address: RateLimiterAbstract;
  private readonly user: RateLimiterAbstract;
  private readonly known: RateLimiterAbstract;

  constructor(limits: SignInLimits, redis?: Redis) {
    const duration = Math.max(1, Math.round(limits.windowMs / 1000));
    const make = (keyPrefix: string, points: number, seconds = duration): RateLimiterAbstract =>
      makeLimiter({ keyPrefix: `escucha:login:${keyPrefix}`, points, duration: seconds }, redis);
    this.pair = make('pair', limits.perUserAndAddress);
    this.address = make('address', limits.perAddress);
    this.user = make('user', limits.perUser);
    this.known = make('known', 1, KNOWN_ADDRESS_SECONDS);
  }

  /**
   * Counts an attempt before the password is checked (so a burst in parallel cannot slip past),
   * or refuses it with 429 and the seconds to wait. The limits are tried in turn and the first
   * refusal stops the count: a guesser already refused for the pair adds nothing to the user's
   * count, so one machine alone can never lock a name.
   */
  async attempt(username: string, address: string): Promise<void> {
    const name = username.toLowerCase();
    await this.take(this.pair, `${name}|${address}`);
    await this.take(this.address, address);
    if (!(await this.known.get(`${name}|${address}`))) await this.take(this.user, name);
  }

  /** A right password: the pair starts over, the attempt is given back to the wider counts, and the address becomes known. */
  async succeeded(username: string, address: string): Promise<void> {
    const name = username.toLowerCase();
    await Promise.all([
      this.pair.delete(`${name}|${address}`),
      this.address.reward(address, 1),
      this.user.reward(name, 1),
      this.known.set(`${name}|${address}`, 1, KNOWN_ADDRESS_SECONDS),
    ]);
  }

  private take(limiter: RateLimiterAbstract, key: string): Promise<void> {
    return consumeOrRefuse(
      limiter,
      key,
      (seconds) => new AppError('TOO_MANY_ATTEMPTS', `too many failed sign-ins; try again in ${seconds} s`, 429, { retryAfterSeconds: seconds }),
    );
  }
}
