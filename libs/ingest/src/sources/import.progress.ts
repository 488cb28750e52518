import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type ImportStatus } from '@escucha/core';
import { SETTINGS_STORE, StatusDocuments, type SettingsStore } from '@escucha/store';

export type { ImportStatus };

/** Bad rows kept in the report; the count covers them all. A file of garbage must not make a huge status document. */
export const MAX_REPORTED_ROW_ERRORS = 1_000;

/** Progress of each file import into a source. */
@Injectable()
export class ImportProgress extends StatusDocuments<ImportStatus> {
  constructor(@Inject(SETTINGS_STORE) settings: SettingsStore, @Inject(CLOCK) clock: Clock) {
    super(settings, clock, (id) => `import.${id}`, (status) => status.id);
  }
}
