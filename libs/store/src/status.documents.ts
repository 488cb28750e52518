import type { Clock } from '@escucha/core';
import type { SettingsStore, VersionedDocument } from './settings-store.port';

/**
 * The status of each run of a job people watch (an import, a backfill, a re-categorisation), in
 * the settings store so any API node reads what any worker wrote. Each save goes under a higher
 * step, and the store keeps the highest: a late save of an earlier step never hides a later one.
 */
export class StatusDocuments<S, K extends string | number = string> {
  constructor(
    private readonly settings: SettingsStore,
    private readonly clock: Clock,
    /** The settings key of a run. */
    private readonly key: (id: K) => string,
    /** Which run a status is of. */
    private readonly idOf: (status: S) => K,
  ) {}

  async get(id: K): Promise<S | undefined> {
    return (await this.read(id))?.value;
  }

  /** The status with the step it was saved at, for a job that carries on from it. */
  async read(id: K): Promise<(VersionedDocument & { value: S }) | undefined> {
    return (await this.settings.get(this.key(id))) as (VersionedDocument & { value: S }) | undefined;
  }

  async set(status: S, step: number): Promise<void> {
    await this.settings.put(this.key(this.idOf(status)), step, status, this.clock.now());
  }
}
