import type { DuckDBValue } from '@duckdb/node-api';
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
import type { DuckDbDatabase } from './duckdb.database';
import { SqlParams, asNumber, asOptionalString, asString, asStrings, fromTimestamp } from './duckdb.values';

// `by` is an SQL keyword, hence labelled_by.
const CREATE_LABELS_TABLE = `CREATE TABLE IF NOT EXISTS labels (
  id VARCHAR PRIMARY KEY,
  post_id VARCHAR NOT NULL,
  text VARCHAR NOT NULL,
  lang VARCHAR NOT NULL,
  sentiment VARCHAR,
  topics VARCHAR[],
  labelled_by VARCHAR NOT NULL,
  labelled_at TIMESTAMP NOT NULL
)`;

const COLUMNS = 'id, post_id, text, lang, sentiment, topics, labelled_by, labelled_at';

export class DuckDbLabelStore implements LabelStore {
  constructor(private readonly db: DuckDbDatabase) {}

  async init(): Promise<void> {
    await this.db.write((connection) => connection.run(CREATE_LABELS_TABLE));
  }

  async add(label: Label): Promise<void> {
    checkLabel(label);
    const params = new SqlParams();
    const values = [
      params.add(newEntryId()),
      params.add(label.postId),
      params.add(label.text),
      params.add(label.lang),
      label.sentiment === undefined ? 'NULL' : params.add(label.sentiment),
      label.topics === undefined ? 'NULL' : params.strings(label.topics),
      params.add(label.by),
      params.timestamp(label.at),
    ];
    await this.db.write((connection) => connection.run(`INSERT INTO labels (${COLUMNS}) VALUES (${values.join(', ')})`, params.values, params.types));
  }

  async list(page: { limit: number; cursor?: string }): Promise<LabelPage> {
    checkPageLimit(page.limit, MAX_LABEL_PAGE);
    const params = new SqlParams();
    let where = '';
    if (page.cursor !== undefined) {
      const after = decodeLogCursor(page.cursor);
      const at = params.timestamp(after.at);
      where = `WHERE labelled_at > ${at} OR (labelled_at = ${at} AND id > ${params.add(after.id)})`;
    }
    const sql = `SELECT ${COLUMNS} FROM labels ${where} ORDER BY labelled_at, id LIMIT ${page.limit + 1}`;
    const [rows, total] = await this.db.readSnapshot(async (connection) => [
      (await connection.runAndReadAll(sql, params.values, params.types)).getRows(),
      asNumber((await connection.runAndReadAll('SELECT count(*) FROM labels')).getRows()[0][0]),
    ]);
    const more = rows.length > page.limit;
    const kept = rows.slice(0, page.limit);
    const items = kept.map(rowToLabel);
    if (!more) return { total, items };
    const [lastId, , , , , , , lastAt] = kept[kept.length - 1];
    return { total, items, nextCursor: encodeLogCursor(fromTimestamp(lastAt), asString(lastId)) };
  }

  async count(): Promise<number> {
    const rows = await this.db.read(async (connection) => (await connection.runAndReadAll('SELECT count(*) FROM labels')).getRows());
    return asNumber(rows[0][0]);
  }

  async corrections(postIds: readonly string[]): Promise<Map<string, Correction>> {
    checkCorrectionIds(postIds);
    if (postIds.length === 0) return new Map();
    const params = new SqlParams();
    const sql = `SELECT post_id, sentiment, topics FROM labels WHERE ${params.oneOf('post_id', postIds)} ORDER BY labelled_at, id`;
    const rows = await this.db.read(async (connection) => (await connection.runAndReadAll(sql, params.values, params.types)).getRows());
    return mergeCorrections(
      rows.map(([postId, sentiment, topics]) => ({
        postId: asString(postId),
        sentiment: asOptionalString(sentiment) as SentimentLabel | undefined,
        topics: topics === null ? undefined : asStrings(topics),
      })),
    );
  }
}

function rowToLabel([, postId, text, lang, sentiment, topics, by, at]: DuckDBValue[]): Label {
  return {
    postId: asString(postId),
    text: asString(text),
    lang: asString(lang),
    ...(sentiment !== null ? { sentiment: asString(sentiment) as SentimentLabel } : {}),
    ...(topics !== null ? { topics: asStrings(topics) } : {}),
    by: asString(by),
    at: fromTimestamp(at),
  };
}
