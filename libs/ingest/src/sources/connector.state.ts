import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@escucha/core';
import { CHECKPOINT_STORE, type CheckpointStore } from '@escucha/store';

/** What a running connector last said about itself, as the Sources page shows it. */
export interface ConnectorSample {
  connected: boolean;
  malformed: number;
  reconnects: number;
  duplicates: number;
  rateLimitRemaining?: number;
  /** ISO-8601: when it was taken; an old sample means nobody runs the stream any more. */
  sampledAt: string;
}

/**
 * Per-source checkpoints a connector keeps in the shared store: what it needs to resume (a
 * cursor, a newest id), and samples of how it is doing. Shared, so the process that takes the
 * stream over after a restart or a lease hand-over resumes where the last one stopped, and any
 * API node shows the live state. The last write wins: only the lease holder writes.
 */
@Injectable()
export class ConnectorStateRegistry {
  constructor(
    @Inject(CHECKPOINT_STORE) private readonly checkpoints: CheckpointStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A resume-state store for one source, in the shape the connectors take. */
  resumeState<T>(sourceId: string): { load(): Promise<T | undefined>; save(state: T): Promise<void> } {
    const key = `connector-state.${sourceId}`;
    return {
      load: async () => (await this.checkpoints.get(key))?.value as T | undefined,
      save: (state: T) => this.checkpoints.put(key, state, this.clock.now()),
    };
  }

  async sample(sourceId: string): Promise<ConnectorSample | undefined> {
    return (await this.checkpoints.get(`connector-status.${sourceId}`))?.value as ConnectorSample | undefined;
  }

  async publish(sourceId: string, sample: Omit<ConnectorSample, 'sampledAt'>): Promise<void> {
    await this.checkpoints.put(`connector-status.${sourceId}`, { ...sample, sampledAt: this.clock.now().toISOString() }, this.clock.now());
  }
}
