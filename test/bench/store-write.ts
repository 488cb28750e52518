import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalyzer } from '@escucha/analysis';
import type { Post } from '@escucha/core';
import { openDuckDbStores } from '@escucha/store';
import {
  CLEAR_STAGING,
  CREATE_POSTS_STAGING_TABLE,
  INSERT_FROM_STAGING,
  POSTS_STAGING_TABLE,
  STAGE_POSTS,
  stagePosts,
} from '../../libs/store/src/duckdb/duckdb.post-table';
import { withDuckDbFile } from '../support/duckdb-file';
import { DAY_MS, demoInputs, enrich } from './corpus';
import { distribution, fmtInt, fmtMs, fmtRatio, progress, type BenchResult, type Distribution, type Row } from './report';

/**
 * What one upsert costs the DuckDB store as it grows: batches of enriched posts, some re-sent,
 * through the real driver, on a store holding 0, 1M and 10M posts; beside it, in the same run on
 * the same files, the previous driver's statement (replace by a DELETE joined on the whole id column).
 */

const SIZES = [0, 1_000_000, 10_000_000];
const BATCH = 1_000;
const RESENT = 200;
const WARMUP = 5;
const BATCHES = 30;
/** Distinct real posts the big stores are cloned from (text, topics, derived columns and all). */
const TEMPLATES = 2_000;
const GOAL_GROWTH = 1.5;
/** Live posts every batch shares; each phase gives them fresh ids. */
const POOL = (WARMUP + BATCHES) * (BATCH - RESENT);

/** The previous driver's replace, kept here as the baseline. */
const OLD_DELETE = `DELETE FROM posts WHERE id IN (SELECT id FROM ${POSTS_STAGING_TABLE})`;

interface Phase {
  write: Distribution;
  postsPerSecond: number;
}

interface SizeResult {
  size: number;
  fresh: Phase;
  old: Phase;
  openMs: number;
  fileMb: number;
  knownIdsMb: number;
}

/**
 * Batches of BATCH posts: BATCH - RESENT new ones (the pool under ids unique to this phase) and
 * RESENT re-sent from the last few batches with a changed like count, as a connector re-fetching
 * a recent window sends them. The first batch has nothing to re-send and is all new.
 */
function* batchesFor(pool: readonly Post[], phase: string): Generator<Post[]> {
  const recent: Post[] = [];
  const fresh = BATCH - RESENT;
  for (let b = 0; b < WARMUP + BATCHES; b++) {
    const news = pool.slice(b * fresh, (b + 1) * fresh).map((p) => ({ ...p, id: `${p.id}#${phase}`, nativeId: `${p.nativeId}#${phase}` }));
    const resent: Post[] = [];
    for (let i = 0; i < RESENT && recent.length > 0; i++) {
      const post = recent[(b * 7919 + i * 104_729) % recent.length];
      resent.push({ ...post, metrics: { ...post.metrics, likes: post.metrics.likes + 1 } });
    }
    yield [...news, ...new Map(resent.map((p) => [p.id, p])).values()];
    recent.push(...news);
    if (recent.length > 5 * fresh) recent.splice(0, recent.length - 5 * fresh);
  }
}

function phaseOf(samples: readonly number[]): Phase {
  const write = distribution(samples);
  return { write, postsPerSecond: (BATCH / write.mean) * 1000 };
}

async function timeBatches(pool: readonly Post[], phase: string, upsert: (batch: Post[]) => Promise<unknown>): Promise<Phase> {
  const samples: number[] = [];
  let b = 0;
  for (const batch of batchesFor(pool, phase)) {
    const t0 = performance.now();
    await upsert(batch);
    if (b++ >= WARMUP) samples.push(performance.now() - t0);
  }
  return phaseOf(samples);
}

/**
 * Grows the table to `size` rows by cloning the template posts with new ids and times, in one
 * INSERT … SELECT from range(): ids look like the stored ones, times run in order (the join keeps
 * the order of range()) from a year back to two days ago, older than the batches, as a store
 * filled by live ingest is.
 */
