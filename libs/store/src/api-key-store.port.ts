export const API_KEY_SCOPES = ['ingest', 'read'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A machine's credential. Only a hash of the secret is kept: the key itself is shown once, at creation. */
export interface ApiKey {
  /** Public part of the key, also its id in the store. */
  id: string;
  name: string;
  scope: ApiKeyScope;
  /** SHA-256 of the whole key, hex: keys are long and random, so a slow hash buys nothing. */
  hash: string;
  createdAt: Date;
  /** Who made it. */
  createdBy: string;
  expiresAt?: Date;
  lastUsedAt?: Date;
}

export interface ApiKeyStore {
  init(): Promise<void>;
  find(id: string): Promise<ApiKey | undefined>;
  /** Fails with AppError CONFLICT when the id exists. */
  create(key: ApiKey): Promise<void>;
  /** Newest first. */
  list(): Promise<ApiKey[]>;
  /** False when there was no such key. */
  delete(id: string): Promise<boolean>;
  /** Records a use; never moves lastUsedAt back, and does nothing for a deleted key. */
  touch(id: string, at: Date): Promise<void>;
}

export const API_KEY_STORE = Symbol('ApiKeyStore');
