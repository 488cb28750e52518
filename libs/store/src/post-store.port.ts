import {
  AppError,
  type Author,
  type AuthorEntry,
  type CountEntry,
  type Histogram,
  type Interval,
  type Post,
  type PostFilter,
  type SearchPage,
  type SentimentLabel,
  type Source,
  type Split,
} from '@escucha/core';

/**
 * Where enriched posts live. Writes are idempotent by `post.id`: writing a post again
 * replaces it (re-categorising relies on that), and never duplicates it; within one batch
 * the later version of an id wins. A resolved `upsert` means the posts are durable and, unless
 * the caller asked for `visibility: 'soon'`, visible to every read that starts after it.
 *
 * Filters: fields combine with AND; a list field (`sources`, `topics`, ...) matches a post
 * having any of its values, and an empty list does not restrict. `q` words are split on
 * anything that is not a letter or digit. Bad arguments (limits, intervals, splits, cursors,
 * dates) reject with a ValidationError. Ranked lists are highest count first, ties by key
 * ascending. The contract suite in test/contract/post-store.contract.ts is the full spec.
 */
export interface PostStore {
  /** Creates what the driver needs (tables, indices). Safe to call on an existing store. */
  init(): Promise<void>;
  close(): Promise<void>;

  /**
   * Resolves with the ids of the batch that no stored post had before this call, each once (in no
   * set order); a re-sent post replaces the stored one and is not in `created`, even if its
   * createdAt moved. A driver that can
   * fail after writing part of a batch rejects with a `PartialWriteError` carrying the ids it did create.
   */
  upsert(posts: readonly Post[], options?: UpsertOptions): Promise<UpsertResult>;
  /** In the order asked; unknown ids are skipped. Absent optional fields come back absent. */
  get(ids: readonly string[]): Promise<Post[]>;
  count(filter?: PostFilter): Promise<number>;

  /**
   * Newest first (createdAt desc, id desc); `limit` 1..500. Keyset paging: a page is never
   * shifted by posts arriving meanwhile. `total` counts every match, not just this page.
   */
  search(filter: PostFilter, page: { limit: number; cursor?: string }): Promise<SearchPage<Post>>;
  /**
   * Every post created in [`from`, `to`) that matches the rest of the filter, unpaged, oldest
   * first (createdAt, then id), as the few fields counting needs: no text, no author. What alert
   * detection reads each bucket; a whole-post read of a busy minute cost seconds of decoding text.
   * Both bounds are required, so a caller cannot read the whole store by mistake.
   */
  facts(filter: PostFilter & { from: Date; to: Date }): Promise<PostFacts[]>;
  /**
   * Only buckets holding at least one post are returned, oldest first; callers that chart a
   * range fill the gaps (the bounds may be open, and a filled year of minutes would be huge).
   * `total` counts posts; with a topic or intent split a post counts once per distinct value,
   * so `values` may add up to more than `total` (or less, for posts without any).
   */
  histogram(filter: PostFilter, interval: Interval, split?: Split): Promise<Histogram>;
  /** Counts per value of `split` (a post once per distinct topic/intent), highest first; `limit` 1..1000. */
  breakdown(filter: PostFilter, split: Split, limit: number): Promise<CountEntry[]>;
  /**
   * Most frequent words of the posts' text (lower-cased, accents kept, at least 3 letters),
   * skipping `exclude`, URLs and @handles. `count` is the number of posts containing the word.
   */
  topTerms(filter: PostFilter, limit: number, exclude: ReadonlySet<string>): Promise<CountEntry[]>;
  /** Keyed by author id; handle, name, source and followers (0 when unknown) come from the author's newest post. */
  topAuthors(filter: PostFilter, limit: number): Promise<AuthorEntry[]>;
  /** Keyed by customer id, highest first (ties by id); posts that carry no customer count for none; `limit` 1..1000. */
  topCustomers(filter: PostFilter, limit: number): Promise<CountEntry[]>;

  /**
   * Every author of the stored posts once, a page at a time in author order (source, then author
   * id, compared as bytes): keyset paging, so a page is never shifted by posts arriving meanwhile.
   * Each comes with the author as on their newest post (createdAt, then id) and the texts of up to
   * `texts` of their newest posts, newest first. What re-matching the authors already seen against
   * a new CRM reads: a page is bounded, where collecting every author of the store was not.
   *
   * A record of the company's own channels (`channel: 'internal'`) that carries a customer id is
   * left out: it says who wrote it, so it is not evidence about an author to match; an author seen
   * only in such records is not listed. `limit` 1..MAX_AUTHOR_PAGE, `texts` 1..MAX_AUTHOR_TEXTS.
   * A page reads the author columns of every stored post, so a pass costs one read of them per
   * page: callers take pages as large as they can hold.
   */
  authors(page: { limit: number; cursor?: string; texts: number }): Promise<AuthorPage>;

