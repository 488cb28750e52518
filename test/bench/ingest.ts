import { rmSync, mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAnalyzer } from '@escucha/analysis';
import type { PostInput } from '@escucha/core';
import { openDuckDbStores } from '@escucha/store';
import { waitFor } from '../support/server';
import { parseMetrics, valueOf } from '../support/metrics';
import { cpuMeter, type RequestCpu } from './cpu';
import { batches, demoInputs, enrich } from './corpus';
import { importDemoCrm } from './crm';
import { IN_FLIGHT, REQUEST_SIZES, SIZE_ROUNDS, WARMUP_POSTS, driveSteady, floorRate, httpCeiling, jsonPoster, meanFields, meanRun, postsForSize, rangeOf, sizeSlices, timeIngest, untilDetecting, warmUp, type SizeRun } from './drive';
import { distribution, fmtInt, fmtMs, fmtRatio, fmtRuns, mean, progress, type BenchResult, type Row } from './report';
import { BenchServer } from './server';

/**
 * End-to-end ingest on the embedded default: HTTP → validation → durable queue → analysis →
 * DuckDB, measured until the API counts every post, at 1, 10, 100 and 5,000 posts per request
 * with 32 requests in flight. The ceiling is the store alone.
 */

const MOST_POSTS = 200_000;
const BULK = 5_000;
const POLL_MS = 200;
const TIMEOUT_MS = 240_000;
const GOAL_BULK = 10_000;
const GOAL_ONE = 5_000;
const GOAL_ONE_SHARE = 0.3;
const GOAL_TEN_SHARE = 0.6;

