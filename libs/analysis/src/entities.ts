import { ValidationError } from '@escucha/core';
import { foldText } from './text.normalizer';
import { termFromText, type QueryNode } from './taxonomy.query';

export interface BrandEntity {
  /** Lower-case id stored on posts; derived from `name` when omitted ("Pampa Tel" → "pampatel"). */
  readonly id?: string;
  readonly name: string;
  /** Social handles, with or without "@"; they also match as hashtags and plain words. */
  readonly handles?: readonly string[];
  /** Other ways people write it ("aurora"). */
  readonly aliases?: readonly string[];
}

export interface BrandConfig {
  /** The company listening. */
  readonly brand: BrandEntity;
  readonly competitors: readonly BrandEntity[];
}

/** A fictional carrier and its rivals, so a fresh install shows something sensible. */
export const defaultBrands: BrandConfig = {
  brand: { id: 'aurora', name: 'Aurora Móvil', handles: ['@AuroraMovil'], aliases: ['aurora'] },
  competitors: [
    { id: 'pampatel', name: 'Pampa Tel', handles: ['@PampaTel'] },
    { id: 'vertice', name: 'Vértice', handles: ['@VerticeMovil'] },
    { id: 'nandunet', name: 'Ñandú Net' },
  ],
};

export interface EntityQuery {
  readonly id: string;
  readonly role: 'brand' | 'competitor';
  readonly root: QueryNode;
  /** Every way to name it, for intent queries that need "a competitor" or "the brand". */
  readonly terms: readonly QueryNode[];
}

const ENTITY_ID = /^[a-z0-9][a-z0-9_-]*$/;

export function entityId(entity: BrandEntity): string {
  return entity.id ?? foldText(entity.name).replace(/[^a-z0-9]/g, '');
}

function entityTerms(entity: BrandEntity, id: string): QueryNode[] {
  const names = [entity.name, ...(entity.aliases ?? [])];
  // "Pampa Tel" is also written #PampaTel or pampatel.
  const joined = names.map((n) => foldText(n).replace(/[^\p{L}\p{N}]/gu, ''));
  const handles = (entity.handles ?? []).map((h) => h.replace(/^@/, ''));
  const seen = new Set<string>();
  const terms: QueryNode[] = [];
  for (const text of [...names, ...joined, ...handles]) {
    const term = termFromText(text);
    if (!term || term.op !== 'term') continue;
    const key = term.words.map((w) => w.text).join(' ');
    if (seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
  }
  if (terms.length === 0) throw new ValidationError(`brands: entity "${id}" has no name, alias or handle with letters`);
  return terms;
}

/** Validates the brand configuration and turns each entity into a query over its names. */
export function compileEntities(config: BrandConfig): EntityQuery[] {
  if (typeof config?.brand?.name !== 'string' || !Array.isArray(config.competitors)) {
    throw new ValidationError('brands: needs "brand" {name, handles?, aliases?} and a "competitors" array');
  }
  const entries: [BrandEntity, 'brand' | 'competitor'][] = [
    [config.brand, 'brand'],
    ...config.competitors.map((c): [BrandEntity, 'competitor'] => [c, 'competitor']),
  ];
  const ids = new Set<string>();
  return entries.map(([entity, role]) => {
    const id = entityId(entity);
    if (!ENTITY_ID.test(id)) throw new ValidationError(`brands: entity id "${id}" must be lower-case letters, digits, "_" or "-"`);
    if (ids.has(id)) throw new ValidationError(`brands: entity id "${id}" appears twice`);
    ids.add(id);
    const terms = entityTerms(entity, id);
    return { id, role, terms, root: terms.length === 1 ? terms[0] : { op: 'or', items: terms } };
  });
}
