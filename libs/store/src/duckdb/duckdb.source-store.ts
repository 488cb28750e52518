import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { AppError, type Source } from '@escucha/core';
import {
  NO_ACTIVITY,
  activityFromDocument,
  activityToDocument,
  applyActivity,
  checkSourceDefinition,
  checkState,
  type ActivityDocument,
  type ActivityReport,
  type SourceDefinition,
  type SourceKind,
  type SourceState,
  type SourceStore,
  type StoredSource,
} from '../source-store.port';
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asOptionalString, asString, fromTimestamp } from './duckdb.values';

// Activity is one JSON column: it is read and rewritten whole on every report, never queried by field.
const CREATE_SOURCES_TABLE = `CREATE TABLE IF NOT EXISTS sources (
  id VARCHAR PRIMARY KEY,
  kind VARCHAR NOT NULL,
  name VARCHAR NOT NULL,
  channel VARCHAR NOT NULL,
  state VARCHAR NOT NULL,
  credentials VARCHAR,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  activity VARCHAR NOT NULL
)`;

const COLUMNS = 'id, kind, name, channel, state, credentials, created_at, updated_at, activity';

export class DuckDbSourceStore implements SourceStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write((connection) => connection.run(CREATE_SOURCES_TABLE));
  }

  async create(source: SourceDefinition, at: Date): Promise<StoredSource> {
    checkSourceDefinition(source);
    const stored: StoredSource = { ...source, createdAt: at, updatedAt: at, activity: { ...NO_ACTIVITY } };
    const params = new SqlParams();
    const result = await this.db.write((connection) =>
      connection.run(`INSERT INTO sources (${COLUMNS}) VALUES (${rowValues(params, stored)}) ON CONFLICT DO NOTHING`, params.values, params.types),
    );
    if (result.rowsChanged === 0) throw new AppError('CONFLICT', `source "${source.id}" already exists`, 409);
    return stored;
  }

  async save(source: SourceDefinition, at: Date): Promise<StoredSource> {
    checkSourceDefinition(source);
    return this.db.write(async (connection) => {
      const existing = await selectOne(connection, source.id);
      const stored: StoredSource = {
        ...source,
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
        activity: existing?.activity ?? { ...NO_ACTIVITY },
      };
      const params = new SqlParams();
      await connection.run(`INSERT OR REPLACE INTO sources (${COLUMNS}) VALUES (${rowValues(params, stored)})`, params.values, params.types);
      return stored;
    });
  }

  async get(id: string): Promise<StoredSource | undefined> {
    return this.db.read((connection) => selectOne(connection, id));
  }

  async list(): Promise<StoredSource[]> {
    const rows = await this.db.read(async (connection) =>
      (await connection.runAndReadAll(`SELECT ${COLUMNS} FROM sources ORDER BY id`)).getRows(),
    );
    return rows.map(rowToSource);
  }

  async setState(id: string, state: SourceState, at: Date): Promise<StoredSource | undefined> {
    checkState(state);
    return this.db.write(async (connection) => {
      const params = new SqlParams();
      const result = await connection.run(
        `UPDATE sources SET state = ${params.add(state)}, updated_at = ${params.timestamp(at)} WHERE id = ${params.add(id)}`,
        params.values,
        params.types,
      );
      return result.rowsChanged > 0 ? selectOne(connection, id) : undefined;
    });
  }

  async delete(id: string): Promise<boolean> {
    const params = new SqlParams();
    const result = await this.db.write((connection) => connection.run(`DELETE FROM sources WHERE id = ${params.add(id)}`, params.values, params.types));
    return result.rowsChanged > 0;
  }

  /** Read and rewrite on the one write connection: writes run one at a time, so no report is lost. */
  async recordActivity(id: string, report: ActivityReport): Promise<void> {
    await this.db.write(async (connection) => {
      const existing = await selectOne(connection, id);
      if (!existing) return;
      const params = new SqlParams();
      const activity = JSON.stringify(activityToDocument(applyActivity(existing.activity, report)));
      await connection.run(`UPDATE sources SET activity = ${params.add(activity)} WHERE id = ${params.add(id)}`, params.values, params.types);
    });
  }
}

function rowValues(params: SqlParams, source: StoredSource): string {
  return [
    params.add(source.id),
    params.add(source.kind),
    params.add(source.name),
    params.add(source.channel),
    params.add(source.state),
    params.add(source.credentials ?? null),
    params.timestamp(source.createdAt),
    params.timestamp(source.updatedAt),
    params.add(JSON.stringify(activityToDocument(source.activity))),
  ].join(', ');
}

async function selectOne(connection: DuckDBConnection, id: string): Promise<StoredSource | undefined> {
  const params = new SqlParams();
  const rows = (await connection.runAndReadAll(`SELECT ${COLUMNS} FROM sources WHERE id = ${params.add(id)}`, params.values, params.types)).getRows();
  return rows.length ? rowToSource(rows[0]) : undefined;
}

function rowToSource([id, kind, name, channel, state, credentials, createdAt, updatedAt, activity]: DuckDBValue[]): StoredSource {
  const source: StoredSource = {
    id: asString(id),
    kind: asString(kind) as SourceKind,
    name: asString(name),
    channel: asString(channel) as Source,
    state: asString(state) as SourceState,
    createdAt: fromTimestamp(createdAt),
    updatedAt: fromTimestamp(updatedAt),
    activity: activityFromDocument(JSON.parse(asString(activity)) as ActivityDocument),
  };
  const sealed = asOptionalString(credentials);
  if (sealed !== undefined) source.credentials = sealed;
  return source;
}
