import { availableParallelism } from 'node:os';
import { createAnalyzer } from '@escucha/analysis';
import { openElasticsearchStores, type UpsertOptions } from '@escucha/store';
import { Cluster } from '../support/cluster';
import { startElasticsearch, type RunningElasticsearch } from '../support/elasticsearch';
import { startRedis, type RunningRedis } from '../support/redis';
import { waitFor } from '../support/server';
import { cpuSplit, groupCpuMs, ownCpuMs, processCpuMs } from './cpu';
import { UNLIMITED } from './server';
import { batches, demoInputs, enrich } from './corpus';
import { IN_FLIGHT, REQUEST_SIZES, SIZE_ROUNDS, WARMUP_POSTS, jsonPoster, meanRun, rangeOf, sizeSlices, timeIngest, warmUp, type SizeRun } from './drive';
import { sizeRows } from './ingest';
import { fmtInt, fmtRatio, fmtRuns, mean, progress, type BenchResult, type Row } from './report';

/**
 * End-to-end ingest on the scale-out footprint (1 API + 2 workers as separate processes, Redis,
 * Elasticsearch), beside the ceiling the same run measures: the same posts, enriched beforehand,
 * written straight through the Elasticsearch store driver. Both on this machine, same cluster.
 */

const TOTAL_POSTS = 100_000;
const BATCH = 5_000;
const CLIENTS = 2;
const WORKERS = 2;
const POLL_MS = 250;
const TIMEOUT_MS = 300_000;
const GOAL_RATE = 5_000;
const GOAL_SHARE = 0.8;
const GOAL_ONE = 2_000;
/** Posts per store write in the refresh comparison: about what a worker writes at a time under a load of one-post requests. */
const INGEST_WRITE = 400;
const REFRESH_POSTS = 20_000;

/** One figure, as the brief for this benchmark asks: the runner gets them as rows too. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  baseline: number | undefined;
  goal: string;
  met?: boolean;
}

export interface ScaleoutFigures {
  figures: Figure[];
  /** Each round's raw bulk rate and end-to-end rate: the figures are their means. */
  raws: number[];
  endToEndRuns: number[];
  /** Elasticsearch CPU per post written in ingest-sized writes: forced refresh per write against searchable soon. */
  refreshCost: { now: number; soon: number };
  /** Posts/s stored end to end at each request size, 32 requests in flight, a fresh cluster each. */
  bySize: SizeRun[];
  endToEndRate: number;
  rawRate: number;
  acceptRate: number;
  seconds: number;
}

/**
 * Raw bulk load of already-enriched posts through the store driver, batches of 5,000 over as many
 * concurrent writers as the footprint has workers: the same write pattern without queue, HTTP or
 * analysis, so the ratio compares like with like.
 */
async function rawBulkRate(url: string, posts: ReturnType<typeof enrich>): Promise<number> {
  const prefix = `bench-raw-${Date.now().toString(36)}`;
  const stores = await openElasticsearchStores(url, { prefix });
  try {
    const queue = batches(posts, BATCH);
    const t0 = performance.now();
    const writer = async (): Promise<void> => {
      for (let batch = queue.shift(); batch; batch = queue.shift()) await stores.posts.upsert(batch);
    };
    await Promise.all(Array.from({ length: WORKERS }, writer));
    const seconds = (performance.now() - t0) / 1000;
    const stored = await stores.posts.count();
    if (stored !== posts.length) throw new Error(`raw bulk stored ${stored} of ${posts.length}`);
    return posts.length / seconds;
  } finally {
    await stores.close();
    await dropIndices(url, prefix);
  }
}

/**
 * Elasticsearch's CPU per post for writes of INGEST_WRITE posts through the store driver, with a
 * refresh forced after each write (`visibility: 'now'`, what ingest did) and without (`soon`).
 * One unmeasured round first, then now, soon, soon, now on fresh indices, so JIT warm-up and
 * drift weigh on both alike.
 */
async function refreshCost(es: RunningElasticsearch, posts: ReturnType<typeof enrich>): Promise<{ now: number; soon: number }> {
  const group = es.processGroup();
  if (group === undefined) throw new Error('Elasticsearch is not running');
  const cpu: Record<'now' | 'soon', number[]> = { now: [], soon: [] };
  const rounds: Array<'now' | 'soon'> = ['now', 'now', 'soon', 'soon', 'now'];
  for (const [round, visibility] of rounds.entries()) {
    const prefix = `bench-refresh-${round}-${Date.now().toString(36)}`;
    const stores = await openElasticsearchStores(es.url, { prefix });
    try {
      const options: UpsertOptions = { visibility };
      const before = groupCpuMs(group);
      for (const batch of batches(posts, INGEST_WRITE)) await stores.posts.upsert(batch, options);
      if (round > 0) cpu[visibility].push(((groupCpuMs(group) - before) * 1000) / posts.length);
    } finally {
      await stores.close();
      await dropIndices(es.url, prefix);
    }
  }
  return { now: mean(cpu.now), soon: mean(cpu.soon) };
}

