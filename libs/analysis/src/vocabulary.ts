import type { Analyzer } from './analyzer';
import { entityId } from './entities';

export interface EntityInfo {
  id: string;
  name: string;
  role: 'brand' | 'competitor';
}

/** How people read an analyser's keys: topic names per language ("*" for any), and the brands by name. */
export interface VocabularyLabels {
  topics: Record<string, Record<string, string>>;
  /** Brand first, then competitors. */
  entities: EntityInfo[];
}

export function vocabularyLabels(analyzer: Pick<Analyzer, 'taxonomy' | 'brands'>): VocabularyLabels {
  const topics = Object.fromEntries(analyzer.taxonomy.groups.filter((g) => g.label).map((g) => [g.id, { ...g.label }]));
  const { brand, competitors } = analyzer.brands;
  const entities: EntityInfo[] = [
    { id: entityId(brand), name: brand.name, role: 'brand' },
    ...competitors.map((c): EntityInfo => ({ id: entityId(c), name: c.name, role: 'competitor' })),
  ];
  return { topics, entities };
}
