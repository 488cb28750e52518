import type { LiveBatch } from './live.types';

/**
 * Carries processed batches to every process that keeps a live window: in-process in
 * the embedded footprint, over Redis when workers and API nodes are separate.
 */
export interface LiveBus {
  publish(batch: LiveBatch): Promise<void>;
  subscribe(listener: (batch: LiveBatch) => void): () => void;
  close(): Promise<void>;
}

export const LIVE_BUS = Symbol('LiveBus');

export class InProcessLiveBus implements LiveBus {
  private readonly listeners = new Set<(batch: LiveBatch) => void>();

  async publish(batch: LiveBatch): Promise<void> {
    for (const listener of this.listeners) listener(batch);
  }

  subscribe(listener: (batch: LiveBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