/** Frees the baseline's heap and disk before the end-to-end run: the test node has 512 MB. */
async function dropIndices(url: string, prefix: string): Promise<void> {
  const listing = await fetch(`${url}/${prefix}-*?allow_no_indices=true`);
  const names = Object.keys((await listing.json()) as Record<string, unknown>);
  if (names.length) await fetch(`${url}/${names.join(',')}`, { method: 'DELETE' });
  await fetch(`${url}/_index_template/${prefix}-posts`, { method: 'DELETE' });
}

/** The processes of the footprint whose CPU the size runs split, in the order the report gives them. */
const CPU_PARTS = ['api', 'apiLoop', 'workers', 'redis', 'elasticsearch', 'client'] as const;
type CpuPart = (typeof CPU_PARTS)[number];

/**
 * Starts counting the CPU of every process of the footprint and of this one (the load client and
 * its polling): the API (all its threads, and its event loop alone), the workers together, Redis,
 * and Elasticsearch's process group.
 */
function clusterCpu(cluster: Cluster, redis: RunningRedis, es: RunningElasticsearch): { per(posts: number): Record<CpuPart, number> } {
  const pidOf = (what: string, pid: number | undefined): number => {
    if (pid === undefined) throw new Error(`${what} is not running`);
    return pid;
  };
  const api = pidOf('the API', cluster.api.pid);
  const workers = cluster.workers.map((worker) => pidOf(worker.name, worker.pid));
  const redisPid = pidOf('Redis', redis.pid());
  const group = pidOf('Elasticsearch', es.processGroup());
  return cpuSplit<CpuPart>({
    api: () => processCpuMs(api),
    apiLoop: () => processCpuMs(api, api),
    workers: () => workers.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    redis: () => processCpuMs(redisPid),
    elasticsearch: () => groupCpuMs(group),
    client: ownCpuMs,
  });
}

/** Every part but the API's event loop, which its API figure already holds. */
function cpuTotal(cpu: Readonly<Record<string, number>>): number {
  return CPU_PARTS.filter((part) => part !== 'apiLoop').reduce((sum, part) => sum + cpu[part], 0);
}

function fmtSplit(cpu: Readonly<Record<string, number>>): string {
  const us = (part: CpuPart): string => fmtInt(cpu[part]);
  return `API ${us('api')} µs (event loop ${us('apiLoop')}) + workers ${us('workers')} + Redis ${us('redis')} + Elasticsearch ${us('elasticsearch')} + client ${us('client')} = ${fmtInt(cpuTotal(cpu))} µs`;
}

/**
 * As on the embedded footprint (`untilDetecting`): the timed run starts once alert detection has
 * taken over, since its one-time replay of the stored history is a start-up cost. The worker that
 * holds the detection lease logs it (the cluster runs workers at LOG_LEVEL=log).
 */
async function untilTakenOver(cluster: Cluster, timeoutMs = 60_000): Promise<void> {
  const t0 = performance.now();
  const detecting = async (): Promise<true | undefined> => (cluster.workers.some((worker) => worker.log.includes('alert detection on:')) ? true : undefined);
  await waitFor('alert detection to take over', detecting, timeoutMs, 200).catch((error: Error) => {
    throw new Error(`${error.message}\n${cluster.logs()}`);
  });
  progress(`  alert detection took over ${((performance.now() - t0) / 1000).toFixed(1)} s after the warm-up`);
}

