import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowRef } from 'vue';
import { api } from '../api/endpoints';
import { isAbort } from '../api/http';
import type {
  AuthorEntry,
  Comparison,
  CountEntry,
  Histogram,
  HistoryFilter,
  Interval,
  Split,
  TopicSentimentEntry,
  WirePost,
} from '../api/types';
import { defaultInterval, presetRange, type RangePreset, type TimeRange } from '../lib/time';

/**
 * The dimensions posts can be filtered by; a filter need not be a split (region is not one).
 * `excludeEntity` leaves out posts mentioning any of its brands, as the default alert rules
 * leave competitors' posts out.
 */
export const FILTER_DIMENSIONS = ['sentiment', 'topic', 'source', 'intent', 'lang', 'region', 'entity', 'excludeEntity'] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

export function dimensionOfSplit(split: Split): FilterDimension | null {
  return (FILTER_DIMENSIONS as readonly string[]).includes(split) ? (split as FilterDimension) : null;
}

export type Selections = Record<FilterDimension, string[]>;

export type CompareMode = 'previous' | 'custom';

type Section = 'histogram' | 'topics' | 'terms' | 'authors' | 'comparison';

/** What a drill-down adds to the current filters: a key of one dimension, a narrower range, a text. */
export interface DrillRequest {
  dimension?: FilterDimension;
  key?: string;
  from?: string;
  to?: string;
  q?: string;
  /** An author id: authors are too many for a filter of the bar, so they are only drilled into. */
  author?: string;
}

const TOP_TOPICS = 10;
const TOP_TERMS = 30;
const TOP_AUTHORS = 10;
const PAGE_SIZE = 20;

function emptySelections(): Selections {
  return { sentiment: [], topic: [], source: [], intent: [], lang: [], region: [], entity: [], excludeEntity: [] };
}

