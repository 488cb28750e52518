import type { estypes } from '@elastic/elasticsearch';
import {
  SOURCES,
  ValidationError,
  postId,
  type AuthorEntry,
  type CountEntry,
  type Histogram,
  type HistogramBucket,
  type Interval,
  type Post,
  type PostFilter,
  type SearchPage,
  type Source,
  type Split,
} from '@escucha/core';
import { MAX_AUTHOR_PAGE, MAX_AUTHOR_TEXTS, MAX_PERSON_PAGE, PartialWriteError, type AuthorPage, type PersonKey, type PostFacts, type PostPage, type PostStore, type UpsertOptions, type UpsertResult } from '../post-store.port';
import { foldedRanking } from '../post-terms';
import { MAX_RANKING_LIMIT, MAX_SEARCH_LIMIT, assertInterval, assertLimit, assertRange, assertSplit, authorIdsBySource, checkIdPrefix, checkPerson, mentionHandles, queryWords } from '../query-arguments';
import { decodeAuthorCursor, decodeSearchCursor, encodeAuthorCursor, pageOf } from '../search-cursor';
import { writeBulk, type BulkAction, type BulkOptions } from './elasticsearch.bulk';
import { indexSettings, isResponseError, type ElasticsearchConnection } from './elasticsearch.client';
import {
  AUTHOR_BIO_MAPPING,
  DERIVED_FIELDS,
  FACT_FIELDS,
  authorOf,
  factsOf,
  fromDocument,
  postsMapping,
  toDocument,
  type FactDocument,
  type PostDocument,
} from './elasticsearch.post-document';
import { filterQuery } from './elasticsearch.post-filter';

export interface ElasticsearchPostStoreOptions {
  /** Names: `<prefix>-posts-YYYY.MM` indices behind the `<prefix>-posts` alias. */
  prefix: string;
  /** Per monthly index. One is right up to tens of GB a month; more only spreads a month over nodes. */
  shards?: number;
  /** Replicas per index; by default one as soon as a second node exists, none on a single node. */
  replicas?: number;
  bulk?: BulkOptions;
}

const SPLIT_FIELD: Record<Split, string> = {
  sentiment: 'sentiment.label',
  source: 'source',
  lang: 'lang',
  topic: 'topics',
  intent: 'intents',
  entity: 'entities',
  aspect: 'aspects',
};
const MULTI_VALUED: ReadonlySet<Split> = new Set(['topic', 'intent', 'entity', 'aspect']);
/** Composite aggregation page: big enough that a day of minutes is one round trip. */
const COMPOSITE_PAGE = 2_000;
const RANKED_ORDER: estypes.AggregationsAggregateOrder = [{ _count: 'desc' }, { _key: 'asc' }];
const NEWEST_FIRST: estypes.Sort = [{ createdAt: { order: 'desc' } }, { id: { order: 'desc' } }];
const OLDEST_FIRST: estypes.Sort = [{ createdAt: { order: 'asc' } }, { id: { order: 'asc' } }];
/** Hits per `facts` page: the default max_result_window; each hit is a few hundred bytes of _source. */
const FACTS_PAGE = 10_000;
/** Ids per read: well under the default max_result_window (10,000). */
const IDS_PER_READ = 1_000;

/**
 * Posts in monthly indices by createdAt, read through one alias. Time-based indices keep each
 * index small, let queries over a period touch only its months' segments, and make retention of
 * whole months an index drop instead of a delete of millions of documents.
 */
export class ElasticsearchPostStore implements PostStore {
  readonly alias: string;
  private readonly template: string;

  constructor(
    private readonly es: ElasticsearchConnection,
    private readonly options: ElasticsearchPostStoreOptions,
  ) {
    this.alias = `${options.prefix}-posts`;
    this.template = `${options.prefix}-posts`;
  }

