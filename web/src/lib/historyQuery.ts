import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { Interval, Split } from '../api/types';
import { FILTER_DIMENSIONS, type FilterDimension, type Selections } from '../stores/history';
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
  /** Open the post list at once, filtered by what the URL says (a link from Live does this). */
  drill?: boolean;
}

const KNOWN_KEYS = ['preset', 'from', 'to', 'interval', 'split', 'q', 'drill', ...FILTER_DIMENSIONS];

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
    if (raw) selections[dimension] = raw.split(',').map((key) => key.trim()).filter(Boolean);
  }
  state.selections = selections;
  state.q = single(query.q);
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
  return query;
}
