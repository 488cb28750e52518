import type { estypes } from '@elastic/elasticsearch';
import type { PostFilter } from '@escucha/core';
import { queryWords } from '../query-arguments';

/**
 * The query for a filter, all in filter context (no scoring: every read orders by time or
 * count). Fields combine with AND; a list field matches a post having any of its values;
 * an empty list does not restrict.
 */
export function filterQuery(filter: PostFilter): estypes.QueryDslQueryContainer {
  const clauses: estypes.QueryDslQueryContainer[] = [];
  if (filter.from || filter.to) {
    const range: estypes.QueryDslDateRangeQuery = { format: 'strict_date_optional_time' };
    if (filter.from) range.gte = filter.from.toISOString();
    if (filter.to) range.lt = filter.to.toISOString();
    clauses.push({ range: { createdAt: range } });
  }
  anyOf(clauses, 'source', filter.sources);
  anyOf(clauses, 'sentiment.label', filter.sentiments);
  anyOf(clauses, 'lang', filter.langs);
  anyOf(clauses, 'author.id', filter.authors);
  anyOf(clauses, 'topics', filter.topics);
  anyOf(clauses, 'intents', filter.intents);
  anyOf(clauses, 'regions', filter.regions);
  anyOf(clauses, 'entities', filter.entities);
  if (filter.customerId !== undefined) clauses.push({ term: { customerId: filter.customerId } });
  // `words` holds the text folded and split exactly like `q` (see elasticsearch.post-document.ts),
  // so each word of `q` is one exact token: "CAFÉ" finds "café" and "cafe".
  for (const word of queryWords(filter.q)) clauses.push({ term: { words: word } });
  const mustNot: estypes.QueryDslQueryContainer[] = [];
  if (filter.excludeEntities?.length) mustNot.push({ terms: { entities: [...filter.excludeEntities] } });
  if (clauses.length === 0 && mustNot.length === 0) return { match_all: {} };
  return { bool: { filter: clauses, ...(mustNot.length ? { must_not: mustNot } : {}) } };
}

function anyOf(clauses: estypes.QueryDslQueryContainer[], field: string, values: readonly string[] | undefined): void {
  if (!values?.length) return;
  clauses.push({ terms: { [field]: [...values] } });
}
