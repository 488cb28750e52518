import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { parseMetrics, valueOf } from '../support/metrics';
import { freePort } from '../support/server';
import type { RequestCpu } from './cpu';
import { fmtInt, mean, progress, sleep } from './report';

export interface IngestDrive {
  /** Request bodies, serialised before the clock starts: building JSON is the client's cost, not the server's. */
  bodies: readonly string[];
  /** Posts the bodies hold; the run ends when `stored` reports them all. */
  expected: number;
  clients: number;
  /** Sends one body; throws unless it was accepted. */
  send: (body: string) => Promise<void>;
  stored: () => Promise<number>;
  pollMs: number;
  timeoutMs: number;
}

export interface IngestTiming {
  /** From the first request until every post reads back as stored. */
  seconds: number;
  /** Posts stored per second, end to end. */
  rate: number;
  /** Posts per second until the last 202. */
  acceptRate: number;
}

/**
 * `clients` senders each post their next body on the previous one's answer, while the
 * store is polled until it holds every post: the end-to-end ingest figure of both footprints.
 */
export async function timeIngest(drive: IngestDrive): Promise<IngestTiming> {
  const t0 = performance.now();
  let next = 0;
  let acceptedAt = 0;
  const client = async (): Promise<void> => {
    while (next < drive.bodies.length) await drive.send(drive.bodies[next++]);
  };
  const sending = Promise.all(Array.from({ length: drive.clients }, client)).then(() => (acceptedAt = performance.now()));
  // A failed request must stop the wait at once, not after the timeout.
  let failure: unknown;
  sending.catch((error: unknown) => (failure = error));

  let count = 0;
  let lastReport = t0;
  while (count < drive.expected) {
    if (failure) throw failure;
    if (performance.now() - t0 > drive.timeoutMs) throw new Error(`only ${count} of ${drive.expected} stored after ${drive.timeoutMs / 1000} s`);
    await sleep(drive.pollMs);
    count = await drive.stored();
    if (performance.now() - lastReport > 5_000) {
      lastReport = performance.now();
      progress(`  ${fmtInt(count)} stored after ${((lastReport - t0) / 1000).toFixed(1)} s`);
    }
  }
  const storedAt = performance.now();
  await sending;
  const seconds = (storedAt - t0) / 1000;
  return { seconds, rate: drive.expected / seconds, acceptRate: drive.expected / ((acceptedAt - t0) / 1000) };
}

/** Posts per request in the by-size tables: one (a connector, a webhook) up to a bulk import. */
export const REQUEST_SIZES = [1, 10, 100, 5_000] as const;
/** Requests in flight in the by-size tables: many small senders at once, as the issue measured. */
export const IN_FLIGHT = 32;

/**
 * A keep-alive HTTP client for the by-size runs: at one post per request the client's own cost
 * per request matters, and `fetch` spends several times more CPU per call than `http.request`,
 * CPU the server would otherwise have on this two-core machine.
 */
export function jsonPoster(baseUrl: string, token: string, sockets: number): (body: string) => Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const url = new URL('/api/v1/posts', baseUrl);
  return (body) =>
    new Promise<void>((resolve, reject) => {
      const request = httpRequest(
        url,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            if (response.statusCode === 202) resolve();
            else reject(new Error(`POST /api/v1/posts: ${response.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`));
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(body);
    });
}

export interface SizeRun {
  size: number;
  posts: number;
  rate: number;
  seconds: number;
  /** CPU per request over the timed run (µs): the server's process, all threads, and the load client's. */
  cpu?: RequestCpu;
  /** CPU per post over the timed run (µs), by process, where the footprint has several (scale-out). */
  cpuPerPost?: Readonly<Record<string, number>>;
  /** When this is the mean of several runs: each run's rate. */
  rates?: readonly number[];
}

/** Runs per request size: one run of 15 s on this shared two-core machine varies by 10 % or more from the next. */
export const SIZE_ROUNDS = 2;

/** The runs of one size as one: the mean rate and CPU, and each run's rate to show the spread. */
export function meanRun(runs: readonly SizeRun[]): SizeRun {
  const of = (pick: (run: SizeRun) => number): number => mean(runs.map(pick));
  const cpus = runs.flatMap((run) => (run.cpu ? [run.cpu] : []));
  const splits = runs.flatMap((run) => (run.cpuPerPost ? [run.cpuPerPost] : []));
  return {
    size: runs[0].size,
    posts: runs[0].posts,
    rate: of((run) => run.rate),
    seconds: of((run) => run.seconds),
    rates: runs.map((run) => run.rate),
    ...(cpus.length === runs.length ? { cpu: meanFields(cpus) } : {}),
    ...(splits.length === runs.length ? { cpuPerPost: meanFields(splits) } : {}),
  };
}

/** Field by field, the mean of records that have the same fields (CPU figures of several runs). */
export function meanFields<T extends Readonly<Record<string, number>>>(records: readonly T[]): T {
  return Object.fromEntries(Object.keys(records[0]).map((field) => [field, mean(records.map((record) => record[field]))])) as T;
}

/** Posts per request size: how many to send so each run lasts long enough to be a rate, yet fits the bench. */
export function postsForSize(size: number, most: number): number {
  return Math.min(most, size === 1 ? 40_000 : size === 10 ? 80_000 : most);
}

/**
 * Posts sent at each size, at that size, and stored before the clock starts. Every size runs on
 * fresh processes and a fresh store: their first seconds go to compiling the hot paths and
 * opening the store, which a run of 15 s at one post per request would otherwise count.
 */
export const WARMUP_POSTS = 10_000;
const FLOOR_WARMUP_SECONDS = 2;

