import type { DuckDBValue } from '@duckdb/node-api';
import { aspectKey, parseAspectKey, ValidationError, type ChannelKind, type Post, type SentimentLabel, type Source } from '@escucha/core';
import {
  asNumber,
  asOptionalNumber,
  asOptionalString,
  asString,
  asStrings,
  fromTimestamp,
} from './duckdb.values';
import { ID_HASH_COLUMNS } from './duckdb.known-ids';
import type { PostFacts } from '../post-store.port';
import { termsOf } from '../post-terms';

export const POSTS_TABLE = 'posts';
/** Per-connection temp table: batches land here (see STAGE_POSTS), never in the WAL. */
export const POSTS_STAGING_TABLE = 'posts_staging';
/** Added after the first release: a file without it is migrated at open (see ADD_AUTHOR_BIO_COLUMN). */
export const AUTHOR_BIO_COLUMN = 'author_bio';
/** Added with sentiment per topic: NULL on posts stored before it (see ADD_COLUMNS). */
export const ASPECTS_COLUMN = 'aspects';
/** Added with stored regions: NULL on posts stored before it, which alert detection then works out from their text. */
export const REGIONS_COLUMN = 'regions';

/** A column's value as staged: JSON of it reaches DuckDB (see stagePosts). */
type Staged = string | number | null;

/** How a staged value travels in the JSON and becomes the staging column's type. */
interface Carried {
  /** The JSON list type DuckDB reads the column's values as. */
  json: string;
  /** The SQL that makes one value of `value` (an unnest of that list) a staging value. */
  sql: (value: string) => string;
}

/** How a staging column's values travel: as lists of its type, timestamps as epoch milliseconds. */
function carriedAs(stagingDdl: string): Carried {
  const type = stagingDdl.replace(/ NOT NULL$/, '');
  return type === 'TIMESTAMP' ? { json: 'BIGINT[]', sql: (value) => `epoch_ms(${value})` } : { json: `${type}[]`, sql: (value) => value };
}

interface PostColumn {
  name: string;
  ddl: string;
  /** The post's value for the column, checked; throws a ValidationError naming the post. */
  stage(post: Post): Staged;
  /** How the column is staged when not as stored, and the SQL that turns it back (lists: see packList). */
  staged?: { ddl: string; sql: string };
}

/**
 * Lists reach the staging table as one VARCHAR and become VARCHAR[] in the INSERT that moves
 * them: the staged JSON then holds flat lists of strings only, which DuckDB reads fastest. Each item is preceded by the unit
 * separator (so [] is '' and [''] is one separator); an item holding that character or the
 * escape character (record separator) has them escaped, which only odd ids ever need.
 */
const SEPARATOR = '\u001f';
const ESCAPE = '\u001e';

function packList(items: readonly unknown[]): string {
  let packed = '';
  for (const value of items) {
    const item = wellFormed(String(value));
    packed += SEPARATOR + (item.includes(ESCAPE) || item.includes(SEPARATOR) ? item.replaceAll(ESCAPE, `${ESCAPE}0`).replaceAll(SEPARATOR, `${ESCAPE}1`) : item);
  }
  return packed;
}

function unpackedSql(column: string): string {
  const split = `string_split(${column}, chr(31))[2:]`;
  return `CASE WHEN ${column} IS NULL THEN NULL WHEN contains(${column}, chr(30)) THEN list_transform(${split}, x -> replace(replace(x, chr(30) || '1', chr(31)), chr(30) || '0', chr(30))) ELSE ${split} END`;
}

/**
 * The flattened post, in table order. One list drives the DDL, the staging and the reads,
 * so a new field cannot be written and then forgotten on the way back.
 */
