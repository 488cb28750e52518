import { ValidationError } from '@escucha/core';
import bankingJson from '../taxonomies/banking.json';
import telecomJson from '../taxonomies/telecom.json';
import { parseQuery, QuerySyntaxError, type QueryNode } from './taxonomy.query';

/** Query key that applies to posts in every language. */
export const ANY_LANGUAGE = '*';

export interface TopicGroup {
  /** Stable id stored on posts: lower-case letters, digits, `_` and `-`. */
  readonly id: string;
  /** Display names per language. */
  readonly label?: Readonly<Record<string, string>>;
  /**
   * Query per language ("es", "en") or for every language ("*"). A post is matched with
   * its language's query and the "*" one; a group with neither for that language falls
   * back to all of its queries, so a post in an unexpected language still gets topics.
   */
  readonly query: Readonly<Record<string, string>>;
}

export interface Taxonomy {
  readonly id: string;
  /** Bumped on every change, so history can be re-categorised against a known version. */
  readonly version: number;
  readonly groups: readonly TopicGroup[];
}

/** A taxonomy that cannot be used, saying which group and query and where. */
export class TaxonomyError extends ValidationError {
  constructor(
    message: string,
    readonly group?: string,
    readonly lang?: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'TaxonomyError';
  }
}

export interface CompiledGroupQuery {
  readonly group: string;
  readonly lang: string;
  readonly root: QueryNode;
}

const GROUP_ID = /^[a-z0-9][a-z0-9_-]*$/;
const LANG_KEY = /^([a-z]{2,3}|\*)$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseGroup(raw: unknown, index: number): TopicGroup {
  if (!isRecord(raw)) throw new TaxonomyError(`taxonomy: groups[${index}] must be an object`);
  const id = raw.id;
  if (typeof id !== 'string' || !GROUP_ID.test(id)) {
    throw new TaxonomyError(
      `taxonomy: groups[${index}].id must be lower-case letters, digits, "_" or "-" (got ${JSON.stringify(id)})`,
    );
  }
  const rawQuery = raw.query;
  const queries: Record<string, string> = {};
  if (typeof rawQuery === 'string') {
    queries[ANY_LANGUAGE] = rawQuery;
  } else if (isRecord(rawQuery)) {
    for (const [lang, query] of Object.entries(rawQuery)) {
      if (!LANG_KEY.test(lang)) {
        throw new TaxonomyError(`taxonomy group "${id}": query key "${lang}" must be a language code like "es" or "*"`, id, lang);
      }
      if (typeof query !== 'string') {
        throw new TaxonomyError(`taxonomy group "${id}", query "${lang}": must be a string`, id, lang);
      }
      queries[lang] = query;
    }
  }
  if (Object.keys(queries).length === 0) {
    throw new TaxonomyError(
      `taxonomy group "${id}": needs "query", a string or an object of queries per language ({"es": "...", "en": "..."})`,
      id,
    );
  }
  for (const [lang, query] of Object.entries(queries)) {
    try {
      parseQuery(query);
    } catch (error) {
      if (error instanceof QuerySyntaxError) {
        throw new TaxonomyError(
          `taxonomy group "${id}", query "${lang}": ${error.message}: ${query}`,
          id,
          lang,
          error.position,
        );
      }
      throw error;
    }
  }
  let label: Record<string, string> | undefined;
  if (raw.label !== undefined) {
    if (typeof raw.label === 'string') label = { [ANY_LANGUAGE]: raw.label };
    else if (isRecord(raw.label) && Object.values(raw.label).every((v) => typeof v === 'string')) {
      label = raw.label as Record<string, string>;
    } else throw new TaxonomyError(`taxonomy group "${id}": label must be a string or an object of strings per language`, id);
  }
  return Object.freeze({ id, ...(label ? { label: Object.freeze({ ...label }) } : {}), query: Object.freeze(queries) });
}

/**
 * Validates a taxonomy read from JSON. Throws a TaxonomyError (a ValidationError, so the
 * API answers 400) naming the group, the query's language and the position in the query.
 */
export function parseTaxonomy(json: unknown): Taxonomy {
  if (!isRecord(json)) throw new TaxonomyError('taxonomy: must be a JSON object with "groups"');
  const id = json.id ?? 'custom';
  if (typeof id !== 'string' || id === '') throw new TaxonomyError('taxonomy: "id" must be a non-empty string');
  const version = json.version ?? 1;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new TaxonomyError('taxonomy: "version" must be a positive integer');
  }
  if (!Array.isArray(json.groups)) throw new TaxonomyError('taxonomy: "groups" must be an array');
  const groups = json.groups.map(parseGroup);
  const seen = new Set<string>();
  for (const group of groups) {
    if (seen.has(group.id)) throw new TaxonomyError(`taxonomy: group id "${group.id}" appears twice`, group.id);
    seen.add(group.id);
  }
  return Object.freeze({ id, version, groups: Object.freeze(groups) });
}

/** Every query of a (validated) taxonomy, parsed, in group order. */
export function taxonomyQueries(taxonomy: Taxonomy): CompiledGroupQuery[] {
  const out: CompiledGroupQuery[] = [];
  for (const group of taxonomy.groups) {
    for (const [lang, query] of Object.entries(group.query)) {
      out.push({ group: group.id, lang, root: parseQuery(query) });
    }
  }
  return out;
}

/** The telecom taxonomy shipped with Escucha: outage, billing, plans, coverage, customer_service, switching, price. */
export const defaultTaxonomy: Taxonomy = parseTaxonomy(telecomJson);

/**
 * A banking taxonomy shipped as a starting point (cards, transfers, app, fees, fraud,
 * branches); pass it as `taxonomy` or copy banking.json to TAXONOMY_FILE. Telecom stays the default.
 */
export const bankingTaxonomy: Taxonomy = parseTaxonomy(bankingJson);
