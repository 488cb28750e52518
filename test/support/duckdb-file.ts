import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * A DuckDB file opened with DuckDB alone, outside the store driver: to make a file as another
 * version would have left it, or to time a statement beside the driver's. Closed afterwards,
 * since one process at a time may hold the file and the driver opens it next.
 */
export async function withDuckDbFile<T>(file: string, work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file);
  const connection = await instance.connect();
  try {
    return await work(connection);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
