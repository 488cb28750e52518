import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The two halves of DuckDB's 64-bit `hash(id)`, as UINTEGERs so they reach JS as plain numbers.
 * DuckDB hashes both when the set is loaded and when a batch is checked, so the two always agree
 * within a process; the set is rebuilt at every open, so a change of hash across versions is harmless.
 */
export const ID_HASH_COLUMNS = '(hash(id) >> 32)::UINTEGER AS hash_high, (hash(id) & 4294967295)::UINTEGER AS hash_low';

const INITIAL_CAPACITY = 1 << 16;
/** Linear probing stays short below ~70% full; at 10M posts the set takes 2^24 slots of 8 bytes. */
const MAX_LOAD = 0.7;

/**
 * The 64-bit hashes of every stored post id, in memory: tells in microseconds that an id is new,
 * which is the common case, so writing new posts never looks at the table. `has` may answer yes
 * for an id that is not stored (two ids sharing a hash, or an id deleted since): callers confirm
 * those against the table. It must never answer no for a stored id, so every committed write adds
 * its ids and any other change to the table reloads the set.
 *
 * Open addressing over two Uint32Arrays (off the JS heap, no object per id); the pair (0, 0) marks
 * an empty slot, so a hash of 0 is stored as 1 (at worst one more false "maybe").
 */
export class KnownIds {
  private high = new Uint32Array(INITIAL_CAPACITY);
  private low = new Uint32Array(INITIAL_CAPACITY);
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(hashHigh: number, hashLow: number): boolean {
    const high = hashHigh >>> 0;
    const low = high === 0 && hashLow === 0 ? 1 : hashLow >>> 0;
    const mask = this.high.length - 1;
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      if (this.high[slot] === high && this.low[slot] === low) return true;
      if (this.high[slot] === 0 && this.low[slot] === 0) return false;
    }
  }

  add(hashHigh: number, hashLow: number): void {
    if (this.count + 1 > this.high.length * MAX_LOAD) this.grow();
    const high = hashHigh >>> 0;
    // No per-call allocation: loading 10M ids runs this 10M times.
    if (this.place(high, high === 0 && hashLow === 0 ? 1 : hashLow >>> 0)) this.count++;
  }

  clear(): void {
    this.high = new Uint32Array(INITIAL_CAPACITY);
    this.low = new Uint32Array(INITIAL_CAPACITY);
    this.count = 0;
  }

  /** Replaces the contents with the ids of `table`, streamed chunk by chunk (10M ids take ~1-2 s). */
  async load(connection: DuckDBConnection, table: string): Promise<void> {
    this.clear();
    const result = await connection.stream(`SELECT ${ID_HASH_COLUMNS} FROM ${table}`);
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const highs = chunk.getColumnVector(0);
      const lows = chunk.getColumnVector(1);
      for (let row = 0; row < chunk.rowCount; row++) this.add(highs.getItem(row) as number, lows.getItem(row) as number);
    }
  }

  private place(high: number, low: number): boolean {
    const mask = this.high.length - 1;
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      if (this.high[slot] === high && this.low[slot] === low) return false;
      if (this.high[slot] === 0 && this.low[slot] === 0) {
        this.high[slot] = high;
        this.low[slot] = low;
        return true;
      }
    }
  }

  private grow(): void {
    const [high, low] = [this.high, this.low];
    this.high = new Uint32Array(high.length * 2);
    this.low = new Uint32Array(low.length * 2);
    for (let slot = 0; slot < high.length; slot++) {
      if (high[slot] !== 0 || low[slot] !== 0) this.place(high[slot], low[slot]);
    }
  }
}
