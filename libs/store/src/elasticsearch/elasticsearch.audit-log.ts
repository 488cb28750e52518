import type { estypes } from '@elastic/elasticsearch';
import { MAX_AUDIT_PAGE, type AuditEntry, type AuditLog, type AuditPage, type AuditQuery, type StoredAuditEntry } from '../audit-log.port';
import { checkAuditEntry, checkAuditQuery } from '../audit-checks';
import { decodeLogCursor, encodeLogCursor, newEntryId } from '../log-entry';
import { indexSettings, type ElasticsearchConnection } from './elasticsearch.client';

interface AuditDocument {
  seq: string;
  actor: string;
  action: string;
  target?: string;
  /** JSON text: the shape is the caller's, so the index maps none of it. */
  details?: string;
  at: string;
}

/**
 * One index of entries. A record is durable when it resolves (the translog is synced per
 * request) but not refreshed: sign-ins may come in bursts, and a refresh each would make a
 * segment each. Queries are rare (an admin reading), so a query refreshes first instead.
 */
export class ElasticsearchAuditLog implements AuditLog {
  readonly index: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.index = `${prefix}-audit`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.index,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: 'strict',
        properties: {
          seq: { type: 'keyword' },
          actor: { type: 'keyword' },
          action: { type: 'keyword' },
          target: { type: 'keyword' },
          details: { type: 'keyword', index: false, doc_values: false },
          at: { type: 'date' },
        },
      },
    });
  }

  async record(entry: AuditEntry): Promise<StoredAuditEntry> {
    const details = checkAuditEntry(entry);
    const seq = newEntryId();
    const document: AuditDocument = {
      seq,
      actor: entry.actor,
      action: entry.action,
      ...(entry.target !== undefined ? { target: entry.target } : {}),
      ...(details !== undefined ? { details } : {}),
      at: entry.at.toISOString(),
    };
    await this.es.call('recording an audit entry', (client) => client.create({ index: this.index, id: seq, document }));
    return fromDocument(document);
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    checkAuditQuery(query, MAX_AUDIT_PAGE);
    const filter: estypes.QueryDslQueryContainer[] = [];
    if (query.actor !== undefined) filter.push({ term: { actor: query.actor } });
    if (query.action !== undefined) filter.push({ term: { action: query.action } });
    if (query.target !== undefined) filter.push({ term: { target: query.target } });
    if (query.from !== undefined || query.to !== undefined) {
      filter.push({ range: { at: { ...(query.from ? { gte: query.from.toISOString() } : {}), ...(query.to ? { lt: query.to.toISOString() } : {}) } } });
    }
    const before = query.cursor === undefined ? undefined : decodeLogCursor(query.cursor);
    await this.es.call('refreshing the audit log', (client) => client.indices.refresh({ index: this.index }));
    const response = await this.es.call('querying the audit log', (client) =>
      client.search<AuditDocument>({
        index: this.index,
        query: { bool: { filter } },
        sort: [{ at: { order: 'desc' } }, { seq: { order: 'desc' } }],
        size: query.limit + 1,
        ...(before ? { search_after: [before.at.getTime(), before.id] } : {}),
      }),
    );
    const hits = response.hits.hits.filter((hit) => hit._source);
    const items = hits.slice(0, query.limit).map((hit) => fromDocument(hit._source!));
    if (hits.length <= query.limit) return { items };
    const last = items[items.length - 1];
    return { items, nextCursor: encodeLogCursor(last.at, last.id) };
  }
}

function fromDocument(document: AuditDocument): StoredAuditEntry {
  return {
    id: document.seq,
    actor: document.actor,
    action: document.action,
    ...(document.target !== undefined ? { target: document.target } : {}),
    ...(document.details !== undefined ? { details: JSON.parse(document.details) as Record<string, unknown> } : {}),
    at: new Date(document.at),
  };
}
