import type { PostFilter } from '@escucha/core';
import { queryWords } from '../query-arguments';
import type { SqlParams } from './duckdb.values';

/**
 * The SQL conditions for a filter. Fields combine with AND; a list field matches a post that
 * has any of its values; an empty list does not restrict.
 */
export function filterConditions(filter: PostFilter, params: SqlParams): string[] {
  const conditions: string[] = [];
  if (filter.from) conditions.push(`created_at >= ${params.timestamp(filter.from)}`);
  if (filter.to) conditions.push(`created_at < ${params.timestamp(filter.to)}`);
  anyOf(conditions, params, 'source', filter.sources);
  anyOf(conditions, params, 'sentiment_label', filter.sentiments);
  anyOf(conditions, params, 'lang', filter.langs);
  anyOf(conditions, params, 'author_id', filter.authors);
  if (filter.topics?.length) conditions.push(`list_has_any(topics, ${params.strings(filter.topics)})`);
  if (filter.intents?.length) conditions.push(`list_has_any(intents, ${params.strings(filter.intents)})`);
  // NULL on posts stored before regions were kept: list_has_any is NULL there, so they never match.
  if (filter.regions?.length) conditions.push(`list_has_any(regions, ${params.strings(filter.regions)})`);
  if (filter.entities?.length) conditions.push(`list_has_any(entities, ${params.strings(filter.entities)})`);
  if (filter.excludeEntities?.length) conditions.push(`NOT list_has_any(entities, ${params.strings(filter.excludeEntities)})`);
  if (filter.customerId !== undefined) conditions.push(`customer_id = ${params.add(filter.customerId)}`);
  // No full-text index offline: a substring test on the text folded at write time, with the
  // words folded the same way here, so "CAFE" finds "café".
  for (const word of queryWords(filter.q)) conditions.push(`contains(text_folded, ${params.add(word)})`);
  return conditions;
}

export function whereClause(filter: PostFilter, params: SqlParams, ...extra: string[]): string {
  const conditions = [...filterConditions(filter, params), ...extra];
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

function anyOf(conditions: string[], params: SqlParams, column: string, values: readonly string[] | undefined): void {
  if (!values?.length) return;
  conditions.push(params.oneOf(column, values));
}
