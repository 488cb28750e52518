import { Inject, Injectable } from '@nestjs/common';
import type { Analyzer } from '@escucha/analysis';
import { AppError, CLOCK, deltaOf, INTERVAL_MS, topicSentiments, type Clock, type Comparison, type Delta, type PeriodSummary, type Post, type PostFilter, type Split, type TopicSentiment, type TopicSentimentComparison } from '@escucha/core';
import { ANALYZER } from '@escucha/ingest';
import { MAX_SEARCH_LIMIT, POST_STORE, type PostStore } from '@escucha/store';
import { CorrectedPosts, type MaybeCorrected } from '../labels/corrected-posts';
import type { BreakdownQuery, CompareQuery, HistogramQuery, PostFilterQuery, SearchQuery, TopQuery } from './history-query.dto';

const DAY_MS = 86_400_000;
/** Beyond this a chart is unreadable and the query needlessly heavy. */
const MAX_BUCKETS = 5000;
/** "topic:label" keys to count: a taxonomy's groups × 3 labels, with competitors' too; the stores' ranking limit. */
const ASPECT_PAIRS = 1_000;

@Injectable()
export class HistoryService {
  constructor(
    @Inject(POST_STORE) private readonly store: PostStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly corrected: CorrectedPosts,
    @Inject(ANALYZER) private readonly analyzer: Analyzer,
  ) {}

  histogram(query: HistogramQuery) {
    const filter = this.filter(query);
    const interval = query.interval ?? 'hour';
    const buckets = (filter.to!.getTime() - filter.from!.getTime()) / INTERVAL_MS[interval];
    if (buckets > MAX_BUCKETS) {
      throw new AppError('TOO_MANY_BUCKETS', `${Math.ceil(buckets)} ${interval} buckets is more than ${MAX_BUCKETS}; pick a larger interval or a shorter range`, 400);
    }
    return this.store.histogram(filter, interval, query.split);
  }

  /** By topic, each item also says what posts said about that topic (sentiment per topic). */
  async breakdown(query: BreakdownQuery) {
    const split = query.split ?? 'topic';
    const filter = this.filter(query);
    if (split !== 'topic') return { items: await this.store.breakdown(filter, split, query.limit ?? 10) };
    const [items, sentiment] = await Promise.all([this.store.breakdown(filter, 'topic', query.limit ?? 10), this.topicSentiment(filter)]);
    return { items: items.map((item) => ({ ...item, sentiment: sentiment[item.key] ?? { positive: 0, neutral: 0, negative: 0, net: 0 } })) };
  }

  async terms(query: TopQuery) {
    return { items: await this.store.topTerms(this.filter(query), query.limit ?? 30, this.analyzer.skippedTerms()) };
  }

  async authors(query: TopQuery) {
    return { items: await this.store.topAuthors(this.filter(query), query.limit ?? 10) };
  }

  async search(query: SearchQuery) {
    const page = await this.store.search(this.filter(query), { limit: query.limit ?? 50, cursor: query.cursor });
    return { ...page, items: await this.corrected.mark(page.items) };
  }

  /**
   * Every post a search with these filters finds, newest first, a store page at a time with
   * the search cursor: an export of millions never holds more than one page.
   */
  async *pages(query: PostFilterQuery): AsyncIterable<Array<MaybeCorrected<Post>>> {
    const filter = this.filter(query);
    let cursor: string | undefined;
    do {
      const page = await this.store.search(filter, { limit: MAX_SEARCH_LIMIT, cursor });
      yield await this.corrected.mark(page.items);
      cursor = page.nextCursor;
    } while (cursor);
  }

  async compare(query: CompareQuery): Promise<Comparison> {
    const split = query.split ?? 'sentiment';
    const current = this.filter(query);
    const length = current.to!.getTime() - current.from!.getTime();
    const previous: PostFilter = { ...current };
    if (query.compareFrom || query.compareTo) {
      if (!query.compareFrom || !query.compareTo) throw new AppError('BAD_RANGE', 'compareFrom and compareTo go together', 400);
      previous.from = new Date(query.compareFrom);
      previous.to = new Date(query.compareTo);
      this.checkRange(previous.from, previous.to, 'compareFrom', 'compareTo');
    } else {
      previous.from = new Date(current.from!.getTime() - length);
      previous.to = current.from;
    }
    const [a, b] = await Promise.all([this.summary(current, split), this.summary(previous, split)]);
    const keys = new Set([...Object.keys(a.values), ...Object.keys(b.values)]);
    const values: Record<string, Delta> = {};
    for (const key of keys) values[key] = deltaOf(a.values[key] ?? 0, b.values[key] ?? 0);
    const comparison: Comparison = { split, current: a, previous: b, delta: { total: deltaOf(a.total, b.total), values } };
    if (split === 'topic') comparison.topicSentiment = await this.compareTopicSentiment(current, previous);
    return comparison;
  }

  private async compareTopicSentiment(current: PostFilter, previous: PostFilter): Promise<TopicSentimentComparison> {
    const [now, before] = await Promise.all([this.topicSentiment(current), this.topicSentiment(previous)]);
    const netChange: Record<string, number | null> = {};
    for (const topic of new Set([...Object.keys(now), ...Object.keys(before)])) {
      netChange[topic] = now[topic] && before[topic] ? Math.round((now[topic].net - before[topic].net) * 1000) / 1000 : null;
    }
    return { current: now, previous: before, netChange };
  }

  private async topicSentiment(filter: PostFilter): Promise<Record<string, TopicSentiment>> {
    // Three labels per topic, plus competitors' topics: every pair the taxonomy can give.
    const aspects = await this.store.breakdown(filter, 'aspect', ASPECT_PAIRS);
    return topicSentiments(aspects.map((a) => [a.key, a.count] as const));
  }

  private async summary(filter: PostFilter, split: Split): Promise<PeriodSummary> {
    const [total, entries] = await Promise.all([this.store.count(filter), this.store.breakdown(filter, split, 50)]);
    return {
      from: filter.from!.toISOString(),
      to: filter.to!.toISOString(),
      total,
      values: Object.fromEntries(entries.map((e) => [e.key, e.count])),
    };
  }

  /** Query params to the store's filter, with the default range (the last 24 hours). */
  private filter(query: PostFilterQuery): PostFilter {
    const to = query.to ? new Date(query.to) : this.clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - DAY_MS);
    this.checkRange(from, to, 'from', 'to');
    return {
      from,
      to,
      q: query.q?.trim() || undefined,
      sources: query.source,
      sentiments: query.sentiment,
      topics: query.topic,
      intents: query.intent,
      langs: query.lang,
      authors: query.author,
      regions: query.region,
      entities: query.entity,
      excludeEntities: query.excludeEntity,
      customerId: query.customer,
    };
  }

  private checkRange(from: Date, to: Date, fromName: string, toName: string): void {
    if (from.getTime() >= to.getTime()) throw new AppError('BAD_RANGE', `${fromName} must be before ${toName}`, 400);
  }
}
