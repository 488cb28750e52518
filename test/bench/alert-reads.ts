import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { regionsOfPost, type Post } from '@escucha/core';
import { toAlertPost, type AlertPost } from '@escucha/alerts';
import { createAnalyzer } from '@escucha/analysis';
import { openDuckDbStores, openElasticsearchStores, type PostStore } from '@escucha/store';
import { startElasticsearch } from '../support/elasticsearch';
import { alertBuckets } from '../../apps/worker/src/alerts/alert.reads';
import { demoInputs, enrich } from './corpus';
import { distribution, fmtInt, fmtMs, fmtRatio, progress, type BenchResult, type Row } from './report';

/**
 * What alert detection pays to read one bucket of stored posts at 1,000 posts/s, on each store
 * driver: the read it does now (PostStore.facts, regions stored at ingest) beside the read it did
 * before (whole posts through search pages, regions worked out from text each time), in the same
 * run on the same store; and the new read over posts stored before regions were kept (its fallback).
 */

const RATE_PER_SECOND = 1_000;
const MINUTE = 60_000;
/** Minutes stored with regions, then minutes stored as before regions were kept, per driver. */
const MINUTES: Record<'duckdb' | 'elasticsearch', { with: number; without: number; samples: number }> = {
  duckdb: { with: 10, without: 3, samples: 5 },
  // Bulk-loading Elasticsearch on this machine is ~5× slower than DuckDB: fewer minutes, the same bucket size.
  elasticsearch: { with: 4, without: 2, samples: 3 },
};
/** Distinct real posts the stored minutes are cloned from. */
const TEMPLATES = 20_000;
const WRITE_BATCH = 5_000;
const PAGE = 500;
const START = Date.UTC(2026, 2, 4, 15);

