import type { DuckDBValue } from '@duckdb/node-api';
import { MAX_AUDIT_PAGE, type AuditEntry, type AuditLog, type AuditPage, type AuditQuery, type StoredAuditEntry } from '../audit-log.port';
import { checkAuditEntry, checkAuditQuery } from '../audit-checks';
import { decodeLogCursor, encodeLogCursor, newEntryId } from '../log-entry';
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asOptionalString, asString, fromTimestamp } from './duckdb.values';

const CREATE_AUDIT_TABLE = `CREATE TABLE IF NOT EXISTS audit_log (
  id VARCHAR PRIMARY KEY,
  actor VARCHAR NOT NULL,
  action VARCHAR NOT NULL,
  target VARCHAR,
  details VARCHAR,
  occurred_at TIMESTAMP NOT NULL
)`;

const COLUMNS = 'id, actor, action, target, details, occurred_at';

export class DuckDbAuditLog implements AuditLog {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write((connection) => connection.run(CREATE_AUDIT_TABLE));
  }

  async record(entry: AuditEntry): Promise<StoredAuditEntry> {
    const details = checkAuditEntry(entry);
    const stored: StoredAuditEntry = { id: newEntryId(), ...copy(entry) };
    const params = new SqlParams();
    const values = [
      params.add(stored.id),
      params.add(entry.actor),
      params.add(entry.action),
      entry.target === undefined ? 'NULL' : params.add(entry.target),
      details === undefined ? 'NULL' : params.add(details),
      params.timestamp(entry.at),
    ];
    await this.db.write((connection) => connection.run(`INSERT INTO audit_log (${COLUMNS}) VALUES (${values.join(', ')})`, params.values, params.types));
    return stored;
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    checkAuditQuery(query, MAX_AUDIT_PAGE);
    const params = new SqlParams();
    const where: string[] = [];
    if (query.actor !== undefined) where.push(`actor = ${params.add(query.actor)}`);
    if (query.action !== undefined) where.push(`action = ${params.add(query.action)}`);
    if (query.target !== undefined) where.push(`target = ${params.add(query.target)}`);
    if (query.from !== undefined) where.push(`occurred_at >= ${params.timestamp(query.from)}`);
    if (query.to !== undefined) where.push(`occurred_at < ${params.timestamp(query.to)}`);
    if (query.cursor !== undefined) {
      const before = decodeLogCursor(query.cursor);
      const at = params.timestamp(before.at);
      where.push(`(occurred_at < ${at} OR (occurred_at = ${at} AND id < ${params.add(before.id)}))`);
    }
    const sql = `SELECT ${COLUMNS} FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY occurred_at DESC, id DESC LIMIT ${query.limit + 1}`;
    const rows = await this.db.read(async (connection) => (await connection.runAndReadAll(sql, params.values, params.types)).getRows());
    const items = rows.slice(0, query.limit).map(rowToEntry);
    if (rows.length <= query.limit) return { items };
    const last = items[items.length - 1];
    return { items, nextCursor: encodeLogCursor(last.at, last.id) };
  }
}

function rowToEntry([id, actor, action, target, details, at]: DuckDBValue[]): StoredAuditEntry {
  const targetText = asOptionalString(target);
  const detailsText = asOptionalString(details);
  return {
    id: asString(id),
    actor: asString(actor),
    action: asString(action),
    ...(targetText !== undefined ? { target: targetText } : {}),
    ...(detailsText !== undefined ? { details: JSON.parse(detailsText) as Record<string, unknown> } : {}),
    at: fromTimestamp(at),
  };
}

function copy(entry: AuditEntry): AuditEntry {
  return {
    actor: entry.actor,
    action: entry.action,
    ...(entry.target !== undefined ? { target: entry.target } : {}),
    ...(entry.details !== undefined ? { details: JSON.parse(JSON.stringify(entry.details)) as Record<string, unknown> } : {}),
    at: new Date(entry.at),
  };
}