/**
 * A size's warm-up (the newest WARMUP_POSTS of `inputs`, in time order) and the posts it measures
 * (those just before them, outside their time range). The warm-up is the newest so that it lands
 * within the history alert detection replays, whatever the size: its take-over then happens after
 * the warm-up, not in the middle of a measured run.
 */
export function sizeSlices<T>(inputs: readonly T[], size: number): { warmup: T[]; measured: T[] } {
  const end = inputs.length - WARMUP_POSTS;
  const measured = postsForSize(size, end);
  return { warmup: inputs.slice(end), measured: inputs.slice(end - measured, end) };
}

/** The createdAt range [first, last] of posts in time order, as ISO `from` and exclusive `to`: what a stored-count query of them asks. */
export function rangeOf(posts: readonly { createdAt: string }[]): { from: string; to: string } {
  return { from: new Date(posts[0].createdAt).toISOString(), to: new Date(Date.parse(posts[posts.length - 1].createdAt) + 1).toISOString() };
}

/** Sends the warm-up posts like a run, untimed, and waits until they are stored. */
export async function warmUp(drive: IngestDrive): Promise<void> {
  progress(`  warm-up: ${fmtInt(drive.expected)} posts, not timed…`);
  await timeIngest(drive);
}

/**
 * Waits until alert detection in the process answering `baseUrl` has taken over: once the warm-up
 * posts are stored, its next tick replays the stored history once (about a second of CPU here),
 * a start-up cost like the warm-up's that a measured run must not carry.
 */
export async function untilDetecting(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  const t0 = performance.now();
  for (;;) {
    const judgedUntil = valueOf(parseMetrics(await (await fetch(new URL('/metrics', baseUrl))).text()), 'escucha_alerts_judged_until_seconds');
    if (judgedUntil === undefined) throw new Error('no escucha_alerts_judged_until_seconds in the scrape');
    if (judgedUntil > 0) break;
    if (performance.now() - t0 > timeoutMs) throw new Error(`alert detection had not taken over after ${timeoutMs / 1000} s`);
    await sleep(200);
  }
  progress(`  alert detection took over ${((performance.now() - t0) / 1000).toFixed(1)} s after the warm-up`);
}

/**
 * Requests/s the server answers on its cheapest route (GET /health) with `inFlight` keep-alive
 * clients for `seconds`: the ceiling of one-post-per-request ingest on this machine, since every
 * such request costs at least the HTTP round trip through the same stack.
 */
export async function httpCeiling(baseUrl: string, inFlight: number, seconds: number): Promise<{ rate: number; answered: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: inFlight });
  const url = new URL('/health', baseUrl);
  const end = performance.now() + seconds * 1000;
  let answered = 0;
  const get = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const request = httpRequest(url, { agent }, (response) => {
        response.resume();
        response.on('end', () => (response.statusCode === 200 ? resolve() : reject(new Error(`GET /health: ${response.statusCode}`))));
      });
      request.on('error', reject);
      request.end();
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        await get();
        answered++;
      }
    }),
  );
  agent.destroy();
  return { rate: answered / ((performance.now() - t0) / 1000), answered };
}

export type Floor = 'node' | 'nest' | 'nest-express';

/**
 * Requests/s a do-nothing server (test/bench/floor.server.ts) answers to the same client sending
 * the same bodies, with `inFlight` in flight for `seconds`: what one-post-per-request ingest
 * could reach on this machine with no work of ours at all (`node`), or with NestJS alone (`nest` on
 * Fastify as the API runs, `nest-express` on Express as it ran before).
 */
export async function floorRate(floor: Floor, bodies: readonly string[], inFlight: number, seconds: number): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [join(__dirname, 'floor.server.js'), floor, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise<void>((ready, fail) => {
      child.once('exit', (code) => fail(new Error(`the ${floor} floor server exited with ${code}`)));
      child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
    });
    const send = jsonPoster(`http://127.0.0.1:${port}`, 'none', inFlight);
    let next = 0;
    const hammer = async (forSeconds: number): Promise<number> => {
      const end = performance.now() + forSeconds * 1000;
      let answered = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (performance.now() < end) {
            await send(bodies[next++ % bodies.length]);
            answered++;
          }
        }),
      );
      return answered;
    };
    // Untimed, like the ingest runs' warm-up: the floor is a warm server's rate.
    await hammer(FLOOR_WARMUP_SECONDS);
    const t0 = performance.now();
    const answered = await hammer(seconds);
    return answered / ((performance.now() - t0) / 1000);
  } finally {
    child.removeAllListeners('exit');
    child.kill();
  }
}

export interface SteadyTiming {
  /** Requests per second actually sent (the schedule may slip on a busy machine). */
  sentRate: number;
  /** Milliseconds from each request's send to its 202. */
  answerMs: readonly number[];
}

/**
 * Open loop: sends `bodies` at `rate` requests/s on a fixed schedule, whether or not earlier ones
 * have been answered, as independent senders (webhooks, a stream connector) do; resolves once every
 * one is answered. Unlike `timeIngest`'s closed loop, the load does not fall when the server slows,
 * so the CPU it costs per request compares settings at the same load.
 */
export async function driveSteady(bodies: readonly string[], rate: number, send: (body: string) => Promise<void>): Promise<SteadyTiming> {
  const answerMs: number[] = [];
  const answers: Promise<void>[] = [];
  const t0 = performance.now();
  let next = 0;
  while (next < bodies.length) {
    const due = Math.min(bodies.length, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
    for (; next < due; next++) {
      const sentAt = performance.now();
      answers.push(send(bodies[next]).then(() => void answerMs.push(performance.now() - sentAt)));
    }
    if (next < bodies.length) await sleep(1);
  }
  const sentRate = bodies.length / ((performance.now() - t0) / 1000);
  await Promise.all(answers);
  return { sentRate, answerMs };
}
