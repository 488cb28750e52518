import { createAnalyzer } from '@escucha/analysis';
import { demoInputs } from './corpus';
import { fmtInt, fmtRatio, mean, progress, throughput, type BenchResult } from './report';

/**
 * Analysis posts/s on one thread: the whole `analyzeBatch` (language, sentiment, topics,
 * intents, entities) against VADER's sentiment alone, on the same texts, in this process.
 */

const CORPUS_SIZE = 10_000;
const WARMUP_MS = 2_000;
const MEASURE_MS = 6_000;
const GOAL_PER_CORE = 20_000;
const GOAL_VS_VADER = 2;

interface Vader {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
}

export async function analysisBench(): Promise<BenchResult> {
  const started = performance.now();
  // Public posts only: the goal is about tweet-length texts, not e-mails or call notes.
  const inputs = demoInputs(CORPUS_SIZE, new Date(), true).map((p) => ({ text: p.text, lang: p.lang }));
  const texts = inputs.map((p) => p.text);
  const meanLength = mean(texts.map((t) => t.length));
  progress(`analysis: ${fmtInt(inputs.length)} texts, mean ${meanLength.toFixed(0)} chars`);

  const analyzer = createAnalyzer();
  // Not every platform reports a language, so the share comes from the analysis itself.
  const spanish = analyzer.analyzeBatch(inputs).filter((e) => e.lang === 'es').length / inputs.length;
  // A sink the optimiser cannot see through, so no pass is dead code.
  let sink = 0;
  const ours = (): void => {
    sink += analyzer.analyzeBatch(inputs).length;
  };
  // Loaded here, not at the top: it is a dev dependency used only as a baseline, and has no types.
  const vader = require('vader-sentiment') as Vader;
  const baseline = (): void => {
    for (const text of texts) sink += vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  };

  // Warm both first so neither is measured while the JIT is still compiling it.
  throughput('warm-up, escucha', inputs.length, ours, WARMUP_MS, 1);
  throughput('warm-up, vader', texts.length, baseline, WARMUP_MS, 1);
  const a = throughput('escucha analyzeBatch', inputs.length, ours, MEASURE_MS);
  const v = throughput('vader polarity_scores', texts.length, baseline, MEASURE_MS);
  if (!Number.isFinite(sink)) throw new Error('unreachable: keeps `sink` alive');

  const ratio = a.perSecond / v.perSecond;
  return {
    title: '1. Analysis throughput per core',
    method: [
      '`createAnalyzer().analyzeBatch(corpus)` with the default taxonomy, brands and languages (es, en), on the main thread of one process.',
      'Baseline: `vader-sentiment` `SentimentIntensityAnalyzer.polarity_scores(text)` on the same texts, same process, same run. VADER does English sentiment only; ours does language, sentiment, topics, intents and entities in both languages.',
      `Each side: ${WARMUP_MS / 1000} s warm-up, then passes over the whole corpus for ${MEASURE_MS / 1000} s; the figure is the median pass throughput.`,
      'Inputs carry the platform language where the demo platform reports one (as the ingest job passes it); the rest is detected.',
    ],
    settings: {
      corpus: `${fmtInt(inputs.length)} public posts from the demo generator (seed fixed), mean ${meanLength.toFixed(0)} characters, ${Math.round(spanish * 100)}% Spanish`,
      'passes measured (escucha / vader)': `${a.passes} / ${v.passes}`,
    },
    rows: [
      {
        metric: 'posts/s on one core',
        value: fmtInt(a.perSecond),
        baseline: `${fmtInt(v.perSecond)} (VADER)`,
        goal: `≥ ${fmtInt(GOAL_PER_CORE)}`,
        met: a.perSecond >= GOAL_PER_CORE,
      },
      {
        metric: 'speed vs VADER',
        value: fmtRatio(ratio),
        baseline: '1.00×',
        goal: `≥ ${fmtRatio(GOAL_VS_VADER)}`,
        met: ratio >= GOAL_VS_VADER,
      },
      { metric: 'µs per post', value: (1e6 / a.perSecond).toFixed(1), baseline: (1e6 / v.perSecond).toFixed(1), goal: '' },
    ],
    notes: [],
    seconds: (performance.now() - started) / 1000,
  };
}