export const useHistoryStore = defineStore('history', () => {
  // ---- what the user asked for ----
  const preset = ref<RangePreset>('last24h');
  /** Only read when `preset` is 'custom'. */
  const customRange = ref<TimeRange>(presetRange('last24h'));
  const interval = ref<Interval>('hour');
  const split = ref<Split>('sentiment');
  const selections = ref<Selections>(emptySelections());
  const q = ref('');
  const compareMode = ref<CompareMode>('previous');
  const compareRange = ref<TimeRange | null>(null);

  // ---- what the API answered, for the range resolved at the last load ----
  const range = ref<TimeRange>(presetRange('last24h'));
  const histogram = shallowRef<Histogram | null>(null);
  const topTopics = ref<TopicSentimentEntry[]>([]);
  const terms = ref<CountEntry[]>([]);
  const authors = ref<AuthorEntry[]>([]);
  const comparison = ref<Comparison | null>(null);
  const loading = ref(false);
  const comparing = ref(false);
  const errors = ref<Partial<Record<Section, Error>>>({});

  let overviewAbort: AbortController | null = null;
  let compareAbort: AbortController | null = null;

  /** Resolves a preset against now, so "last 24 h" moves on at every reload. */
  function resolveRange(): TimeRange {
    return preset.value === 'custom' ? { ...customRange.value } : presetRange(preset.value);
  }

  function filterFor(target: TimeRange): HistoryFilter {
    return { ...target, q: q.value, ...selections.value };
  }

  const filter = computed(() => filterFor(range.value));

  /** A preset (or a new custom range) brings an interval that gives a readable number of bars. */
  function setPreset(next: RangePreset, custom?: TimeRange): void {
    preset.value = next;
    if (custom) customRange.value = custom;
    interval.value = defaultInterval(resolveRange());
  }

  function setSelection(dimension: FilterDimension, keys: string[]): void {
    selections.value = { ...selections.value, [dimension]: keys };
  }

  // Each section settles on its own: one failing query (or an endpoint not there yet) must not
  // blank the others. A newer load aborts the older so a slow answer never overwrites a fresh one.
  async function load(): Promise<void> {
    overviewAbort?.abort();
    const controller = new AbortController();
    overviewAbort = controller;
    const { signal } = controller;
    range.value = resolveRange();
    const current = filter.value;
    loading.value = true;
    errors.value = {};
    try {
      const [hist, topics, topTerms, topAuthors] = await Promise.allSettled([
        api.histogram(current, interval.value, split.value, signal),
        api.topics(current, TOP_TOPICS, signal),
        api.terms(current, TOP_TERMS, signal),
        api.authors(current, TOP_AUTHORS, signal),
        loadComparison(),
      ]);
      if (signal.aborted) return;
      const failed: Partial<Record<Section, Error>> = { ...errors.value };
      settle(hist, (value) => (histogram.value = value), () => (histogram.value = null), 'histogram', failed);
      settle(topics, (value) => (topTopics.value = value.items), () => (topTopics.value = []), 'topics', failed);
      settle(topTerms, (value) => (terms.value = value.items), () => (terms.value = []), 'terms', failed);
      settle(topAuthors, (value) => (authors.value = value.items), () => (authors.value = []), 'authors', failed);
      errors.value = failed;
    } finally {
      if (overviewAbort === controller) {
        loading.value = false;
        overviewAbort = null;
      }
    }
  }

  function settle<T>(
    result: PromiseSettledResult<T>,
    apply: (value: T) => void,
    reset: () => void,
    section: Section,
    failed: Partial<Record<Section, Error>>,
  ): void {
    if (result.status === 'fulfilled') {
      apply(result.value);
    } else if (!isAbort(result.reason)) {
      reset();
      failed[section] = result.reason instanceof Error ? result.reason : new Error(String(result.reason));
    }
  }

  /** Also called alone when only the comparison settings change. */
  async function loadComparison(): Promise<void> {
    compareAbort?.abort();
    const controller = new AbortController();
    compareAbort = controller;
    const against = compareMode.value === 'custom' ? (compareRange.value ?? undefined) : undefined;
    comparing.value = true;
    try {
      comparison.value = await api.compare(filter.value, split.value, against, controller.signal);
      const rest = { ...errors.value };
      delete rest.comparison;
      errors.value = rest;
    } catch (error) {
      if (isAbort(error)) return;
      comparison.value = null;
      errors.value = { ...errors.value, comparison: error instanceof Error ? error : new Error(String(error)) };
    } finally {
      if (compareAbort === controller) {
        comparing.value = false;
        compareAbort = null;
      }
    }
  }

  // ---- drill-down: the posts behind a bar, a key, a topic or a term ----
  const drill = reactive({
    open: false,
    filter: null as HistoryFilter | null,
    /** What was clicked, so the address bar can carry the open drill-down. */
    request: null as DrillRequest | null,
    items: [] as WirePost[],
    total: 0,
    nextCursor: undefined as string | undefined,
    loading: false,
    loadingMore: false,
    error: null as Error | null,
  });
  let drillAbort: AbortController | null = null;

  function openDrill(request: DrillRequest): void {
    const base = filter.value;
    const next: HistoryFilter = {
      ...base,
      from: request.from ?? base.from,
      to: request.to ?? base.to,
      q: request.q ?? base.q,
    };
    // The clicked key replaces, rather than joins, the filter on its dimension: it is what was asked to see.
    if (request.dimension && request.key) next[request.dimension] = [request.key];
    if (request.author) next.author = [request.author];
    drill.filter = next;
    drill.request = { ...request };
    drill.open = true;
    void loadDrill();
  }

  function closeDrill(): void {
    drillAbort?.abort();
    drill.open = false;
    drill.request = null;
  }

  function updateDrill(change: Partial<HistoryFilter>): void {
    if (!drill.filter) return;
    drill.filter = { ...drill.filter, ...change };
    void loadDrill();
  }

  async function loadDrill(): Promise<void> {
    if (!drill.filter) return;
    drillAbort?.abort();
    const controller = new AbortController();
    drillAbort = controller;
    drill.loading = true;
    drill.error = null;
    try {
      const page = await api.posts(drill.filter, PAGE_SIZE, undefined, controller.signal);
      drill.items = page.items;
      drill.total = page.total;
      drill.nextCursor = page.nextCursor;
    } catch (error) {
      if (isAbort(error)) return;
      drill.items = [];
      drill.total = 0;
      drill.nextCursor = undefined;
      drill.error = error instanceof Error ? error : new Error(String(error));
    } finally {
      if (drillAbort === controller) {
        drill.loading = false;
        drillAbort = null;
      }
    }
  }

  async function loadMoreDrill(): Promise<void> {
    if (!drill.filter || !drill.nextCursor || drill.loadingMore || drill.loading) return;
    const requested = drill.filter;
    drill.loadingMore = true;
    drill.error = null;
    try {
      const page = await api.posts(requested, PAGE_SIZE, drill.nextCursor);
      // The filter may have changed while this page was on its way; then it belongs to nothing shown.
      if (drill.filter !== requested) return;
      const seen = new Set(drill.items.map((post) => post.id));
      drill.items = [...drill.items, ...page.items.filter((post) => !seen.has(post.id))];
      drill.total = page.total;
      drill.nextCursor = page.nextCursor;
    } catch (error) {
      drill.error = error instanceof Error ? error : new Error(String(error));
    } finally {
      drill.loadingMore = false;
    }
  }

  return {
    preset,
    customRange,
    interval,
    split,
    selections,
    q,
    compareMode,
    compareRange,
    range,
    filter,
    histogram,
    topTopics,
    terms,
    authors,
    comparison,
    loading,
    comparing,
    errors,
    drill,
    resolveRange,
    setPreset,
    setSelection,
    load,
    loadComparison,
    openDrill,
    closeDrill,
    updateDrill,
    loadDrill,
    loadMoreDrill,
  };
});
