import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type RecategorizationStatus } from '@escucha/core';
import { SETTINGS_STORE, StatusDocuments, type SettingsStore } from '@escucha/store';

export type { RecategorizationStatus };

/** Progress of re-categorising history, one run per taxonomy version. */
@Injectable()
export class RecategorizationProgress extends StatusDocuments<RecategorizationStatus, number> {
  constructor(@Inject(SETTINGS_STORE) settings: SettingsStore, @Inject(CLOCK) clock: Clock) {
    super(settings, clock, (version) => `recategorization.v${version}`, (status) => status.version);
  }
}