/** Raw DuckDB upsert of already-enriched posts, batch by batch: what the server could at best reach. */
async function storeCeiling(posts: ReturnType<typeof enrich>): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'escucha-bench-raw-'));
  try {
    const stores = await openDuckDbStores(join(dir, 'raw.duckdb'));
    const t0 = performance.now();
    for (const batch of batches(posts, BULK)) await stores.posts.upsert(batch);
    const seconds = (performance.now() - t0) / 1000;
    const stored = await stores.posts.count();
    await stores.close();
    if (stored !== posts.length) throw new Error(`raw upsert stored ${stored} of ${posts.length}`);
    return posts.length / seconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads how many of `range` (posts in time order) the server has stored: the API's count over their time range. */
function storedCount(server: BenchServer, range: readonly PostInput[]): () => Promise<number> {
  const { from, to } = rangeOf(range);
  return async () => (await server.get<{ total: number }>(`/api/v1/posts?limit=1&from=${from}&to=${to}`)).total;
}

interface RunOptions {
  env?: Record<string, string>;
  /** Before the warm-up: what the store should hold besides the posts (a CRM). */
  prepare?: (server: BenchServer) => Promise<void>;
  /** After the warm-up, right before the clock starts. */
  onStarted?: (server: BenchServer) => Promise<void>;
}

/** One fresh server per size, so every run starts from an empty store. */
async function runSize(inputs: ReturnType<typeof demoInputs>, size: number, options: RunOptions = {}): Promise<SizeRun> {
  const { warmup, measured: posts } = sizeSlices(inputs, size);
  // Serialised before the clock starts: building JSON is the client's cost, not the server's.
  const bodies = batches(posts, size).map((b) => JSON.stringify(b));
  const server = await new BenchServer(options.env).start();
  try {
    await options.prepare?.(server);
    const stored = storedCount(server, posts);
    if ((await stored()) !== 0) throw new Error('the fresh server already holds posts');
    const send = jsonPoster(server.url, server.authToken, IN_FLIGHT);
    const drive = { clients: IN_FLIGHT, send, pollMs: POLL_MS, timeoutMs: TIMEOUT_MS };
    await warmUp({ ...drive, bodies: batches(warmup, size).map((b) => JSON.stringify(b)), expected: warmup.length, stored: storedCount(server, warmup) });
    if ((await stored()) !== 0) throw new Error('the warm-up posts fall in the measured range');
    await untilDetecting(server.url);
    await options.onStarted?.(server);
    progress(`ingest: ${fmtInt(bodies.length)} requests of ${fmtInt(size)} post(s), ${IN_FLIGHT} in flight…`);
    const meter = cpuMeter(server.pid);
    const { seconds, rate } = await timeIngest({ ...drive, bodies, expected: posts.length, stored });
    const cpu = meter.perRequest(bodies.length);
    progress(`ingest: ${fmtInt(size)} per request → ${fmtInt(rate)} posts/s stored end to end (${seconds.toFixed(1)} s), CPU per request ${fmtCpu(cpu)}`);
    return { size, posts: posts.length, rate, seconds, cpu };
  } finally {
    await server.stop();
  }
}

/** One-post requests at a steady rate, as webhooks and stream connectors send: what spacing queue writes is for. */
const STEADY_RATE = 1_000;
const STEADY_POSTS = 20_000;
/** The setting the steady rows compare: its default against writing each group as soon as the last is done. */
const UNSPACED = { INGEST_QUEUE_INTERVAL_MS: '0' };

interface SteadyRun {
  cpu: RequestCpu;
  /** Ingest jobs completed over the run, per post sent: one job per queue write. */
  postsPerJob: number;
  /** Milliseconds to each 202: all requests of the run. */
  answerMs: readonly number[];
  sentRate: number;
}

async function ingestJobsDone(server: BenchServer): Promise<number> {
  const samples = parseMetrics(await (await fetch(new URL('/metrics', server.url))).text());
  return valueOf(samples, 'escucha_job_duration_seconds_count', { queue: 'ingest', name: 'posts.ingest', outcome: 'completed' }) ?? 0;
}

/** One fresh server: one-post requests at STEADY_RATE (open loop) until all are stored. */
async function runSteady(inputs: ReturnType<typeof demoInputs>, env: Record<string, string>): Promise<SteadyRun> {
  const { warmup, measured } = sizeSlices(inputs, 1);
  const posts = measured.slice(-STEADY_POSTS);
  const bodies = batches(posts, 1).map((b) => JSON.stringify(b));
  const server = await new BenchServer(env).start();
  try {
    // Sockets enough that requests queue in the server, not in the client's agent, when it falls behind.
    const send = jsonPoster(server.url, server.authToken, 256);
    await warmUp({ clients: IN_FLIGHT, send, pollMs: POLL_MS, timeoutMs: TIMEOUT_MS, bodies: batches(warmup, 1).map((b) => JSON.stringify(b)), expected: warmup.length, stored: storedCount(server, warmup) });
    await untilDetecting(server.url);
    const label = Object.keys(env).length === 0 ? 'defaults' : Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ');
    progress(`ingest: ${fmtInt(bodies.length)} one-post requests at a steady ${fmtInt(STEADY_RATE)}/s (${label})…`);
    const jobsBefore = await ingestJobsDone(server);
    const meter = cpuMeter(server.pid);
    const { sentRate, answerMs } = await driveSteady(bodies, STEADY_RATE, send);
    const stored = storedCount(server, posts);
    await waitFor("the steady run's posts all stored", async () => ((await stored()) >= posts.length ? true : undefined), TIMEOUT_MS, POLL_MS);
    const cpu = meter.perRequest(bodies.length);
    const postsPerJob = posts.length / ((await ingestJobsDone(server)) - jobsBefore);
    progress(`ingest: steady (${label}) → CPU per request ${fmtCpu(cpu)}, ${postsPerJob.toFixed(1)} posts per job, 202 p50 ${fmtMs(distribution(answerMs).p50)}`);
    return { cpu, postsPerJob, answerMs, sentRate };
  } finally {
    await server.stop();
  }
}

/** The steady runs of one setting as one: mean CPU and posts per job, the 202 times of all runs together. */
function meanSteady(runs: readonly SteadyRun[]): SteadyRun {
  const of = (pick: (run: SteadyRun) => number): number => mean(runs.map(pick));
  return {
    cpu: meanFields(runs.map((r) => r.cpu)),
    postsPerJob: of((r) => r.postsPerJob),
    answerMs: runs.flatMap((r) => r.answerMs),
    sentRate: of((r) => r.sentRate),
  };
}

function fmtSteady(run: SteadyRun): string {
  const answers = distribution(run.answerMs);
  return `server ${fmtInt(run.cpu.serverUs)} µs (event loop ${fmtInt(run.cpu.mainUs)} µs); ${run.postsPerJob.toFixed(1)} posts per job; 202 in ${fmtMs(answers.p50)} p50, ${fmtMs(answers.p99)} p99`;
}

function fmtCpu(cpu: RequestCpu): string {
  return `server ${fmtInt(cpu.serverUs)} µs (event loop ${fmtInt(cpu.mainUs)} µs) + client ${fmtInt(cpu.clientUs)} µs`;
}

/** The by-size rows, each beside the bulk (5,000 per request) rate of the same run. */
export function sizeRows(runs: readonly SizeRun[], goals: { one: number; bulk?: number }): Row[] {
  const bulk = runs.find((r) => r.size === BULK);
  if (!bulk) throw new Error('the bulk run is missing');
  return runs.map((run) => {
    const share = run.rate / bulk.rate;
    const label = `${fmtInt(run.size)} post${run.size === 1 ? '' : 's'} per request: posts/s stored`;
    const spread = run.rates && run.rates.length > 1 ? fmtRuns(run.rates) : undefined;
    const value = `${fmtInt(run.rate)} (${fmtRatio(share)} of bulk${spread ? `; ${spread}` : ''})`;
    const baseline = `${fmtInt(bulk.rate)} (5,000 per request)`;
    if (run.size === 1) {
      const goal = `≥ ${fmtInt(goals.one)}${goals.bulk === undefined ? '' : ` and ≥ ${fmtRatio(GOAL_ONE_SHARE)} bulk`}`;
      const met = run.rate >= goals.one && (goals.bulk === undefined || share >= GOAL_ONE_SHARE);
      return { metric: label, value, baseline, goal, met };
    }
    if (run.size === 10 && goals.bulk !== undefined) {
      return { metric: label, value, baseline, goal: `≥ ${fmtRatio(GOAL_TEN_SHARE)} bulk`, met: share >= GOAL_TEN_SHARE };
    }
    if (run.size === BULK && goals.bulk !== undefined) {
      return { metric: label, value: `${fmtInt(run.rate)}${spread ? ` (${spread})` : ''}`, baseline: '', goal: `≥ ${fmtInt(goals.bulk)}`, met: run.rate >= goals.bulk };
    }
    return { metric: label, value, baseline, goal: '' };
  });
}

export async function ingestBench(): Promise<BenchResult> {
  const started = performance.now();
  const end = new Date();
  const inputs = demoInputs(MOST_POSTS, end);
  progress(`ingest: ${fmtInt(inputs.length)} demo posts from ${inputs[0].createdAt}`);

  progress('ingest: baseline, raw DuckDB upsert of the enriched posts…');
  const ceiling = await storeCeiling(enrich(createAnalyzer(), inputs, new Date()));
  progress(`ingest: raw upsert ${fmtInt(ceiling)} posts/s`);

  // Bulk first: it is the baseline of the other rows. Every size runs SIZE_ROUNDS times, the rounds one
  // after the other, so that drift on a shared machine weighs on all sizes alike.
  const sizes = [...REQUEST_SIZES].sort((a, b) => b - a);
  const all: SizeRun[] = [];
  let ceilingRps = 0;
  let ceilingCpu: RequestCpu = { serverUs: 0, mainUs: 0, clientUs: 0 };
  const withCrm: SizeRun[] = [];
  let crmCustomers = 0;
  for (let round = 1; round <= SIZE_ROUNDS; round++) {
    progress(`ingest: round ${round} of ${SIZE_ROUNDS}`);
    for (const size of sizes) {
      all.push(
        await runSize(inputs, size, {
          onStarted: async (server) => {
            if (size !== 1 || round !== 1) return;
            const meter = cpuMeter(server.pid);
            const ceiling = await httpCeiling(server.url, IN_FLIGHT, 5);
            ceilingRps = ceiling.rate;
            ceilingCpu = meter.perRequest(ceiling.answered);
            progress(`ingest: GET /health answers ${fmtInt(ceilingRps)} requests/s with ${IN_FLIGHT} in flight, CPU per request ${fmtCpu(ceilingCpu)}`);
          },
        }),
      );
    }
    // A deployment that knows its customers links every author as it ingests: the one-post run again with a CRM.
    progress('ingest: 1 per request again, with the demo CRM imported first…');
    withCrm.push(await runSize(inputs, 1, { prepare: async (server) => void (crmCustomers = (await importDemoCrm(server)).length) }));
  }
  const runs = sizes.map((size) => meanRun(all.filter((run) => run.size === size)));
  const oneWithCrm = meanRun(withCrm);
  // What the analysis thread is for: bulk imports analysed off the event loop that answers requests.
  progress('ingest: 5,000 per request again, analysing on the event loop (ANALYSIS_THREADS=0)…');
  const bulkInline = await runSize(inputs, BULK, { env: { ANALYSIS_THREADS: '0' } });
  const one = runs.find((r) => r.size === 1)!;
  const oneCpu = one.cpu!;
  const cores = availableParallelism();
  const coresAtGoal = ((oneCpu.serverUs + oneCpu.clientUs) * GOAL_ONE) / 1e6;
  const eventLoopAtGoal = (oneCpu.mainUs * GOAL_ONE) / 1e6;
  const bulk = runs.find((r) => r.size === BULK)!;
  // Alternating, so that drift on a shared machine weighs on both settings alike.
  const spaced: SteadyRun[] = [];
  const unspaced: SteadyRun[] = [];
  for (let round = 1; round <= SIZE_ROUNDS; round++) {
    spaced.push(await runSteady(inputs, {}));
    unspaced.push(await runSteady(inputs, UNSPACED));
  }
  const steady = meanSteady(spaced);
  const steadyUnspaced = meanSteady(unspaced);

  const oneBodies = batches(inputs.slice(inputs.length - postsForSize(1, inputs.length)), 1).map((b) => JSON.stringify(b));
  progress('ingest: floors, do-nothing servers answering the same one-post bodies…');
  const nestFloor = await floorRate('nest', oneBodies, IN_FLIGHT, 5);
  const expressFloor = await floorRate('nest-express', oneBodies, IN_FLIGHT, 5);
  const nodeFloor = await floorRate('node', oneBodies, IN_FLIGHT, 5);
  progress(`ingest: floors ${fmtInt(nestFloor)} requests/s (NestJS on Fastify alone), ${fmtInt(expressFloor)} (on Express), ${fmtInt(nodeFloor)} (node:http alone)`);

  return {
    title: '2. End-to-end ingest by request size (embedded default)',
    method: [
      'The built server (`dist/apps/api/src/main.js`, STORE=duckdb, QUEUE=inline, DEMO=off) on a free loopback port, a fresh one with an empty temp DATA_DIR for each request size.',
      `${IN_FLIGHT} requests in flight: ${IN_FLIGHT} keep-alive clients POST JSON bodies of 1, 10, 100 or 5,000 posts to /api/v1/posts, each sending its next body on the 202; bodies are serialised before the clock starts.`,
      `Each size runs ${SIZE_ROUNDS} times (all sizes, then all sizes again), each time on a fresh server; the figure is the mean of the runs' rates, with each run's rate beside it. A run's rate: posts / time from the first request until GET /api/v1/posts (polled every ${POLL_MS} ms) reports \`total\` = all posts, i.e. analysed and stored in DuckDB, not merely queued.`,
      `Posts per run: ${sizes.map((s) => `${fmtInt(postsForSize(s, MOST_POSTS - WARMUP_POSTS))} at ${fmtInt(s)} per request`).join(', ')} (of the same demo corpus, up to its newest ${fmtInt(WARMUP_POSTS)}), each after an untimed warm-up of those newest ${fmtInt(WARMUP_POSTS)}, sent at the same size and stored before the clock starts (fresh processes spend their first seconds compiling their hot paths), and after alert detection has taken over (its one-time replay of the stored history, which starts at its first tick after the warm-up posts land; \`escucha_alerts_judged_until_seconds\` above 0).`,
      'HTTP ceiling: before the first one-post run, the same server answers GET /health (its cheapest route, no auth, no body) for 5 s with the same number of keep-alive clients; no one-post-per-request ingest can beat that rate on this machine.',
      'Floors: after the runs, three do-nothing servers (test/bench/floor.server.ts) answer the same one-post bodies from the same client for 5 s each, after 2 s untimed: NestJS alone on the Fastify adapter (as the API runs; one `@Post` route, JSON body, no middleware of ours), the same on the Express adapter (as the API ran before), and bare node:http. They parse the body and answer 202; nothing is validated, queued or stored.',
      'Baselines, same run: the 5,000-per-request rate for the smaller sizes; for that one, the same posts enriched beforehand and upserted straight into `openDuckDbStores` in a temp dir, 5,000 at a time (the store ceiling).',
      'CPU per request: user plus system time of the server’s process (all its threads: the event loop, DuckDB’s, libuv’s, the garbage collector’s), read from /proc before and after the timed run, of its main thread alone (the event loop), and of the bench process (the load client and its polling), over the requests sent; the same for the HTTP ceiling’s 5 s.',
      'Analysis runs on one worker thread (ANALYSIS_THREADS unset: the embedded default). After the rounds, one more 5,000-per-request run on a fresh server with ANALYSIS_THREADS=0 (analysis on the event loop) gives the baseline of the event-loop row.',
      `Steady load: one-post requests sent open loop at ${fmtInt(STEADY_RATE)} requests/s (on a fixed schedule, answered or not, as independent webhooks and stream connectors send), ${fmtInt(STEADY_POSTS)} of them, on a fresh server after the same warm-up, until all are stored; CPU per request as above, posts per ingest job from \`escucha_job_duration_seconds_count\`, and each request's time to its 202. With the defaults (INGEST_QUEUE_INTERVAL_MS=5) and, as the baseline, with INGEST_QUEUE_INTERVAL_MS=0, alternating, ${SIZE_ROUNDS} runs each; CPU and posts per job are the means of the runs, the 202 times those of all runs together.`,
      'With a CRM: in each round, after the sizes, one more one-post run on a fresh server into which the demo world\'s CRM (the customers among the people behind the demo posts, with their handles, contacts and products) was imported through `POST /api/v1/customers` before the warm-up, so the ingest job matches and links the authors as it would a company\'s customers. Baseline: the one-post runs of the same rounds, without a CRM.',
      'Clients, server and polling share the machine’s cores.',
    ],
    settings: {
      posts: `${fmtInt(inputs.length)} demo posts (all channels) before now`,
      'requests in flight': IN_FLIGHT,
    },
    rows: [
      ...sizeRows(runs, { one: GOAL_ONE, bulk: GOAL_BULK }),
      {
        metric: `1 post per request, ${fmtInt(crmCustomers)} customers loaded (the demo CRM): posts/s stored, CPU per request`,
        value: `${fmtInt(oneWithCrm.rate)} (${fmtRatio(oneWithCrm.rate / one.rate)}; ${fmtRuns(oneWithCrm.rates!)}); ${fmtCpu(oneWithCrm.cpu!)}`,
        baseline: `${fmtInt(one.rate)} without a CRM (same rounds); ${fmtCpu(oneCpu)}`,
        goal: '',
      },
      {
        metric: '1 post per request: share of the HTTP ceiling',
        value: fmtRatio(one.rate / ceilingRps),
        baseline: `${fmtInt(ceilingRps)} requests/s (GET /health, ${IN_FLIGHT} in flight, same server)`,
        goal: '',
      },
      {
        metric: '1 post per request: CPU per request (server: all its threads; client: the load client)',
        value: fmtCpu(oneCpu),
        baseline: `${fmtCpu(ceilingCpu)} (GET /health, same server, same in flight)`,
        goal: '',
      },
      {
        metric: `1 post per request: cores ${fmtInt(GOAL_ONE)} requests/s would take at that CPU per request`,
        value: `${coresAtGoal.toFixed(2)} cores, of which the event loop ${eventLoopAtGoal.toFixed(2)}`,
        baseline: `${cores} cores on this machine, shared by server and client; an event loop is one thread and can use at most 1`,
        goal: '',
      },
      {
        metric: '1 post per request: share of the NestJS floor',
        value: fmtRatio(one.rate / nestFloor),
        baseline: `${fmtInt(nestFloor)} requests/s (NestJS on Fastify alone, one route, same client and bodies)`,
        goal: '',
      },
      {
        metric: 'NestJS floor: Fastify adapter against Express',
        value: `${fmtInt(nestFloor)} requests/s (${fmtRatio(nestFloor / expressFloor)})`,
        baseline: `${fmtInt(expressFloor)} requests/s (NestJS on Express alone, same client and bodies)`,
        goal: '',
      },
      {
        metric: 'NestJS floor: share of the node:http floor',
        value: fmtRatio(nestFloor / nodeFloor),
        baseline: `${fmtInt(nodeFloor)} requests/s (bare node:http, same client and bodies)`,
        goal: '',
      },
      {
        metric: `1 post per request at a steady ${fmtInt(STEADY_RATE)} requests/s: CPU per request, posts per job, time to the 202`,
        value: `${fmtSteady(steady)} (sent at ${fmtInt(steady.sentRate)}/s)`,
        baseline: `${fmtSteady(steadyUnspaced)}, INGEST_QUEUE_INTERVAL_MS=0 (sent at ${fmtInt(steadyUnspaced.sentRate)}/s)`,
        goal: '',
      },
      { metric: 'bulk share of the store ceiling', value: fmtRatio(bulk.rate / ceiling), baseline: `${fmtInt(ceiling)} posts/s (raw DuckDB upsert)`, goal: '' },
      {
        metric: '5,000 posts per request: event loop CPU per post, analysing on a thread (the default)',
        value: `${fmtInt(bulk.cpu!.mainUs / BULK)} µs (${fmtInt(bulk.rate)} posts/s; server, all threads, ${fmtInt(bulk.cpu!.serverUs / BULK)} µs)`,
        baseline: `${fmtInt(bulkInline.cpu!.mainUs / BULK)} µs on the event loop, ANALYSIS_THREADS=0 (${fmtInt(bulkInline.rate)} posts/s; server ${fmtInt(bulkInline.cpu!.serverUs / BULK)} µs)`,
        goal: '',
      },
    ],
    notes: [
      'Requests that arrive while a queue write is in flight share the next one (group commit), and the ingest jobs ready together share one DuckDB transaction; see docs/architecture.md.',
    ],
    seconds: (performance.now() - started) / 1000,
  };
}
