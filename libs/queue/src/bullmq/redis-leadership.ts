import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Leadership } from '../leadership.port';
import { connectRedis, throttled } from './redis-connection';

// Renew or release only what this process holds: the token check and the write must be one step.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A lease per name in Redis (SET NX PX with a token per process). */
export class RedisLeadership implements Leadership {
  private readonly token = randomUUID();

  private constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  static async open(options: { url: string; prefix?: string; warn?: (message: string) => void }): Promise<RedisLeadership> {
    const warn = throttled(options.warn ?? ((message: string) => console.warn(`[leadership] ${message}`)));
    return new RedisLeadership(await connectRedis(options.url, {}, warn), options.prefix ?? 'escucha:lease:');
  }

  async acquire(name: string, ttlMs: number): Promise<boolean> {
    const key = this.prefix + name;
    if ((await this.redis.set(key, this.token, 'PX', ttlMs, 'NX')) === 'OK') return true;
    return (await this.redis.eval(RENEW, 1, key, this.token, String(ttlMs))) === 1;
  }

  async release(name: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.prefix + name, this.token);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
