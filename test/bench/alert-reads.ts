import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { regionsOfPost, toAlertPost, type AlertPost } from '@escucha/alerts';
import { createAnalyzer } from '@escucha/analysis';
import type { Post } from '@escucha/core';
import { openDuckDbStores, type PostStore } from '@escucha/store';
import { alertBuckets } from '../../apps/worker/src/alerts/alert.reads';
import { demoInputs, enrich } from './corpus';
import { distribution, fmtInt, fmtMs, fmtRatio, progress, type BenchResult } from './report';

/**
 * What alert detection pays to read one bucket of stored posts at 1,000 posts/s, on the DuckDB
 * store: the read it does now (PostStore.facts, regions stored at ingest) beside the read it did
 * before (whole posts through search pages, regions worked out from text each time), in the same
 * run on the same file; and the new read over posts stored before regions were kept (its fallback).
 */

const RATE_PER_SECOND = 1_000;
const MINUTE = 60_000;
/** Minutes stored with regions, then minutes stored as before regions were kept. */
const MINUTES_WITH = Number(process.env.BENCH_ALERT_READ_MINUTES ?? 10);
const MINUTES_WITHOUT = 3;
/** Buckets timed per read, after one warm-up each. */
const SAMPLES = 5;
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

export async function alertReadsBench(): Promise<BenchResult> {
  const started = performance.now();
  const perMinute = RATE_PER_SECOND * 60;
  const minutes = MINUTES_WITH + MINUTES_WITHOUT;
  progress(`alert-reads: analysing ${fmtInt(TEMPLATES)} demo posts to clone`);
  const templates = enrich(createAnalyzer(), demoInputs(TEMPLATES, new Date(START)), new Date(START));
  const regions = templates.map((p) => regionsOfPost(p.text, p.author.location));
  const dir = mkdtempSync(join(tmpdir(), 'escucha-bench-alert-reads-'));
  const stores = await openDuckDbStores(join(dir, 'escucha.duckdb'));
  try {
    const total = minutes * perMinute;
    progress(`alert-reads: storing ${fmtInt(total)} posts (${minutes} minutes at ${fmtInt(RATE_PER_SECOND)}/s; the last ${MINUTES_WITHOUT} without regions)`);
    const writeStarted = performance.now();
    for (let k = 0; k < total; k += WRITE_BATCH) {
      const batch: Post[] = [];
      for (let i = k; i < Math.min(k + WRITE_BATCH, total); i++) {
        const t = templates[i % TEMPLATES];
        const createdAt = new Date(START + Math.floor((i * 1000) / RATE_PER_SECOND));
        const post: Post = { ...t, id: `x:ar${i}`, nativeId: `ar${i}`, createdAt };
        if (i < MINUTES_WITH * perMinute) post.regions = regions[i % TEMPLATES];
        else delete post.regions;
        batch.push(post);
      }
      await stores.posts.upsert(batch);
    }
    progress(`alert-reads: stored in ${Math.round((performance.now() - writeStarted) / 1000)} s`);

    const bucket = (m: number): [number, number] => [START + m * MINUTE, START + (m + 1) * MINUTE];
    // Minutes spread over the stored ones, none of them first (a warm-up read takes it).
    const withMinutes = Array.from({ length: SAMPLES }, (_, i) => 1 + Math.floor((i * (MINUTES_WITH - 1)) / SAMPLES));
    const withoutMinutes = Array.from({ length: Math.min(SAMPLES, MINUTES_WITHOUT) }, (_, i) => MINUTES_WITH + i);
    const previous: number[] = [];
    const now: number[] = [];
    const fallback: number[] = [];
    await timeRead(() => previousRead(stores.posts, ...bucket(0)), perMinute);
    await timeRead(() => alertBuckets(stores.posts, ...bucket(0), MINUTE), perMinute);
    // Interleaved, so both reads see the same caches and the same load.
    for (const m of withMinutes) {
      previous.push(await timeRead(() => previousRead(stores.posts, ...bucket(m)), perMinute));
      now.push(await timeRead(() => alertBuckets(stores.posts, ...bucket(m), MINUTE), perMinute));
      progress(`  minute ${m}: previous ${fmtMs(previous[previous.length - 1])}, facts ${fmtMs(now[now.length - 1])}`);
    }
    for (const m of withoutMinutes) {
      fallback.push(await timeRead(() => alertBuckets(stores.posts, ...bucket(m), MINUTE), perMinute));
      progress(`  minute ${m} (stored without regions): facts + whole-post fallback ${fmtMs(fallback[fallback.length - 1])}`);
    }
    const p = distribution(previous);
    const n = distribution(now);
    const f = distribution(fallback);
    return {
      title: 'Alerts: detection read per bucket at 1,000 posts/s (DuckDB)',
      method: [
        `A DuckDB file holding ${minutes} minutes of posts at ${fmtInt(RATE_PER_SECOND)} posts/s (${fmtInt(total)} posts), cloned from ${fmtInt(TEMPLATES)} analysed demo posts (text, author, topics and all); the first ${MINUTES_WITH} minutes stored with regions as ingest now stores them, the last ${MINUTES_WITHOUT} without, as older posts are.`,
        'Timed: everything detection does to get one 1-minute bucket ready for the engine, from the call into the store to the list of AlertPost, on buckets spread over the stored minutes, the two reads interleaved.',
        'Now: PostStore.facts (id, createdAt, source, sentiment, topics, intents, entities, regions; no text, no author) through alertBuckets, the function detection calls.',
        'Baseline: the read detection did before: whole posts through search pages of 500 in time slices, regions worked out by the gazetteer from text and location for every post.',
        'Fallback: the new read over minutes stored without regions: facts, then those posts read whole (by id when a few, through search pages when many, as here) and their regions worked out.',
      ],
      settings: { 'posts per bucket': perMinute, 'buckets timed': previous.length, 'stored posts': total },
      rows: [
        { metric: 'read of one bucket, p50', value: fmtMs(n.p50), baseline: `${fmtMs(p.p50)} whole posts (previous read)`, goal: '< 1/4 of the previous read', met: n.p50 * 4 < p.p50 },
        { metric: 'read of one bucket, max', value: fmtMs(n.max), baseline: fmtMs(p.max), goal: '' },
        { metric: 'speed-up (previous / now, p50)', value: fmtRatio(p.p50 / n.p50), baseline: '1×', goal: '' },
        { metric: 'share of each minute spent reading', value: `${((n.p50 / MINUTE) * 100).toFixed(2)} %`, baseline: `${((p.p50 / MINUTE) * 100).toFixed(2)} %`, goal: '' },
        { metric: 'read of one bucket stored without regions (fallback), p50', value: fmtMs(f.p50), baseline: fmtMs(p.p50), goal: '' },
      ],
      notes: [
        'Elasticsearch is not measured here: its facts read pages _source filtered to the same fields (search_after, 10,000 hits a page), so it too never ships text or authors.',
        'Replaying history at take-over reads the same way, ten minutes at a time.',
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
