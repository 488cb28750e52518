import { Redis, type RedisOptions } from 'ioredis';

/** The URL without its password, for messages and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparseable Redis URL)';
  }
}

/**
 * A connected client, or an error saying which Redis could not be reached. ioredis keeps retrying
 * in the background after a failed first connect, so a client that never connected is shut here.
 */
export async function connectRedis(url: string, options: RedisOptions, warn: (message: string) => void): Promise<Redis> {
  const client = new Redis(url, { ...options, lazyConnect: true });
  // Without a listener an 'error' event would crash the process; while Redis is down ioredis
  // reports each reconnect attempt, and reconnects on its own once it is back.
  client.on('error', (error: Error) => warn(`Redis ${describeRedisUrl(url)}: ${error.message}`));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot connect to Redis at ${describeRedisUrl(url)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return client;
}

/**
 * BullMQ keeps every job as ordinary keys: a Redis that evicts keys under memory pressure would
 * silently drop queued jobs, so only `noeviction` is accepted. Read from INFO rather than CONFIG GET,
 * since managed Redis services often disable CONFIG.
 */
export async function assertNoEviction(client: Redis, url: string, warn: (message: string) => void): Promise<void> {
  const info = await client.info('memory');
  const policy = /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
  if (policy === undefined) {
    warn(`Redis ${describeRedisUrl(url)} does not report its maxmemory-policy; make sure it is noeviction`);
    return;
  }
  if (policy !== 'noeviction') {
    throw new Error(
      `Redis at ${describeRedisUrl(url)} has maxmemory-policy ${policy}: it may evict queued jobs under memory pressure, ` +
        'so the job queue refuses it. Set maxmemory-policy to noeviction: run "CONFIG SET maxmemory-policy noeviction" ' +
        '(and "CONFIG REWRITE" to keep it), or put "maxmemory-policy noeviction" in redis.conf.',
    );
  }
}

/** Repeats of one message are dropped for a while: a Redis outage otherwise logs every reconnect of every client. */
export function throttled(warn: (message: string) => void, quietMs = 10_000): (message: string) => void {
  const last = new Map<string, number>();
  return (message) => {
    const now = Date.now();
    const seen = last.get(message);
    if (seen !== undefined && now - seen < quietMs) return;
    if (last.size > 100) last.clear();
    last.set(message, now);
    warn(message);
  };
}
