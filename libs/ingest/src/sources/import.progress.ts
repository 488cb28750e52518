import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type ImportStatus } from '@escucha/core';
import { SETTINGS_STORE, type SettingsStore, type VersionedDocument } from '@escucha/store';

export type { ImportStatus };

/** Bad rows kept in the report; the count covers them all. A file of garbage must not make a huge status document. */
export const MAX_REPORTED_ROW_ERRORS = 1_000;

/**
 * Progress of each import, in the store so any API node reads what any worker wrote. Each
 * save goes under a higher step, so a late save of an earlier step can never hide a later one.
 */
@Injectable()
export class ImportProgress {
  constructor(
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<ImportStatus | undefined> {
    return (await this.read(id))?.value as ImportStatus | undefined;
  }

  /** The status with the step it was saved at, for a job that carries on from it. */
  async read(id: string): Promise<(VersionedDocument & { value: ImportStatus }) | undefined> {
    return (await this.settings.get(key(id))) as (VersionedDocument & { value: ImportStatus }) | undefined;
  }

  async set(status: ImportStatus, step: number): Promise<void> {
    await this.settings.put(key(status.id), step, status, this.clock.now());
  }
}

const key = (id: string) => `import.${id}`;
