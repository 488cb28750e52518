import type {
  AuthorEntry,
  CountEntry,
  Histogram,
  Interval,
  Post,
  PostFilter,
  SearchPage,
  Split,
} from '@escucha/core';

/**
 * Where enriched posts live. Writes are idempotent by `post.id`: writing a post again
 * replaces it (re-categorising relies on that), and never duplicates it.
 * A resolved `upsert` means the posts are durable.
 */
export interface PostStore {
  /** Creates what the driver needs (tables, indices). Safe to call on an existing store. */
  init(): Promise<void>;
  close(): Promise<void>;

  upsert(posts: readonly Post[]): Promise<void>;
  get(ids: readonly string[]): Promise<Post[]>;
  count(filter?: PostFilter): Promise<number>;

  /** Newest first (createdAt desc, id desc); `limit` 1..500. */
  search(filter: PostFilter, page: { limit: number; cursor?: string }): Promise<SearchPage<Post>>;
  histogram(filter: PostFilter, interval: Interval, split?: Split): Promise<Histogram>;
  /** Counts per value of `split`, highest first. */
  breakdown(filter: PostFilter, split: Split, limit: number): Promise<CountEntry[]>;
  /** Most frequent words of the posts' text (lower-cased, at least 3 letters), skipping `exclude`. */
  topTerms(filter: PostFilter, limit: number, exclude: ReadonlySet<string>): Promise<CountEntry[]>;
  topAuthors(filter: PostFilter, limit: number): Promise<AuthorEntry[]>;

  /** Retention: removes posts created before `date`; returns how many. */
  deleteBefore(date: Date): Promise<number>;
}

export const POST_STORE = Symbol('PostStore');
