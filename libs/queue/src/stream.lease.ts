import type { Leadership } from './leadership.port';

/** The holder renews well within the lease, so one missed renewal does not hand the stream over. */
export const STREAM_LEASE_MS = 15_000;
export const STREAM_RENEW_MS = 5_000;

export interface StreamLeaseOptions {
  /** The lease's name, one per stream of the cluster. */
  name: string;
  ttlMs?: number;
  /** Whether the stream should run at all now (the source is not paused); asked only of the holder. */
  wanted?(): Promise<boolean>;
  start(): Promise<void>;
  stop(): Promise<void>;
  warn(message: string): void;
}

/**
 * Keeps a stream open in exactly one process of the cluster: `renew()` (called every
 * STREAM_RENEW_MS by the owner's scheduler) takes or keeps the lease and starts the stream, and
 * stops it when the lease is lost, cannot be renewed, or the stream is no longer wanted. A
 * process that cannot reach the lease stops too: it cannot know that nobody else streams, and a
 * second connection would knock out the first on services that allow one.
 */
export class StreamLease {
  private running = false;
  private busy?: Promise<void>;
  private closed = false;

  constructor(
    private readonly leadership: Leadership,
    private readonly options: StreamLeaseOptions,
  ) {}

  get holding(): boolean {
    return this.running;
  }

  async renew(): Promise<void> {
    if (this.busy || this.closed) return;
    this.busy = this.campaign().finally(() => (this.busy = undefined));
    await this.busy;
  }

  private async campaign(): Promise<void> {
    let leader = false;
      try {
        leader = await this.leadership.acquire(this.options.name, this.options.ttlMs ?? STREAM_LEASE_MS);
      } catch (error) {
        this.options.warn(`${this.options.name} lease not renewed: ${(error as Error).message}`);
      }
      const wanted = leader && (this.options.wanted ? await this.options.wanted().catch(() => this.running) : true);
    if (wanted && !this.running) {
      this.running = true;
      await this.options.start();
    } else if (!wanted && this.running) {
      this.running = false;
      await this.options.stop();
    }
  }

  /** Stops the stream and gives the lease up at once, so another process can take over without waiting for it to expire. */
  async close(): Promise<void> {
    this.closed = true;
    await this.busy;
    if (!this.running) return;
    this.running = false;
    await this.options.stop();
    await this.leadership.release(this.options.name).catch(() => undefined);
  }
}