  /**
   * The index template makes every monthly index with the mapping and the alias, whichever
   * write creates it. The current month is created up front so the alias always exists, and
   * reads of an empty store answer "nothing" instead of index_not_found.
   */
  async init(): Promise<void> {
    const languageAnalysers = await this.hasLanguageAnalysers();
    await this.es.call('creating the posts index template', (client) =>
      client.indices.putIndexTemplate({
        name: this.template,
        index_patterns: [`${this.options.prefix}-posts-*`],
        // Above the built-in templates (100), so a prefix like "logs" cannot pick up theirs.
        priority: 200,
        template: {
          settings: indexSettings(this.options.shards ?? 1, this.options.replicas),
          mappings: postsMapping(languageAnalysers),
          aliases: { [this.alias]: {} },
        },
        _meta: { owner: 'escucha', languageAnalysers },
      }),
    );
    await this.ensureIndex(this.indexFor(new Date()));
    await this.addNewFieldsToExistingIndices();
  }

  /**
   * The template only shapes indices created from now on; months created by the versions before
   * author.bio, aspects and regions have a strict mapping without them and would reject every post that carries one.
   * Adding a field is the one mapping change Elasticsearch allows in place; on an index that
   * already has it (the template's) the same definition is a no-op.
   */
  private async addNewFieldsToExistingIndices(): Promise<void> {
    await this.es.call('adding author.bio, aspects and regions to the posts indices', (client) =>
      client.indices.putMapping({
        index: this.alias,
        properties: { author: { properties: { bio: AUTHOR_BIO_MAPPING } }, aspects: { type: 'keyword' }, regions: { type: 'keyword' } },
      }),
    );
  }

  close(): Promise<void> {
    return this.es.close();
  }

  /**
   * Document id = post id, and a post always goes to the index of its createdAt month, so a
   * re-sent post overwrites itself. The bulk is durable when it answers (the translog is synced
   * per request). By default one explicit refresh of the touched indices after the batch makes it
   * visible to every read that starts after the upsert resolves: cheaper in latency than
   * refresh=wait_for (up to a refresh interval per request). `visibility: 'soon'` skips it and
   * leaves the posts to the index's own refresh (a second): each forced refresh writes a new
   * segment, and at the few hundred posts of an ingest write that more than doubles
   * Elasticsearch's CPU per post (measured by the `scaleout` bench).
   * `created` comes from the bulk item results (`created` vs `updated`, which see unrefreshed
   * writes), less the posts that had a copy in another month: those moved, they are not new.
   */
  async upsert(posts: readonly Post[], options: UpsertOptions = {}): Promise<UpsertResult> {
    const visibleNow = options.visibility !== 'soon';
    if (posts.length === 0) return { created: [] };
    // Validate everything before sending anything: a bad post fails the call with its id, and no
    // part of the batch is written.
    const documents = lastVersionOfEach(posts).map(toDocument);
    const actions: BulkAction[] = documents.map((document) => ({
      op: 'index',
      index: this.indexFor(new Date(document.createdAt)),
      id: document.id,
      document,
    }));
    const strays = await this.strayCopies(actions);
    actions.push(...strays);
    const moved = new Set(strays.map((stray) => stray.id));
    const touched = [...new Set(actions.map((action) => action.index))];
    let created: string[];
    try {
      ({ created } = await writeBulk(this.es, actions, this.options.bulk));
    } catch (failure) {
      // Bulk is not atomic: what was written stays, and must be as visible as after a success.
      // The refresh is best effort here; the bulk failure is the error worth reporting.
      if (visibleNow) await this.refresh(touched).catch(() => undefined);
      if (failure instanceof PartialWriteError) throw new PartialWriteError(failure.created.filter((id) => !moved.has(id)), failure.cause);
      throw failure;
    }
    if (visibleNow) await this.refresh(touched);
    return { created: created.filter((id) => !moved.has(id)) };
  }

