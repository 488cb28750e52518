import type { AnalysisInput, Analyzer } from '@escucha/analysis';
import { regionsOfPost, type Enrichment } from '@escucha/core';

export const POST_ENRICHER = Symbol('PostEnricher');

/** What a post's analysis reads: its text, its declared language, where its author says they are. */
export interface PostAnalysisInput extends AnalysisInput {
  location?: string;
}

export interface PostAnalysis {
  enrichment: Enrichment;
  /** The regions the post names, else its author's place (`regionsOfPost`). */
  regions: string[];
}

/**
 * The port ingest jobs analyse posts through. Analysis is ingest's CPU-heavy step, and the
 * embedded footprint runs the whole pipeline on the API's event loop, beside every request and
 * socket. The `thread` driver runs it on worker threads, the `inline` driver on the caller's
 * thread (ANALYSIS_THREADS=0).
 * Either way the results are those of the analyser in use (`ANALYZER`) at the call.
 */
export interface PostEnricher {
  /** One result per input, in order. */
  enrich(inputs: readonly PostAnalysisInput[]): Promise<PostAnalysis[]>;
  close(): Promise<void>;
}

/** The analysis itself, wherever it runs. */
export function analysePosts(analyzer: Analyzer, inputs: readonly PostAnalysisInput[]): PostAnalysis[] {
  const enrichments = analyzer.analyzeBatch(inputs);
  return inputs.map((input, i) => ({ enrichment: enrichments[i], regions: regionsOfPost(input.text, input.location) }));
}

export class InlineEnricher implements PostEnricher {
  constructor(private readonly analyzer: Analyzer) {}

  async enrich(inputs: readonly PostAnalysisInput[]): Promise<PostAnalysis[]> {
    return analysePosts(this.analyzer, inputs);
  }

  async close(): Promise<void> {}
}
