import { Redis } from 'ioredis';
import type { LiveBus } from './live-bus.port';
import type { LiveBatch } from './live.types';

export interface RedisLiveBusOptions {
  url: string;
  /** Pub/sub channel; default `escucha:live`. Every node of one deployment must use the same. */
  channel?: string;
  warn?: (message: string) => void;
}

/**
 * The live fan-out across processes: a batch published by any worker reaches the subscribers of
 * every API node through one Redis pub/sub channel, so every node keeps the same live window.
 *
 * A node hears its own batches back from Redis, once, like everyone else's; nothing is delivered
 * locally as well. Pub/sub keeps nothing: a node disconnected from Redis misses what is published
 * meanwhile (ioredis reconnects and subscribes again by itself), and its live window is short by
 * those batches until they slide out of it; history is unaffected.
 */
export class RedisLiveBus implements LiveBus {
  private readonly listeners = new Set<(batch: LiveBatch) => void>();
  private closed: Promise<void> | undefined;

  private constructor(
    private readonly publisher: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly warn: (message: string) => void,
  ) {
    subscriber.on('message', (from: string, message: string) => {
      if (from === this.channel) this.deliver(message);
    });
  }

  /** Resolves once subscribed: a batch published after that reaches this bus. */
  static async open(options: RedisLiveBusOptions): Promise<RedisLiveBus> {
    const channel = options.channel ?? 'escucha:live';
    const warn = options.warn ?? ((message: string) => console.warn(`[live] ${message}`));
    let publisher: Redis | undefined;
    let subscriber: Redis | undefined;
    try {
      publisher = await connect(options.url, warn);
      // A subscribed connection can run nothing else, hence a second one.
      subscriber = await connect(options.url, warn);
      const bus = new RedisLiveBus(publisher, subscriber, channel, warn);
      await subscriber.subscribe(channel);
      return bus;
    } catch (error) {
      publisher?.disconnect();
      subscriber?.disconnect();
      throw new Error(`cannot open the live bus on Redis at ${describeUrl(options.url)}: ${messageOf(error)}`);
    }
  }

  async publish(batch: LiveBatch): Promise<void> {
    if (this.closed) throw new Error('the live bus is closed');
    await this.publisher.publish(this.channel, JSON.stringify(batch));
  }

  subscribe(listener: (batch: LiveBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.closed ??= (async () => {
      this.listeners.clear();
      // QUIT lets a publish already sent complete; disconnect if Redis is not there to answer.
      await Promise.all([this.publisher, this.subscriber].map((client) => client.quit().catch(() => client.disconnect())));
    })();
    return this.closed;
  }

  private deliver(message: string): void {
    let batch: LiveBatch;
    try {
      const value: unknown = JSON.parse(message);
      if (!isLiveBatch(value)) throw new Error('not a live batch');
      batch = value;
    } catch (error) {
      this.warn(`ignored a message on ${this.channel}: ${messageOf(error)}`);
      return;
    }
    for (const listener of this.listeners) {
      // A throwing listener would otherwise escape into ioredis's event loop and crash the process.
      try {
        listener(batch);
      } catch (error) {
        this.warn(`a live listener failed: ${messageOf(error)}`);
      }
    }
  }
}

/** The shape check is shallow: publishers are our own workers, the point is to survive a stray message. */
function isLiveBatch(value: unknown): value is LiveBatch {
  if (typeof value !== 'object' || value === null) return false;
  const { minutes, latest } = value as Record<string, unknown>;
  return Array.isArray(minutes) && Array.isArray(latest);
}

async function connect(url: string, warn: (message: string) => void): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true });
  let lastWarning = '';
  // Without a listener an 'error' event would crash the process; while Redis is down ioredis
  // reports every reconnect attempt, so only a changed message is logged.
  client.on('error', (error: Error) => {
    if (error.message !== lastWarning) warn(`Redis ${describeUrl(url)}: ${error.message}`);
    lastWarning = error.message;
  });
  client.on('ready', () => {
    lastWarning = '';
  });
  try {
    await client.connect();
  } catch (error) {
    // ioredis keeps retrying after a failed first connect: stop it.
    client.disconnect();
    throw error;
  }
  return client;
}

function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparseable Redis URL)';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
