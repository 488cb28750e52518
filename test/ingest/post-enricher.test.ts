import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createAnalyzer } from '@escucha/analysis';
import { analysePosts, InlineEnricher, SwappableAnalyzer, ThreadEnricher } from '@escucha/ingest';
import { describePostEnricherContract } from '../contract/post-enricher.contract';

/** Threads run the compiled script (vitest's TypeScript is not theirs); `npm test` builds it first. */
const COMPILED = resolve(__dirname, '../../dist/libs/ingest/src/enrich.thread.js');
const DYING = resolve(__dirname, 'fixtures/dying.thread.cjs');

describePostEnricherContract('inline', async (analyzer) => {
  const enricher = new InlineEnricher(analyzer);
  return { enricher, close: () => enricher.close() };
});

describePostEnricherContract('thread (one)', async (analyzer) => {
  const enricher = new ThreadEnricher(analyzer, 1, { script: COMPILED });
  return { enricher, close: () => enricher.close() };
});

describePostEnricherContract('thread (three)', async (analyzer) => {
  const enricher = new ThreadEnricher(analyzer, 3, { script: COMPILED });
  return { enricher, close: () => enricher.close() };
});

describe('ThreadEnricher', () => {
  const open: ThreadEnricher[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((e) => e.close()));
  });

  it('fails the batches of a thread that died, says so, and answers the next batch on a fresh thread', async () => {
    const analyzer = new SwappableAnalyzer(createAnalyzer(), undefined);
    const lost: string[] = [];
    const enricher = new ThreadEnricher(analyzer, 1, { script: DYING, onLost: (error) => lost.push(error.message) });
    open.push(enricher);
    const post = { text: 'Sin señal en Quilmes desde ayer', lang: 'es' };
    expect(await enricher.enrich([post])).toEqual(analysePosts(analyzer, [post]));

    await expect(enricher.enrich([{ text: 'die' }])).rejects.toThrow(/exit code 3/);
    expect(lost).toEqual(['an analysis thread stopped (exit code 3)']);
    // The fresh thread is sent the analyser's settings before its first batch.
    expect(await enricher.enrich([post])).toEqual(analysePosts(analyzer, [post]));
  });

  it('refuses batches once closed', async () => {
    const enricher = new ThreadEnricher(new SwappableAnalyzer(createAnalyzer(), undefined), 1, { script: COMPILED });
    await enricher.close();
    await expect(enricher.enrich([{ text: 'hola' }])).rejects.toThrow(/closed/);
  });

  it('needs at least one thread', () => {
    expect(() => new ThreadEnricher(new SwappableAnalyzer(createAnalyzer(), undefined), 0, { script: COMPILED })).toThrow(/threads/);
  });
});
