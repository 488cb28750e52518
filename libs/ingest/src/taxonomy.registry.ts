import { readFileSync } from 'node:fs';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import {
  createAnalyzer,
  defaultTaxonomy,
  parseTaxonomy,
  type AnalysisInput,
  type Analyzer,
  type AnalyzerDescription,
  type AnalyzerOptions,
  type BrandConfig,
  type Explanation,
  type SentimentModel,
  type Taxonomy,
} from '@escucha/analysis';
import { APP_CONFIG, type AppConfig } from '@escucha/config';
import type { Enrichment } from '@escucha/core';
import { SETTINGS_STORE, type SettingsStore } from '@escucha/store';

export const ANALYZER = Symbol('Analyzer');

/**
 * The analyser in use, swappable when the taxonomy changes. Every consumer holds this one
 * object, so a new taxonomy takes effect for the next post without restarting anything.
 */
export class SwappableAnalyzer implements Analyzer {
  private swaps = 0;

  constructor(
    private inner: Analyzer,
    private sentimentModel: SentimentModel | undefined,
  ) {}

  /**
   * What the analyser in use was built from, with a count of the swaps so far: analysis threads
   * build their own copy from it, and build again when the count moves.
   */
  settings(): { generation: number; options: AnalyzerOptions } {
    const { taxonomy, languages, brands } = this.inner;
    return { generation: this.swaps, options: { taxonomy, languages, brands, sentimentModel: this.sentimentModel } };
  }

  /** The trained model deciding sentiment, 0 when the lexicon alone does. */
  get modelVersion(): number {
    return this.sentimentModel?.info.version ?? 0;
  }

  get languages(): readonly string[] {
    return this.inner.languages;
  }

  get taxonomy(): Taxonomy {
    return this.inner.taxonomy;
  }

  get brands(): BrandConfig {
    return this.inner.brands;
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

  skippedTerms(): ReadonlySet<string> {
    return this.inner.skippedTerms();
  }

  /** Compiles first, swaps after: a taxonomy that does not compile leaves the old one in place. */
  useTaxonomy(taxonomy: Taxonomy): void {
    this.inner = createAnalyzer({ taxonomy, languages: this.inner.languages, brands: this.inner.brands, sentimentModel: this.sentimentModel });
    this.swaps++;
  }

  useSentimentModel(model: SentimentModel): void {
    this.inner = createAnalyzer({ taxonomy: this.inner.taxonomy, languages: this.inner.languages, brands: this.inner.brands, sentimentModel: model });
    this.sentimentModel = model;
    this.swaps++;
  }
}

export const TAXONOMY_KEY = 'taxonomy';
/** How soon a process sees a taxonomy saved by another one. */
const REFRESH_MS = 5_000;

/** The file taxonomy a deployment starts from: TAXONOMY_FILE, else the built-in telecom one. */
export function seedTaxonomy(config: AppConfig): Taxonomy {
  if (!config.taxonomyFile) return defaultTaxonomy;
  try {
    return parseTaxonomy(JSON.parse(readFileSync(config.taxonomyFile, 'utf8')));
  } catch (error) {
    throw new Error(`TAXONOMY_FILE ${config.taxonomyFile}: ${(error as Error).message}`);
  }
}

/**
 * The taxonomy lives in the store once edited, so every API node and worker reads the same
 * one; each process checks for a newer version every few seconds and switches to it. The
 * newer of TAXONOMY_FILE (or the built-in one) and the stored one is in use.
 */
@Injectable()
export class TaxonomyRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Taxonomy');

  constructor(
    @Inject(ANALYZER) private readonly analyzer: SwappableAnalyzer,
    @Inject(SETTINGS_STORE) private readonly settings: SettingsStore,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refresh();
  }

  // The schedule module clears its intervals only after the store has closed.
  private stopped = false;

  onModuleDestroy(): void {
    this.stopped = true;
  }

  /** Another process saved a taxonomy: follow it within seconds. */
  @Interval('taxonomy-refresh', REFRESH_MS)
  async poll(): Promise<void> {
    if (this.stopped) return;
    await this.refresh().catch((error: Error) => this.logger.warn(`taxonomy not refreshed: ${error.message}`));
  }

  current(): Taxonomy {
    return this.analyzer.taxonomy;
  }

  /** Switches to the stored taxonomy when it is newer than the one in use. */
  async refresh(): Promise<Taxonomy> {
    const stored = await this.settings.get(TAXONOMY_KEY);
    if (stored && stored.version > this.analyzer.taxonomy.version) {
      const taxonomy = parseTaxonomy({ ...(stored.value as object), version: stored.version });
      this.analyzer.useTaxonomy(taxonomy);
      this.logger.log(`now categorising with taxonomy ${taxonomy.id} v${taxonomy.version}`);
    }
    return this.analyzer.taxonomy;
  }

  /** Saves `taxonomy` as the next version; false when another process saved that version first. */
  async save(taxonomy: Taxonomy, at: Date): Promise<boolean> {
    if (!(await this.settings.put(TAXONOMY_KEY, taxonomy.version, taxonomy, at))) return false;
    this.analyzer.useTaxonomy(taxonomy);
    return true;
  }
}
