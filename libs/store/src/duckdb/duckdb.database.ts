import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { UnavailableError } from '@escucha/core';
import { SqlParams } from './duckdb.values';

export const IN_MEMORY = ':memory:';

export interface DuckDbDatabaseOptions {
  /**
   * Read connections. DuckDB runs queries on separate connections in parallel (MVCC),
   * and each query already uses every core, so a few are enough to keep a slow query
   * from queueing the dashboard behind it.
   */
  readers?: number;
  /** DuckDB settings applied at open, e.g. `{ memory_limit: '2GB', threads: '4' }`. */
  settings?: Record<string, string>;
}

type Work<T> = (connection: DuckDBConnection) => Promise<T>;

/**
 * One DuckDB file (or an in-memory database) and its connections.
 *
 * A connection must never run two statements at once, and DuckDB allows one writer per
 * table at a time anyway, so all writes go through one connection in arrival order; reads
 * borrow a connection from a small pool so they never wait for a bulk write.
 */
export class DuckDbDatabase {
  private writeTail: Promise<unknown> = Promise.resolve();
  private readonly idleReaders: DuckDBConnection[];
  private readonly waitingReaders: Array<(connection: DuckDBConnection) => void> = [];
  private readonly pending = new Set<Promise<unknown>>();
  private closing: Promise<void> | undefined;

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly readers: DuckDBConnection[],
  ) {
    this.idleReaders = [...readers];
  }

  static async open(path: string, options: DuckDbDatabaseOptions = {}): Promise<DuckDbDatabase> {
    if (path !== IN_MEMORY) await mkdir(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, options.settings);
    } catch (error) {
      // The usual cause is another process holding the file; say so rather than leak DuckDB's wording alone.
      throw new UnavailableError(`cannot open the DuckDB store at ${path}: ${messageOf(error)}`);
    }
    const writer = await instance.connect();
    const readers: DuckDBConnection[] = [];
    for (let i = 0; i < Math.max(1, options.readers ?? 3); i++) readers.push(await instance.connect());
    return new DuckDbDatabase(path, instance, writer, readers);
  }

  get closed(): boolean {
    return this.closing !== undefined;
  }

  /** Runs `work` alone on the write connection, after every write queued before it. */
  write<T>(work: Work<T>): Promise<T> {
    if (this.closing) return Promise.reject(this.closedError());
    const run = this.writeTail.then(() => work(this.writer));
    // The queue must move on after a failure; the caller still sees the rejection.
    this.writeTail = run.catch(() => undefined);
    return this.track(run);
  }

  /** Deletes the rows of `table` whose `column` is one of `values`; how many went. */
  async deleteWhereIn(table: string, column: string, values: readonly string[]): Promise<number> {
    if (values.length === 0) return 0;
    const params = new SqlParams();
    const result = await this.write((connection) => connection.run(`DELETE FROM ${table} WHERE ${column} IN (SELECT unnest(${params.strings(values)}))`, params.values, params.types));
    return Number(result.rowsChanged);
  }

  /** A write in one transaction: committed when the promise resolves, rolled back when it rejects. */
  transaction<T>(work: Work<T>): Promise<T> {
    return this.write(async (connection) => {
      await connection.run('BEGIN TRANSACTION');
      try {
        const result = await work(connection);
        await connection.run('COMMIT');
        return result;
      } catch (error) {
        // After a failed COMMIT DuckDB has already rolled back and ROLLBACK itself fails; the first error is the one to report.
        await connection.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  read<T>(work: Work<T>): Promise<T> {
    if (this.closing) return Promise.reject(this.closedError());
    return this.track(this.withReader(work));
  }

  /** Several reads that must see the same data, e.g. a page and its total while posts keep arriving. */
  readSnapshot<T>(work: Work<T>): Promise<T> {
    return this.read(async (connection) => {
      await connection.run('BEGIN TRANSACTION');
      try {
        return await work(connection);
      } finally {
        // Read-only: rolling back releases the snapshot and cannot lose anything.
        await connection.run('ROLLBACK');
      }
    });
  }

  /** Folds the write-ahead log into the file, so the next open does not replay it. */
  checkpoint(): Promise<void> {
    return this.write(async (connection) => {
      await connection.run('CHECKPOINT');
    });
  }

  /** Waits for queued work, checkpoints and releases the file. Safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
    try {
      if (this.path !== IN_MEMORY) await this.writer.run('CHECKPOINT');
    } finally {
      for (const connection of [this.writer, ...this.readers]) connection.closeSync();
      this.instance.closeSync();
    }
  }

  private async withReader<T>(work: Work<T>): Promise<T> {
    const connection =
      this.idleReaders.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waitingReaders.push(resolve)));
    try {
      return await work(connection);
    } finally {
      const next = this.waitingReaders.shift();
      if (next) next(connection);
      else this.idleReaders.push(connection);
    }
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    const forget = (): void => {
      this.pending.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  private closedError(): UnavailableError {
    return new UnavailableError(`the DuckDB store at ${this.path} is closed`);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
