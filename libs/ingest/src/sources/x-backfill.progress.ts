import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type XBackfillStatus } from '@escucha/core';
import { SETTINGS_STORE, type SettingsStore } from '@escucha/store';

/**
 * Progress of each X backfill, in the store like import progress, so any API node reads what
 * any worker wrote; each save goes under a higher step, so a late save never hides a later one.
 */
@Injectable()
export class XBackfillProgress {
  constructor(
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async read(id: string): Promise<{ version: number; value: XBackfillStatus } | undefined> {
    return (await this.settings.get(key(id))) as { version: number; value: XBackfillStatus } | undefined;
  }

  async set(status: XBackfillStatus, step: number): Promise<void> {
    await this.settings.put(key(status.id), step, status, this.clock.now());
  }
}

const key = (id: string) => `x-backfill.${id}`;