async function grow(file: string, from: number, size: number): Promise<void> {
  const end = Date.now();
  const first = end - 365 * DAY_MS;
  const stepMs = (363 * DAY_MS) / SIZES[SIZES.length - 1];
  await withDuckDbFile(file, async (connection) => {
    await connection.run(`CREATE TEMP TABLE templates AS SELECT row_number() OVER () - 1 AS k, * FROM posts WHERE id LIKE '%#template'`);
    await connection.run(`INSERT INTO posts SELECT t.* EXCLUDE (k) REPLACE (
        t.source || ':' || (1880000000000000000 + r.i * 7919)::VARCHAR AS id,
        (1880000000000000000 + r.i * 7919)::VARCHAR AS native_id,
        make_timestamp(${first * 1000} + (r.i * ${Math.round(stepMs * 1000)})::BIGINT) AS created_at,
        make_timestamp(${first * 1000} + (r.i * ${Math.round(stepMs * 1000)})::BIGINT + 5000000) AS ingested_at)
      FROM range(${from}, ${size}) r(i) JOIN templates t ON t.k = r.i % ${TEMPLATES}`);
    // The templates go: they carry the batches' times, and the stores must hold exactly `size`.
    await connection.run(`DELETE FROM posts WHERE id LIKE '%#template'`);
    await connection.run('CHECKPOINT');
  });
}

/** The previous driver's write path on the same file: staging as today, then a DELETE join and the INSERT. */
async function oldWrites(file: string, pool: readonly Post[], phase: string): Promise<Phase> {
  return withDuckDbFile(file, async (connection) => {
    await connection.run(CREATE_POSTS_STAGING_TABLE);
    return timeBatches(pool, phase, async (batch) => {
      const sorted = [...batch].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      await connection.run('BEGIN TRANSACTION');
      await connection.run(STAGE_POSTS, { posts: stagePosts(sorted) });
      await connection.run(OLD_DELETE);
      await connection.run(INSERT_FROM_STAGING);
      await connection.run(CLEAR_STAGING);
      await connection.run('COMMIT');
    });
  });
}

