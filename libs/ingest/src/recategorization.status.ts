import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type RecategorizationStatus } from '@escucha/core';

export type { RecategorizationStatus };
import { SETTINGS_STORE, type SettingsStore } from '@escucha/store';

/**
 * Progress of re-categorising history for each taxonomy version, in the store so any API
 * node reads what any worker wrote. Each step saves under a higher step number, so a late
 * write of an earlier step can never hide a later one.
 */
@Injectable()
export class RecategorizationProgress {
  constructor(
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(version: number): Promise<RecategorizationStatus | undefined> {
    return (await this.settings.get(key(version)))?.value as RecategorizationStatus | undefined;
  }

  async set(status: RecategorizationStatus, step: number): Promise<void> {
    await this.settings.put(key(status.version), step, status, this.clock.now());
  }
}

const key = (version: number) => `recategorization.v${version}`;
