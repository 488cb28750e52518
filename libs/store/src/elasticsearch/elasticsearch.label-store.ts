import type { estypes } from '@elastic/elasticsearch';
import type { SentimentLabel } from '@escucha/core';
import {
  MAX_LABEL_PAGE,
  checkCorrectionIds,
  checkLabel,
  mergeCorrections,
  type Correction,
  type Label,
  type LabelPage,
  type LabelStore,
} from '../label-store.port';
import { checkPageLimit, decodeLogCursor, encodeLogCursor, newEntryId } from '../log-entry';
import { indexSettings, type ElasticsearchConnection } from './elasticsearch.client';

interface LabelDocument {
  seq: string;
  postId: string;
  text: string;
  lang: string;
  sentiment?: string;
  topics?: string[];
  by: string;
  at: string;
}

const PAGE = 1000;
const SORT: estypes.Sort = [{ at: { order: 'asc' } }, { seq: { order: 'asc' } }];

/** One small index; `seq` (also the document id) orders labels of the same time. */
export class ElasticsearchLabelStore implements LabelStore {
  readonly index: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    prefix: string,
    private readonly replicas?: number,
  ) {
    this.index = `${prefix}-labels`;
  }

  async init(): Promise<void> {
    await this.es.createIndexIfMissing({
      index: this.index,
      settings: indexSettings(1, this.replicas),
      mappings: {
        dynamic: 'strict',
        properties: {
          seq: { type: 'keyword' },
          postId: { type: 'keyword' },
          text: { type: 'keyword', index: false, doc_values: false },
          lang: { type: 'keyword' },
          sentiment: { type: 'keyword' },
          topics: { type: 'keyword' },
          by: { type: 'keyword' },
          at: { type: 'date' },
        },
      },
    });
  }

  /** People write labels one at a time, so a refresh per label costs nothing and the next search marks the post. */
  async add(label: Label): Promise<void> {
    checkLabel(label);
    const seq = newEntryId();
    const document: LabelDocument = {
      seq,
      postId: label.postId,
      text: label.text,
      lang: label.lang,
      ...(label.sentiment !== undefined ? { sentiment: label.sentiment } : {}),
      ...(label.topics !== undefined ? { topics: [...label.topics] } : {}),
      by: label.by,
      at: label.at.toISOString(),
    };
    await this.es.call('adding a label', (client) => client.create({ index: this.index, id: seq, document, refresh: true }));
  }

  async list(page: { limit: number; cursor?: string }): Promise<LabelPage> {
    checkPageLimit(page.limit, MAX_LABEL_PAGE);
    const after = page.cursor === undefined ? undefined : decodeLogCursor(page.cursor);
    const response = await this.es.call('listing labels', (client) =>
      client.search<LabelDocument>({
        index: this.index,
        sort: SORT,
        size: page.limit + 1,
        track_total_hits: true,
        ...(after ? { search_after: [after.at.getTime(), after.id] } : {}),
      }),
    );
    const hits = response.hits.hits.filter((hit) => hit._source);
    const total = typeof response.hits.total === 'number' ? response.hits.total : (response.hits.total?.value ?? 0);
    const items = hits.slice(0, page.limit).map((hit) => fromDocument(hit._source!));
    if (hits.length <= page.limit) return { total, items };
    const last = hits[page.limit - 1]._source!;
    return { total, items, nextCursor: encodeLogCursor(new Date(last.at), last.seq) };
  }

  async count(): Promise<number> {
    const response = await this.es.call('counting labels', (client) => client.count({ index: this.index }));
    return response.count;
  }

  async corrections(postIds: readonly string[]): Promise<Map<string, Correction>> {
    checkCorrectionIds(postIds);
    if (postIds.length === 0) return new Map();
    const labels: LabelDocument[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await this.es.call('reading corrections', (client) =>
        client.search<LabelDocument>({
          index: this.index,
          query: { terms: { postId: [...postIds] } },
          _source: ['seq', 'postId', 'sentiment', 'topics', 'at'],
          sort: SORT,
          size: PAGE,
          search_after: after,
        }),
      );
      const hits = response.hits.hits;
      for (const hit of hits) if (hit._source) labels.push(hit._source);
      if (hits.length < PAGE) break;
      after = hits[hits.length - 1].sort;
    }
    return mergeCorrections(labels.map((l) => ({ postId: l.postId, sentiment: l.sentiment as SentimentLabel | undefined, topics: l.topics })));
  }
}

function fromDocument(document: LabelDocument): Label {
  return {
    postId: document.postId,
    text: document.text,
    lang: document.lang,
    ...(document.sentiment !== undefined ? { sentiment: document.sentiment as SentimentLabel } : {}),
    // Elasticsearch drops nothing but gives a one-element array back as stored; an empty list stays [].
    ...(document.topics !== undefined ? { topics: [...document.topics] } : {}),
    by: document.by,
    at: new Date(document.at),
  };
}
