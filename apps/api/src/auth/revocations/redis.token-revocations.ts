import type { Redis } from 'ioredis';
import { UnavailableError } from '@escucha/core';
import type { TokenRevocations } from './token-revocations.port';

// Only raises the stored instant: a slow node writing an older change must not undo a newer one.
const RAISE = `local current = tonumber(redis.call('get', KEYS[1]) or '0')
if current < tonumber(ARGV[1]) then redis.call('set', KEYS[1], ARGV[1], 'PXAT', ARGV[2]) return 1 end
return 0`;

/**
 * Scale-out revocations in the Redis every API node already shares: a logout on one node is
 * refused by the next request on any node, with one MGET per request and keys that expire with
 * the tokens they refuse. Redis rather than the store because the check runs on every request
 * and Redis answers it in a fraction of a millisecond; the user store stays the durable record
 * of "tokens valid after", and is copied back here at start should Redis have lost it.
 */
export class RedisTokenRevocations implements TokenRevocations {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'escucha:auth:',
  ) {}

  async revokeToken(jti: string, until: Date): Promise<void> {
    await this.run(() => this.redis.set(`${this.prefix}revoked:${jti}`, '1', 'PXAT', until.getTime()));
  }

  async revokeUserTokens(username: string, before: Date, until: Date): Promise<void> {
    await this.run(() => this.redis.eval(RAISE, 1, this.userKey(username), String(before.getTime()), String(until.getTime())));
  }

  async isRevoked(jti: string, username: string, issuedAtMs: number): Promise<boolean> {
    const [token, before] = await this.run(() => this.redis.mget(`${this.prefix}revoked:${jti}`, this.userKey(username)));
    return token !== null || (before !== null && issuedAtMs < Number(before));
  }

  async close(): Promise<void> {
    // The connection is shared with the sign-in limits and closed by its owner.
  }

  private userKey(username: string): string {
    return `${this.prefix}user-valid-after:${username}`;
  }

  private async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw new UnavailableError(`token revocations (Redis) are unreachable: ${(error as Error).message}`);
    }
  }
}
