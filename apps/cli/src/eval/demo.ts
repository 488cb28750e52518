import { createAnalyzer } from '@escucha/analysis';
import type { Enrichment } from '@escucha/core';
import { DemoGenerator, type DemoPost } from '@escucha/connectors';

/** Three days of the demo world (its default rate and outages), the same every run. */
export const DEMO_EVAL = { seed: 7, from: '2026-11-17T00:00:00Z', to: '2026-11-20T00:00:00Z' } as const;

export interface DemoEvaluation {
  readonly posts: readonly DemoPost[];
  /** The analyser's reading of each post, asked as the ingest job asks (the post as it came in, platform language and all). */
  readonly results: readonly Enrichment[];
}

/**
 * The demo generator's posts beside what the analyser makes of them. The generator fixes each
 * post's sentiment, topics and intents (its "truth"), so this is what a newcomer's dashboard reads
 * right on `npm start`.
 */
export function evaluateDemo(): DemoEvaluation {
  const posts = new DemoGenerator({ seed: DEMO_EVAL.seed }).generateWithTruth(new Date(DEMO_EVAL.from), new Date(DEMO_EVAL.to));
  const results = createAnalyzer().analyzeBatch(posts.map(({ post }) => post));
  return { posts, results };
}
