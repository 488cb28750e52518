import { DuckDBListValue, INTEGER, TIMESTAMP, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { UnavailableError } from '@escucha/core';
import type {
  AuthorEntry,
  CountEntry,
  Histogram,
  HistogramBucket,
  Interval,
  Post,
  PostFilter,
  SearchPage,
  Source,
  Split,
} from '@escucha/core';
import { MAX_AUTHOR_PAGE, MAX_AUTHOR_TEXTS, MAX_PERSON_PAGE, type AuthorPage, type PersonKey, type PostFacts, type PostPage, type PostStore, type UpsertResult } from '../post-store.port';
import { MAX_RANKING_LIMIT, MAX_SEARCH_LIMIT, assertInterval, assertLimit, assertRange, assertSplit, authorIdsBySource, checkIdPrefix, checkPerson, mentionHandles } from '../query-arguments';
import { decodeAuthorCursor, decodeSearchCursor, encodeAuthorCursor, pageOf } from '../search-cursor';
import type { DuckDbDatabase } from './duckdb.database';
import { KnownIds } from './duckdb.known-ids';
import { whereClause } from './duckdb.post-filter';
import {
  ADD_COLUMNS,
  AUTHOR_COLUMN_LIST,
  CLEAR_STAGING,
  CREATE_POSTS_STAGING_TABLE,
  CREATE_POSTS_TABLE,
  DELETE_STORED_BETWEEN,
  FACT_COLUMN_LIST,
  FIND_STORED_ANYWHERE,
  FIND_STORED_BETWEEN,
  INSERT_FROM_STAGING,
  POSTS_TABLE,
  POSTS_TABLE_COLUMNS,
  POST_COLUMN_LIST,
  STAGED_ID_HASHES,
  stagePosts,
  STAGE_POSTS,
  packedFactsQuery,
  rowToFacts,
  unpackFacts,
  rowToAuthor,
  rowToPost,
} from './duckdb.post-table';
import {
  SqlParams,
  VARCHAR_LIST,
  asNumber,
  asOptionalNumber,
  asOptionalString,
  asString,
  asStrings,
  asStruct,
  fromTimestamp,
  toTimestamp,
} from './duckdb.values';

// Interval and split names are checked against the core lists before they pick one of these
// fixed fragments, so no caller text ever reaches the SQL.
const BUCKET_START: Record<Interval, string> = {
  minute: "date_trunc('minute', created_at)",
  hour: "date_trunc('hour', created_at)",
  day: "date_trunc('day', created_at)",
  // ISO weeks: date_trunc('week') lands on Monday.
  week: "date_trunc('week', created_at)",
};

const SPLIT_COLUMN: Record<Split, { column: string; multi: boolean }> = {
  sentiment: { column: 'sentiment_label', multi: false },
  source: { column: 'source', multi: false },
  lang: { column: 'lang', multi: false },
  topic: { column: 'topics', multi: true },
  intent: { column: 'intents', multi: true },
  entity: { column: 'entities', multi: true },
  aspect: { column: 'aspects', multi: true },
};

/**
 * Most posts staged by one statement. DuckDB reads one JSON document on one thread, and a large
 * one costs more per post: measured (bench corpus, embedded store), 5,000 posts in one document
 * cost ~30% more CPU a post than the appender it replaced, 1,000 about the same.
 */
const STAGE_CHUNK = 1_000;

/** Row-group zone maps on created_at prune time ranges; rows are inserted in time order within each batch to keep them tight. */
export class DuckDbPostStore implements PostStore {
  /** Hashes of every stored id; see CREATE_POSTS_TABLE for why this and not an index. */
  private readonly known = new KnownIds();
  /**
   * The upsert's fixed statements, prepared once per connection: parsing and planning the INSERT
   * (every column, and the unpacking of the staged lists) cost DuckDB about 2 ms at every batch,
   * as much as writing a small batch.
   */
  private readonly statements = new WeakMap<DuckDBConnection, Map<string, Promise<DuckDBPreparedStatement>>>();

  constructor(private readonly db: DuckDbDatabase) {}

  /**
   * Also loads the known ids. A file from the version before author_bio gets the column added;
   * the staging table is made after that, from the migrated table, so the two stay in step.
   */
  async init(): Promise<void> {
    await this.db.write(async (connection) => {
      await connection.run(CREATE_POSTS_TABLE);
      await migratePostsTable(connection, this.db.path);
      await connection.run(CREATE_POSTS_STAGING_TABLE);
      await this.known.load(connection, POSTS_TABLE);
    });
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /**
   * The batch is staged from JSON documents of up to STAGE_CHUNK posts (see stagePosts); then the stored
   * copies of the staged ids the known-ids set flags are deleted, near their createdAt first, and
   * the staged rows inserted; all in one transaction: a resolved upsert is committed to the WAL,
   * and a re-sent post replaces the stored one. The cost does not depend on the size of the table
   * unless a re-sent post is not where its createdAt says (see CREATE_POSTS_TABLE).
   */
  async upsert(posts: readonly Post[]): Promise<UpsertResult> {
    if (posts.length === 0) return { created: [] };
    const batch = lastVersionOfEach(posts).sort((a, b) => timeOf(a) - timeOf(b));
    const { replaced, hashes } = await this.db.transaction(async (connection) => {
      const stage = await this.prepared(connection, STAGE_POSTS);
      for (let start = 0; start < batch.length; start += STAGE_CHUNK) {
        stage.bindVarchar(1, stagePosts(batch.slice(start, start + STAGE_CHUNK)));
        await stage.run();
      }
      const staged = await readStagedHashes(await this.prepared(connection, STAGED_ID_HASHES));
      const maybeStored = batch.filter((post) => {
        const hash = staged.get(post.id);
        return hash !== undefined && this.known.has(hash[0], hash[1]);
      });
      const replaced = await deleteStoredCopies(connection, maybeStored);
      await (await this.prepared(connection, INSERT_FROM_STAGING)).run();
      await (await this.prepared(connection, CLEAR_STAGING)).run();
      return { replaced, hashes: staged };
    });
    // Only once committed: a rolled-back batch must not count as stored, and the set must hold every committed id.
    for (const [high, low] of hashes.values()) this.known.add(high, low);
    return { created: [...new Set(posts.map((post) => post.id))].filter((id) => !replaced.has(id)) };
  }

  private prepared(connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
    let byText = this.statements.get(connection);
    if (!byText) this.statements.set(connection, (byText = new Map()));
    let statement = byText.get(sql);
    if (!statement) {
      statement = connection.prepare(sql);
      byText.set(sql, statement);
      // A failed prepare is not kept: the next batch tries again.
      statement.catch(() => byText.delete(sql));
    }
    return statement;
  }

  /** In the order asked; unknown ids are skipped. */
  async get(ids: readonly string[]): Promise<Post[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    const params = new SqlParams();
    // Find the rows on the id column alone, then read the rest by rowid: the one-step query
    // decompressed every column of every row and took several times longer at a million posts.
    const sql = `SELECT ${POST_COLUMN_LIST} FROM ${POSTS_TABLE} WHERE rowid IN (
      SELECT rowid FROM ${POSTS_TABLE} WHERE id IN (SELECT unnest(${params.strings(wanted)})))`;
    const rows = await this.db.read((connection) => readRowObjects(connection, sql, params));
    const byId = new Map(rows.map((row) => [asString(row.id), row]));
    return wanted.flatMap((id) => {
      const row = byId.get(id);
      return row ? [rowToPost(row)] : [];
    });
  }

  count(filter: PostFilter = {}): Promise<number> {
    return this.db.read((connection) => countMatches(connection, filter));
  }

  async search(filter: PostFilter, page: { limit: number; cursor?: string }): Promise<SearchPage<Post>> {
    assertLimit('limit', page.limit, MAX_SEARCH_LIMIT);
    const params = new SqlParams();
    // One extra row tells whether another page exists.
    const sql = `SELECT ${POST_COLUMN_LIST} FROM ${POSTS_TABLE} ${whereClause(filter, params, ...afterCursor(page.cursor, params))}
      ORDER BY created_at DESC, id DESC LIMIT ${params.add(page.limit + 1, INTEGER)}`;
    const [total, rows] = await this.db.readSnapshot(async (connection) => [
      await countMatches(connection, filter),
      await readRowObjects(connection, sql, params),
    ]);
    return { total, ...pageOf(rows.map(rowToPost), page.limit) };
  }

  /**
   * Only the fact columns are read: DuckDB is columnar, so the text and author columns are never
   * decompressed. They come packed into strings (see packedFactsQuery), unless an id holds one of
   * the separators, when the plain columns are read instead.
   */
  async facts(filter: PostFilter & { from: Date; to: Date }): Promise<PostFacts[]> {
    assertRange(filter.from, filter.to);
    const params = new SqlParams();
    const where = whereClause(filter, params);
    return this.db.readSnapshot(async (connection) => {
      const packed = unpackFacts(await readRows(connection, packedFactsQuery(where), params));
      if (packed) return packed;
      const rows = await readRows(connection, `SELECT ${FACT_COLUMN_LIST} FROM ${POSTS_TABLE} ${where} ORDER BY created_at, id`, params);
      return rows.map(rowToFacts);
    });
  }

  /**
   * Only buckets that hold at least one post are returned, oldest first. `total` counts posts;
   * with a topic or intent split a post counts once in each of its values, so values may add up
   * to more (or, for posts without any, less) than `total`.
   */
  async histogram(filter: PostFilter, interval: Interval, split?: Split): Promise<Histogram> {
    assertInterval(interval);
    if (split !== undefined) assertSplit(split);
    const params = new SqlParams();
    const bucket = BUCKET_START[interval];
    const where = whereClause(filter, params);
    let sql: string;
    if (split === undefined) {
      sql = `SELECT ${bucket} AS bucket, NULL AS key, count(*) AS n FROM ${POSTS_TABLE} ${where} GROUP BY bucket`;
    } else if (!SPLIT_COLUMN[split].multi) {
      sql = `SELECT ${bucket} AS bucket, ${SPLIT_COLUMN[split].column} AS key, count(*) AS n
        FROM ${POSTS_TABLE} ${where} GROUP BY ALL`;
    } else {
      // Totals come from the posts themselves: unnesting drops posts without values and repeats the rest.
      sql = `WITH matched AS (
          SELECT ${bucket} AS bucket, list_distinct(${SPLIT_COLUMN[split].column}) AS vals FROM ${POSTS_TABLE} ${where}
        )
        SELECT bucket, NULL AS key, count(*) AS n FROM matched GROUP BY bucket
        UNION ALL
        SELECT bucket, key, count(*) AS n FROM (SELECT bucket, unnest(vals) AS key FROM matched) GROUP BY ALL`;
    }
    const rows = await this.db.read((connection) => readRows(connection, sql, params));

    const buckets = new Map<number, HistogramBucket>();
    for (const [start, key, n] of rows) {
      const ms = fromTimestamp(start).getTime();
      let entry = buckets.get(ms);
      if (!entry) {
        entry = { ts: new Date(ms).toISOString(), total: 0, values: {} };
        buckets.set(ms, entry);
      }
      const count = asNumber(n);
      if (key === null) entry.total += count;
      else {
        entry.values[asString(key)] = count;
        if (split !== undefined && !SPLIT_COLUMN[split].multi) entry.total += count;
      }
    }
    const sorted = [...buckets.entries()].sort(([a], [b]) => a - b).map(([, entry]) => entry);
    return split === undefined ? { interval, buckets: sorted } : { interval, split, buckets: sorted };
  }

  async breakdown(filter: PostFilter, split: Split, limit: number): Promise<CountEntry[]> {
    assertSplit(split);
    assertLimit('limit', limit, MAX_RANKING_LIMIT);
    const params = new SqlParams();
    const { column, multi } = SPLIT_COLUMN[split];
    const where = whereClause(filter, params);
    const keys = multi
      ? `SELECT unnest(list_distinct(${column})) AS key FROM ${POSTS_TABLE} ${where}`
      : `SELECT ${column} AS key FROM ${POSTS_TABLE} ${where}`;
    return this.ranked(`SELECT key, count(*) AS n FROM (${keys}) GROUP BY key`, limit, params);
  }

  /** Counts posts containing each word (a word repeated in one post counts once, however accented), highest first. */
  async topTerms(filter: PostFilter, limit: number, exclude: ReadonlySet<string>): Promise<CountEntry[]> {
    assertLimit('limit', limit, MAX_RANKING_LIMIT);
    const params = new SqlParams();
    const words = `SELECT unnest(terms) AS key FROM ${POSTS_TABLE} ${whereClause(filter, params)}`;
    const skipped = [...exclude].map((word) => word.toLowerCase());
    // DuckDB pushes this test below the grouping, so it runs for every occurrence of every word,
    // not once per distinct word: with the 400 stop words as a list it was 90 ms of a 100 ms query
    // over a day of 30,000 posts, and 13 ms as the hash anti join `noneOf` makes of a long list.
    const notExcluded = skipped.length ? `HAVING ${params.noneOf('key', skipped)}` : '';
    const forms = `SELECT key, count(*) AS n FROM (${words}) GROUP BY key ${notExcluded}`;
    // Forms of one word ("señal", "senal") add up, shown as most posts write it, accented on a tie:
    // the order `foldedRanking` uses for the Elasticsearch driver. Exact here, since termsOf
    // stores one form per word per post.
    return this.ranked(
      `SELECT first(key ORDER BY n DESC, key = strip_accents(key), key) AS key, sum(n)::BIGINT AS n FROM (${forms}) GROUP BY strip_accents(key)`,
      limit,
      params,
    );
  }

  async topCustomers(filter: PostFilter, limit: number): Promise<CountEntry[]> {
    assertLimit('limit', limit, MAX_RANKING_LIMIT);
    const params = new SqlParams();
    const where = whereClause(filter, params, 'customer_id IS NOT NULL');
    return this.ranked(`SELECT customer_id AS key, count(*) AS n FROM ${POSTS_TABLE} ${where} GROUP BY key`, limit, params);
  }

  /** Authors are keyed by author id; handle, name, source and followers come from their newest post. */
  async topAuthors(filter: PostFilter, limit: number): Promise<AuthorEntry[]> {
    assertLimit('limit', limit, MAX_RANKING_LIMIT);
    const params = new SqlParams();
    const sql = `SELECT author_id AS key, count(*) AS n,
        arg_max(struct_pack(handle := author_handle, name := author_name, source := source,
          followers := author_followers), created_at) AS latest
      FROM ${POSTS_TABLE} ${whereClause(filter, params)}
      GROUP BY author_id
      ORDER BY n DESC, key ASC LIMIT ${params.add(limit, INTEGER)}`;
    const rows = await this.db.read((connection) => readRows(connection, sql, params));
    return rows.map(([key, n, latest]) => {
      const author = asStruct(latest);
      const entry: AuthorEntry = {
        key: asString(key),
        count: asNumber(n),
        handle: asString(author.handle),
        source: asString(author.source) as Source,
        followers: asOptionalNumber(author.followers) ?? 0,
      };
      const name = asOptionalString(author.name);
      if (name !== undefined) entry.name = name;
      return entry;
    });
  }

  /**
   * One statement in two steps: the page's authors (one more than the limit, to tell whether
   * another page follows), found by grouping the author columns of every row after the cursor;
   * then those authors' posts, numbered newest first per author, of which the first gives the
   * author and the first `texts` their texts. Only the second step reads text, and only of the
   * page's authors. Probe, pages of 5,000: ~0.3 s at 1M posts by 216,000 authors, ~1.4 s at 10M
   * posts by 2.2M.
   */
  async authors(page: { limit: number; cursor?: string; texts: number }): Promise<AuthorPage> {
    assertLimit('limit', page.limit, MAX_AUTHOR_PAGE);
    assertLimit('texts', page.texts, MAX_AUTHOR_TEXTS);
    const after = page.cursor === undefined ? undefined : decodeAuthorCursor(page.cursor);
    const params = new SqlParams();
    const evidence = `NOT (channel = ${params.add('internal')} AND customer_id IS NOT NULL)`;
    let keyset = '';
    if (after) {
      const source = params.add(after.source);
      keyset = `AND (source > ${source} OR (source = ${source} AND author_id > ${params.add(after.authorId)}))`;
    }
    const sql = `WITH page AS (
        SELECT source, author_id FROM ${POSTS_TABLE} WHERE ${evidence} ${keyset}
        GROUP BY ALL ORDER BY ALL LIMIT ${params.add(page.limit + 1, INTEGER)}
      ), numbered AS (
        SELECT source, author_id, ${AUTHOR_COLUMN_LIST}, text,
          row_number() OVER (PARTITION BY source, author_id ORDER BY created_at DESC, id DESC) AS n
        FROM ${POSTS_TABLE} SEMI JOIN page USING (source, author_id) WHERE ${evidence}
      )
      SELECT source, author_id, first(struct_pack(${AUTHOR_COLUMN_LIST}) ORDER BY n) AS author, list(text ORDER BY n) AS texts
      FROM numbered WHERE n <= ${params.add(page.texts, INTEGER)}
      GROUP BY source, author_id ORDER BY source, author_id`;
    const rows = await this.db.read((connection) => readRows(connection, sql, params));
    const items = rows.slice(0, page.limit).map(([source, authorId, author, texts]) => ({
      source: asString(source) as Source,
      author: rowToAuthor({ ...asStruct(author), author_id: authorId }),
      texts: asStrings(texts),
    }));
    const last = items[items.length - 1];
    return rows.length > page.limit && last ? { items, nextCursor: encodeAuthorCursor({ source: last.source, authorId: last.author.id }) } : { items };
  }

  /**
   * Two branches joined by UNION ALL: the records carrying the customer id, and the posts of the
   * authors that do not carry it (so a post comes once). Each branch filters inside its scan, on
   * one column, and only the rows left are sorted out by source: an OR of everything in one WHERE
   * decompresses every column of every row, and a branch per source scans once per source.
   * Probe, 1M posts, the bench's 20 customers, 3 rounds after a warm-up: 3.6–4.0 s in all (the
   * same whether the author ids are an IN list or a list_contains), against 5.1 s with a branch
   * per source.
   */
  async postsOf(person: PersonKey, page: { limit: number; cursor?: string }): Promise<PostPage> {
    assertLimit('limit', page.limit, MAX_PERSON_PAGE);
    checkPerson(person);
    const params = new SqlParams();
    const keyset = afterCursor(page.cursor, params)
      .map((condition) => ` AND ${condition}`)
      .join('');
    const customerId = params.add(person.customerId);
    const branches = [`customer_id = ${customerId}`];
    if (person.authors.length > 0) {
      const ofSource = [...authorIdsBySource(person)].map(([source, ids]) => `(source = ${params.add(source)} AND ${params.oneOf('author_id', ids)})`);
      const ids = [...new Set(person.authors.map((author) => author.id))];
      branches.push(`${params.oneOf('author_id', ids)} AND (${ofSource.join(' OR ')}) AND customer_id IS DISTINCT FROM ${customerId}`);
    }
    const sql = `SELECT * FROM (${branches.map((where) => `SELECT ${POST_COLUMN_LIST} FROM ${POSTS_TABLE} WHERE ${where}${keyset}`).join(' UNION ALL ')})
      ORDER BY created_at DESC, id DESC LIMIT ${params.add(page.limit + 1, INTEGER)}`;
    const rows = await this.db.read((connection) => readRowObjects(connection, sql, params));
    return pageOf(rows.map(rowToPost), page.limit);
  }

  /** A substring test on the folded text, like `q`: `@ana` also finds `@ana_b`, which callers sort out. */
  async mentioning(handles: readonly string[], limit: number): Promise<Post[]> {
    assertLimit('limit', limit, MAX_PERSON_PAGE);
    const folded = mentionHandles(handles);
    if (folded.length === 0) return [];
    const params = new SqlParams();
    const where = folded.map((handle) => `contains(text_folded, ${params.add(`@${handle}`)})`).join(' OR ');
    const sql = `SELECT ${POST_COLUMN_LIST} FROM ${POSTS_TABLE} WHERE ${where} ORDER BY created_at DESC, id DESC LIMIT ${params.add(limit, INTEGER)}`;
    return (await this.db.read((connection) => readRowObjects(connection, sql, params))).map(rowToPost);
  }

  async deleteBefore(date: Date): Promise<number> {
    const params = new SqlParams();
    return this.deleteWhere(`created_at < ${params.timestamp(date)}`, params);
  }

  async deleteByNativeIdPrefix(prefix: string): Promise<number> {
    const params = new SqlParams();
    return this.deleteWhere(`starts_with(native_id, ${params.add(checkIdPrefix(prefix))})`, params);
  }

  private deleteWhere(condition: string, params: SqlParams): Promise<number> {
    return this.db.write(async (connection) => {
      const result = await connection.run(`DELETE FROM ${POSTS_TABLE} WHERE ${condition}`, params.values, params.types);
      // Deleted ids left in the set would only cost scans when re-sent; a reload keeps it exact. Deletes are rare (retention, a demo's removal).
      if (result.rowsChanged > 0) await this.known.load(connection, POSTS_TABLE);
      return result.rowsChanged;
    });
  }

  /** `grouped` yields (key, n); ties are broken by key so every driver ranks the same way. */
  private async ranked(grouped: string, limit: number, params: SqlParams): Promise<CountEntry[]> {
    const sql = `${grouped} ORDER BY n DESC, key ASC LIMIT ${params.add(limit, INTEGER)}`;
    const rows = await this.db.read((connection) => readRows(connection, sql, params));
    return rows.map(([key, n]) => ({ key: asString(key), count: asNumber(n) }));
  }
}

/**
 * A file from another version would fail later on some query with a binder error; say what is
 * wrong at start instead. The one known older shape, without author_bio, is brought up to date:
 * an optional column, so the stored posts simply have no bio. Anything else is refused untouched.
 */
async function migratePostsTable(connection: DuckDBConnection, path: string): Promise<void> {
  const missing = await missingPostsColumns(connection);
  if (missing.length > 0 && missing.every((name) => ADD_COLUMNS[name] !== undefined)) {
    for (const name of missing) await connection.run(ADD_COLUMNS[name]);
    return;
  }
  if (missing.length) {
    throw new UnavailableError(
      `the posts table in ${path} was made by another version of Escucha (missing ${missing.join(', ')}); ` +
        'move the file aside and re-import, or run the matching version',
    );
  }
}

async function missingPostsColumns(connection: DuckDBConnection): Promise<string[]> {
  const reader = await connection.runAndReadAll(
    `SELECT column_name FROM information_schema.columns
     WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = '${POSTS_TABLE}'
     ORDER BY ordinal_position`,
  );
  const found = reader.getRows().map(([name]) => asString(name));
  return POSTS_TABLE_COLUMNS.filter((name) => !found.includes(name));
}

/** The staged ids and their hashes, as DuckDB computes them (the set holds the same function's values). */
async function readStagedHashes(statement: DuckDBPreparedStatement): Promise<Map<string, [number, number]>> {
  const reader = await statement.runAndReadAll();
  return new Map(reader.getRows().map(([id, high, low]) => [asString(id), [asNumber(high), asNumber(low)]]));
}

/**
 * Deletes the stored copies of `posts` and returns the ids that had one. A re-sent post almost
 * always keeps its createdAt, so the batch's time range finds it reading only the row groups of
 * that range; an id not found there (createdAt moved, or a hash shared with a stored id) is
 * looked for in the whole table, the only case that costs a scan of the id column.
 */
async function deleteStoredCopies(connection: DuckDBConnection, posts: readonly Post[]): Promise<Set<string>> {
  const replaced = new Set<string>();
  if (posts.length === 0) return replaced;
  // `posts` are in time order (upsert sorts the batch).
  const near = await findStored(connection, FIND_STORED_BETWEEN, posts.map((post) => post.id), {
    from: posts[0].createdAt,
    to: posts[posts.length - 1].createdAt,
  });
  const elsewhere = posts.filter((post) => !near.has(post.id)).map((post) => post.id);
  const far = elsewhere.length > 0 ? await findStored(connection, FIND_STORED_ANYWHERE, elsewhere) : new Map<string, number>();
  for (const found of [near, far]) {
    if (found.size === 0) continue;
    const times = [...found.values()];
    await connection.run(
      DELETE_STORED_BETWEEN,
      {
        from: toTimestamp(new Date(Math.min(...times))),
        to: toTimestamp(new Date(Math.max(...times))),
        ids: new DuckDBListValue([...found.keys()]),
      },
      { from: TIMESTAMP, to: TIMESTAMP, ids: VARCHAR_LIST },
    );
    for (const id of found.keys()) replaced.add(id);
  }
  return replaced;
}

/** Stored ids among `ids` (in the range, if given), with their createdAt in ms. */
async function findStored(
  connection: DuckDBConnection,
  sql: string,
  ids: readonly string[],
  range?: { from: Date; to: Date },
): Promise<Map<string, number>> {
  const values: Record<string, DuckDBValue> = { ids: new DuckDBListValue(ids) };
  const types: Record<string, DuckDBType> = { ids: VARCHAR_LIST };
  if (range) {
    Object.assign(values, { from: toTimestamp(range.from), to: toTimestamp(range.to) });
    Object.assign(types, { from: TIMESTAMP, to: TIMESTAMP });
  }
  const reader = await connection.runAndReadAll(sql, values, types);
  return new Map(reader.getRows().map(([id, createdAt]) => [asString(id), fromTimestamp(createdAt).getTime()]));
}

/** The condition for the rows after a search cursor in newest-first order (none without a cursor). */
function afterCursor(cursor: string | undefined, params: SqlParams): string[] {
  if (cursor === undefined) return [];
  const after = decodeSearchCursor(cursor);
  const at = params.timestamp(after.createdAt);
  return [`(created_at < ${at} OR (created_at = ${at} AND id < ${params.add(after.id)}))`];
}

async function countMatches(connection: DuckDBConnection, filter: PostFilter): Promise<number> {
  const params = new SqlParams();
  const rows = await readRows(connection, `SELECT count(*) FROM ${POSTS_TABLE} ${whereClause(filter, params)}`, params);
  return asNumber(rows[0][0]);
}

async function readRows(connection: DuckDBConnection, sql: string, params: SqlParams): Promise<DuckDBValue[][]> {
  const reader = await connection.runAndReadAll(sql, params.values, params.types);
  return reader.getRows();
}

async function readRowObjects(
  connection: DuckDBConnection,
  sql: string,
  params: SqlParams,
): Promise<Record<string, DuckDBValue>[]> {
  const reader = await connection.runAndReadAll(sql, params.values, params.types);
  return reader.getRowObjects();
}

/** Two versions of a post in one batch would both be inserted; the later one is the one the caller meant. */
function lastVersionOfEach(posts: readonly Post[]): Post[] {
  const byId = new Map<string, Post>();
  for (const post of posts) {
    byId.delete(post.id);
    byId.set(post.id, post);
  }
  return [...byId.values()];
}

/** Only for ordering; a post with a bad date is rejected by the appender with a message that names it. */
function timeOf(post: Post): number {
  return post.createdAt instanceof Date ? post.createdAt.getTime() || 0 : 0;
}