  /**
   * A post re-sent with a createdAt in another month goes to another index, and its old copy
   * would stay behind as a duplicate. One ids lookup per batch finds such copies (DuckDB pays the
   * same with its delete-by-id per batch) so they are deleted in the same bulk.
   *
   * The lookup is a search, which sees only refreshed writes, and `soon` writes are not refreshed:
   * so the months a copy could be in are refreshed first; for a batch going to one month, every
   * other month. Their indices have nothing new unless someone wrote old posts meanwhile, and a
   * refresh with nothing new writes no segment. A copy in the month written to is overwritten by id.
   */
  private async strayCopies(writes: readonly BulkAction[]): Promise<BulkAction[]> {
    const target = new Map(writes.map((action) => [action.id, action.index]));
    const ids = [...target.keys()];
    const months = new Set(target.values());
    const elsewhere = months.size === 1 ? [`${this.alias}-*`, `-${[...months][0]}`] : [`${this.alias}-*`];
    await this.es.call('refreshing', (client) => client.indices.refresh({ index: elsewhere, allow_no_indices: true, ignore_unavailable: true }));
    const strays: BulkAction[] = [];
    for (let start = 0; start < ids.length; start += IDS_PER_READ) {
      const slice = ids.slice(start, start + IDS_PER_READ);
      const response = await this.es.call('looking up stored copies', (client) =>
        // Twice the slice: room for a copy in the right month plus one elsewhere, per id.
        client.search({ index: this.alias, query: { ids: { values: slice } }, size: slice.length * 2, _source: false }),
      );
      for (const hit of response.hits.hits) {
        if (hit._id !== undefined && target.get(hit._id) !== hit._index) strays.push({ op: 'delete', index: hit._index, id: hit._id });
      }
    }
    return strays;
  }

  async get(ids: readonly string[]): Promise<Post[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    const byId = new Map<string, Post>();
    for (let start = 0; start < wanted.length; start += IDS_PER_READ) {
      const slice = wanted.slice(start, start + IDS_PER_READ);
      // A search on the ids rather than mget: mget needs one concrete index, and the alias spans months.
      const response = await this.es.call('reading posts by id', (client) =>
        client.search<PostDocument>({
          index: this.alias,
          query: { ids: { values: slice } },
          size: slice.length,
          _source_excludes: [...DERIVED_FIELDS],
        }),
      );
      for (const hit of response.hits.hits) if (hit._source) byId.set(hit._source.id, fromDocument(hit._source));
    }
    return wanted.flatMap((id) => {
      const post = byId.get(id);
      return post ? [post] : [];
    });
  }

  async count(filter: PostFilter = {}): Promise<number> {
    const response = await this.es.call('counting posts', (client) =>
      client.count({ index: this.alias, query: filterQuery(filter) }),
    );
    return response.count;
  }

  /**
   * search_after on (createdAt desc, id desc) with the shared cursor, so pages are keyset pages:
   * posts arriving meanwhile cannot shift them. Items and total come from one request.
   */
  async search(filter: PostFilter, page: { limit: number; cursor?: string }): Promise<SearchPage<Post>> {
    assertLimit('limit', page.limit, MAX_SEARCH_LIMIT);
    const after = page.cursor === undefined ? undefined : decodeSearchCursor(page.cursor);
    const response = await this.es.call('searching posts', (client) =>
      client.search<PostDocument>({
        index: this.alias,
        query: filterQuery(filter),
        sort: NEWEST_FIRST,
        // One extra hit tells whether another page exists.
        size: page.limit + 1,
        search_after: after ? [after.createdAt.getTime(), after.id] : undefined,
        track_total_hits: true,
        _source_excludes: [...DERIVED_FIELDS],
      }),
    );
    return { total: totalOf(response.hits.total), ...pageOf(hitsToPosts(response), page.limit) };
  }

