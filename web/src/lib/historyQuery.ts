import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { Interval, Split } from '../api/types';
import { FILTER_DIMENSIONS, type CompareMode, type FilterDimension, type Selections } from '../stores/history';
import { INTERVALS, isValidRange, RANGE_PRESETS, type RangePreset, type TimeRange } from './time';

const SPLITS: readonly Split[] = ['sentiment', 'topic', 'source', 'intent', 'lang', 'entity'];

/** The history state a URL can carry, so a view can be bookmarked, shared or linked to from Live. */
export interface HistoryUrlState {
  preset?: RangePreset;
  custom?: TimeRange;
  interval?: Interval;
  split?: Split;
  selections?: Partial<Selections>;
  q?: string;
  /** What the period is compared with: the one right before it unless the URL names another. */
  compare?: { mode: CompareMode; range: TimeRange | null };
  /** Open the post list at once, filtered by what the URL says (a link from Live does this). */
  drill?: boolean;
}

// compareFrom/compareTo are named as the API's parameters, so a link reads like the request it leads to.
const KNOWN_KEYS = ['preset', 'from', 'to', 'interval', 'split', 'q', 'drill', 'compareFrom', 'compareTo', ...FILTER_DIMENSIONS];

function single(value: LocationQuery[string]): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[]): T | undefined {
  return value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function hasHistoryState(query: LocationQuery): boolean {
  return KNOWN_KEYS.some((key) => key in query);
}

/** Reads what it understands and ignores the rest: a hand-edited URL must never break the page. */
export function readHistoryQuery(query: LocationQuery): HistoryUrlState {
  const state: HistoryUrlState = {};
  const from = single(query.from);
  const to = single(query.to);
  if (from && to && isValidRange({ from, to })) {
    state.preset = 'custom';
    state.custom = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  } else {
    const preset = oneOf(single(query.preset), RANGE_PRESETS);
    if (preset && preset !== 'custom') state.preset = preset;
  }
  state.interval = oneOf(single(query.interval), INTERVALS);
  state.split = oneOf(single(query.split), SPLITS);
  const selections: Partial<Selections> = {};
  for (const dimension of FILTER_DIMENSIONS) {
    const raw = single(query[dimension]);
    const keys = (raw ?? '').split(',').map((key) => key.trim()).filter(Boolean);
    if (keys.length > 0) selections[dimension] = keys;
  }
  state.selections = selections;
  state.q = single(query.q);
  const compareFrom = single(query.compareFrom);
  const compareTo = single(query.compareTo);
  state.compare =
    compareFrom && compareTo && isValidRange({ from: compareFrom, to: compareTo })
      ? { mode: 'custom', range: { from: new Date(compareFrom).toISOString(), to: new Date(compareTo).toISOString() } }
      : { mode: 'previous', range: null };
  state.drill = single(query.drill) !== undefined;
  return state;
}

export function writeHistoryQuery(state: {
  preset: RangePreset;
  customRange: TimeRange;
  interval: Interval;
  split: Split;
  selections: Selections;
  q: string;
  compareMode?: CompareMode;
  compareRange?: TimeRange | null;
}): LocationQueryRaw {
  const query: Record<string, string> = {};
  if (state.preset === 'custom') {
    query.from = state.customRange.from;
    query.to = state.customRange.to;
  } else {
    query.preset = state.preset;
  }
  query.interval = state.interval;
  query.split = state.split;
  for (const dimension of FILTER_DIMENSIONS as readonly FilterDimension[]) {
    if (state.selections[dimension].length > 0) query[dimension] = state.selections[dimension].join(',');
  }
  if (state.q.trim()) query.q = state.q.trim();
  if (state.compareMode === 'custom' && state.compareRange) {
    query.compareFrom = state.compareRange.from;
    query.compareTo = state.compareRange.to;
  }
  return query;
}
