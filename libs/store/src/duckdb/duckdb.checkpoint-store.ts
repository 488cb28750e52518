import { checkCheckpointKey, checkpointJson, type Checkpoint, type CheckpointStore } from '../checkpoint-store.port';
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asString, fromTimestamp } from './duckdb.values';

const CREATE_CHECKPOINTS_TABLE = `CREATE TABLE IF NOT EXISTS checkpoints (
  key VARCHAR PRIMARY KEY,
  value VARCHAR NOT NULL,
  updated_at TIMESTAMP NOT NULL
)`;

export class DuckDbCheckpointStore implements CheckpointStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write((connection) => connection.run(CREATE_CHECKPOINTS_TABLE));
  }

  async get(key: string): Promise<Checkpoint | undefined> {
    const params = new SqlParams();
    const rows = await this.db.read(async (connection) =>
      (await connection.runAndReadAll(`SELECT value, updated_at FROM checkpoints WHERE key = ${params.add(key)}`, params.values, params.types)).getRows(),
    );
    if (rows.length === 0) return undefined;
    return { value: JSON.parse(asString(rows[0][0])) as unknown, at: fromTimestamp(rows[0][1]) };
  }

  async put(key: string, value: unknown, at: Date): Promise<void> {
    const params = new SqlParams();
    const values = [params.add(checkCheckpointKey(key)), params.add(checkpointJson(value)), params.timestamp(at)];
    await this.db.write((connection) =>
      connection.run(
        `INSERT INTO checkpoints (key, value, updated_at) VALUES (${values.join(', ')})
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        params.values,
        params.types,
      ),
    );
  }

  async delete(key: string): Promise<boolean> {
    const params = new SqlParams();
    const sql = `DELETE FROM checkpoints WHERE key = ${params.add(checkCheckpointKey(key))}`;
    const result = await this.db.write((connection) => connection.run(sql, params.values, params.types));
    return result.rowsChanged > 0;
  }
}
