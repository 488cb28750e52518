import { checkCheckpointKey, checkCheckpointTime, checkpointJson, type Checkpoint, type CheckpointStore } from '../checkpoint-store.port';
import { indexSettings, isResponseError, type ElasticsearchConnection } from './elasticsearch.client';

interface CheckpointDocument {
  /** JSON text: the value's shape is the caller's. */
  value: string;
  at: string;
}

/** One document per key; a get by id is real-time, so no refresh is needed for the next process to see a put. */
export class ElasticsearchCheckpointStore implements CheckpointStore {
  readonly index: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.index = `${prefix}-checkpoints`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.index,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: 'strict',
        properties: {
          value: { type: 'keyword', index: false, doc_values: false },
          at: { type: 'date' },
        },
      },
    });
  }

  async get(key: string): Promise<Checkpoint | undefined> {
    try {
      const response = await this.es.client.get<CheckpointDocument>({ index: this.index, id: checkCheckpointKey(key) });
      if (!response.found || !response._source) return undefined;
      return { value: JSON.parse(response._source.value) as unknown, at: new Date(response._source.at) };
    } catch (error) {
      if (isResponseError(error, 404)) return undefined;
      throw this.es.translate('reading a checkpoint', error);
    }
  }

  async put(key: string, value: unknown, at: Date): Promise<void> {
    checkCheckpointTime(at);
    const document: CheckpointDocument = { value: checkpointJson(value), at: at.toISOString() };
    await this.es.call('saving a checkpoint', (client) => client.index({ index: this.index, id: checkCheckpointKey(key), document }));
  }

  async delete(key: string): Promise<boolean> {
    try {
      const response = await this.es.client.delete({ index: this.index, id: checkCheckpointKey(key) });
      return response.result === 'deleted';
    } catch (error) {
      if (isResponseError(error, 404)) return false;
      throw this.es.translate('deleting a checkpoint', error);
    }
  }
}