const COLUMNS: readonly PostColumn[] = [
  varchar('id', true, (p) => p.id),
  varchar('native_id', true, (p) => p.nativeId),
  varchar('source', true, (p) => p.source),
  varchar('channel', true, (p) => p.channel),
  varchar('url', false, (p) => p.url),
  varchar('text', true, (p) => p.text),
  varchar('lang', true, (p) => p.lang),
  timestamp('created_at', (p) => p.createdAt),
  timestamp('ingested_at', (p) => p.ingestedAt),
  varchar('author_id', true, (p) => p.author.id),
  varchar('author_handle', true, (p) => p.author.handle),
  varchar('author_name', false, (p) => p.author.name),
  bigint('author_followers', false, (p) => p.author.followers),
  varchar('author_location', false, (p) => p.author.location),
  varchar(AUTHOR_BIO_COLUMN, false, (p) => p.author.bio),
  varchar('customer_id', false, (p) => p.customerId),
  varchar('sentiment_label', true, (p) => p.sentiment.label),
  {
    name: 'sentiment_score',
    ddl: 'DOUBLE NOT NULL',
    stage: (p) => finite(p, 'sentiment.score', p.sentiment.score),
  },
  list('topics', (p) => p.topics),
  list('intents', (p) => p.intents),
  list('entities', (p) => p.entities),
  {
    name: ASPECTS_COLUMN,
    ddl: 'VARCHAR[]',
    stage(post) {
      const value = post.aspects;
      if (value === undefined || value === null) return null;
      if (!Array.isArray(value)) throw invalid(post, 'aspects must be a list');
      return packList(value.map(aspectKey));
    },
    staged: { ddl: 'VARCHAR', sql: unpackedSql(ASPECTS_COLUMN) },
  },
  bigint('likes', true, (p) => p.metrics.likes),
  bigint('reposts', true, (p) => p.metrics.reposts),
  bigint('replies', true, (p) => p.metrics.replies),
  varchar('campaign', false, (p) => p.campaign),
  optionalList(REGIONS_COLUMN, (p) => p.regions),
];

export const POST_COLUMN_LIST = COLUMNS.map((c) => c.name).join(', ');

/**
 * Columns computed from the text once, when a post is written, because computing them per query
 * was the cost of every text query: folding accents runs at ~1.5 µs a row, so `q` over 30 days
 * took seconds; on the stored column it takes tens of milliseconds. Same for splitting words.
 * A change to these expressions needs an UPDATE of the stored rows.
 *
 * `terms` is worked out in JS (`termsOf`, shared with the Elasticsearch driver) and staged packed:
 * as SQL, its two Unicode-class regexes cost DuckDB about 1 ms each per INSERT whatever the rows
 * (the patterns are set up again at every execution), most of a small batch's write.
 */
interface DerivedColumn {
  name: string;
  ddl: string;
  sql: string;
  /** Computed in JS and staged, when not from the staged columns in SQL. */
  staged?: { ddl: string; stage(post: Post): Staged };
}

const DERIVED: readonly DerivedColumn[] = [
  // Matched by `q`, whose words are folded the same way in JS (foldText).
  { name: 'text_folded', ddl: 'VARCHAR NOT NULL', sql: 'strip_accents(lower(text))' },
  {
    name: 'terms',
    ddl: 'VARCHAR[] NOT NULL',
    sql: unpackedSql('terms'),
    staged: { ddl: 'VARCHAR', stage: (post) => packList(termsOf(post.text)) },
  },
];

const STAGED_DERIVED = DERIVED.filter((d) => d.staged !== undefined);

