import type { estypes } from '@elastic/elasticsearch';
import { UnavailableError } from '@escucha/core';
import { checkOffer, type CustomerFacts, type Offer, type OfferResponse } from '@escucha/offers';
import type { OfferStore, StoredOffer } from '../offer-store.port';
import { indexSettings, isResponseError, type ElasticsearchConnection } from './elasticsearch.client';

interface OfferDocument {
  id: string;
  offer: Offer;
  createdAt: string;
  updatedAt: string;
  erasedAccepted: number;
  erasedDeclined: number;
}

interface ResponseDocument {
  offerId: string;
  customerId: string;
  accepted: boolean;
  at: string;
  by: string;
  facts: CustomerFacts;
}

const PAGE = 1_000;
/** Below the cluster's default `index.max_terms_count` (65,536) of one terms query. */
const TERMS_PER_QUERY = 10_000;
/** More offers than any catalogue holds: every offer a set of customers answered, in one aggregation. */
const MAX_OFFERS = 10_000;
/** Compare-and-set tries: erasures and catalog edits are rare, so a handful is plenty. */

/**
 * Two indices: the catalog (a document per offer, keyed by id) and the responses (a document
 * each). Writes are refreshed at once: they are an agent's clicks, rare and read back at once.
 */
export class ElasticsearchOfferStore implements OfferStore {
  private readonly offersIndex: string;
  private readonly responsesIndex: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.offersIndex = `${prefix}-offers`;
    this.responsesIndex = `${prefix}-offer-responses`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.offersIndex,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: 'strict',
        properties: {
          id: { type: 'keyword' },
          // Read whole, never searched by field.
          offer: { type: 'object', enabled: false },
          createdAt: { type: 'date' },
          updatedAt: { type: 'date' },
          erasedAccepted: { type: 'long' },
          erasedDeclined: { type: 'long' },
        },
      },
    });
    await this.es.createIndexIfMissing({
      index: this.responsesIndex,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: 'strict',
        properties: {
          offerId: { type: 'keyword' },
          customerId: { type: 'keyword' },
          accepted: { type: 'boolean' },
          at: { type: 'date' },
          by: { type: 'keyword' },
          facts: { type: 'object', enabled: false },
        },
      },
    });
  }

  async saveOffer(offer: Offer, at: Date): Promise<StoredOffer> {
    checkOffer(offer);
    const existing = await this.readOffer(offer.id);
    const document: OfferDocument = {
      id: offer.id,
      offer,
      createdAt: existing?.createdAt ?? at.toISOString(),
      updatedAt: at.toISOString(),
      erasedAccepted: existing?.erasedAccepted ?? 0,
      erasedDeclined: existing?.erasedDeclined ?? 0,
    };
    await this.es.call('saving an offer', (client) => client.index({ index: this.offersIndex, id: offer.id, document, refresh: true }));
    return fromOfferDocument(document);
  }

  async getOffer(id: string): Promise<StoredOffer | undefined> {
    const document = await this.readOffer(id);
    return document && fromOfferDocument(document);
  }

  async listOffers(): Promise<StoredOffer[]> {
    const offers: StoredOffer[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await this.es.call('listing offers', (client) =>
        client.search<OfferDocument>({ index: this.offersIndex, sort: [{ id: { order: 'asc' } }], size: PAGE, search_after: after }),
      );
      const hits = response.hits.hits;
      for (const hit of hits) if (hit._source) offers.push(fromOfferDocument(hit._source));
      if (hits.length < PAGE) return offers;
      after = hits[hits.length - 1].sort;
    }
  }

  async recordResponse(response: OfferResponse): Promise<void> {
    const document: ResponseDocument = { ...response, at: response.at.toISOString() };
    await this.es.call('recording an offer response', (client) => client.index({ index: this.responsesIndex, document, refresh: true }));
  }

  async responses(offerIds: readonly string[], perOffer: number): Promise<OfferResponse[]> {
    if (offerIds.length === 0) return [];
    // One search per offer in one round trip: the catalog is small, and each answer is bounded by `perOffer`.
    const response = await this.es.call('reading offer responses', (client) =>
      client.msearch<ResponseDocument>({
        searches: [...offerIds].sort().flatMap((offerId) => [
          { index: this.responsesIndex },
          { query: { term: { offerId } }, sort: [{ at: { order: 'desc' } }], size: perOffer },
        ]),
      }),
    );
    return response.responses.flatMap((answer) => {
      if ('error' in answer) throw this.es.translate('reading offer responses', new Error(answer.error.reason ?? answer.error.type));
      return answer.hits.hits.flatMap((hit) => (hit._source ? [fromResponseDocument(hit._source)] : []));
    });
  }

  async responsesOf(customerId: string): Promise<OfferResponse[]> {
    const response = await this.es.call('reading a customer\'s offer responses', (client) =>
      client.search<ResponseDocument>({ index: this.responsesIndex, query: { term: { customerId } }, sort: [{ at: { order: 'desc' } }], size: PAGE }),
    );
    return response.hits.hits.flatMap((hit) => (hit._source ? [fromResponseDocument(hit._source)] : []));
  }

  async forgetCustomers(customerIds: readonly string[]): Promise<number> {
    let forgotten = 0;
    for (let start = 0; start < customerIds.length; start += TERMS_PER_QUERY) {
      const query = { terms: { customerId: customerIds.slice(start, start + TERMS_PER_QUERY) } };
      // Counts first: a crash between the two steps leaves the responses to be erased again (counted twice), never personal data behind.
      for (const [offerId, count] of await this.answerCounts(query)) await this.addErased(offerId, count);
      forgotten += await this.deleteResponses(query, `of ${query.terms.customerId.length} customers`);
    }
    return forgotten;
  }

  /** Responses first: a crash between the two leaves the offer, to be deleted again, never answers to no offer. */
  async deleteOffer(id: string): Promise<boolean> {
    await this.deleteResponses({ term: { offerId: id } }, `to offer ${id}`);
    try {
      const result = await this.es.client.delete({ index: this.offersIndex, id, refresh: true });
      return result.result === 'deleted';
    } catch (error) {
      if (isResponseError(error, 404)) return false;
      throw this.es.translate('deleting an offer', error);
    }
  }

  /**
   * By id in bulk rather than delete-by-query: that one lives in a module not every cluster runs.
   * `whose` names them in an error without listing customer ids.
   */
  private async deleteResponses(query: estypes.QueryDslQueryContainer, whose: string): Promise<number> {
    let deleted = 0;
    for (;;) {
      const page = await this.es.call('finding offer responses to delete', (client) =>
        client.search({ index: this.responsesIndex, query, size: PAGE, _source: false }),
      );
      const ids = page.hits.hits.map((hit) => hit._id).filter((id): id is string => id !== undefined);
      if (ids.length === 0) return deleted;
      const result = await this.es.call('erasing offer responses', (client) =>
        client.bulk({ operations: ids.map((id) => ({ delete: { _index: this.responsesIndex, _id: id } })), refresh: true }),
      );
      if (result.errors) throw new UnavailableError(`Elasticsearch refused to delete some offer responses ${whose}; try again`);
      deleted += ids.length;
    }
  }

  /** Accepted and declined responses per offer among those `query` finds, counted by the cluster. */
  private async answerCounts(query: estypes.QueryDslQueryContainer): Promise<Map<string, { accepted: number; declined: number }>> {
    const response = await this.es.call('counting offer responses', (client) =>
      client.search({
        index: this.responsesIndex,
        size: 0,
        query,
        aggs: { offers: { terms: { field: 'offerId', size: MAX_OFFERS }, aggs: { accepted: { filter: { term: { accepted: true } } } } } },
      }),
    );
    const buckets = (response.aggregations?.offers as estypes.AggregationsStringTermsAggregate | undefined)?.buckets;
    const counts = new Map<string, { accepted: number; declined: number }>();
    for (const bucket of Array.isArray(buckets) ? buckets : []) {
      const accepted = (bucket.accepted as estypes.AggregationsFilterAggregate).doc_count;
      counts.set(String(bucket.key), { accepted, declined: bucket.doc_count - accepted });
    }
    return counts;
  }

  /** On the document's sequence number, not a script: the counts must add up whatever modules the cluster runs. */
  private async addErased(offerId: string, count: { accepted: number; declined: number }): Promise<void> {
    // An offer no longer in the catalog has no counts to keep.
    await this.es.compareAndSet<OfferDocument>(this.offersIndex, offerId, 'counting erased responses', (current) =>
      current && { ...current, erasedAccepted: current.erasedAccepted + count.accepted, erasedDeclined: current.erasedDeclined + count.declined },
    );
  }

  private async readOffer(id: string): Promise<OfferDocument | undefined> {
    try {
      const response = await this.es.client.get<OfferDocument>({ index: this.offersIndex, id });
      return response.found ? response._source : undefined;
    } catch (error) {
      if (isResponseError(error, 404)) return undefined;
      throw this.es.translate('reading an offer', error);
    }
  }
}

function fromOfferDocument(document: OfferDocument): StoredOffer {
  return {
    ...document.offer,
    createdAt: new Date(document.createdAt),
    updatedAt: new Date(document.updatedAt),
    erased: { accepted: document.erasedAccepted, declined: document.erasedDeclined },
  };
}

function fromResponseDocument(document: ResponseDocument): OfferResponse {
  return { ...document, at: new Date(document.at) };
}
