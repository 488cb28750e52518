import { INTEGER } from '@duckdb/node-api';
import { checkVersion } from '../query-arguments';
import type { SettingsStore, VersionedDocument } from '../settings-store.port';
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asNumber, asString, fromTimestamp } from './duckdb.values';

const CREATE_SETTINGS_TABLE = `CREATE TABLE IF NOT EXISTS settings (
  key VARCHAR PRIMARY KEY,
  version INTEGER NOT NULL,
  value VARCHAR NOT NULL,
  updated_at TIMESTAMP NOT NULL
)`;

export class DuckDbSettingsStore implements SettingsStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write((connection) => connection.run(CREATE_SETTINGS_TABLE));
  }

  async get(key: string): Promise<VersionedDocument | undefined> {
    const params = new SqlParams();
    const rows = await this.db.read(async (connection) => {
      const sql = `SELECT version, value, updated_at FROM settings WHERE key = ${params.add(key)}`;
      return (await connection.runAndReadAll(sql, params.values, params.types)).getRows();
    });
    if (rows.length === 0) return undefined;
    const [version, value, updatedAt] = rows[0];
    return { version: asNumber(version), value: JSON.parse(asString(value)) as unknown, updatedAt: fromTimestamp(updatedAt) };
  }

  async put(key: string, version: number, value: unknown, updatedAt: Date): Promise<boolean> {
    checkVersion(version);
    const params = new SqlParams();
    const values = [params.add(key), params.add(version, INTEGER), params.add(JSON.stringify(value)), params.timestamp(updatedAt)];
    // The WHERE on the update makes it compare-and-set: an equal or newer stored version wins.
    const result = await this.db.write((connection) =>
      connection.run(
        `INSERT INTO settings (key, version, value, updated_at) VALUES (${values.join(', ')})
         ON CONFLICT (key) DO UPDATE SET version = excluded.version, value = excluded.value, updated_at = excluded.updated_at
         WHERE settings.version < excluded.version`,
        params.values,
        params.types,
      ),
    );
    return result.rowsChanged > 0;
  }
}
