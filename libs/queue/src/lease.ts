import type { Leadership } from './leadership.port';

export interface LeaseOptions {
  /** How long a renewal holds; the caller renews well within it, so one missed renewal does not hand the duty over. */
  ttlMs: number;
  warn: (message: string) => void;
}

/**
 * One named once-per-cluster duty as seen from this process: `renew()` (called on the caller's own
 * timer) acquires or renews the lease and says whether this process holds it now. A failure to
 * reach the leadership store counts as not holding it: without the lease this process cannot know
 * that nobody else runs the duty, and running it twice is worse than pausing it.
 */
export class Lease {
  private holding = false;

  constructor(
    private readonly leadership: Leadership,
    readonly name: string,
    private readonly options: LeaseOptions,
  ) {}

  get held(): boolean {
    return this.holding;
  }

  async renew(): Promise<boolean> {
    try {
      this.holding = await this.leadership.acquire(this.name, this.options.ttlMs);
    } catch (error) {
      this.options.warn(`${this.name} lease not renewed: ${(error as Error).message}`);
      this.holding = false;
    }
    return this.holding;
  }

  /** Gives the duty up at once (shutdown), so another process need not wait for the lease to lapse. */
  async release(): Promise<void> {
    if (!this.holding) return;
    this.holding = false;
    await this.leadership.release(this.name).catch(() => undefined);
  }
}