/**
 * No PRIMARY KEY or index on id, on purpose. DuckDB 1.5 still writes an ART index whole at every
 * checkpoint: with an index on id, a checkpoint after 1,000 inserts into a 1M-post table took
 * ~0.3-0.6 s instead of tens of ms, the file grew ~50 MB per 1M posts, and at 10M that is seconds
 * of stall every 16 MB of WAL; large IN lists also stop using it (they become hash joins). Replacing
 * by id through a join, as the previous version did (`DELETE … WHERE id IN (SELECT id FROM
 * staging)`), reads the whole id column at every write: ~4× the empty-store cost at 10M posts.
 * Instead the driver keeps the hashes of the stored ids in memory (KnownIds, ~128 MB at 10M, loaded
 * at open): a new post, the common case, is known new without reading the table; a re-sent one is
 * found where its createdAt says, which the created_at zone maps narrow to a few row groups; only an
 * id not found there (createdAt moved, or a hash collision) costs a scan of the id column. Measured
 * by `store` in test/bench: p50 per 1,000-post batch 1.14× the empty store's at 10M (old: 3.97×).
 * Ids stay unique because every write goes through `DuckDbPostStore`, in one transaction, on the
 * database's single write connection.
 */
export const CREATE_POSTS_TABLE = `CREATE TABLE IF NOT EXISTS ${POSTS_TABLE} (
  ${[...COLUMNS, ...DERIVED].map((c) => `${c.name} ${c.ddl}`).join(',\n  ')}
)`;

/** What a posts table made by this version has, to refuse a file from another version up front. */
export const POSTS_TABLE_COLUMNS: readonly string[] = [...COLUMNS, ...DERIVED].map((c) => c.name);

/**
 * The one migration a file from the previous version needs. ADD COLUMN puts it last, after the
 * derived columns, unlike a new file; harmless, since every read and write names its columns.
 */
export const ADD_AUTHOR_BIO_COLUMN = `ALTER TABLE ${POSTS_TABLE} ADD COLUMN ${AUTHOR_BIO_COLUMN} VARCHAR`;

/** Columns added since the first release, each with the statement that adds it to an older file. */
export const ADD_COLUMNS: Readonly<Record<string, string>> = {
  [AUTHOR_BIO_COLUMN]: ADD_AUTHOR_BIO_COLUMN,
  [ASPECTS_COLUMN]: `ALTER TABLE ${POSTS_TABLE} ADD COLUMN ${ASPECTS_COLUMN} VARCHAR[]`,
  [REGIONS_COLUMN]: `ALTER TABLE ${POSTS_TABLE} ADD COLUMN ${REGIONS_COLUMN} VARCHAR[]`,
};

/** The columns `facts` reads: none of the text or author columns, which are most of a row's bytes. */
export const FACT_COLUMN_LIST = ['id', 'created_at', 'source', 'sentiment_label', 'topics', 'intents', 'entities', REGIONS_COLUMN].join(', ');

/** Separators of the packed facts (ASCII group, record and unit separators), and the mark of NULL regions. */
const FACT_ROW_SEP = '\x1d';
const FACT_FIELD_SEP = '\x1e';
const FACT_ITEM_SEP = '\x1f';
const FACT_NO_REGIONS = '\x1c';
/** Rows packed into one string: small enough for any JS string, big enough that values are few. */
export const FACT_ROWS_PER_STRING = 10_000;

/**
 * The fact columns packed into one string per row. Handing DuckDB list values to JS costs ~10 µs a
 * row through the node API (four lists a row: ~0.6 s for a minute at 1,000 posts/s, most of the
 * read); strings cost a fraction of that, and a string of 10,000 rows costs one value.
 */
// A list is its length, then its items: a separator inside an item shows as a wrong count.
const packedList = (column: string): string => `len(${column})::VARCHAR || chr(31) || array_to_string(${column}, chr(31))`;
const FACT_ROW = `concat_ws(chr(30), id, epoch_ms(created_at), source, sentiment_label,
  ${packedList('topics')}, ${packedList('intents')}, ${packedList('entities')},
  CASE WHEN ${REGIONS_COLUMN} IS NULL THEN chr(28) ELSE ${packedList(REGIONS_COLUMN)} END)`;

