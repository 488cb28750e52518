import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type CustomerImportStatus } from '@escucha/core';
import { SETTINGS_STORE, StatusDocuments, type SettingsStore } from '@escucha/store';

/** Progress of each CRM file import. */
@Injectable()
export class CustomerImportProgress extends StatusDocuments<CustomerImportStatus> {
  constructor(@Inject(SETTINGS_STORE) settings: SettingsStore, @Inject(CLOCK) clock: Clock) {
    super(settings, clock, (id) => `customer-import.${id}`, (status) => status.id);
  }
}
