import { createAnalyzer, STOPWORDS } from '@escucha/analysis';
import type { PostFilter } from '@escucha/core';
import { duckDbFile, openDuckDbStores, type PostStore } from '@escucha/store';
import { waitFor } from '../support/server';
import { batches, DAY_MS, demoGenerator, enrich, startOfThisHour } from './corpus';
import { importDemoCrm } from './crm';
import { distribution, fmtInt, fmtMs, mean, progress, type BenchResult, type Distribution, type Row } from './report';
import { BenchServer } from './server';

/**
 * The analyst's dashboard over a month of history: the 24-hour queries it fires, through
 * the real API against a server whose DATA_DIR holds 1M posts, and straight on the store.
 */

const TOTAL_POSTS = 1_000_000;
const DAYS = 30;
const BATCH = 5_000;
const WARMUP_ROUNDS = 3;
const ROUNDS = 30;
const GOAL_P95_MS = 150;
const MINUTE_MS = 60_000;
/** Customers whose profile an agent opens, spread over the demo CRM, and the passes over them. */
const PROFILES = 20;
const PROFILE_ROUNDS = 3;
/** A pass over 1M posts is a few hundred relink jobs; far more than this means it is stuck. */
const RELINK_TIMEOUT_MS = 15 * MINUTE_MS;

/** One dashboard query, runnable on the store directly and through the API for the window [from, to). */
interface DashboardQuery {
  name: string;
  direct(store: PostStore, filter: PostFilter): Promise<unknown>;
  api(range: string): string;
}

const QUERIES: DashboardQuery[] = [
  {
    name: 'histogram by sentiment, hourly',
    direct: (s, f) => s.histogram(f, 'hour', 'sentiment'),
    api: (r) => `/api/v1/history/histogram?${r}&interval=hour&split=sentiment`,
  },
  { name: 'breakdown by topic', direct: (s, f) => s.breakdown(f, 'topic', 10), api: (r) => `/api/v1/history/breakdown?${r}&split=topic&limit=10` },
  { name: 'top authors', direct: (s, f) => s.topAuthors(f, 10), api: (r) => `/api/v1/history/authors?${r}&limit=10` },
  // 30 and the stop-word list are what the history service uses by default.
  { name: 'top terms', direct: (s, f) => s.topTerms(f, 30, STOPWORDS), api: (r) => `/api/v1/history/terms?${r}&limit=30` },
  { name: 'search, first page of 50', direct: (s, f) => s.search(f, { limit: 50 }), api: (r) => `/api/v1/posts?${r}&limit=50` },
  {
    // What the compare route runs: count and breakdown for the period and the 24 h before it.
    name: 'compare with the previous 24 h (by topic)',
    direct: (s, f) => {
      const previous = { from: new Date(f.from!.getTime() - DAY_MS), to: f.from };
      return Promise.all([s.count(f), s.breakdown(f, 'topic', 50), s.count(previous), s.breakdown(previous, 'topic', 50)]);
    },
    api: (r) => `/api/v1/history/compare?${r}&split=topic`,
  },
];

/**
 * Each round runs every query once, in turn, so a slow patch of the machine hits all of
 * them alike; each round's window ends a minute earlier, like a dashboard refreshed over time.
 */
async function measure(run: (query: DashboardQuery, filter: PostFilter) => Promise<unknown>, queries: DashboardQuery[], end: Date): Promise<Map<string, Distribution>> {
  const samples = new Map<string, number[]>(queries.map((q) => [q.name, []]));
  for (let round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
    const to = new Date(end.getTime() - Math.max(0, round) * MINUTE_MS);
    const filter: PostFilter = { from: new Date(to.getTime() - DAY_MS), to };
    for (const query of queries) {
      const t0 = performance.now();
      await run(query, filter);
      if (round >= 0) samples.get(query.name)!.push(performance.now() - t0);
    }
  }
  return new Map([...samples].map(([name, values]) => [name, distribution(values)]));
}

/** Upsert throughput over a slice of the fill, to show whether writes slow down as the table grows. */
interface UpsertRate {
  label: string;
  perSecond: number;
}

/** Newest day first, so a partial day (to stop at exactly TOTAL_POSTS) is the oldest one. */
interface CrmFigures {
  customers: number;
  relinkSeconds: number;
  linked: number;
  suggested: number;
  profile: Distribution;
  postsPerProfile: { mean: number; most: number };
}

/**
 * The call centre's half of history: the demo CRM imported through the API into the server over
 * 1M posts, the relink it queues timed until the batch queue is idle (every stored author matched,
 * a page of authors per job), then the profiles agents open.
 */
