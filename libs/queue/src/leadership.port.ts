/**
 * Lets one process of the cluster own a duty that must not run twice (the demo stream),
 * for as long as it keeps renewing. Another process takes over once a holder stops renewing.
 */
export interface Leadership {
  /** True when this process holds `name` now (newly or renewed for `ttlMs`). Call again before `ttlMs` ends to keep it. */
  acquire(name: string, ttlMs: number): Promise<boolean>;
  /** Gives `name` up at once if this process holds it. */
  release(name: string): Promise<void>;
  close(): Promise<void>;
}

export const LEADERSHIP = Symbol('Leadership');

/** One process is the whole cluster. */
export class SoleLeadership implements Leadership {
  async acquire(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
  async close(): Promise<void> {}
}
