import { checkVersion } from '../query-arguments';
import type { SettingsStore, VersionedDocument } from '../settings-store.port';
import { indexSettings, isResponseError, type ElasticsearchConnection, type Versioned } from './elasticsearch.client';

interface SettingsDocument {
  version: number;
  /** JSON text: the value's shape is the caller's, so the index maps none of it. */
  value: string;
  updatedAt: string;
}

/** One document per key; writes are compare-and-set on the stored document's sequence number. */
export class ElasticsearchSettingsStore implements SettingsStore {
  readonly index: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.index = `${prefix}-settings`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.index,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: 'strict',
        properties: {
          version: { type: 'integer' },
          value: { type: 'keyword', index: false, doc_values: false },
          updatedAt: { type: 'date' },
        },
      },
    });
  }

  async get(key: string): Promise<VersionedDocument | undefined> {
    const stored = await this.read(key);
    return stored && { version: stored.doc.version, value: JSON.parse(stored.doc.value) as unknown, updatedAt: new Date(stored.doc.updatedAt) };
  }

  async put(key: string, version: number, value: unknown, updatedAt: Date): Promise<boolean> {
    checkVersion(version);
    const document: SettingsDocument = { version, value: JSON.stringify(value), updatedAt: updatedAt.toISOString() };
    const stored = await this.read(key);
    if (stored && stored.doc.version >= version) return false;
    try {
      if (stored) {
        await this.es.client.index({ index: this.index, id: key, document, if_seq_no: stored.seqNo, if_primary_term: stored.primaryTerm, refresh: true });
      } else {
        await this.es.client.create({ index: this.index, id: key, document, refresh: true });
      }
      return true;
    } catch (error) {
      // Someone else saved in between: theirs stands, as with an equal or newer version.
      if (isResponseError(error, 409)) return false;
      throw this.es.translate('saving a setting', error);
    }
  }

  private read(key: string): Promise<Versioned<SettingsDocument> | undefined> {
    return this.es.readVersioned<SettingsDocument>(this.index, key, 'reading a setting');
  }
}
