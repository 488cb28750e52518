import type { Redis } from 'ioredis';
import { SIGNATURE_TOLERANCE_S, type SignatureLedger } from '@escucha/connectors';

/**
 * Scale-out's ledger: `SET NX` with the window's remaining life as expiry, so the first API
 * node to see a signature wins and Redis forgets it when it could no longer verify anyway.
 */
export class RedisSignatureLedger implements SignatureLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'escucha:webhook-signature:',
  ) {}

  async admit(signature: string, timestampS: number, nowS: number): Promise<boolean> {
    const ttl = Math.max(1, timestampS + SIGNATURE_TOLERANCE_S - nowS + 1);
    return (await this.redis.set(`${this.prefix}${signature}`, '1', 'EX', ttl, 'NX')) === 'OK';
  }

  async release(signature: string): Promise<void> {
    await this.redis.del(`${this.prefix}${signature}`);
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
