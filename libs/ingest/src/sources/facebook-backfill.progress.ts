import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type FacebookBackfillStatus } from '@escucha/core';
import { SETTINGS_STORE, StatusDocuments, type SettingsStore } from '@escucha/store';

/** Progress of each Facebook backfill. */
@Injectable()
export class FacebookBackfillProgress extends StatusDocuments<FacebookBackfillStatus> {
  constructor(@Inject(SETTINGS_STORE) settings: SettingsStore, @Inject(CLOCK) clock: Clock) {
    super(settings, clock, (id) => `facebook-backfill.${id}`, (status) => status.id);
  }
}