  /** One query: the customer id or, per source, its authors, as alternatives of one bool. */
  async postsOf(person: PersonKey, page: { limit: number; cursor?: string }): Promise<PostPage> {
    assertLimit('limit', page.limit, MAX_PERSON_PAGE);
    checkPerson(person);
    const after = page.cursor === undefined ? undefined : decodeSearchCursor(page.cursor);
    const should: estypes.QueryDslQueryContainer[] = [{ term: { customerId: person.customerId } }];
    for (const [source, ids] of authorIdsBySource(person)) should.push({ bool: { filter: [{ term: { source } }, { terms: { 'author.id': ids } }] } });
    const response = await this.es.call("reading a person's posts", (client) =>
      client.search<PostDocument>({
        index: this.alias,
        query: { bool: { should, minimum_should_match: 1 } },
        sort: NEWEST_FIRST,
        size: page.limit + 1,
        search_after: after ? [after.createdAt.getTime(), after.id] : undefined,
        track_total_hits: false,
        _source_excludes: [...DERIVED_FIELDS],
      }),
    );
    return pageOf(hitsToPosts(response), page.limit);
  }

  /** On `words` (the folded text split like `q`): a handle is found by its words, with or without the @. */
  async mentioning(handles: readonly string[], limit: number): Promise<Post[]> {
    assertLimit('limit', limit, MAX_PERSON_PAGE);
    const should = mentionHandles(handles)
      .map((handle) => queryWords(handle))
      // A handle of no letters or digits would be a clause matching every post.
      .filter((words) => words.length > 0)
      .map((words): estypes.QueryDslQueryContainer => ({ bool: { filter: words.map((word) => ({ term: { words: word } })) } }));
    if (should.length === 0) return [];
    const response = await this.es.call('reading posts that mention handles', (client) =>
      client.search<PostDocument>({
        index: this.alias,
        query: { bool: { should, minimum_should_match: 1 } },
        sort: NEWEST_FIRST,
        size: limit,
        track_total_hits: false,
        _source_excludes: [...DERIVED_FIELDS],
      }),
    );
    return hitsToPosts(response);
  }

