import { existsSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import {
  createAnalyzer,
  defaultTaxonomy,
  parseTaxonomy,
  type AnalysisInput,
  type Analyzer,
  type AnalyzerDescription,
  type Explanation,
  type SentimentModel,
  type Taxonomy,
} from '@escucha/analysis';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import type { Enrichment } from '@escucha/core';

/** Where edits are saved: the operator's TAXONOMY_FILE when set, else one under DATA_DIR. */
export function taxonomyPath(config: AppConfig): string {
  return config.taxonomyFile ?? join(config.dataDir, 'taxonomy.json');
}

/**
 * The analyser in use, swappable when the taxonomy changes. Every consumer holds this one
 * object, so a new taxonomy takes effect for the next post without restarting anything.
 */
export class SwappableAnalyzer implements Analyzer {
  constructor(
    private inner: Analyzer,
    private readonly sentimentModel: SentimentModel | undefined,
  ) {}

  get languages(): readonly string[] {
    return this.inner.languages;
  }

  get taxonomy(): Taxonomy {
    return this.inner.taxonomy;
  }

  analyze(input: AnalysisInput): Enrichment {
    return this.inner.analyze(input);
  }

  analyzeBatch(inputs: readonly AnalysisInput[]): Enrichment[] {
    return this.inner.analyzeBatch(inputs);
  }

  explain(input: AnalysisInput): Explanation {
    return this.inner.explain(input);
  }

  describe(): AnalyzerDescription {
    return this.inner.describe();
  }

  /** Compiles first, swaps after: a taxonomy that does not compile leaves the old one in place. */
  useTaxonomy(taxonomy: Taxonomy): void {
    this.inner = createAnalyzer({ taxonomy, languages: this.inner.languages, sentimentModel: this.sentimentModel });
  }
}

/** Read once at start: a taxonomy that does not parse stops the process with the file named. */
export function initialTaxonomy(config: AppConfig): Taxonomy {
  const file = taxonomyPath(config);
  if (!config.taxonomyFile && !existsSync(file)) return defaultTaxonomy;
  try {
    return parseTaxonomy(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new Error(`taxonomy file ${file}: ${(error as Error).message}`);
  }
}

/** Saves a taxonomy atomically (temp file, rename), so a crash leaves the old one or the new one. */
@Injectable()
export class TaxonomyFiles {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async save(taxonomy: Taxonomy): Promise<void> {
    const file = taxonomyPath(this.config);
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(taxonomy, null, 2)}\n`, { flag: 'w' });
    await rename(temp, file);
  }
}
