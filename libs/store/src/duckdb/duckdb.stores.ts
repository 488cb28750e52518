import { join } from 'node:path';
import type { AlertStore } from '../alert-store.port';
import type { PostStore } from '../post-store.port';
import type { SettingsStore } from '../settings-store.port';
import type { SourceStore } from '../source-store.port';
import type { UserStore } from '../user-store.port';
import { DuckDbAlertStore } from './duckdb.alert-store';
import { DuckDbDatabase, type DuckDbDatabaseOptions } from './duckdb.database';
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
  const alerts = new DuckDbAlertStore(db);
  try {
    await posts.init();
    await users.init();
    await settings.init();
    await sources.init();
    await alerts.init();
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return { posts, users, settings, sources, alerts, checkpoint: () => db.checkpoint(), close: () => db.close() };
}
