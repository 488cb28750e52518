/**
 * Waits between reconnect attempts: the first retry is at once (a dropped connection is
 * usually a blip), then doubling from `baseMs` up to `maxMs`. A rate limit starts from its own,
 * longer base unless the server said when to come back. A connection that delivers resets it.
 */
export class RetryBackoff {
  private failures = 0;
  private rateLimited = 0;

  constructor(private readonly options: { baseMs: number; maxMs: number; rateLimitMs: number }) {}

  next(kind: 'network' | 'rate-limit' = 'network', retryAfterMs?: number): number {
    if (kind === 'rate-limit') {
      const wait = retryAfterMs ?? this.options.rateLimitMs * 2 ** Math.min(this.rateLimited, 6);
      this.rateLimited++;
      return Math.min(Math.max(wait, 0), Math.max(this.options.maxMs, this.options.rateLimitMs * 64));
    }
    const n = this.failures++;
    if (n === 0) return 0;
    return Math.min(this.options.baseMs * 2 ** (n - 1), this.options.maxMs);
  }

  reset(): void {
    this.failures = 0;
    this.rateLimited = 0;
  }
}