  /**
   * search_after pages (oldest first) of _source filtered to the fact fields: the text, the
   * author and the derived fields are never sent. No point-in-time: a post arriving between
   * pages lands after the last one read (newer createdAt) or is simply not seen, as in one query.
   */
  async facts(filter: PostFilter & { from: Date; to: Date }): Promise<PostFacts[]> {
    assertRange(filter.from, filter.to);
    const query = filterQuery(filter);
    const out: PostFacts[] = [];
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await this.es.call('reading post facts', (client) =>
        client.search<FactDocument>({
          index: this.alias,
          query,
          sort: OLDEST_FIRST,
          size: FACTS_PAGE,
          search_after: after,
          track_total_hits: false,
          _source: { includes: [...FACT_FIELDS] },
        }),
      );
      const hits = response.hits.hits;
      for (const hit of hits) if (hit._source) out.push(factsOf(hit._source));
      if (hits.length < FACTS_PAGE) return out;
      after = hits[hits.length - 1].sort;
    }
  }

  /**
   * Composite aggregations, paged, rather than a date_histogram with sub-terms: they return only
   * non-empty buckets (min_doc_count 1), never hit search.max_buckets on a long range of minutes,
   * and count a multi-valued field once per distinct value of a post. Calendar intervals in UTC;
   * Elasticsearch's calendar weeks start on Monday.
   */
  async histogram(filter: PostFilter, interval: Interval, split?: Split): Promise<Histogram> {
    assertInterval(interval);
    if (split !== undefined) assertSplit(split);
    const query = filterQuery(filter);
    const time: estypes.AggregationsCompositeAggregationSource = {
      date_histogram: { field: 'createdAt', calendar_interval: interval, time_zone: 'UTC' },
    };
    const buckets = new Map<number, HistogramBucket>();
    const bucketAt = (ms: number): HistogramBucket => {
      let bucket = buckets.get(ms);
      if (!bucket) {
        bucket = { ts: new Date(ms).toISOString(), total: 0, values: {} };
        buckets.set(ms, bucket);
      }
      return bucket;
    };
    if (split !== undefined) {
      await this.composite(query, [{ ts: time }, { key: { terms: { field: SPLIT_FIELD[split] } } }], (key, count) => {
        const bucket = bucketAt(Number(key.ts));
        bucket.values[String(key.key)] = count;
        // Single-valued fields are always present, so their values add up to the posts.
        if (!MULTI_VALUED.has(split)) bucket.total += count;
      });
    }
    if (split === undefined || MULTI_VALUED.has(split)) {
      await this.composite(query, [{ ts: time }], (key, count) => {
        bucketAt(Number(key.ts)).total = count;
      });
    }
    const sorted = [...buckets.entries()].sort(([a], [b]) => a - b).map(([, bucket]) => bucket);
    return split === undefined ? { interval, buckets: sorted } : { interval, split, buckets: sorted };
  }

  async breakdown(filter: PostFilter, split: Split, limit: number): Promise<CountEntry[]> {
    assertSplit(split);
    assertLimit('limit', limit, MAX_RANKING_LIMIT);
    return this.ranked(filter, { field: SPLIT_FIELD[split], size: limit });
  }

  /**
   * `terms` holds each post's distinct words, so a terms aggregation counts posts per form of a
   * word; the forms ("señal", "senal") are then added up. More forms than asked are ranked so that
   * a word written several ways is not cut off by its parts: a word whose every form ranks below
   * the candidates can still be missed, as a terms aggregation over shards can miss one.
   */
  async topTerms(filter: PostFilter, limit: number, exclude: ReadonlySet<string>): Promise<CountEntry[]> {
    assertLimit('limit', limit, MAX_RANKING_LIMIT);
    const skipped = [...exclude].map((word) => word.toLowerCase());
    const forms = await this.ranked(filter, { field: 'terms', size: limit * 3 + 20, ...(skipped.length ? { exclude: skipped } : {}) });
    return foldedRanking(forms, limit);
  }

  /** A terms aggregation skips documents without the field: posts with no customer count for none. */
  async topCustomers(filter: PostFilter, limit: number): Promise<CountEntry[]> {
    assertLimit('limit', limit, MAX_RANKING_LIMIT);
    return this.ranked(filter, { field: 'customerId', size: limit });
  }

  /** Keyed by author id; the newest post of each author (top_hits) describes them. */
  async topAuthors(filter: PostFilter, limit: number): Promise<AuthorEntry[]> {
    assertLimit('limit', limit, MAX_RANKING_LIMIT);
    const response = await this.es.call('ranking authors', (client) =>
      client.search({
        index: this.alias,
        size: 0,
        query: filterQuery(filter),
        aggs: {
          ranked: {
            terms: { field: 'author.id', size: limit, shard_size: shardSize(limit), order: RANKED_ORDER },
            aggs: {
              latest: { top_hits: { size: 1, sort: NEWEST_FIRST, _source: { includes: ['author', 'source'] } } },
            },
          },
        },
      }),
    );
    return termBuckets(response.aggregations?.ranked).map((bucket) => {
      const latest = bucket.latest as estypes.AggregationsTopHitsAggregate;
      const source = latest.hits.hits[0]?._source as Pick<PostDocument, 'author' | 'source'>;
      const entry: AuthorEntry = {
        key: String(bucket.key),
        count: bucket.doc_count,
        handle: source.author.handle,
        source: source.source as Source,
        followers: source.author.followers ?? 0,
      };
      if (source.author.name !== undefined && source.author.name !== null) entry.name = source.author.name;
      return entry;
    });
  }

  /**
   * A composite aggregation on source and author id, resumed after the cursor's key, with each
   * author's newest posts as top hits. One more author than the limit is asked for, to tell
   * whether another page follows; its hits are a page's worth of waste, not a second round trip.
   */
  async authors(page: { limit: number; cursor?: string; texts: number }): Promise<AuthorPage> {
    assertLimit('limit', page.limit, MAX_AUTHOR_PAGE);
    assertLimit('texts', page.texts, MAX_AUTHOR_TEXTS);
    const after = page.cursor === undefined ? undefined : decodeAuthorCursor(page.cursor);
    const response = await this.es.call('listing authors', (client) =>
      client.search({
        index: this.alias,
        size: 0,
        query: { bool: { must_not: [{ bool: { filter: [{ term: { channel: 'internal' } }, { exists: { field: 'customerId' } }] } }] } },
        aggs: {
          authors: {
            composite: {
              size: page.limit + 1,
              sources: [{ source: { terms: { field: 'source' } } }, { author: { terms: { field: 'author.id' } } }],
              after: after ? { source: after.source, author: after.authorId } : undefined,
            },
            aggs: { newest: { top_hits: { size: page.texts, sort: NEWEST_FIRST, _source: { includes: ['author', 'text'] } } } },
          },
        },
      }),
    );
    const composite = (response.aggregations?.authors as estypes.AggregationsCompositeAggregate | undefined)?.buckets;
    const buckets = Array.isArray(composite) ? composite : [];
    const items = buckets.slice(0, page.limit).map((bucket) => {
      const hits = (bucket.newest as estypes.AggregationsTopHitsAggregate).hits.hits.map((hit) => hit._source as Pick<PostDocument, 'author' | 'text'>);
      return { source: String(bucket.key.source) as Source, author: authorOf(hits[0].author), texts: hits.map((hit) => hit.text) };
    });
    const last = items[items.length - 1];
    return buckets.length > page.limit && last
      ? { items, nextCursor: encodeAuthorCursor({ source: last.source, authorId: last.author.id }) }
      : { items };
  }

  /**
   * Months that end on or before `date` are dropped whole (the point of monthly indices); in the
   * month that holds `date`, the older posts are deleted by id. Done with search and bulk
   * deletes rather than delete_by_query, which lives in the reindex module that minimal
   * distributions (the test one included) do not have.
   */
  async deleteBefore(date: Date): Promise<number> {
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new ValidationError('date is not a valid date');
    let deleted = 0;
    const indices = await this.indices();
    const whole = indices.filter((index) => monthEnd(index, this.options.prefix) <= date.getTime());
    for (const index of whole) {
      const { count } = await this.es.call('counting an expired month', (client) => client.count({ index }));
      await this.es.call('dropping an expired month', (client) => client.indices.delete({ index }));
      deleted += count;
    }
    const rest = indices.filter((index) => !whole.includes(index));
    if (rest.length) deleted += await this.deleteMatching(rest, { range: { createdAt: { lt: date.toISOString() } } });
    // The alias lives only as long as one of its indices does.
    await this.ensureIndex(this.indexFor(new Date()));
    return deleted;
  }

  /** The stored id is `<source>:<native id>`, and only the stored id is indexed. */
  async deleteByNativeIdPrefix(prefix: string): Promise<number> {
    checkIdPrefix(prefix);
    const indices = await this.indices();
    if (indices.length === 0) return 0;
    return this.deleteMatching(indices, { bool: { should: SOURCES.map((source) => ({ prefix: { id: postId(source, prefix) } })), minimum_should_match: 1 } });
  }

  private async deleteMatching(indices: string[], query: estypes.QueryDslQueryContainer): Promise<number> {
    let deleted = 0;
    let after: estypes.SortResults | undefined;
    for (;;) {
      const response = await this.es.call('finding posts to delete', (client) =>
        client.search({ index: indices, query, sort: NEWEST_FIRST, size: 5_000, search_after: after, _source: false }),
      );
      const hits = response.hits.hits;
      if (hits.length === 0) break;
      const outcome = await writeBulk(
        this.es,
        hits.map((hit) => ({ op: 'delete', index: hit._index, id: hit._id! })),
        this.options.bulk,
      );
      deleted += outcome.applied;
      after = hits[hits.length - 1].sort;
    }
    if (deleted) await this.refresh(indices);
    return deleted;
  }

  private async ranked(filter: PostFilter, terms: estypes.AggregationsTermsAggregation & { size: number }): Promise<CountEntry[]> {
    const response = await this.es.call('ranking values', (client) =>
      client.search({
        index: this.alias,
        size: 0,
        query: filterQuery(filter),
        aggs: { ranked: { terms: { ...terms, shard_size: shardSize(terms.size), order: RANKED_ORDER } } },
      }),
    );
    return termBuckets(response.aggregations?.ranked).map((bucket) => ({ key: String(bucket.key), count: bucket.doc_count }));
  }

  /** Pages a composite aggregation to the end, handing each bucket's key and post count over. */
  private async composite(
    query: estypes.QueryDslQueryContainer,
    sources: Record<string, estypes.AggregationsCompositeAggregationSource>[],
    each: (key: estypes.AggregationsCompositeAggregateKey, count: number) => void,
  ): Promise<void> {
    let after: estypes.AggregationsCompositeAggregateKey | undefined;
    do {
      const response = await this.es.call('aggregating over time', (client) =>
        client.search({
          index: this.alias,
          size: 0,
          query,
          aggs: { buckets: { composite: { size: COMPOSITE_PAGE, sources, after } } },
        }),
      );
      const aggregate = response.aggregations?.buckets as estypes.AggregationsCompositeAggregate | undefined;
      const buckets = Array.isArray(aggregate?.buckets) ? aggregate.buckets : [];
      for (const bucket of buckets) each(bucket.key, bucket.doc_count);
      after = buckets.length === COMPOSITE_PAGE ? aggregate?.after_key : undefined;
    } while (after);
  }

  private async indices(): Promise<string[]> {
    try {
      const response = await this.es.client.indices.getAlias({ name: this.alias });
      return Object.keys(response).sort();
    } catch (error) {
      if (isResponseError(error, 404)) return [];
      throw this.es.translate('listing the monthly indices', error);
    }
  }

  private ensureIndex(index: string): Promise<void> {
    return this.es.createIndexIfMissing({ index });
  }

  private async refresh(indices: string[]): Promise<void> {
    await this.es.call('refreshing', (client) => client.indices.refresh({ index: indices }));
  }

  private async hasLanguageAnalysers(): Promise<boolean> {
    try {
      await this.es.client.indices.analyze({ analyzer: 'spanish', text: 'probando' });
      return true;
    } catch (error) {
      if (isResponseError(error, 400)) return false;
      throw this.es.translate('checking the analysers', error);
    }
  }

  indexFor(createdAt: Date): string {
    const month = String(createdAt.getUTCMonth() + 1).padStart(2, '0');
    return `${this.options.prefix}-posts-${createdAt.getUTCFullYear()}.${month}`;
  }
}

