import { TIMESTAMP, VARCHAR, type DuckDBValue } from '@duckdb/node-api';
import type { Customer } from '@escucha/core';
import {
  checkCustomerPage,
  customerFromDocument,
  customerToDocument,
  decodeKeyCursor,
  encodeKeyCursor,
  type CustomerDocument,
  type CustomerPage,
  type CustomerStore,
} from '../customer-store.port';
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asNumber, asString, checkedTimestamp } from './duckdb.values';

// The record is one JSON document: it is read and written whole, and matching runs on the in-memory index.
const CREATE_CUSTOMERS_TABLE = `CREATE TABLE IF NOT EXISTS customers (
  id VARCHAR PRIMARY KEY,
  document VARCHAR NOT NULL,
  updated_at TIMESTAMP NOT NULL
)`;

export class DuckDbCustomerStore implements CustomerStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write((connection) => connection.run(CREATE_CUSTOMERS_TABLE));
  }

  async upsert(customers: readonly Customer[]): Promise<void> {
    if (customers.length === 0) return;
    // The later record of an id wins, and INSERT OR REPLACE refuses one id twice in a statement.
    const last = new Map<string, Customer>();
    for (const customer of customers) last.set(customer.id, customer);
    const rows = [...last.values()];
    const params = new SqlParams();
    const select = params.rows([
      { type: VARCHAR, values: rows.map((c) => c.id) },
      { type: VARCHAR, values: rows.map((c) => JSON.stringify(customerToDocument(c))) },
      { type: TIMESTAMP, values: rows.map((c) => checkedTimestamp(c.updatedAt)) },
    ]);
    await this.db.write((connection) => connection.run(`INSERT OR REPLACE INTO customers (id, document, updated_at) ${select}`, params.values, params.types));
  }

  async get(ids: readonly string[]): Promise<Customer[]> {
    if (ids.length === 0) return [];
    const params = new SqlParams();
    const rows = await this.db.read(async (connection) =>
      (await connection.runAndReadAll(`SELECT document FROM customers WHERE ${params.oneOf('id', ids)}`, params.values, params.types)).getRows(),
    );
    const found = new Map(rows.map(([document]) => {
      const customer = rowToCustomer(document);
      return [customer.id, customer] as const;
    }));
    return ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
  }

  async list(page: { limit: number; cursor?: string }): Promise<CustomerPage> {
    checkCustomerPage(page.limit);
    const params = new SqlParams();
    const after = page.cursor === undefined ? '' : `WHERE id > ${params.add(decodeKeyCursor(page.cursor, 1)[0])}`;
    const rows = await this.db.read(async (connection) =>
      (await connection.runAndReadAll(`SELECT document FROM customers ${after} ORDER BY id LIMIT ${page.limit + 1}`, params.values, params.types)).getRows(),
    );
    const items = rows.slice(0, page.limit).map(([document]) => rowToCustomer(document));
    return rows.length > page.limit ? { items, nextCursor: encodeKeyCursor([items[items.length - 1].id]) } : { items };
  }

  async count(): Promise<number> {
    const rows = await this.db.read(async (connection) => (await connection.runAndReadAll('SELECT count(*) FROM customers')).getRows());
    return asNumber(rows[0][0]);
  }

  delete(ids: readonly string[]): Promise<number> {
    return this.db.deleteWhereIn('customers', 'id', ids);
  }
}

function rowToCustomer(document: DuckDBValue): Customer {
  return customerFromDocument(JSON.parse(asString(document)) as CustomerDocument);
}
