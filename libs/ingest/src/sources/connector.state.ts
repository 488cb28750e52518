import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@escucha/core';
import { SETTINGS_STORE, type SettingsStore } from '@escucha/store';

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
 * Per-source documents a connector keeps in the shared settings store: what it needs to resume
 * (a cursor, a newest id), and samples of how it is doing. Shared, so the process that takes the
 * stream over after a restart or a lease hand-over resumes where the last one stopped, and any
 * API node shows the live state. Saves are compare-and-set on a rising step: after a hand-over
 * the new holder reads the last step and goes on from it.
 */
@Injectable()
export class ConnectorStateRegistry {
  private readonly steps = new Map<string, number>();

  constructor(
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** A resume-state store for one source, in the shape the connectors take. */
  resumeState<T>(sourceId: string): { load(): Promise<T | undefined>; save(state: T): Promise<void> } {
    const key = `connector-state.${sourceId}`;
    return {
      load: async () => (await this.read(key)) as T | undefined,
      save: (state: T) => this.write(key, state),
    };
  }

  async sample(sourceId: string): Promise<ConnectorSample | undefined> {
    return (await this.settings.get(`connector-status.${sourceId}`))?.value as ConnectorSample | undefined;
  }

  async publish(sourceId: string, sample: Omit<ConnectorSample, 'sampledAt'>): Promise<void> {
    await this.write(`connector-status.${sourceId}`, { ...sample, sampledAt: this.clock.now().toISOString() });
  }

  private async read(key: string): Promise<unknown> {
    const stored = await this.settings.get(key);
    this.steps.set(key, stored?.version ?? 0);
    return stored?.value;
  }

  private async write(key: string, value: unknown): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      if (!this.steps.has(key)) this.steps.set(key, (await this.settings.get(key))?.version ?? 0);
      const step = this.steps.get(key)! + 1;
      this.steps.set(key, step);
      if (await this.settings.put(key, step, value, this.clock.now())) return;
      // Another process saved a later step (a hand-over): read where it got to and go on from there.
      this.steps.delete(key);
    }
  }
}