/** The first instant after the month an index holds; indices not named by us never expire. */
function monthEnd(index: string, prefix: string): number {
  const match = new RegExp(`^${escapeRegExp(prefix)}-posts-(\\d{4})\\.(\\d{2})$`).exec(index);
  if (!match) return Number.POSITIVE_INFINITY;
  return Date.UTC(Number(match[1]), Number(match[2]), 1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Terms aggregations rank per shard, then merge. Asking each shard for more than the final size
 * keeps the merged top exact unless a value is rare on every shard but common overall.
 */
function shardSize(size: number): number {
  return Math.max(size * 3, 100);
}

function termBuckets(aggregate: estypes.AggregationsAggregate | undefined): estypes.AggregationsStringTermsBucket[] {
  const buckets = (aggregate as estypes.AggregationsStringTermsAggregate | undefined)?.buckets;
  return Array.isArray(buckets) ? buckets : [];
}

function totalOf(total: number | estypes.SearchTotalHits | undefined): number {
  return typeof total === 'number' ? total : (total?.value ?? 0);
}

/** Two versions of a post in one batch would race inside the bulk; the later one is the one the caller meant. */
function lastVersionOfEach(posts: readonly Post[]): Post[] {
  const byId = new Map<string, Post>();
  for (const post of posts) {
    byId.delete(post.id);
    byId.set(post.id, post);
  }
  return [...byId.values()];
}

function hitsToPosts(response: estypes.SearchResponse<PostDocument>): Post[] {
  return response.hits.hits.flatMap((hit) => (hit._source ? [fromDocument(hit._source)] : []));
}
