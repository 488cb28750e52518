import { io, type Socket } from 'socket.io-client';
import type { LiveSnapshot } from '@escucha/live';
import { aPostInput } from '../support/post-inputs';
import { distribution, fmtInt, fmtMs, progress, sleep, type BenchResult, type Distribution } from './report';
import { BenchServer } from './server';

/**
 * How long after the 202 a dashboard sees a post: time to the first `live:update` whose
 * `latest` holds it, at the default throttle, (a) at a low rate, one marker post every 2 s and
 * nothing else, and (b) with 1,000 posts/s of other traffic. The floor is the HTTP round-trip.
 */

const THROTTLE_MS = 1000;
const QUIET_SAMPLES = 40;
const QUIET_EVERY_MS = 2000;
const BUSY_SAMPLES = 40;
const BACKGROUND_RATE = 1000;
const BACKGROUND_BATCH = 50;
const WARMUP_SAMPLES = 3;
const SAMPLE_TIMEOUT_MS = 15_000;
const GOAL_QUIET_P50_MS = 150;
const GOAL_QUIET_P99_MS = 500;
const GOAL_BUSY_P99_MS = 1500;
/**
 * Background posts are dated a few seconds back (posts reach a listening tool some time after
 * they were written), so they cannot push the markers, dated now, out of the newest 20 that
 * `latest` carries before the update that should show them.
 */
const BACKGROUND_AGE_MS = 5000;

interface Samples {
  /** 202 → live:update on the admin's socket (posts as they are). */
  latency: Distribution;
  /** The same on a marketing socket, which gets the posts with their authors pseudonymised. */
  pseudonymous: Distribution;
  rtt: Distribution;
}

/**
 * Call-centre records: an internal channel's authors are people, so a marketing socket gets each
 * of them mapped to its pseudonymous copy (the cost the marketing rows measure).
 */
const SOURCE = 'callcenter';

/** Notes when each marker first shows up, so an update that beats the 202 is not missed. */
function watch(socket: Socket): { seenAt: Map<string, number>; waitFor(marker: string): Promise<void> } {
  const seenAt = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  socket.on('live:update', (snapshot: LiveSnapshot) => {
    const now = performance.now();
    for (const post of snapshot.latest) {
      const marker = post.id.slice(post.id.indexOf(':') + 1);
      if (!marker.startsWith('mark') || seenAt.has(marker)) continue;
      seenAt.set(marker, now);
      waiters.get(marker)?.();
    }
  });
  return {
    seenAt,
    waitFor(marker) {
      if (seenAt.has(marker)) return Promise.resolve();
      return new Promise<void>((resolve, fail) => {
        const timer = setTimeout(() => fail(new Error(`no live:update with ${marker} within ${SAMPLE_TIMEOUT_MS} ms`)), SAMPLE_TIMEOUT_MS);
        waiters.set(marker, () => {
          clearTimeout(timer);
          waiters.delete(marker);
          resolve();
        });
      });
    },
  };
}

async function markers(server: BenchServer, sockets: { admin: Socket; marketing: Socket }, tag: string, count: number, gapMs: () => number): Promise<Samples> {
  const admin = watch(sockets.admin);
  const marketing = watch(sockets.marketing);
  const latency: number[] = [];
  const pseudonymous: number[] = [];
  const rtt: number[] = [];
  for (let i = -WARMUP_SAMPLES; i < count; i++) {
    await sleep(gapMs());
    const marker = `mark${tag}${process.pid}n${i + WARMUP_SAMPLES}`;
    const post = aPostInput({ id: marker, source: SOURCE, createdAt: new Date().toISOString() });
    const shown = Promise.all([admin.waitFor(marker), marketing.waitFor(marker)]);
    shown.catch(() => undefined);
    const sentAt = performance.now();
    await server.postBody(JSON.stringify([post]));
    const ackAt = performance.now();
    await shown;
    if (i < 0) continue;
    rtt.push(ackAt - sentAt);
    latency.push(Math.max(0, admin.seenAt.get(marker)! - ackAt));
    pseudonymous.push(Math.max(0, marketing.seenAt.get(marker)! - ackAt));
  }
  return { latency: distribution(latency), pseudonymous: distribution(pseudonymous), rtt: distribution(rtt) };
}

/** Paced background traffic: `rate` posts/s, in batches, until stopped. */
function background(server: BenchServer, rate: number): { stop(): Promise<number> } {
  let stopping = false;
  let sent = 0;
  const everyMs = (1000 * BACKGROUND_BATCH) / rate;
  const loop = (async () => {
    const t0 = performance.now();
    for (let n = 0; !stopping; n++) {
      const due = t0 + n * everyMs;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const createdAt = new Date(Date.now() - BACKGROUND_AGE_MS).toISOString();
      const batch = Array.from({ length: BACKGROUND_BATCH }, () => aPostInput({ source: SOURCE, createdAt }));
      await server.postBody(JSON.stringify(batch));
      sent += BACKGROUND_BATCH;
    }
    return (sent / (performance.now() - t0)) * 1000;
  })();
  return {
    async stop() {
      stopping = true;
      return loop;
    },
  };
}