export async function storeWriteBench(): Promise<BenchResult> {
  const started = performance.now();
  const inputs = demoInputs(POOL + TEMPLATES, new Date());
  const posts = enrich(createAnalyzer(), inputs, new Date());
  const templates = posts.slice(0, TEMPLATES).map((p) => ({ ...p, id: `${p.id}#template` }));
  const pool = posts.slice(TEMPLATES);
  progress(`store: ${fmtInt(posts.length)} enriched demo posts`);

  const dir = mkdtempSync(join(tmpdir(), 'escucha-bench-store-'));
  const file = join(dir, 'store.duckdb');
  const results: SizeResult[] = [];
  try {
    let stored = 0;
    for (const size of SIZES) {
      if (size > stored) {
        const fillStart = performance.now();
        const seed = await openDuckDbStores(file);
        await seed.posts.upsert(templates);
        await seed.close();
        await grow(file, stored, size);
        // The previous phases' batches stay: some ten thousand rows on top of `size`.
        progress(`store: grown to ${fmtInt(size)} posts in ${((performance.now() - fillStart) / 1000).toFixed(0)} s`);
        stored = size;
      }

      const openStart = performance.now();
      const stores = await openDuckDbStores(file);
      const openMs = performance.now() - openStart;
      const knownIdsMb = process.memoryUsage().arrayBuffers / 2 ** 20;
      let fresh: Phase;
      try {
        fresh = await timeBatches(pool, `new${size}`, (batch) => stores.posts.upsert(batch));
      } finally {
        await stores.close();
      }
      const old = await oldWrites(file, pool, `old${size}`);
      const fileMb = statSync(file).size / 2 ** 20;
      results.push({ size, fresh, old, openMs, fileMb, knownIdsMb });
      progress(
        `store: at ${fmtInt(size)}: new p50 ${fmtMs(fresh.write.p50)} p95 ${fmtMs(fresh.write.p95)}; ` +
          `old p50 ${fmtMs(old.write.p50)} p95 ${fmtMs(old.write.p95)}; open ${fmtMs(openMs)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const [empty, , biggest] = results;
  const growth = (pick: (r: SizeResult) => Phase): string =>
    results.map((r) => fmtRatio(pick(r).write.p50 / pick(empty).write.p50)).join(' → ');
  const label = (size: number): string => (size === 0 ? 'empty store' : `${fmtInt(size)} stored`);
  const rows: Row[] = [
    {
      metric: `write cost at ${fmtInt(biggest.size)} / at empty, p50`,
      value: fmtRatio(biggest.fresh.write.p50 / empty.fresh.write.p50),
      baseline: `${fmtRatio(biggest.old.write.p50 / empty.old.write.p50)} (old DELETE join)`,
      goal: `≤ ${fmtRatio(GOAL_GROWTH)}`,
      met: biggest.fresh.write.p50 / empty.fresh.write.p50 <= GOAL_GROWTH,
    },
    { metric: 'growth of p50, 0 → 1M → 10M', value: growth((r) => r.fresh), baseline: `${growth((r) => r.old)} (old)`, goal: '' },
    ...results.flatMap((r): Row[] => [
      {
        metric: `ms per upsert of ${fmtInt(BATCH)}, ${label(r.size)} (p50 / p95)`,
        value: `${fmtMs(r.fresh.write.p50)} / ${fmtMs(r.fresh.write.p95)}`,
        baseline: `${fmtMs(r.old.write.p50)} / ${fmtMs(r.old.write.p95)} (old)`,
        goal: '',
      },
      {
        metric: `posts/s, ${label(r.size)}`,
        value: fmtInt(r.fresh.postsPerSecond),
        baseline: `${fmtInt(r.old.postsPerSecond)} (old)`,
        goal: '',
      },
    ]),
    ...results
      .filter((r) => r.size > 0)
      .map((r): Row => ({
        metric: `open (known ids loaded), ${label(r.size)}`,
        value: fmtMs(r.openMs),
        baseline: '',
        goal: '',
      })),
  ];
  return {
    title: 'DuckDB write cost as the store grows',
    method: [
      `Batches of ${fmtInt(BATCH)} enriched demo posts: ${fmtInt(BATCH - RESENT)} new and up to ${RESENT} re-sent from the last 5 batches (likes + 1); ${WARMUP} warm-up batches, then ${BATCHES} timed, one at a time, each from the call to its resolution (commit, and any automatic checkpoint it triggers, included).`,
      `New: \`openDuckDbStores(file).posts.upsert(batch)\`. Baseline: the previous driver's statements on the same file right after (appender into the staging table, \`${OLD_DELETE}\`, the same INSERT), same batches under other ids.`,
      `Stores of 1M and 10M posts are grown with one INSERT … SELECT from range() cloning ${fmtInt(TEMPLATES)} real enriched posts under new ids, created over the year before the batches, in time order; the file lives in a temp dir removed afterwards.`,
      'posts/s = batch size / mean ms per batch.',
    ],
    settings: {
      'batch size': BATCH,
      're-sent per batch': RESENT,
      'timed batches per phase': BATCHES,
      'file at 10M (MiB)': Math.round(biggest.fileMb),
      'known-ids set at 10M (MiB of array buffers)': Math.round(biggest.knownIdsMb),
    },
    rows,
    notes: [
      'The new driver finds a new id in an in-memory set of id hashes and a re-sent one near its createdAt (zone maps), so it never joins against the whole id column; the old one reads every stored id per batch.',
    ],
    seconds: (performance.now() - started) / 1000,
  };
}