/** `where` is a WHERE clause over the posts table; yields (rows, packed) per FACT_ROWS_PER_STRING rows, oldest first. */
export function packedFactsQuery(where: string): string {
  return `SELECT count(*) AS n, string_agg(fact, chr(29) ORDER BY created_at, id) AS packed FROM (
      SELECT ${FACT_ROW} AS fact, created_at, id,
        (row_number() OVER (ORDER BY created_at, id) - 1) // ${FACT_ROWS_PER_STRING} AS chunk
      FROM ${POSTS_TABLE} ${where}
    ) GROUP BY chunk ORDER BY chunk`;
}

/** Thrown inside unpackFacts when a row does not split as it was written. */
const MISPACKED = Symbol('mispacked');

function unpackList(text: string): string[] {
  const cut = text.indexOf(FACT_ITEM_SEP);
  const count = Number(text.slice(0, cut));
  if (count === 0) return [];
  const items = text.slice(cut + 1).split(FACT_ITEM_SEP);
  if (items.length !== count) throw MISPACKED;
  return items;
}

/**
 * Unpacks `packedFactsQuery` rows; undefined when a row does not split as it was written (a
 * separator inside an id or a list item), and the caller reads the plain columns instead.
 */
export function unpackFacts(rows: readonly (readonly DuckDBValue[])[]): PostFacts[] | undefined {
  const out: PostFacts[] = [];
  try {
    for (const [n, packed] of rows) {
      const lines = asString(packed).split(FACT_ROW_SEP);
      if (lines.length !== asNumber(n)) return undefined;
      for (const line of lines) {
        const f = line.split(FACT_FIELD_SEP);
        if (f.length !== 8) return undefined;
        const facts: PostFacts = {
          id: f[0],
          createdAt: new Date(Number(f[1])),
          source: f[2] as Source,
          sentiment: f[3] as SentimentLabel,
          topics: unpackList(f[4]),
          intents: unpackList(f[5]),
          entities: unpackList(f[6]),
        };
        if (f[7] !== FACT_NO_REGIONS) facts.regions = unpackList(f[7]);
        out.push(facts);
      }
    }
  } catch (error) {
    if (error === MISPACKED) return undefined;
    throw error;
  }
  return out;
}

// Temp tables belong to the connection that made them, so this runs on the write connection.
export const CREATE_POSTS_STAGING_TABLE = `CREATE TEMP TABLE IF NOT EXISTS ${POSTS_STAGING_TABLE} (
  ${[...COLUMNS.map((c) => `${c.name} ${c.staged?.ddl ?? c.ddl}`), ...STAGED_DERIVED.map((d) => `${d.name} ${d.staged!.ddl}`)].join(',\n  ')}
)`;

export const INSERT_FROM_STAGING = `INSERT INTO ${POSTS_TABLE} (${POST_COLUMN_LIST}, ${DERIVED.map((d) => d.name).join(', ')})
  SELECT ${COLUMNS.map((c) => c.staged?.sql ?? c.name).join(', ')}, ${DERIVED.map((d) => d.sql).join(', ')} FROM ${POSTS_STAGING_TABLE}`;

export const CLEAR_STAGING = `DELETE FROM ${POSTS_STAGING_TABLE}`;

export const STAGED_ID_HASHES = `SELECT id, ${ID_HASH_COLUMNS} FROM ${POSTS_STAGING_TABLE}`;

/**
 * The stored copies of `$ids` created in [`$from`, `$to`]: the range is pushed down to the scan,
 * so zone maps skip every row group outside it and the id column is read only inside.
 */
export const FIND_STORED_BETWEEN = `SELECT id, created_at FROM ${POSTS_TABLE}
  WHERE created_at BETWEEN $from AND $to AND id IN (SELECT unnest($ids))`;

/** The same anywhere in the table: a scan of the id column, for the rare id not found in its time range. */
export const FIND_STORED_ANYWHERE = `SELECT id, created_at FROM ${POSTS_TABLE} WHERE id IN (SELECT unnest($ids))`;

/** Deletes what a FIND found, by the same means. A find then a delete: DELETE … RETURNING cost ~10× more. */
export const DELETE_STORED_BETWEEN = `DELETE FROM ${POSTS_TABLE}
  WHERE created_at BETWEEN $from AND $to AND id IN (SELECT unnest($ids))`;

