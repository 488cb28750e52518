import { readFileSync } from 'node:fs';
import type { Provider } from '@nestjs/common';
import { createAnalyzer, defaultTaxonomy, parseTaxonomy, type Analyzer } from '@escucha/analysis';
import { APP_CONFIG, type AppConfig } from '@escucha/config';

export const ANALYZER = Symbol('Analyzer');

function loadTaxonomy(file: string) {
  try {
    return parseTaxonomy(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new Error(`TAXONOMY_FILE ${file}: ${(error as Error).message}`);
  }
}

export const analyzerProvider: Provider<Analyzer> = {
  provide: ANALYZER,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) =>
    createAnalyzer({ taxonomy: config.taxonomyFile ? loadTaxonomy(config.taxonomyFile) : defaultTaxonomy }),
};
