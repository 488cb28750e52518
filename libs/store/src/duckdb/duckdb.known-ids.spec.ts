import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { KnownIds } from './duckdb.known-ids';

describe('known ids', () => {
  it('answers yes for every added hash and no for others, across growth', () => {
    const known = new KnownIds();
    // Every 1000th shares its low half with the others of its kind, so they all probe from the same slot.
    const added = Array.from({ length: 200_000 }, (_, i): [number, number] => [i * 2 + 1, i % 1000 === 0 ? 65_536 : Math.imul(i, 2_654_435_761) >>> 0]);
    for (const [high, low] of added) known.add(high, low);
    expect(known.size).toBe(added.length);
    expect(added.every(([high, low]) => known.has(high, low))).toBe(true);
    expect(Array.from({ length: 1_000 }, (_, i) => known.has(i * 2 + 2, 65_536)).some(Boolean)).toBe(false);
  });

  it('counts a hash added twice once, and keeps a hash of zero', () => {
    const known = new KnownIds();
    known.add(0, 0);
    known.add(0, 0);
    known.add(0xffffffff, 0xffffffff);
    expect(known.size).toBe(2);
    expect(known.has(0, 0)).toBe(true);
    expect(known.has(0xffffffff, 0xffffffff)).toBe(true);
    expect(known.has(1, 0)).toBe(false);
  });

  it('loads the ids of a table, replacing what it held', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await connection.run(`CREATE TABLE t AS SELECT 'x:' || i AS id FROM range(5000) r(i)`);
      const known = new KnownIds();
      known.add(12_345, 678);
      await known.load(connection, 't');
      expect(known.size).toBe(5000);
      const reader = await connection.runAndReadAll(
        `SELECT (hash(id) >> 32)::UINTEGER, (hash(id) & 4294967295)::UINTEGER FROM (VALUES ('x:42'), ('x:5000')) v(id)`,
      );
      const [[storedHigh, storedLow], [newHigh, newLow]] = reader.getRows() as number[][];
      expect(known.has(storedHigh, storedLow)).toBe(true);
      expect(known.has(newHigh, newLow)).toBe(false);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
