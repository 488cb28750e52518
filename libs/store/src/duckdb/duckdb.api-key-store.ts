import type { DuckDBValue } from '@duckdb/node-api';
import { AppError, ValidationError } from '@escucha/core';
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope, type ApiKeyStore } from '../api-key-store.port';
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asString, fromTimestamp } from './duckdb.values';

const CREATE_API_KEYS_TABLE = `CREATE TABLE IF NOT EXISTS api_keys (
  id VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  scope VARCHAR NOT NULL,
  hash VARCHAR NOT NULL,
  created_at TIMESTAMP NOT NULL,
  created_by VARCHAR NOT NULL,
  expires_at TIMESTAMP,
  last_used_at TIMESTAMP
)`;

const COLUMNS = 'id, name, scope, hash, created_at, created_by, expires_at, last_used_at';

export class DuckDbApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write((connection) => connection.run(CREATE_API_KEYS_TABLE));
  }

  async find(id: string): Promise<ApiKey | undefined> {
    const params = new SqlParams();
    const rows = await this.db.read(async (connection) => {
      const sql = `SELECT ${COLUMNS} FROM api_keys WHERE id = ${params.add(id)}`;
      return (await connection.runAndReadAll(sql, params.values, params.types)).getRows();
    });
    return rows.length ? rowToKey(rows[0]) : undefined;
  }

  async create(key: ApiKey): Promise<void> {
    checkKey(key);
    const params = new SqlParams();
    const values = [
      params.add(key.id),
      params.add(key.name),
      params.add(key.scope),
      params.add(key.hash),
      params.timestamp(key.createdAt),
      params.add(key.createdBy),
      key.expiresAt ? params.timestamp(key.expiresAt) : 'NULL',
      key.lastUsedAt ? params.timestamp(key.lastUsedAt) : 'NULL',
    ];
    const result = await this.db.write((connection) =>
      connection.run(`INSERT INTO api_keys (${COLUMNS}) VALUES (${values.join(', ')}) ON CONFLICT DO NOTHING`, params.values, params.types),
    );
    if (result.rowsChanged === 0) throw new AppError('CONFLICT', `API key "${key.id}" already exists`, 409);
  }

  async list(): Promise<ApiKey[]> {
    const rows = await this.db.read(async (connection) =>
      (await connection.runAndReadAll(`SELECT ${COLUMNS} FROM api_keys ORDER BY created_at DESC, id`)).getRows(),
    );
    return rows.map(rowToKey);
  }

  async delete(id: string): Promise<boolean> {
    const params = new SqlParams();
    const result = await this.db.write((connection) => connection.run(`DELETE FROM api_keys WHERE id = ${params.add(id)}`, params.values, params.types));
    return result.rowsChanged > 0;
  }

  async touch(id: string, at: Date): Promise<void> {
    const params = new SqlParams();
    const when = params.timestamp(at);
    await this.db.write((connection) =>
      connection.run(
        `UPDATE api_keys SET last_used_at = ${when} WHERE id = ${params.add(id)} AND (last_used_at IS NULL OR last_used_at < ${when})`,
        params.values,
        params.types,
      ),
    );
  }
}

/** Shared by both drivers' writes: the store refuses what the port's types promise it never holds. */
export function checkKey(key: ApiKey): void {
  if (!(API_KEY_SCOPES as readonly string[]).includes(key.scope)) {
    throw new ValidationError(`scope must be one of ${API_KEY_SCOPES.join(', ')}, got "${key.scope}"`);
  }
  if (typeof key.id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(key.id)) throw new ValidationError('id must be 1 to 64 of A-Z a-z 0-9 _ -');
  for (const [field, date] of [['createdAt', key.createdAt], ['expiresAt', key.expiresAt], ['lastUsedAt', key.lastUsedAt]] as const) {
    if (date !== undefined && (!(date instanceof Date) || Number.isNaN(date.getTime()))) throw new ValidationError(`${field} is not a valid date`);
  }
}

function rowToKey([id, name, scope, hash, createdAt, createdBy, expiresAt, lastUsedAt]: DuckDBValue[]): ApiKey {
  const key: ApiKey = {
    id: asString(id),
    name: asString(name),
    scope: asString(scope) as ApiKeyScope,
    hash: asString(hash),
    createdAt: fromTimestamp(createdAt),
    createdBy: asString(createdBy),
  };
  if (expiresAt !== null) key.expiresAt = fromTimestamp(expiresAt);
  if (lastUsedAt !== null) key.lastUsedAt = fromTimestamp(lastUsedAt);
  return key;
}
