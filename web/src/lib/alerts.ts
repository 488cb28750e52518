import type { LocationQueryRaw } from 'vue-router';
import type { AlertRuleView, AlertView } from '../api/types';
import { FILTER_DIMENSIONS, type FilterDimension } from '../stores/history';
import { SCOPE_DIMENSIONS } from './alertRules';
import { useMetaStore } from '../stores/meta';
import { writeDrillQuery } from './historyQuery';
import { defaultInterval } from './time';

/** The name the server's gazetteer gives a region (GET /api/v1/meta); the id until meta has loaded. */
export function regionLabel(id: string): string {
  return useMetaStore().meta.regions.find((region) => region.id === id)?.name ?? id;
}

/** Context before the alert in the chart: the rise, not only the peak. */
const LEAD_MS = 60 * 60_000;
const TAIL_MS = 15 * 60_000;


/**
 * Where History shows what an alert saw: the hour before it and its span in the chart, filtered
 * by its rule's scope and the split's value (`region=cordoba`), with the post list open on the
 * alert's span. An alert still open runs to now.
 */
export function alertHistoryQuery(alert: AlertView, rule: AlertRuleView | undefined, now: Date = new Date()): LocationQueryRaw {
  const opened = Date.parse(alert.openedAt);
  const end = Math.min(alert.resolvedAt ? Date.parse(alert.resolvedAt) : now.getTime(), now.getTime());
  const filters: Partial<Record<FilterDimension, string[]>> = {};
  for (const [field, dimension] of Object.entries(SCOPE_DIMENSIONS) as Array<[keyof typeof SCOPE_DIMENSIONS, FilterDimension]>) {
    const values = rule?.scope[field];
    if (values?.length) filters[dimension] = [...values];
  }
  const [dimension, value] = alert.scopeKey.split('=', 2);
  if (value !== undefined && (FILTER_DIMENSIONS as readonly string[]).includes(dimension)) filters[dimension as FilterDimension] = [value];

  const range = { from: new Date(opened - LEAD_MS).toISOString(), to: new Date(Math.min(end + TAIL_MS, now.getTime())).toISOString() };
  const query: Record<string, string> = { from: range.from, to: range.to, interval: defaultInterval(range) };
  for (const [key, values] of Object.entries(filters)) query[key] = values.join(',');
  return { ...query, ...writeDrillQuery({ from: new Date(opened).toISOString(), to: new Date(Math.max(end, opened + 60_000)).toISOString() }) };
}