/** Every staged column, as stagePosts fills it and STAGE_POSTS reads it. */
const STAGED_COLUMNS: readonly { name: string; stage(post: Post): Staged; carried: Carried }[] = [
  ...COLUMNS.map((c) => ({ name: c.name, stage: c.stage, carried: carriedAs(c.staged?.ddl ?? c.ddl) })),
  ...STAGED_DERIVED.map((d) => ({ name: d.name, stage: d.staged!.stage, carried: carriedAs(d.staged!.ddl) })),
];

/**
 * A batch of posts as one JSON document, column by column (`{"id": [...], "text": [...], …}`),
 * for STAGE_POSTS. One string is one bound value: DuckDB parses it on its own threads, where an
 * appender took a native call per value on the event loop and then flushed synchronously there
 * (about 7 ms a write of 200 posts, during which no request was answered). Throws a
 * ValidationError naming the first post that cannot be stored, before anything is written.
 */
export function stagePosts(posts: readonly Post[]): string {
  const columns: Record<string, Staged[]> = {};
  for (const column of STAGED_COLUMNS) {
    const values: Staged[] = new Array(posts.length);
    for (let i = 0; i < posts.length; i++) values[i] = column.stage(posts[i]);
    columns[column.name] = values;
  }
  return JSON.stringify(columns);
}

/**
 * Stages a stagePosts document: the lists, one per column, are unnested side by side (DuckDB
 * unnests lists in one SELECT together, row by row). Timestamps travel as epoch milliseconds.
 */
export const STAGE_POSTS = `INSERT INTO ${POSTS_STAGING_TABLE} (${STAGED_COLUMNS.map((c) => c.name).join(', ')})
  SELECT ${STAGED_COLUMNS.map((c) => c.carried.sql(`unnest(staged."${c.name}")`)).join(', ')}
  FROM (SELECT from_json($posts::VARCHAR, '${JSON.stringify(Object.fromEntries(STAGED_COLUMNS.map((c) => [c.name, c.carried.json])))}') AS staged)`;

/** The author columns, as named in the table: what `rowToAuthor` reads besides author_id. */
export const AUTHOR_COLUMN_LIST = ['author_handle', 'author_name', 'author_followers', 'author_location', AUTHOR_BIO_COLUMN].join(', ');

/** The author of a row holding `author_id` and `AUTHOR_COLUMN_LIST`; absent optional fields left out. */
export function rowToAuthor(row: Readonly<Record<string, DuckDBValue>>): Post['author'] {
  const author: Post['author'] = { id: asString(row.author_id), handle: asString(row.author_handle) };
  assignDefined(author, 'name', asOptionalString(row.author_name));
  assignDefined(author, 'followers', asOptionalNumber(row.author_followers));
  assignDefined(author, 'location', asOptionalString(row.author_location));
  assignDefined(author, 'bio', asOptionalString(row[AUTHOR_BIO_COLUMN]));
  return author;
}

/** Reads one row selected with `POST_COLUMN_LIST`; absent optional fields are left out, not set to undefined. */
export function rowToPost(row: Readonly<Record<string, DuckDBValue>>): Post {
  const author = rowToAuthor(row);
  const post: Post = {
    id: asString(row.id),
    nativeId: asString(row.native_id),
    source: asString(row.source) as Source,
    channel: asString(row.channel) as ChannelKind,
    text: asString(row.text),
    lang: asString(row.lang),
    createdAt: fromTimestamp(row.created_at),
    ingestedAt: fromTimestamp(row.ingested_at),
    author,
    sentiment: { label: asString(row.sentiment_label) as SentimentLabel, score: asNumber(row.sentiment_score) },
    topics: asStrings(row.topics),
    intents: asStrings(row.intents),
    entities: asStrings(row.entities),
    metrics: { likes: asNumber(row.likes), reposts: asNumber(row.reposts), replies: asNumber(row.replies) },
  };
  // NULL on posts stored before aspects existed: they have none, rather than an empty list.
  if (row.aspects !== null && row.aspects !== undefined) {
    post.aspects = asStrings(row.aspects).flatMap((key) => parseAspectKey(key) ?? []);
  }
  if (row.regions !== null && row.regions !== undefined) post.regions = asStrings(row.regions);
  assignDefined(post, 'url', asOptionalString(row.url));
  assignDefined(post, 'customerId', asOptionalString(row.customer_id));
  assignDefined(post, 'campaign', asOptionalString(row.campaign));
  return post;
}

