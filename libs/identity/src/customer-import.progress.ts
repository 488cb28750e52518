import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type CustomerImportStatus } from '@escucha/core';
import { SETTINGS_STORE, type SettingsStore, type VersionedDocument } from '@escucha/store';

/** Progress of each CRM file import, in the store so any API node reads what any worker wrote; saved under rising steps. */
@Injectable()
export class CustomerImportProgress {
  constructor(
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<CustomerImportStatus | undefined> {
    return (await this.read(id))?.value;
  }

  async read(id: string): Promise<(VersionedDocument & { value: CustomerImportStatus }) | undefined> {
    return (await this.settings.get(key(id))) as (VersionedDocument & { value: CustomerImportStatus }) | undefined;
  }

  async set(status: CustomerImportStatus, step: number): Promise<void> {
    await this.settings.put(key(status.id), step, status, this.clock.now());
  }
}

const key = (id: string) => `customer-import.${id}`;
