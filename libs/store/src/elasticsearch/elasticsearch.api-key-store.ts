import type { estypes } from '@elastic/elasticsearch';
import { AppError } from '@escucha/core';
import type { ApiKey, ApiKeyScope, ApiKeyStore } from '../api-key-store.port';
import { checkKey } from '../duckdb/duckdb.api-key-store';
import { indexSettings, isResponseError, type ElasticsearchConnection } from './elasticsearch.client';

interface ApiKeyDocument {
  id: string;
  name: string;
  scope: string;
  hash: string;
  createdAt: string;
  createdBy: string;
  expiresAt?: string;
  lastUsedAt?: string;
}

const PAGE = 1_000;


/** API keys by id, in one small index; reads by id are real-time, so a deleted key is refused at once on every node. */
export class ElasticsearchApiKeyStore implements ApiKeyStore {
  readonly index: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.index = `${prefix}-api-keys`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.index,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: 'strict',
        properties: {
          id: { type: 'keyword' },
          name: { type: 'keyword' },
          scope: { type: 'keyword' },
          hash: { type: 'keyword', index: false, doc_values: false },
          createdAt: { type: 'date' },
          createdBy: { type: 'keyword' },
          expiresAt: { type: 'date' },
          lastUsedAt: { type: 'date' },
        },
      },
    });
  }

  async find(id: string): Promise<ApiKey | undefined> {
    try {
      const response = await this.es.client.get<ApiKeyDocument>({ index: this.index, id });
      return response.found && response._source ? fromDocument(response._source) : undefined;
    } catch (error) {
      if (isResponseError(error, 404)) return undefined;
      throw this.es.translate('reading an API key', error);
    }
  }

  async create(key: ApiKey): Promise<void> {
    checkKey(key);
    const document: ApiKeyDocument = {
      id: key.id,
      name: key.name,
      scope: key.scope,
      hash: key.hash,
      createdAt: key.createdAt.toISOString(),
      createdBy: key.createdBy,
      ...(key.expiresAt ? { expiresAt: key.expiresAt.toISOString() } : {}),
      ...(key.lastUsedAt ? { lastUsedAt: key.lastUsedAt.toISOString() } : {}),
    };
    try {
      await this.es.client.create({ index: this.index, id: key.id, document, refresh: true });
    } catch (error) {
      if (isResponseError(error, 409)) throw new AppError('CONFLICT', `API key "${key.id}" already exists`, 409);
      throw this.es.translate('creating an API key', error);
    }
  }

  async list(): Promise<ApiKey[]> {
    const keys: ApiKey[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await this.es.call('listing API keys', (client) =>
        client.search<ApiKeyDocument>({
          index: this.index,
          sort: [{ createdAt: { order: 'desc' } }, { id: { order: 'asc' } }],
          size: PAGE,
          search_after: after,
        }),
      );
      const hits = response.hits.hits;
      for (const hit of hits) if (hit._source) keys.push(fromDocument(hit._source));
      if (hits.length < PAGE) return keys;
      after = hits[hits.length - 1].sort;
    }
  }

  async delete(id: string): Promise<boolean> {
    try {
      const response = await this.es.client.delete({ index: this.index, id, refresh: true });
      return response.result === 'deleted';
    } catch (error) {
      if (isResponseError(error, 404)) return false;
      throw this.es.translate('deleting an API key', error);
    }
  }

  /**
   * Compare-and-set on the document's sequence number rather than a script (the store runs
   * without a scripting module, as the minimal distribution does): two nodes touching the same
   * key cannot move lastUsedAt back. Touches are throttled by the caller, so the extra read is rare.
   */
  async touch(id: string, at: Date): Promise<void> {
    // Another node touching (or someone deleting) it in between makes it look again.
    await this.es.compareAndSet<ApiKeyDocument>(
      this.index,
      id,
      'recording an API key use',
      (current) => (current && !(current.lastUsedAt && Date.parse(current.lastUsedAt) >= at.getTime()) ? { ...current, lastUsedAt: at.toISOString() } : undefined),
      { refresh: false },
    );
  }
}

function fromDocument(document: ApiKeyDocument): ApiKey {
  const key: ApiKey = {
    id: document.id,
    name: document.name,
    scope: document.scope as ApiKeyScope,
    hash: document.hash,
    createdAt: new Date(document.createdAt),
    createdBy: document.createdBy,
  };
  if (document.expiresAt) key.expiresAt = new Date(document.expiresAt);
  if (document.lastUsedAt) key.lastUsedAt = new Date(document.lastUsedAt);
  return key;
}