  /**
   * One person's posts across channels: the records carrying `customerId` and the posts of any of
   * `authors` (each a source and an author id), each post once, newest first (createdAt desc, id
   * desc), keyset paged like `search` but without a total. What a customer's profile, next best
   * action and erasure read: one read for what took a search per filter, each counting its matches.
   * `limit` 1..MAX_PERSON_PAGE; at most MAX_PERSON_AUTHORS authors.
   */
  postsOf(person: PersonKey, page: { limit: number; cursor?: string }): Promise<PostPage>;
  /**
   * The newest posts (createdAt desc, id desc), at most `limit`, whose text mentions any of
   * `handles` as `@handle`, compared without case or accents (a leading `@` on a handle is
   * ignored). A driver matching words rather than characters (Elasticsearch) may also return
   * posts holding the handle's words without the `@`: callers read the handles from the text.
   * No handles, no posts. `limit` 1..MAX_PERSON_PAGE; at most MAX_MENTION_HANDLES handles.
   */
  mentioning(handles: readonly string[], limit: number): Promise<Post[]>;

  /** Retention: removes posts created strictly before `date`; returns how many. */
  deleteBefore(date: Date): Promise<number>;
  /**
   * Removes every post, of any source and any time, whose native id starts with `prefix` (not
   * empty); returns how many. How a generator's posts leave the store: the demo's ids all start
   * with `demo-<seed>-`, which no real source produces.
   */
  deleteByNativeIdPrefix(prefix: string): Promise<number>;
}

/** One author, as `authors` lists them. */
export interface AuthorSample {
  source: Source;
  /** As on the author's newest post; absent optional fields absent. */
  author: Author;
  /** Newest first. */
  texts: string[];
}

export interface AuthorPage {
  items: AuthorSample[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/** A page of authors carries their texts: 5,000 of them with 20 texts each is a few tens of MB at most. */
export const MAX_AUTHOR_PAGE = 5_000;
export const MAX_AUTHOR_TEXTS = 50;

/** Whose posts `postsOf` reads. */
export interface PersonKey {
  customerId: string;
  authors: ReadonlyArray<{ source: Source; id: string }>;
}

export interface PostPage {
  items: Post[];
  /** Absent on the last page. */
  nextCursor?: string;
}

/** A customer's profile reads their newest 5,000 posts: one page. */
export const MAX_PERSON_PAGE = 5_000;
export const MAX_PERSON_AUTHORS = 1_000;
export const MAX_MENTION_HANDLES = 100;

/** A post without its text and author: what `facts` returns. */
export interface PostFacts {
  id: string;
  createdAt: Date;
  source: Source;
  sentiment: SentimentLabel;
  topics: string[];
  intents: string[];
  entities: string[];
  /** Absent on posts stored before regions were kept (see Post.regions). */
  regions?: string[];
}

export interface UpsertOptions {
  /**
   * `now` (the default): visible to every read that starts after the upsert resolves. `soon`:
   * durable all the same, searchable within the store's refresh interval (Elasticsearch: a
   * second; DuckDB: at once). For the ingest path, which tells the live windows itself and reads
   * nothing back: making each write searchable at once costs Elasticsearch more than indexing it.
   * Either way a re-sent post replaces the stored one and is never stored twice.
   */
  visibility?: 'now' | 'soon';
}

export interface UpsertResult {
  /** Ids new to the store, so a caller can count arrivals without counting re-sends twice. */
  created: string[];
}

/**
 * A write that failed after part of the batch may have been stored (bulk writes are not atomic).
 * `created` are the posts this call did add, so a caller can still account for them; `cause` is
 * why the rest failed, and `code`/`status` are its own (an UNAVAILABLE cause is worth a retry).
 * Re-sending the whole batch is safe: writes are by id.
 */
export class PartialWriteError extends AppError {
  constructor(
    readonly created: string[],
    override readonly cause: Error,
  ) {
    super(
      cause instanceof AppError ? cause.code : 'INTERNAL',
      `${cause.message} (${created.length} new posts of the batch were stored before the failure)`,
      cause instanceof AppError ? cause.status : 500,
      cause instanceof AppError ? cause.details : undefined,
    );
    this.name = 'PartialWriteError';
  }
}

export const POST_STORE = Symbol('PostStore');