export async function liveBench(): Promise<BenchResult> {
  const started = performance.now();
  const server = await new BenchServer({ LIVE_THROTTLE_MS: String(THROTTLE_MS) }).start();
  const connect = (token: string): Socket => io(`${server.url}/live`, { auth: { token }, transports: ['websocket'], reconnection: false });
  const sockets = { admin: connect(server.authToken), marketing: connect(await server.userToken('mara', 'marketing')) };
  try {
    for (const socket of Object.values(sockets)) {
      await new Promise<void>((done, fail) => {
        if (socket.connected) return done();
        socket.once('connect', done);
        socket.once('connect_error', fail);
      });
    }
    progress(`live: ${QUIET_SAMPLES} marker posts, one every ${QUIET_EVERY_MS} ms, nothing else…`);
    const quiet = await markers(server, sockets, 'q', QUIET_SAMPLES, () => QUIET_EVERY_MS);
    progress(`live: quiet p50 ${fmtMs(quiet.latency.p50)}, p99 ${fmtMs(quiet.latency.p99)}`);

    progress(`live: ${BUSY_SAMPLES} markers under ${fmtInt(BACKGROUND_RATE)} posts/s of background…`);
    const traffic = background(server, BACKGROUND_RATE);
    let busy: Samples;
    let achieved: number;
    try {
      await sleep(2000);
      // A random phase against the push timer, as a dashboard user's posts would have.
      busy = await markers(server, sockets, 'b', BUSY_SAMPLES, () => 200 + Math.random() * THROTTLE_MS);
    } finally {
      achieved = await traffic.stop();
    }
    progress(`live: busy p50 ${fmtMs(busy.latency.p50)}, p99 ${fmtMs(busy.latency.p99)} (background ${fmtInt(achieved)} posts/s)`);

    return {
      title: '3. live:update latency',
      method: [
        `The built server with LIVE_THROTTLE_MS=${THROTTLE_MS} (the default), an empty temp DATA_DIR, two socket.io clients on \`/live\` (websocket transport, default 60-minute window): an admin's, which gets posts as they are, and a marketing user's, which gets them with their authors pseudonymised. Every post is a call-centre record (an internal channel), so each one in a marketing push is mapped.`,
        `Quiet: one post every ${QUIET_EVERY_MS} ms and nothing else. Busy: ${fmtInt(BACKGROUND_RATE)} posts/s of other posts (batches of ${BACKGROUND_BATCH}, paced) while a marker post goes every 0.2–1.2 s.`,
        `Each sample: POST one post whose id is a unique marker, then time from the 202 to the first \`live:update\` whose \`latest\` holds it. Background posts are dated ${BACKGROUND_AGE_MS / 1000} s back so they cannot push the markers out of \`latest\` (newest 20) first. ${WARMUP_SAMPLES} warm-up samples per scenario are dropped.`,
        'Baseline: the HTTP round-trip of the same POST (request sent → 202 received).',
      ],
      settings: {
        'quiet samples': QUIET_SAMPLES,
        'busy samples': BUSY_SAMPLES,
        'background posts/s (asked → achieved)': `${fmtInt(BACKGROUND_RATE)} → ${fmtInt(achieved)}`,
        LIVE_THROTTLE_MS: THROTTLE_MS,
      },
      rows: [
        {
          metric: 'quiet, p50 202 → live:update',
          value: fmtMs(quiet.latency.p50),
          baseline: `${fmtMs(quiet.rtt.p50)} (POST round-trip)`,
          goal: `≤ ${fmtMs(GOAL_QUIET_P50_MS)}`,
          met: quiet.latency.p50 <= GOAL_QUIET_P50_MS,
        },
        {
          metric: 'quiet, p99 202 → live:update',
          value: fmtMs(quiet.latency.p99),
          baseline: `${fmtMs(quiet.rtt.p99)} (POST round-trip)`,
          goal: `≤ ${fmtMs(GOAL_QUIET_P99_MS)}`,
          met: quiet.latency.p99 <= GOAL_QUIET_P99_MS,
        },
        {
          metric: `busy (${fmtInt(BACKGROUND_RATE)} posts/s), p99 202 → live:update`,
          value: fmtMs(busy.latency.p99),
          baseline: `${fmtMs(busy.rtt.p99)} (POST round-trip)`,
          goal: `≤ ${fmtMs(GOAL_BUSY_P99_MS)}`,
          met: busy.latency.p99 <= GOAL_BUSY_P99_MS,
        },
        { metric: 'busy, p50 202 → live:update', value: fmtMs(busy.latency.p50), baseline: `${fmtMs(busy.rtt.p50)} (POST round-trip)`, goal: '' },
        { metric: 'quiet, p50 202 → live:update, marketing socket (pseudonymous)', value: fmtMs(quiet.pseudonymous.p50), baseline: `${fmtMs(quiet.latency.p50)} (admin socket)`, goal: '' },
        { metric: 'busy, p99 202 → live:update, marketing socket (pseudonymous)', value: fmtMs(busy.pseudonymous.p99), baseline: `${fmtMs(busy.latency.p99)} (admin socket)`, goal: '' },
      ],
      notes: [
        'A push goes out at once when the window changes after a quiet spell (leading edge) and at most once per LIVE_THROTTLE_MS under load; store writes under load start at most every INGEST_WRITE_INTERVAL_MS (100 ms).',
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const socket of Object.values(sockets)) socket.disconnect();
    await server.stop();
  }
}