/** Reads one row selected with `FACT_COLUMN_LIST`, as plain values (getRows order). */
export function rowToFacts([id, createdAt, source, sentiment, topics, intents, entities, regions]: readonly DuckDBValue[]): PostFacts {
  const facts: PostFacts = {
    id: asString(id),
    createdAt: fromTimestamp(createdAt),
    source: asString(source) as Source,
    sentiment: asString(sentiment) as SentimentLabel,
    topics: asStrings(topics),
    intents: asStrings(intents),
    entities: asStrings(entities),
  };
  if (regions !== null && regions !== undefined) facts.regions = asStrings(regions);
  return facts;
}

function assignDefined<T, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function varchar(name: string, required: boolean, get: (post: Post) => string | undefined): PostColumn {
  return {
    name,
    ddl: required ? 'VARCHAR NOT NULL' : 'VARCHAR',
    stage(post) {
      const value = get(post);
      if (value === undefined || value === null) {
        if (required) throw invalid(post, `${name} is missing`);
        return null;
      }
      return wellFormed(String(value));
    },
  };
}

function bigint(name: string, required: boolean, get: (post: Post) => number | undefined): PostColumn {
  return {
    name,
    ddl: required ? 'BIGINT NOT NULL' : 'BIGINT',
    stage(post) {
      const value = get(post);
      if (value === undefined || value === null) {
        if (required) throw invalid(post, `${name} is missing`);
        return null;
      }
      if (!Number.isSafeInteger(value)) throw invalid(post, `${name} must be an integer, got ${String(value)}`);
      return value;
    },
  };
}

function timestamp(name: string, get: (post: Post) => Date): PostColumn {
  return {
    name,
    ddl: 'TIMESTAMP NOT NULL',
    stage(post) {
      const value = get(post);
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw invalid(post, `${name} is not a valid date`);
      return value.getTime();
    },
  };
}

function list(name: string, get: (post: Post) => readonly string[]): PostColumn {
  return {
    name,
    ddl: 'VARCHAR[] NOT NULL',
    stage(post) {
      const value = get(post) ?? [];
      if (!Array.isArray(value)) throw invalid(post, `${name} must be a list`);
      return packList(value);
    },
    staged: { ddl: 'VARCHAR NOT NULL', sql: unpackedSql(name) },
  };
}

/** NULL when absent, so a post written without the field reads back without it. */
function optionalList(name: string, get: (post: Post) => readonly string[] | undefined): PostColumn {
  return {
    name,
    ddl: 'VARCHAR[]',
    stage(post) {
      const value = get(post);
      if (value === undefined || value === null) return null;
      if (!Array.isArray(value)) throw invalid(post, `${name} must be a list`);
      return packList(value);
    },
    staged: { ddl: 'VARCHAR', sql: unpackedSql(name) },
  };
}

/**
 * DuckDB's JSON reader refuses a lone UTF-16 surrogate (a string cut mid-emoji); the appender
 * turned one into U+FFFD, and so does this.
 */
function wellFormed(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}

function finite(post: Post, name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(post, `${name} must be a finite number`);
  return value;
}

function invalid(post: Post, problem: string): ValidationError {
  return new ValidationError(`post ${String(post.id)}: ${problem}`);
}