/** The read detection did before `facts`, kept here as the baseline (see git history of alert.detection.ts). */
async function previousRead(posts: PostStore, from: number, to: number): Promise<Map<number, AlertPost[]>> {
  const first = await posts.search({ from: new Date(from), to: new Date(to) }, { limit: PAGE });
  let all: Post[] = first.items;
  if (first.nextCursor) {
    const slices = Math.ceil(first.total / PAGE);
    const step = Math.max(1, Math.ceil((to - from) / slices));
    all = [];
    for (let start = from; start < to; start += step) {
      let cursor: string | undefined;
      do {
        const page = await posts.search({ from: new Date(start), to: new Date(Math.min(start + step, to)) }, { limit: PAGE, cursor });
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
    }
  }
  const buckets = new Map<number, AlertPost[]>();
  for (const post of all) {
    const b = Math.floor(post.createdAt.getTime() / MINUTE) * MINUTE;
    let list = buckets.get(b);
    if (!list) buckets.set(b, (list = []));
    // As before: regions from the text and location, whatever the post has stored.
    list.push({ ...toAlertPost(post), regions: regionsOfPost(post.text, post.author.location) });
  }
  return buckets;
}

async function timeRead(read: () => Promise<Map<number, AlertPost[]>>, expected: number): Promise<number> {
  const started = performance.now();
  const buckets = await read();
  const ms = performance.now() - started;
  const count = [...buckets.values()].reduce((sum, list) => sum + list.length, 0);
  if (count !== expected) throw new Error(`read ${count} posts of a bucket holding ${expected}`);
  return ms;
}

interface DriverFigures {
  driver: 'duckdb' | 'elasticsearch';
  stored: number;
  previous: number[];
  now: number[];
  fallback: number[];
}

async function measure(driver: DriverFigures['driver'], store: PostStore, templates: readonly Post[], regions: readonly string[][]): Promise<DriverFigures> {
  const { with: minutesWith, without, samples } = MINUTES[driver];
  const perMinute = RATE_PER_SECOND * 60;
  const total = (minutesWith + without) * perMinute;
  progress(`alert-reads ${driver}: storing ${fmtInt(total)} posts (${minutesWith + without} minutes at ${fmtInt(RATE_PER_SECOND)}/s; the last ${without} without regions)`);
  const writeStarted = performance.now();
  for (let k = 0; k < total; k += WRITE_BATCH) {
    const batch: Post[] = [];
    for (let i = k; i < Math.min(k + WRITE_BATCH, total); i++) {
      const t = templates[i % TEMPLATES];
      const createdAt = new Date(START + Math.floor((i * 1000) / RATE_PER_SECOND));
      const post: Post = { ...t, id: `x:ar${i}`, nativeId: `ar${i}`, createdAt };
      if (i < minutesWith * perMinute) post.regions = regions[i % TEMPLATES];
      else delete post.regions;
      batch.push(post);
    }
    await store.upsert(batch);
  }
  progress(`alert-reads ${driver}: stored in ${Math.round((performance.now() - writeStarted) / 1000)} s`);

  const bucket = (m: number): [number, number] => [START + m * MINUTE, START + (m + 1) * MINUTE];
  // Minutes spread over the stored ones, none of them first (a warm-up read takes it).
  const withMinutes = Array.from({ length: samples }, (_, i) => 1 + Math.floor((i * (minutesWith - 1)) / samples));
  const withoutMinutes = Array.from({ length: Math.min(samples, without) }, (_, i) => minutesWith + i);
  const figures: DriverFigures = { driver, stored: total, previous: [], now: [], fallback: [] };
  await timeRead(() => previousRead(store, ...bucket(0)), perMinute);
  await timeRead(() => alertBuckets(store, ...bucket(0), MINUTE), perMinute);
  // Interleaved, so both reads see the same caches and the same load.
  for (const m of withMinutes) {
    figures.previous.push(await timeRead(() => previousRead(store, ...bucket(m)), perMinute));
    figures.now.push(await timeRead(() => alertBuckets(store, ...bucket(m), MINUTE), perMinute));
    progress(`  ${driver} minute ${m}: previous ${fmtMs(figures.previous.at(-1)!)}, facts ${fmtMs(figures.now.at(-1)!)}`);
  }
  for (const m of withoutMinutes) {
    figures.fallback.push(await timeRead(() => alertBuckets(store, ...bucket(m), MINUTE), perMinute));
    progress(`  ${driver} minute ${m} (stored without regions): facts + whole-post fallback ${fmtMs(figures.fallback.at(-1)!)}`);
  }
  return figures;
}

function rowsOf(f: DriverFigures, goal: boolean): Row[] {
  const p = distribution(f.previous);
  const n = distribution(f.now);
  const b = distribution(f.fallback);
  const name = f.driver === 'duckdb' ? 'DuckDB' : 'Elasticsearch';
  return [
    {
      metric: `${name}: read of one bucket, p50`,
      value: fmtMs(n.p50),
      baseline: `${fmtMs(p.p50)} whole posts (previous read)`,
      ...(goal ? { goal: '< 1/4 of the previous read', met: n.p50 * 4 < p.p50 } : { goal: '' }),
    },
    { metric: `${name}: read of one bucket, max`, value: fmtMs(n.max), baseline: fmtMs(p.max), goal: '' },
    { metric: `${name}: speed-up (previous / now, p50)`, value: fmtRatio(p.p50 / n.p50), baseline: '1×', goal: '' },
    { metric: `${name}: share of each minute spent reading`, value: `${((n.p50 / MINUTE) * 100).toFixed(2)} %`, baseline: `${((p.p50 / MINUTE) * 100).toFixed(2)} %`, goal: '' },
    { metric: `${name}: read of one bucket stored without regions (fallback), p50`, value: fmtMs(b.p50), baseline: fmtMs(p.p50), goal: '' },
  ];
}

export async function alertReadsBench(): Promise<BenchResult> {
  const started = performance.now();
  progress(`alert-reads: analysing ${fmtInt(TEMPLATES)} demo posts to clone`);
  const templates = enrich(createAnalyzer(), demoInputs(TEMPLATES, new Date(START)), new Date(START));
  const regions = templates.map((p) => regionsOfPost(p.text, p.author.location));
  const figures: DriverFigures[] = [];

  const dir = mkdtempSync(join(tmpdir(), 'escucha-bench-alert-reads-'));
  const duck = await openDuckDbStores(join(dir, 'escucha.duckdb'));
  try {
    figures.push(await measure('duckdb', duck.posts, templates, regions));
  } finally {
    await duck.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const notes: string[] = [];
  if (process.env.BENCH_ALERT_READS_ES === 'off') {
    notes.push('Elasticsearch was left out of this run (BENCH_ALERT_READS_ES=off).');
  } else {
    const es = await startElasticsearch();
    try {
      const stores = await openElasticsearchStores(es.url, { prefix: 'alertreads' });
      try {
        figures.push(await measure('elasticsearch', stores.posts, templates, regions));
      } finally {
        await stores.close();
      }
    } finally {
      await es.stop();
    }
  }
  const settings: Record<string, string | number> = { 'posts per bucket': RATE_PER_SECOND * 60 };
  for (const f of figures) settings[`${f.driver}: stored posts, buckets timed`] = `${fmtInt(f.stored)}, ${f.previous.length}`;
  return {
    title: 'Alerts: detection read per bucket at 1,000 posts/s',
    method: [
      `Per driver, a fresh store holding minutes of posts at ${fmtInt(RATE_PER_SECOND)} posts/s (DuckDB: ${MINUTES.duckdb.with + MINUTES.duckdb.without} minutes in a file; Elasticsearch: ${MINUTES.elasticsearch.with + MINUTES.elasticsearch.without} minutes on a local single node), cloned from ${fmtInt(TEMPLATES)} analysed demo posts (text, author, topics and all); the last minutes (${MINUTES.duckdb.without} and ${MINUTES.elasticsearch.without}) stored without regions, as posts stored before regions were kept are.`,
      'Timed: everything detection does to get one 1-minute bucket ready for the engine, from the call into the store to the list of AlertPost, on buckets spread over the stored minutes, the two reads interleaved.',
      'Now: PostStore.facts (id, createdAt, source, sentiment, topics, intents, entities, regions; no text, no author) through alertBuckets, the function detection calls.',
      'Baseline: the read detection did before: whole posts through search pages of 500 in time slices, regions worked out by the gazetteer from text and location for every post.',
      'Fallback: the new read over minutes stored without regions: facts, then those posts read whole (by id when a few, through search pages when many, as here) and their regions worked out.',
    ],
    settings,
    rows: figures.flatMap((f) => rowsOf(f, f.driver === 'duckdb')),
    notes: [...notes, 'Replaying history at take-over reads the same way, ten minutes at a time.'],
    seconds: (performance.now() - started) / 1000,
  };
}
