import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { Interval, Split } from '../api/types';
import { FILTER_DIMENSIONS, type CompareMode, type DrillRequest, type FilterDimension, type Selections } from '../stores/history';
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
  /** What the open drill-down narrows to, on top of the view's filters (a click in History does this). */
  drillRequest?: DrillRequest;
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
  if (state.drill) {
    const request = readDrillQuery(query);
    if (request) state.drillRequest = request;
  }
  return state;
}

function readDrillQuery(query: LocationQuery): DrillRequest | undefined {
  const request: DrillRequest = {};
  const key = single(query.drillKey);
  const colon = key?.indexOf(':') ?? -1;
  if (key && colon > 0) {
    const dimension = oneOf(key.slice(0, colon), FILTER_DIMENSIONS);
    if (dimension && colon < key.length - 1) {
      request.dimension = dimension;
      request.key = key.slice(colon + 1);
    }
  }
  const author = single(query.drillAuthor);
  if (author) request.author = author;
  const from = single(query.drillFrom);
  const to = single(query.drillTo);
  if (from && to && isValidRange({ from, to })) {
    request.from = new Date(from).toISOString();
    request.to = new Date(to).toISOString();
  }
  const q = single(query.drillQ);
  if (q) request.q = q;
  return Object.keys(request).length > 0 ? request : undefined;
}

/** The query keys of an open drill-down, to merge into the view's. */
export function writeDrillQuery(request: DrillRequest): Record<string, string> {
  const query: Record<string, string> = { drill: '1' };
  if (request.dimension && request.key) query.drillKey = `${request.dimension}:${request.key}`;
  if (request.author) query.drillAuthor = request.author;
  if (request.from && request.to) {
    query.drillFrom = request.from;
    query.drillTo = request.to;
  }
  if (request.q) query.drillQ = request.q;
  return query;
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
