import { readFileSync } from 'node:fs';
import { parseTaxonomy, type Taxonomy } from '@escucha/analysis';

/** Reads a taxonomy JSON file, naming the file in any error. */
export function loadTaxonomyFile(file: string): Taxonomy {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read taxonomy ${file}: ${(error as Error).message}`);
  }
  try {
    return parseTaxonomy(json);
  } catch (error) {
    throw new Error(`taxonomy ${file}: ${(error as Error).message}`);
  }
}