export async function measureScaleout(): Promise<ScaleoutFigures> {
  const started = performance.now();
  let es: RunningElasticsearch | undefined;
  let redis: RunningRedis | undefined;
  let cluster: Cluster | undefined;
  try {
    progress('scaleout: starting Elasticsearch and Redis…');
    [es, redis] = await Promise.all([startElasticsearch(), startRedis()]);

    const inputs = demoInputs(TOTAL_POSTS, new Date());
    // As at every size: the newest posts warm each fresh cluster up, untimed, and the rest are measured.
    const bulk = sizeSlices(inputs, BATCH);
    const { from, to } = rangeOf(bulk.measured);
    const bulkWarm = rangeOf(bulk.warmup);

    // Serialised before the clock starts: building JSON is the client's cost, not the server's.
    const bodies = batches(bulk.measured, BATCH).map((b) => JSON.stringify(b));
    const warmupBodies = batches(bulk.warmup, BATCH).map((b) => JSON.stringify(b));
    const enriched = enrich(createAnalyzer(), bulk.measured, new Date());
    // Elasticsearch's first writes after start run on a cold JVM: one raw load first, not timed,
    // so that no measured round, baseline or run, is the first.
    progress(`scaleout: warm-up, raw bulk load of ${fmtInt(enriched.length)} enriched posts, not timed…`);
    await rawBulkRate(es.url, enriched);
    // The baseline and the run SIZE_ROUNDS times each, in turn, so that drift weighs on both alike.
    const raws: number[] = [];
    const runs: Array<{ rate: number; acceptRate: number }> = [];
    for (let round = 1; round <= SIZE_ROUNDS; round++) {
      progress(`scaleout: round ${round} of ${SIZE_ROUNDS}: baseline, raw bulk load of ${fmtInt(enriched.length)} enriched posts…`);
      raws.push(await rawBulkRate(es.url, enriched));
      progress(`scaleout: raw bulk ${fmtInt(raws[raws.length - 1])} posts/s`);

      // A Redis of its own: the round before sent the same posts, and the queue would rightly
      // dedupe jobs whose content it has already completed.
      await redis.stop();
      redis = await startRedis();
      const prefix = `bench-e2e-${round}-${Date.now().toString(36)}`;
      cluster = await Cluster.start({ elasticsearchUrl: es.url, redisUrl: redis.url, indexPrefix: prefix, apis: 1, workers: WORKERS, env: UNLIMITED });
      const api = cluster.api;
      await api.login();
      const drive = {
        clients: CLIENTS,
        send: async (body: string) => {
          const response = await api.request('POST', '/api/v1/posts', body, undefined, 60_000);
          if (response.status !== 202) throw new Error(`ingest answered ${response.status}: ${JSON.stringify(response.body).slice(0, 500)}`);
        },
        pollMs: POLL_MS,
        timeoutMs: TIMEOUT_MS,
      };
      // The baseline writes on a warm Elasticsearch; the cluster's processes and its fresh indices
      // get their warm-up too, or the comparison would set a cold pipeline against a warm store.
      await warmUp({ ...drive, bodies: warmupBodies, expected: bulk.warmup.length, stored: () => api.total(bulkWarm.from, bulkWarm.to) });
      if ((await api.total(from, to)) !== 0) throw new Error('the warm-up posts fall in the measured range');
      await untilTakenOver(cluster);
      progress(`scaleout: ${bodies.length} requests of ${BATCH} posts over ${CLIENTS} clients, ${WORKERS} workers…`);
      const run = await timeIngest({ ...drive, bodies, expected: bulk.measured.length, stored: () => api.total(from, to) });
      runs.push(run);
      progress(`scaleout: ${fmtInt(run.rate)} posts/s stored end to end (${run.seconds.toFixed(1)} s)`);
      await cluster.stop();
      cluster = undefined;
      await dropIndices(es.url, prefix);
    }
    const rawRate = mean(raws);
    const endToEndRate = mean(runs.map((run) => run.rate));
    const acceptRate = mean(runs.map((run) => run.acceptRate));

    // As on the embedded footprint: every size SIZE_ROUNDS times, all sizes then all again.
    const sizes = [...REQUEST_SIZES].sort((a, b) => b - a);
    const all: SizeRun[] = [];
    for (let round = 1; round <= SIZE_ROUNDS; round++) {
      progress(`scaleout: round ${round} of ${SIZE_ROUNDS}`);
      for (const size of sizes) {
        const { warmup, measured: posts } = sizeSlices(inputs, size);
        const { from: first, to: last } = rangeOf(posts);
        // A Redis of its own: every size sends posts the runs before it sent too, and the queue would
        // rightly dedupe jobs whose content it has already completed.
        await redis.stop();
        redis = await startRedis();
        const prefix = `bench-size${size}-${round}-${Date.now().toString(36)}`;
        cluster = await Cluster.start({
          elasticsearchUrl: es.url,
          redisUrl: redis.url,
          indexPrefix: prefix,
          apis: 1,
          workers: WORKERS,
          env: UNLIMITED,
        });
        const node = cluster.api;
        const token = await node.login();
        const sizeBodies = batches(posts, size).map((b) => JSON.stringify(b));
        const drive = { clients: IN_FLIGHT, send: jsonPoster(node.url, token, IN_FLIGHT), pollMs: POLL_MS, timeoutMs: TIMEOUT_MS };
        const warm = rangeOf(warmup);
        await warmUp({ ...drive, bodies: batches(warmup, size).map((b) => JSON.stringify(b)), expected: warmup.length, stored: () => node.total(warm.from, warm.to) });
        if ((await node.total(first, last)) !== 0) throw new Error('the warm-up posts fall in the measured range');
        await untilTakenOver(cluster);
        progress(`scaleout: ${fmtInt(sizeBodies.length)} requests of ${fmtInt(size)} post(s), ${IN_FLIGHT} in flight…`);
        const meter = clusterCpu(cluster, redis, es);
        const run = await timeIngest({ ...drive, bodies: sizeBodies, expected: posts.length, stored: () => node.total(first, last) });
        const cpuPerPost = meter.per(posts.length);
        progress(`scaleout: ${fmtInt(size)} per request → ${fmtInt(run.rate)} posts/s stored end to end (${run.seconds.toFixed(1)} s), CPU per post ${fmtSplit(cpuPerPost)}`);
        all.push({ size, posts: posts.length, rate: run.rate, seconds: run.seconds, cpuPerPost });
        await cluster.stop();
        cluster = undefined;
        // The test node has 512 MB of heap: each size starts without the last one's indices.
        await dropIndices(es.url, prefix);
      }
    }
    const bySize = sizes.map((size) => meanRun(all.filter((run) => run.size === size)));
    progress(`scaleout: Elasticsearch CPU per post in writes of ${INGEST_WRITE}, refresh per write against none…`);
    const refresh = await refreshCost(es, enrich(createAnalyzer(), inputs.slice(0, REFRESH_POSTS), new Date()));
    progress(`scaleout: ${refresh.soon.toFixed(0)} µs/post searchable soon, ${refresh.now.toFixed(0)} µs/post with a refresh per write`);
    const share = endToEndRate / rawRate;
    return {
      raws,
      endToEndRuns: runs.map((run) => run.rate),
      refreshCost: refresh,
      figures: [
        { name: 'posts/s stored end to end', value: endToEndRate, unit: 'posts/s', baseline: rawRate, goal: `≥ ${fmtInt(GOAL_RATE)}`, met: endToEndRate >= GOAL_RATE },
        { name: 'share of the raw bulk rate', value: share, unit: '×', baseline: 1, goal: `≥ ${GOAL_SHARE.toFixed(2)}×`, met: share >= GOAL_SHARE },
        { name: 'posts/s accepted (all 202s received)', value: acceptRate, unit: 'posts/s', baseline: undefined, goal: '' },
      ],
      bySize,
      endToEndRate,
      rawRate,
      acceptRate,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await cluster?.stop();
    await redis?.stop();
    await es?.stop();
  }
}

/** Where one-post ingest spends its CPU, beside bulk's, and what the goal's rate would take at that cost. */
function cpuRows(bySize: readonly SizeRun[]): Row[] {
  const cpuOf = (size: number): Readonly<Record<string, number>> => {
    const cpu = bySize.find((run) => run.size === size)?.cpuPerPost;
    if (!cpu) throw new Error(`no CPU figures for ${size} per request`);
    return cpu;
  };
  const one = cpuOf(1);
  const bulk = cpuOf(BATCH);
  return [
    {
      metric: `${IN_FLIGHT} in flight, 1 post per request: CPU per post, by process`,
      value: fmtSplit(one),
      baseline: `${fmtSplit(bulk)} (5,000 per request, same run)`,
      goal: '',
    },
    {
      metric: `${IN_FLIGHT} in flight, 1 post per request: cores ${fmtInt(GOAL_ONE)} posts/s would take at that CPU per post`,
      value: `${((cpuTotal(one) * GOAL_ONE) / 1e6).toFixed(2)} cores, of which the API's event loop ${((one.apiLoop * GOAL_ONE) / 1e6).toFixed(2)}`,
      baseline: `${availableParallelism()} cores on this machine, shared by all of these; an event loop is one thread and can use at most 1`,
      goal: '',
    },
  ];
}

/** For test/bench/run.ts: `scaleout: scaleoutBench` in its BENCHMARKS. */
export async function scaleoutBench(): Promise<BenchResult> {
  const result = await measureScaleout();
  const [rate, share, accept] = result.figures;
  return {
    title: '5. End-to-end ingest (scale-out: Elasticsearch + Redis, 1 API + 2 workers)',
    method: [
      'Elasticsearch 8.19 (test distribution, 512 MB heap, one node) and redis-server (AOF on, noeviction), both started by the benchmark on loopback.',
      `The built API (1 process) and worker (${WORKERS} processes) from dist/, STORE=elasticsearch, QUEUE=bullmq, DEMO=off; the workers analyse on their event loops (ANALYSIS_THREADS unset: the scale-out default).`,
      `${CLIENTS} concurrent clients POST JSON batches of ${fmtInt(BATCH)} posts to /api/v1/posts, each sending its next batch on the 202; bodies are serialised before the clock starts.`,
      `The figure: posts / time from the first request until GET /api/v1/posts (polled every ${POLL_MS} ms) reports \`total\` = all posts, i.e. analysed and stored in Elasticsearch; the mean of ${SIZE_ROUNDS} rounds, each on a fresh cluster (new index prefix, a Redis of its own) after its own baseline run. Each round's cluster first takes the corpus's newest ${fmtInt(WARMUP_POSTS)} posts the same way, untimed and stored before the clock starts (as at every request size below), and the clock starts once alert detection has taken over; the ${fmtInt(TOTAL_POSTS - WARMUP_POSTS)} before them are measured.`,
      `Baseline (the ceiling): the same measured posts, enriched beforehand, written straight through \`openElasticsearchStores(...).posts.upsert\` in batches of ${fmtInt(BATCH)} by ${WORKERS} concurrent writers (as many as workers), on the same Elasticsearch, same run, before the cluster starts (its indices dropped afterwards); one such load first, not timed, warms Elasticsearch up.`,
      `By request size: a fresh cluster per size (new index prefix, a Redis of its own, same Elasticsearch); ${IN_FLIGHT} keep-alive clients POST bodies of 1, 10, 100 or 5,000 posts, each sending its next on the 202, timed until every post reads back as stored, after an untimed warm-up of the corpus's newest ${fmtInt(WARMUP_POSTS)} posts (just after the measured ones) sent at the same size and stored (fresh processes and indices spend their first seconds warming up); each size runs ${SIZE_ROUNDS} times (all sizes, then all again), the figure is the mean of the runs' rates with each beside it; baseline: the 5,000-per-request rate of that table.`,
      'Clients, API, workers, Redis and Elasticsearch all share the machine’s cores.',
      `CPU per post, by process: user plus system time read from /proc over each timed size run, divided by its posts: the API (all its threads, and its main thread alone: the event loop), the ${WORKERS} workers together, redis-server, Elasticsearch's process group, and the bench process (the load client and its polling). Each size's timed run starts once alert detection has taken over (the worker holding its lease logs \`alert detection on\`): its one-time replay of the stored history is a start-up cost, left out on the embedded footprint too.`,
      `Elasticsearch CPU per post: after the sizes, ${fmtInt(REFRESH_POSTS)} enriched posts written through the store driver in writes of ${INGEST_WRITE} (what a worker writes at a time under one-post requests), on fresh indices, with \`visibility: 'soon'\` (the ingest path: searchable within Elasticsearch's one-second refresh) and, as the baseline, \`'now'\` (a refresh forced after each write, what ingest did before); one unmeasured round, then now, soon, soon, now, averaged per mode; CPU read from /proc for the server's process group.`,
    ],
    settings: {
      posts: `${fmtInt(TOTAL_POSTS)} demo posts (all channels); in the bulk run the newest ${fmtInt(WARMUP_POSTS)} warm each cluster up and ${fmtInt(TOTAL_POSTS - WARMUP_POSTS)} are measured`,
      'posts per request': BATCH,
      'concurrent clients': CLIENTS,
      workers: WORKERS,
    },
    rows: [
      {
        metric: rate.name,
        value: `${fmtInt(rate.value)} (${fmtRuns(result.endToEndRuns)})`,
        baseline: `${fmtInt(result.rawRate)} (raw bulk through the store driver; ${fmtRuns(result.raws)})`,
        goal: rate.goal,
        met: rate.met,
      },
      { metric: share.name, value: fmtRatio(share.value), baseline: '1.00×', goal: share.goal, met: share.met },
      { metric: accept.name, value: fmtInt(accept.value), baseline: '', goal: '' },
      ...sizeRows(result.bySize, { one: GOAL_ONE }).map((row): Row => ({ ...row, metric: `${IN_FLIGHT} in flight, ${row.metric}` })),
      ...cpuRows(result.bySize),
      {
        metric: `Elasticsearch CPU per post, writes of ${INGEST_WRITE}, searchable soon`,
        value: `${result.refreshCost.soon.toFixed(0)} µs (${fmtRatio(result.refreshCost.soon / result.refreshCost.now)})`,
        baseline: `${result.refreshCost.now.toFixed(0)} µs (a refresh forced per write)`,
        goal: '',
      },
    ],
    notes: [],
    seconds: result.seconds,
  };
}
