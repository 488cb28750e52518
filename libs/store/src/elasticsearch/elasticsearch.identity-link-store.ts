import { createHash } from 'node:crypto';
import type { estypes } from '@elastic/elasticsearch';
import type { IdentityLink, LinkMethod, LinkStatus } from '@escucha/core';
import { decodeKeyCursor, encodeKeyCursor } from '../customer-store.port';
import { checkLink, checkLinkPage, type IdentityLinkStore, type LinkPage } from '../identity-link-store.port';
import { writeBulk } from './elasticsearch.bulk';
import { indexSettings, isResponseError, type ElasticsearchConnection } from './elasticsearch.client';

interface LinkDocument {
  author: string;
  customerId: string;
  method: string;
  confidence: number;
  status: string;
  by: string;
  at: string;
  reasons?: string[];
}

const PAGE = 1_000;

/** One document per (author, customerId); the id is a hash of the pair, since an author key may be long or hold any character. */
export class ElasticsearchIdentityLinkStore implements IdentityLinkStore {
  readonly index: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.index = `${prefix}-identity-links`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.index,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: 'strict',
        properties: {
          author: { type: 'keyword' },
          customerId: { type: 'keyword' },
          method: { type: 'keyword' },
          confidence: { type: 'double' },
          status: { type: 'keyword' },
          by: { type: 'keyword' },
          at: { type: 'date' },
          reasons: { type: 'keyword', index: false },
        },
      },
    });
  }

  async save(links: readonly IdentityLink[]): Promise<void> {
    if (links.length === 0) return;
    links.forEach(checkLink);
    const operations = links.flatMap((link) => [{ index: { _index: this.index, _id: linkId(link.author, link.customerId) } }, toDocument(link)]);
    const response = await this.es.call('writing identity links', (client) => client.bulk({ operations, refresh: 'wait_for' }));
    if (response.errors) {
      const failed = response.items.map((item) => item.index).find((item) => item?.error);
      throw this.es.translate('writing identity links', new Error(`refused: ${failed?.error?.reason ?? 'unknown'}`));
    }
  }

  async get(author: string, customerId: string): Promise<IdentityLink | undefined> {
    try {
      const response = await this.es.client.get<LinkDocument>({ index: this.index, id: linkId(author, customerId) });
      return response.found && response._source ? fromDocument(response._source) : undefined;
    } catch (error) {
      if (isResponseError(error, 404)) return undefined;
      throw this.es.translate('reading an identity link', error);
    }
  }

  forAuthors(authors: readonly string[]): Promise<IdentityLink[]> {
    if (authors.length === 0) return Promise.resolve([]);
    return this.all({ terms: { author: [...authors] } });
  }

  forCustomer(customerId: string): Promise<IdentityLink[]> {
    return this.all({ term: { customerId } });
  }

  async list(filter: { status?: LinkStatus }, page: { limit: number; cursor?: string }): Promise<LinkPage> {
    checkLinkPage(page.limit);
    const query: estypes.QueryDslQueryContainer = filter.status === undefined ? { match_all: {} } : { term: { status: filter.status } };
    const after = page.cursor === undefined ? undefined : decodeKeyCursor(page.cursor, 2);
    const response = await this.es.call('listing identity links', (client) =>
      client.search<LinkDocument>({
        index: this.index,
        query,
        sort: [{ author: { order: 'asc' } }, { customerId: { order: 'asc' } }],
        size: page.limit + 1,
        search_after: after,
        track_total_hits: true,
      }),
    );
    const hits = response.hits.hits;
    const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
    const items = hits.slice(0, page.limit).flatMap((hit) => (hit._source ? [fromDocument(hit._source)] : []));
    const last = items[items.length - 1];
    return hits.length > page.limit ? { total, items, nextCursor: encodeKeyCursor([last.author, last.customerId]) } : { total, items };
  }

  async delete(author: string, customerId: string): Promise<boolean> {
    try {
      await this.es.client.delete({ index: this.index, id: linkId(author, customerId), refresh: 'wait_for' });
      return true;
    } catch (error) {
      if (isResponseError(error, 404)) return false;
      throw this.es.translate('deleting an identity link', error);
    }
  }

  /** Search then bulk delete: delete-by-query lives in a module a trimmed cluster may lack (the post store does the same). */
  async deleteForCustomers(customerIds: readonly string[]): Promise<number> {
    if (customerIds.length === 0) return 0;
    const links = await this.all({ terms: { customerId: [...customerIds] } });
    const deletes = links.map((link) => ({ op: 'delete' as const, index: this.index, id: linkId(link.author, link.customerId) }));
    return (await writeBulk(this.es, deletes, { refresh: 'wait_for' })).applied;
  }

  private async all(query: estypes.QueryDslQueryContainer): Promise<IdentityLink[]> {
    const links: IdentityLink[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await this.es.call('reading identity links', (client) =>
        client.search<LinkDocument>({ index: this.index, query, sort: [{ author: { order: 'asc' } }, { customerId: { order: 'asc' } }], size: PAGE, search_after: after }),
      );
      const hits = response.hits.hits;
      for (const hit of hits) if (hit._source) links.push(fromDocument(hit._source));
      if (hits.length < PAGE) return links;
      after = hits[hits.length - 1].sort;
    }
  }
}

function linkId(author: string, customerId: string): string {
  return createHash('sha1').update(JSON.stringify([author, customerId])).digest('hex');
}

function toDocument(link: IdentityLink): LinkDocument {
  const document: LinkDocument = {
    author: link.author,
    customerId: link.customerId,
    method: link.method,
    confidence: link.confidence,
    status: link.status,
    by: link.by,
    at: link.at.toISOString(),
  };
  if (link.reasons) document.reasons = link.reasons;
  return document;
}

function fromDocument(document: LinkDocument): IdentityLink {
  const link: IdentityLink = {
    author: document.author,
    customerId: document.customerId,
    method: document.method as LinkMethod,
    confidence: document.confidence,
    status: document.status as LinkStatus,
    by: document.by,
    at: new Date(document.at),
  };
  if (document.reasons) link.reasons = document.reasons;
  return link;
}
