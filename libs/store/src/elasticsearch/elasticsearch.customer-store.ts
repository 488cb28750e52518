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
import { writeBulk } from './elasticsearch.bulk';
import { indexSettings, type ElasticsearchConnection } from './elasticsearch.client';

/**
 * One document per customer, keyed by CRM id. Free `attributes` stay in _source only
 * (dynamic: false), so a CRM's field names can never grow the mapping.
 */
export class ElasticsearchCustomerStore implements CustomerStore {
  readonly index: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.index = `${prefix}-customers`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.index,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: false,
        properties: {
          id: { type: 'keyword' },
          emails: { type: 'keyword' },
          phones: { type: 'keyword' },
          updatedAt: { type: 'date' },
        },
      },
    });
  }

  async upsert(customers: readonly Customer[]): Promise<void> {
    if (customers.length === 0) return;
    const operations = customers.flatMap((customer) => [{ index: { _index: this.index, _id: customer.id } }, customerToDocument(customer)]);
    // wait_for: a list or count that starts after the answer sees the import; a CRM import is rare next to posts.
    const response = await this.es.call('writing customers', (client) => client.bulk({ operations, refresh: 'wait_for' }));
    if (response.errors) {
      const failed = response.items.map((item) => item.index).filter((item) => item?.error);
      throw this.es.translate('writing customers', new Error(`${failed.length} customers refused, e.g. ${failed[0]?._id}: ${failed[0]?.error?.reason ?? 'unknown'}`));
    }
  }

  async get(ids: readonly string[]): Promise<Customer[]> {
    if (ids.length === 0) return [];
    const response = await this.es.call('reading customers', (client) => client.mget<CustomerDocument>({ index: this.index, ids: [...ids] }));
    return response.docs.flatMap((doc) => ('found' in doc && doc.found && doc._source ? [customerFromDocument(doc._source)] : []));
  }

  async list(page: { limit: number; cursor?: string }): Promise<CustomerPage> {
    checkCustomerPage(page.limit);
    const after = page.cursor === undefined ? undefined : decodeKeyCursor(page.cursor, 1);
    const response = await this.es.call('listing customers', (client) =>
      client.search<CustomerDocument>({ index: this.index, sort: [{ id: { order: 'asc' } }], size: page.limit + 1, search_after: after, track_total_hits: false }),
    );
    const hits = response.hits.hits;
    const items = hits.slice(0, page.limit).flatMap((hit) => (hit._source ? [customerFromDocument(hit._source)] : []));
    return hits.length > page.limit ? { items, nextCursor: encodeKeyCursor([items[items.length - 1].id]) } : { items };
  }

  async count(): Promise<number> {
    const response = await this.es.call('counting customers', (client) => client.count({ index: this.index }));
    return response.count;
  }

  async delete(ids: readonly string[]): Promise<number> {
    const outcome = await writeBulk(this.es, ids.map((id) => ({ op: 'delete', index: this.index, id })), { refresh: 'wait_for' });
    return outcome.applied;
  }
}
