/** What ended a connection attempt, as X's reconnect guidance tells them apart. */
export type XFailure = 'network' | 'http' | 'rate-limit';

export interface XRetryBases {
  /** Network errors: this much more each time, linearly. X: 250 ms. */
  networkMs: number;
  /** HTTP errors: doubling from this. X: 5 s. */
  httpMs: number;
  /** 429: doubling from this. X: 60 s. */
  rateLimitMs: number;
}

export const X_RETRY: XRetryBases = { networkMs: 250, httpMs: 5_000, rateLimitMs: 60_000 };

/** X's ceilings: 16 s for network errors, 320 s for HTTP errors; 429s stop doubling past a 15-minute window. */
const NETWORK_STEPS = 64;
const HTTP_DOUBLINGS = 6;
const RATE_LIMIT_DOUBLINGS = 4;

/**
 * X's prescribed reconnect schedule. Each kind of failure keeps its own count, so a 429 after a
 * run of network errors starts at its own base; a connection that delivers anything resets all.
 */
export class XReconnectSchedule {
  private readonly counts: Record<XFailure, number> = { network: 0, http: 0, 'rate-limit': 0 };

  constructor(private readonly bases: XRetryBases = X_RETRY) {}

  /** The wait before the next attempt after this failure. */
  next(failure: XFailure): number {
    const n = ++this.counts[failure];
    if (failure === 'network') return this.bases.networkMs * Math.min(n, NETWORK_STEPS);
    if (failure === 'http') return this.bases.httpMs * 2 ** Math.min(n - 1, HTTP_DOUBLINGS);
    return this.bases.rateLimitMs * 2 ** Math.min(n - 1, RATE_LIMIT_DOUBLINGS);
  }

  reset(): void {
    this.counts.network = this.counts.http = this.counts['rate-limit'] = 0;
  }
}