async function measureCrm(server: BenchServer): Promise<CrmFigures> {
  const started = performance.now();
  const crm = await importDemoCrm(server);
  await waitFor(
    'the relink after the import to finish',
    async () => {
      const batch = (await server.get<Array<{ queue: string; waiting: number; active: number; delayed: number; failed: number }>>('/api/v1/jobs')).find((q) => q.queue === 'batch');
      if (!batch) throw new Error('no batch queue in /api/v1/jobs');
      if (batch.failed > 0) throw new Error(`${batch.failed} batch jobs failed during the relink`);
      return batch.waiting + batch.active + batch.delayed === 0 ? true : undefined;
    },
    RELINK_TIMEOUT_MS,
    250,
  );
  const relinkSeconds = (performance.now() - started) / 1000;
  const total = async (status: string): Promise<number> => (await server.get<{ total: number }>(`/api/v1/identity/links?status=${status}&limit=1`)).total;
  const [linked, suggested] = [await total('linked'), await total('suggested')];
  progress(`history: demo CRM of ${fmtInt(crm.length)} imported and relinked in ${relinkSeconds.toFixed(1)} s: ${fmtInt(linked)} linked, ${fmtInt(suggested)} suggested`);

  const ids = Array.from({ length: PROFILES }, (_, i) => crm[Math.floor((i * crm.length) / PROFILES)].id);
  const samples: number[] = [];
  const posts: number[] = [];
  for (let round = 0; round <= PROFILE_ROUNDS; round++) {
    for (const id of ids) {
      const t0 = performance.now();
      const profile = await server.get<{ timeline: { total: number } }>(`/api/v1/customers/${encodeURIComponent(id)}/profile`);
      // The first round warms up.
      if (round > 0) samples.push(performance.now() - t0);
      else posts.push(profile.timeline.total);
    }
  }
  if (posts.every((n) => n === 0)) throw new Error('no profile found a post: the CRM and the stored posts do not meet');
  return { customers: crm.length, relinkSeconds, linked, suggested, profile: distribution(samples), postsPerProfile: { mean: mean(posts), most: Math.max(...posts) } };
}

async function fill(store: PostStore, end: Date): Promise<{ stored: number; oldest: Date; upsertRates: UpsertRate[] }> {
  const generator = demoGenerator();
  const analyzer = createAnalyzer();
  const ingestedAt = new Date();
  let stored = 0;
  let oldest = end;
  // Upsert time alone (generation and analysis excluded), per 100k posts.
  const upsertRates: UpsertRate[] = [];
  let sliceMs = 0;
  let sliceStart = 0;
  for (let day = 0; day < DAYS && stored < TOTAL_POSTS; day++) {
    const to = new Date(end.getTime() - day * DAY_MS);
    const inputs = generator.generate(new Date(to.getTime() - DAY_MS), to);
    const keep = inputs.slice(Math.max(0, inputs.length - (TOTAL_POSTS - stored)));
    if (day === DAYS - 1 && stored + keep.length < TOTAL_POSTS) throw new Error(`the generator gave only ${stored + keep.length} posts over ${DAYS} days`);
    for (const batch of batches(keep, BATCH)) {
      const posts = enrich(analyzer, batch, ingestedAt);
      const t0 = performance.now();
      await store.upsert(posts);
      sliceMs += performance.now() - t0;
      stored += batch.length;
      if (stored - sliceStart >= 100_000 || stored === TOTAL_POSTS) {
        const perSecond = ((stored - sliceStart) / sliceMs) * 1000;
        upsertRates.push({ label: `${fmtInt(sliceStart)}–${fmtInt(stored)}`, perSecond });
        progress(`  ${fmtInt(stored)} stored (upsert ${fmtInt(perSecond)} posts/s over the last ${fmtInt(stored - sliceStart)})`);
        sliceStart = stored;
        sliceMs = 0;
      }
    }
    if (keep.length > 0) oldest = new Date(keep[0].createdAt);
  }
  return { stored, oldest, upsertRates };
}

/** The baseline is a bare count over the same window. */
const BASELINE: DashboardQuery = { name: 'count()', direct: (s, f) => s.count(f), api: () => '' };

/** Runs `work` on the DuckDB file under `dataDir` and closes it (which checkpoints), even on failure. */
async function withStore<T>(dataDir: string, work: (store: PostStore) => Promise<T>): Promise<T> {
  const stores = await openDuckDbStores(duckDbFile(dataDir));
  return work(stores.posts).finally(() => stores.close());
}

const cellOf = (d: Distribution): string => `p95 ${fmtMs(d.p95)} (p50 ${fmtMs(d.p50)})`;

