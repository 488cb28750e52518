import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type XBackfillStatus } from '@escucha/core';
import { SETTINGS_STORE, StatusDocuments, type SettingsStore } from '@escucha/store';

/** Progress of each X backfill. */
@Injectable()
export class XBackfillProgress extends StatusDocuments<XBackfillStatus> {
  constructor(@Inject(SETTINGS_STORE) settings: SettingsStore, @Inject(CLOCK) clock: Clock) {
    super(settings, clock, (id) => `x-backfill.${id}`, (status) => status.id);
  }
}
