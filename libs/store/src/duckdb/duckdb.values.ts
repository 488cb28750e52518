import {
  DuckDBListValue,
  DuckDBStructValue,
  DuckDBTimestampValue,
  LIST,
  VARCHAR,
  timestampValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { ValidationError } from '@escucha/core';

export const VARCHAR_LIST = LIST(VARCHAR);

/**
 * Bound parameters for one statement. User values only ever reach SQL through here,
 * as `$pN` placeholders, never as text spliced into the statement.
 */
export class SqlParams {
  readonly values: Record<string, DuckDBValue> = {};
  readonly types: Record<string, DuckDBType> = {};
  private count = 0;

  /** Returns the placeholder to write into the SQL. */
  add(value: DuckDBValue, type?: DuckDBType): string {
    const name = `p${++this.count}`;
    this.values[name] = value;
    if (type) this.types[name] = type;
    return `$${name}`;
  }

  timestamp(date: Date): string {
    return this.add(checkedTimestamp(date));
  }

  strings(values: readonly string[]): string {
    return this.add(new DuckDBListValue(values), VARCHAR_LIST);
  }

  /** `column` is one of `values` (at least one). */
  oneOf(column: string, values: readonly string[]): string {
    if (values.length === 1) return `${column} = ${this.add(values[0])}`;
    // list_contains scans the list for every row: cheapest for a few values, but over a million
    // rows 300 values took 143 ms against 12 ms as a hash semi join (the IN over a subquery).
    return values.length <= SHORT_LIST ? `list_contains(${this.strings(values)}, ${column})` : this.semiJoin(column, values);
  }

  /**
   * `column` is one of `values`, for a column with an ART index. A list of up to INDEXED_LIST
   * values becomes `IN ($a, $b, …)`, which DuckDB answers from the index: `list_contains` and the
   * semi join of `oneOf` read the whole column whatever the index (at 1M rows, 10 values took 15 ms
   * through list_contains and 3 ms through the index). A longer list goes to the semi join, one
   * scan shared by all its values: past a few hundred, binding that many parameters costs more.
   */
  oneOfIndexed(column: string, values: readonly string[]): string {
    if (values.length > INDEXED_LIST) return this.semiJoin(column, values);
    return `${column} IN (${values.map((value) => this.add(value)).join(', ')})`;
  }

  /**
   * Rows to insert, bound a column at a time: `SELECT unnest($a), unnest($b), …`, which DuckDB
   * zips into rows. A VALUES list binds a parameter per field, and its binding grows faster than
   * the rows (5,000 identity links: 3.9 s as VALUES, 0.15 s this way; 500: 110 ms against 40).
   */
  rows(columns: readonly { type: DuckDBType; values: readonly DuckDBValue[] }[]): string {
    return `SELECT ${columns.map((column) => `unnest(${this.add(new DuckDBListValue(column.values), LIST(column.type))})`).join(', ')}`;
  }

  /** One hash semi join against the list, whatever its length. */
  private semiJoin(column: string, values: readonly string[]): string {
    return `${column} IN (SELECT unnest(${this.strings(values)}))`;
  }

  /** `column` is none of `values`. */
  noneOf(column: string, values: readonly string[]): string {
    return values.length <= SHORT_LIST ? `NOT list_contains(${this.strings(values)}, ${column})` : `${column} NOT IN (SELECT unnest(${this.strings(values)}))`;
  }
}

/** Longest list tested value by value; a longer one becomes a hash join. */
const SHORT_LIST = 16;
/**
 * Longest list looked up through an index. Measured at 1M rows: 256 values 8 ms as index
 * lookups, 25 ms as a scan; 1,024 values 26 against 30 ms; 2,048 values 54 against 35 ms.
 */
const INDEXED_LIST = 256;

/** TIMESTAMP columns hold UTC wall time in microseconds; JS dates are UTC milliseconds. */
export function toTimestamp(date: Date): DuckDBTimestampValue {
  return timestampValue(BigInt(date.getTime()) * 1000n);
}

/** `toTimestamp` of a date that must be valid: an invalid one is a caller's error, not a NULL. */
export function checkedTimestamp(date: Date): DuckDBTimestampValue {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new ValidationError(`${String(date)} is not a valid date`);
  }
  return toTimestamp(date);
}

export function fromTimestamp(value: DuckDBValue): Date {
  if (!(value instanceof DuckDBTimestampValue)) throw unexpected('TIMESTAMP', value);
  return new Date(Number(value.micros / 1000n));
}

export function asString(value: DuckDBValue): string {
  if (typeof value !== 'string') throw unexpected('VARCHAR', value);
  return value;
}

/** NULL is how the store says "absent"; it must come back as a missing field, not a null. */
export function asOptionalString(value: DuckDBValue): string | undefined {
  return value === null ? undefined : asString(value);
}

export function asNumber(value: DuckDBValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw unexpected('number', value);
}

export function asOptionalNumber(value: DuckDBValue): number | undefined {
  return value === null ? undefined : asNumber(value);
}

export function asStrings(value: DuckDBValue): string[] {
  if (!(value instanceof DuckDBListValue)) throw unexpected('VARCHAR[]', value);
  return value.items.map(asString);
}

export function asStruct(value: DuckDBValue): Readonly<Record<string, DuckDBValue>> {
  if (!(value instanceof DuckDBStructValue)) throw unexpected('STRUCT', value);
  return value.entries;
}

function unexpected(expected: string, value: DuckDBValue): Error {
  const got = value === null ? 'NULL' : typeof value === 'object' ? value.constructor.name : typeof value;
  return new Error(`DuckDB store: expected ${expected}, got ${got}; the schema and the driver disagree`);
}
