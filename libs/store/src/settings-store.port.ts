/** A small JSON document kept with the version it was saved as. */
export interface VersionedDocument {
  version: number;
  value: unknown;
  updatedAt: Date;
}

/**
 * Cluster-wide settings that every process must agree on (the taxonomy), kept with the
 * posts so any API node or worker reads the same. Saves are compare-and-set on the version.
 */
export interface SettingsStore {
  init(): Promise<void>;
  get(key: string): Promise<VersionedDocument | undefined>;
  /** Saves `value` as `version` if nothing, or an older version, is stored; false when an equal or newer version is. */
  put(key: string, version: number, value: unknown, updatedAt: Date): Promise<boolean>;
}

export const SETTINGS_STORE = Symbol('SettingsStore');
