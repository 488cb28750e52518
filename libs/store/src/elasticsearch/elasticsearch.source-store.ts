import type { estypes } from '@elastic/elasticsearch';
import { AppError, type Source } from '@escucha/core';
import {
  NO_ACTIVITY,
  activityFromDocument,
  activityToDocument,
  applyActivity,
  checkSourceDefinition,
  checkState,
  type ActivityDocument,
  type ActivityReport,
  type SourceDefinition,
  type SourceKind,
  type SourceState,
  type SourceStore,
  type StoredSource,
} from '../source-store.port';
import { indexSettings, isResponseError, type ElasticsearchConnection, type Versioned } from './elasticsearch.client';

interface SourceDocument {
  id: string;
  kind: string;
  name: string;
  channel: string;
  state: string;
  credentials?: string;
  createdAt: string;
  updatedAt: string;
  activity: ActivityDocument;
}

const PAGE = 1_000;

/**
 * One document per source, keyed by id. Every read-modify-write is compare-and-set on the
 * document's sequence number, so reports from several processes add up instead of overwriting.
 */
export class ElasticsearchSourceStore implements SourceStore {
  readonly index: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.index = `${prefix}-sources`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.index,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: 'strict',
        properties: {
          id: { type: 'keyword' },
          kind: { type: 'keyword' },
          name: { type: 'keyword' },
          channel: { type: 'keyword' },
          state: { type: 'keyword' },
          credentials: { type: 'keyword', index: false, doc_values: false },
          createdAt: { type: 'date' },
          updatedAt: { type: 'date' },
          // Rewritten whole on each report and never searched: kept in _source only.
          activity: { type: 'object', enabled: false },
        },
      },
    });
  }

  async create(source: SourceDefinition, at: Date): Promise<StoredSource> {
    checkSourceDefinition(source);
    const stored: StoredSource = { ...source, createdAt: at, updatedAt: at, activity: { ...NO_ACTIVITY } };
    try {
      // Refreshed at once: sources change rarely and the admin's list that follows must show it.
      await this.es.client.create({ index: this.index, id: source.id, document: toDocument(stored), refresh: true });
    } catch (error) {
      if (isResponseError(error, 409)) throw new AppError('CONFLICT', `source "${source.id}" already exists`, 409);
      throw this.es.translate('creating a source', error);
    }
    return stored;
  }

  async save(source: SourceDefinition, at: Date): Promise<StoredSource> {
    checkSourceDefinition(source);
    let result: StoredSource | undefined;
    await this.compareAndSet(source.id, 'saving a source', (existing) => {
      result = {
        ...source,
        createdAt: existing ? new Date(existing.createdAt) : at,
        updatedAt: at,
        activity: existing ? activityFromDocument(existing.activity) : { ...NO_ACTIVITY },
      };
      return toDocument(result);
    });
    return result!;
  }

  async get(id: string): Promise<StoredSource | undefined> {
    const stored = await this.read(id);
    return stored && fromDocument(stored.doc);
  }

  async list(): Promise<StoredSource[]> {
    const sources: StoredSource[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await this.es.call('listing sources', (client) =>
        client.search<SourceDocument>({ index: this.index, sort: [{ id: { order: 'asc' } }], size: PAGE, search_after: after }),
      );
      const hits = response.hits.hits;
      for (const hit of hits) if (hit._source) sources.push(fromDocument(hit._source));
      if (hits.length < PAGE) return sources;
      after = hits[hits.length - 1].sort;
    }
  }

  async setState(id: string, state: SourceState, at: Date): Promise<StoredSource | undefined> {
    checkState(state);
    const document = await this.compareAndSet(id, 'changing a source', (existing) =>
      existing ? { ...existing, state, updatedAt: at.toISOString() } : undefined,
    );
    return document && fromDocument(document);
  }

  async delete(id: string): Promise<boolean> {
    try {
      await this.es.client.delete({ index: this.index, id, refresh: true });
      return true;
    } catch (error) {
      if (isResponseError(error, 404)) return false;
      throw this.es.translate('deleting a source', error);
    }
  }

  async recordActivity(id: string, report: ActivityReport): Promise<void> {
    // No refresh: a get by id sees it at once, and a list may lag a refresh interval behind.
    await this.compareAndSet(
      id,
      'recording source activity',
      (existing) => existing && { ...existing, activity: activityToDocument(applyActivity(activityFromDocument(existing.activity), report)) },
      false,
    );
  }

  /** The stored document after `change`, or undefined when `change` wrote nothing. */
  private async compareAndSet(
    id: string,
    what: string,
    change: (existing: SourceDocument | undefined) => SourceDocument | undefined,
    refresh = true,
  ): Promise<SourceDocument | undefined> {
    const { doc, written } = await this.es.compareAndSet<SourceDocument>(this.index, id, what, change, { refresh });
    return written ? doc : undefined;
  }

  private read(id: string): Promise<Versioned<SourceDocument> | undefined> {
    return this.es.readVersioned<SourceDocument>(this.index, id, 'reading a source');
  }
}

function toDocument(source: StoredSource): SourceDocument {
  const document: SourceDocument = {
    id: source.id,
    kind: source.kind,
    name: source.name,
    channel: source.channel,
    state: source.state,
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
    activity: activityToDocument(source.activity),
  };
  if (source.credentials !== undefined) document.credentials = source.credentials;
  return document;
}

function fromDocument(document: SourceDocument): StoredSource {
  const source: StoredSource = {
    id: document.id,
    kind: document.kind as SourceKind,
    name: document.name,
    channel: document.channel as Source,
    state: document.state as SourceState,
    createdAt: new Date(document.createdAt),
    updatedAt: new Date(document.updatedAt),
    activity: activityFromDocument(document.activity),
  };
  if (document.credentials !== undefined) source.credentials = document.credentials;
  return source;
}
