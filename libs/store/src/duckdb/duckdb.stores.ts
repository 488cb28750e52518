import { join } from 'node:path';
import type { OfferStore } from '../offer-store.port';
import type { AuditLog } from '../audit-log.port';
import type { CheckpointStore } from '../checkpoint-store.port';
import type { LabelStore } from '../label-store.port';
import type { CustomerStore } from '../customer-store.port';
import type { IdentityLinkStore } from '../identity-link-store.port';
import type { ApiKeyStore } from '../api-key-store.port';
import type { AlertStore } from '../alert-store.port';
import type { PostStore } from '../post-store.port';
import type { SettingsStore } from '../settings-store.port';
import type { SourceStore } from '../source-store.port';
import type { UserStore } from '../user-store.port';
import { DuckDbCustomerStore } from './duckdb.customer-store';
import { DuckDbApiKeyStore } from './duckdb.api-key-store';
import { DuckDbAlertStore } from './duckdb.alert-store';
import { DuckDbDatabase, type DuckDbDatabaseOptions } from './duckdb.database';
import { DuckDbOfferStore } from './duckdb.offer-store';
import { DuckDbAuditLog } from './duckdb.audit-log';
import { DuckDbCheckpointStore } from './duckdb.checkpoint-store';
import { DuckDbLabelStore } from './duckdb.label-store';
import { DuckDbIdentityLinkStore } from './duckdb.identity-link-store';
import { DuckDbPostStore } from './duckdb.post-store';
import { DuckDbSettingsStore } from './duckdb.settings-store';
import { DuckDbSourceStore } from './duckdb.source-store';
import { DuckDbUserStore } from './duckdb.user-store';

/** The embedded store's file name under DATA_DIR. */
export const DUCKDB_FILE_NAME = 'escucha.duckdb';

export type DuckDbStoreOptions = DuckDbDatabaseOptions;

export interface DuckDbStores {
  posts: PostStore;
  users: UserStore;
  settings: SettingsStore;
  sources: SourceStore;
  offers: OfferStore;
  labels: LabelStore;
  audit: AuditLog;
  checkpoints: CheckpointStore;
  customers: CustomerStore;
  identityLinks: IdentityLinkStore;
  apiKeys: ApiKeyStore;
  alerts: AlertStore;
  /** Folds the WAL into the file; worth running after a large backfill or retention pass. */
  checkpoint(): Promise<void>;
  /** Waits for queued work, checkpoints and releases the file. `posts.close()` does the same. */
  close(): Promise<void>;
}

export function duckDbFile(dataDir: string): string {
  return join(dataDir, DUCKDB_FILE_NAME);
}

/**
 * Opens (or creates) the DuckDB file at `path`, or an in-memory store for ':memory:', with
 * its tables ready. Both stores share one database: DuckDB lets one process hold the file.
 */
export async function openDuckDbStores(path: string, options: DuckDbStoreOptions = {}): Promise<DuckDbStores> {
  const db = await DuckDbDatabase.open(path, options);
  const posts = new DuckDbPostStore(db);
  const users = new DuckDbUserStore(db);
  const settings = new DuckDbSettingsStore(db);
  const sources = new DuckDbSourceStore(db);
  const offers = new DuckDbOfferStore(db);
  const labels = new DuckDbLabelStore(db);
  const audit = new DuckDbAuditLog(db);
  const checkpoints = new DuckDbCheckpointStore(db);
  const customers = new DuckDbCustomerStore(db);
  const identityLinks = new DuckDbIdentityLinkStore(db);
  const apiKeys = new DuckDbApiKeyStore(db);
  const alerts = new DuckDbAlertStore(db);
  try {
    await posts.init();
    await users.init();
    await settings.init();
    await sources.init();
    await offers.init();
    await labels.init();
    await audit.init();
    await checkpoints.init();
    await customers.init();
    await identityLinks.init();
    await apiKeys.init();
    await alerts.init();
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return { posts, users, settings, sources, offers, labels, audit, checkpoints, customers, identityLinks, apiKeys, alerts, checkpoint: () => db.checkpoint(), close: () => db.close() };
}
