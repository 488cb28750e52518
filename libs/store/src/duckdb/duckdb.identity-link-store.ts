import { DOUBLE, TIMESTAMP, VARCHAR, type DuckDBValue } from '@duckdb/node-api';
import type { IdentityLink, LinkMethod, LinkStatus } from '@escucha/core';
import { decodeKeyCursor, encodeKeyCursor } from '../customer-store.port';
import { checkLink, checkLinkPage, type IdentityLinkStore, type LinkPage } from '../identity-link-store.port';
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asNumber, asString, checkedTimestamp, fromTimestamp } from './duckdb.values';

const CREATE_LINKS_TABLE = `CREATE TABLE IF NOT EXISTS identity_links (
  author VARCHAR NOT NULL,
  customer_id VARCHAR NOT NULL,
  method VARCHAR NOT NULL,
  confidence DOUBLE NOT NULL,
  status VARCHAR NOT NULL,
  by_user VARCHAR NOT NULL,
  decided_at TIMESTAMP NOT NULL,
  reasons VARCHAR,
  PRIMARY KEY (author, customer_id)
)`;

/**
 * The ingest job reads the links of a batch's authors (`forAuthors`), and the primary key's index
 * on (author, customer_id) cannot serve a lookup by author alone: without this one, each job read
 * the whole table (13 ms for ten authors at 1M links, growing with it; 3 ms with it, as at 1,000).
 * The price, measured at 1M links: ~38 MB of file and ~8 ms more at a checkpoint after links
 * changed (the key's index costs ~25 ms there already); a checkpoint with the links untouched
 * rewrites neither.
 */
const CREATE_AUTHOR_INDEX = 'CREATE INDEX IF NOT EXISTS identity_links_author ON identity_links (author)';

const COLUMNS = 'author, customer_id, method, confidence, status, by_user, decided_at, reasons';

export class DuckDbIdentityLinkStore implements IdentityLinkStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write(async (connection) => {
      await connection.run(CREATE_LINKS_TABLE);
      await connection.run(CREATE_AUTHOR_INDEX);
    });
  }

  async save(links: readonly IdentityLink[]): Promise<void> {
    if (links.length === 0) return;
    links.forEach(checkLink);
    const last = new Map<string, IdentityLink>();
    for (const link of links) last.set(JSON.stringify([link.author, link.customerId]), link);
    const rows = [...last.values()];
    const params = new SqlParams();
    const select = params.rows([
      { type: VARCHAR, values: rows.map((l) => l.author) },
      { type: VARCHAR, values: rows.map((l) => l.customerId) },
      { type: VARCHAR, values: rows.map((l) => l.method) },
      { type: DOUBLE, values: rows.map((l) => l.confidence) },
      { type: VARCHAR, values: rows.map((l) => l.status) },
      { type: VARCHAR, values: rows.map((l) => l.by) },
      { type: TIMESTAMP, values: rows.map((l) => checkedTimestamp(l.at)) },
      { type: VARCHAR, values: rows.map((l) => (l.reasons ? JSON.stringify(l.reasons) : null)) },
    ]);
    await this.db.write((connection) => connection.run(`INSERT OR REPLACE INTO identity_links (${COLUMNS}) ${select}`, params.values, params.types));
  }

  async get(author: string, customerId: string): Promise<IdentityLink | undefined> {
    const params = new SqlParams();
    const rows = await this.select(`WHERE author = ${params.add(author)} AND customer_id = ${params.add(customerId)}`, params);
    return rows[0];
  }

  forAuthors(authors: readonly string[]): Promise<IdentityLink[]> {
    if (authors.length === 0) return Promise.resolve([]);
    const params = new SqlParams();
    return this.select(`WHERE ${params.oneOfIndexed('author', authors)} ORDER BY author, customer_id`, params);
  }

  forCustomer(customerId: string): Promise<IdentityLink[]> {
    const params = new SqlParams();
    return this.select(`WHERE customer_id = ${params.add(customerId)} ORDER BY author`, params);
  }

  async list(filter: { status?: LinkStatus }, page: { limit: number; cursor?: string }): Promise<LinkPage> {
    checkLinkPage(page.limit);
    const params = new SqlParams();
    const where: string[] = [];
    if (filter.status !== undefined) where.push(`status = ${params.add(filter.status)}`);
    const countWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const countParams = { ...params.values };
    const countTypes = { ...params.types };
    if (page.cursor !== undefined) {
      const [author, customerId] = decodeKeyCursor(page.cursor, 2);
      const a = params.add(author);
      where.push(`(author > ${a} OR (author = ${a} AND customer_id > ${params.add(customerId)}))`);
    }
    const pageWhere = where.length ? `WHERE ${where.join(' AND ')}` : '';
    return this.db.readSnapshot(async (connection) => {
      const total = asNumber((await connection.runAndReadAll(`SELECT count(*) FROM identity_links ${countWhere}`, countParams, countTypes)).getRows()[0][0]);
      const rows = (
        await connection.runAndReadAll(`SELECT ${COLUMNS} FROM identity_links ${pageWhere} ORDER BY author, customer_id LIMIT ${page.limit + 1}`, params.values, params.types)
      ).getRows();
      const items = rows.slice(0, page.limit).map(rowToLink);
      const last = items[items.length - 1];
      return rows.length > page.limit ? { total, items, nextCursor: encodeKeyCursor([last.author, last.customerId]) } : { total, items };
    });
  }

  async delete(author: string, customerId: string): Promise<boolean> {
    const params = new SqlParams();
    const result = await this.db.write((connection) =>
      connection.run(`DELETE FROM identity_links WHERE author = ${params.add(author)} AND customer_id = ${params.add(customerId)}`, params.values, params.types),
    );
    return result.rowsChanged > 0;
  }

  deleteForCustomers(customerIds: readonly string[]): Promise<number> {
    return this.db.deleteWhereIn('identity_links', 'customer_id', customerIds);
  }

  private async select(clause: string, params: SqlParams): Promise<IdentityLink[]> {
    const rows = await this.db.read(async (connection) => (await connection.runAndReadAll(`SELECT ${COLUMNS} FROM identity_links ${clause}`, params.values, params.types)).getRows());
    return rows.map(rowToLink);
  }
}

function rowToLink([author, customerId, method, confidence, status, by, at, reasons]: DuckDBValue[]): IdentityLink {
  const link: IdentityLink = {
    author: asString(author),
    customerId: asString(customerId),
    method: asString(method) as LinkMethod,
    confidence: asNumber(confidence),
    status: asString(status) as LinkStatus,
    by: asString(by),
    at: fromTimestamp(at),
  };
  if (reasons !== null) link.reasons = JSON.parse(asString(reasons)) as string[];
  return link;
}