export async function historyBench(): Promise<BenchResult> {
  const started = performance.now();
  const end = startOfThisHour();
  const server = new BenchServer();
  try {
    progress(`history: filling ${fmtInt(TOTAL_POSTS)} posts over ${DAYS} days before ${end.toISOString()}…`);
    const t0 = performance.now();
    const { stored, oldest, upsertRates } = await withStore(server.dataDir, (store) => fill(store, end));
    const fillSeconds = (performance.now() - t0) / 1000;

    // Reopened, so these queries meet the file as the server will: checkpointed, caches cold,
    // not the buffers the fill left behind. DuckDB lets one process hold the file, so the
    // baseline (and the same queries without HTTP, for reference) run here before the server starts.
    const window: PostFilter = { from: new Date(end.getTime() - DAY_MS), to: end };
    const { lastDay, direct } = await withStore(server.dataDir, async (store) => {
      const counted = await store.count();
      if (counted !== TOTAL_POSTS) throw new Error(`store holds ${counted} posts, expected ${TOTAL_POSTS}`);
      const inWindow = await store.count(window);
      progress(`history: ${fmtInt(stored)} stored in ${fillSeconds.toFixed(0)} s; ${fmtInt(inWindow)} in the last 24 h`);
      progress('history: queries straight on the store…');
      return { lastDay: inWindow, direct: await measure((q, f) => q.direct(store, f), [BASELINE, ...QUERIES], end) };
    });
    const baseline = direct.get(BASELINE.name)!;

    progress('history: starting the server on that DATA_DIR…');
    const serverStart = performance.now();
    await server.start();
    const startSeconds = (performance.now() - serverStart) / 1000;
    // A wrong range or an empty answer would make the queries look fast: check once that they see the data.
    const range = (f: PostFilter): string => `from=${f.from!.toISOString()}&to=${f.to!.toISOString()}`;
    const probe = await server.get<{ total: number }>(`/api/v1/posts?${range(window)}&limit=1`);
    if (probe.total !== lastDay) throw new Error(`the API counts ${probe.total} posts in the last 24 h, the store ${lastDay}`);
    progress('history: queries through the API…');
    const api = await measure((q, f) => server.get(q.api(range(f))), QUERIES, end);
    progress('history: importing the demo CRM, relinking, opening profiles…');
    const crm = await measureCrm(server);

    const rows: Row[] = QUERIES.map((q) => {
      const d = api.get(q.name)!;
      progress(`  ${q.name}: API ${cellOf(d)}; store ${cellOf(direct.get(q.name)!)}`);
      return {
        metric: `${q.name}, via API`,
        value: cellOf(d),
        baseline: `count(): ${cellOf(baseline)}`,
        goal: `p95 ≤ ${fmtMs(GOAL_P95_MS)}`,
        met: d.p95 <= GOAL_P95_MS,
      };
    });
    for (const q of QUERIES) rows.push({ metric: `${q.name}, on the store`, value: cellOf(direct.get(q.name)!), baseline: `count(): ${cellOf(baseline)}`, goal: '' });
    const search = api.get('search, first page of 50')!;
    rows.push(
      {
        metric: `customer profile (GET /api/v1/customers/:id/profile), ${PROFILES} of the ${fmtInt(crm.customers)} demo customers, via API`,
        value: `${cellOf(crm.profile)}; ${fmtInt(crm.postsPerProfile.mean)} posts per profile, most ${fmtInt(crm.postsPerProfile.most)}`,
        baseline: `search, first page of 50: ${cellOf(search)}`,
        goal: '',
      },
      {
        metric: `relink after importing the demo CRM (${fmtInt(crm.customers)} customers): s until the batch queue is idle`,
        value: `${crm.relinkSeconds.toFixed(1)} s; ${fmtInt(crm.linked)} linked, ${fmtInt(crm.suggested)} suggested`,
        baseline: '',
        goal: '',
      },
    );

    return {
      title: '4. History queries over 1M posts',
      method: [
        `A DuckDB store (\`openDuckDbStores\`, temp dir) filled with demo posts over ${DAYS} days, analysed by \`createAnalyzer\` and upserted in batches of ${fmtInt(BATCH)}, then closed (which checkpoints) and reopened.`,
        'The 24-hour dashboard window is the last 24 h of the data; each round moves it a minute back.',
        `Measured through the real API (the built server started on that DATA_DIR after the fill, one client, sequential requests, JSON parsed) and, before that, straight on the store in this process: ${WARMUP_ROUNDS} warm-up rounds, then ${ROUNDS} rounds of every query in turn.`,
        'Baseline: `count()` over the same 24 h on the store, measured alongside (the API has no bare count route).',
        `Then the call centre's half: the demo world's CRM (the customers among the people behind the demo posts) imported through \`POST /api/v1/customers\`, and the relink it queues timed from the import until \`GET /api/v1/jobs\` shows the batch queue idle (every stored author matched against the CRM, a page of authors per job, links saved). Then \`GET /api/v1/customers/:id/profile\` for ${PROFILES} customers spread over the CRM: one warm-up round, then ${PROFILE_ROUNDS} rounds. A profile reads the customer's records by customer id, the posts of each linked author, and the mentions of their handles. Baseline: the search route's first page, same server, from the queries above.`,
      ],
      settings: {
        'posts stored': stored,
        span: `${oldest.toISOString()} → ${end.toISOString()}`,
        'posts in the 24 h window': lastDay,
        'fill (generate + analyse + upsert)': `${fillSeconds.toFixed(0)} s, ${fmtInt(stored / fillSeconds)} posts/s`,
        'server start on the filled file': `${startSeconds.toFixed(1)} s`,
        rounds: ROUNDS,
      },
      rows,
      notes: [
        `Upsert alone during the fill (posts/s per 100k, table growing): ${upsertRates.map((r) => `${r.label}: ${fmtInt(r.perSecond)}`).join('; ')}.`,
      ],
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await server.stop();
  }
}
