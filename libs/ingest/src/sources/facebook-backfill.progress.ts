import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type FacebookBackfillStatus } from '@escucha/core';
import { SETTINGS_STORE, type SettingsStore } from '@escucha/store';

/** Progress of each Facebook backfill, in the store like X's, so any API node reads what any worker wrote. */
@Injectable()
export class FacebookBackfillProgress {
  constructor(
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async read(id: string): Promise<{ version: number; value: FacebookBackfillStatus } | undefined> {
    return (await this.settings.get(key(id))) as { version: number; value: FacebookBackfillStatus } | undefined;
  }

  async set(status: FacebookBackfillStatus, step: number): Promise<void> {
    await this.settings.put(key(status.id), step, status, this.clock.now());
  }
}

const key = (id: string) => `facebook-backfill.${id}`;
