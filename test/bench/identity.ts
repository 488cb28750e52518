import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DuckDBListValue } from '@duckdb/node-api';
import { createAnalyzer } from '@escucha/analysis';
import type { Customer, IdentityLink } from '@escucha/core';
import { CustomerIndex, DEFAULT_MATCH_OPTIONS, MAX_SUGGESTIONS, RELINK_PAGE, TEXTS_PER_AUTHOR, collectAuthor, matchAuthor, validateCustomerInput, type AuthorProfile } from '@escucha/identity';
import { openDuckDbStores } from '@escucha/store';
import { SqlParams, VARCHAR_LIST } from '../../libs/store/src/duckdb/duckdb.values';
import { withDuckDbFile } from '../support/duckdb-file';
import { generatePopulation, type PopulationAuthor } from '../../apps/cli/src/eval/identity.population';
import { demoInputs, enrich } from './corpus';
import { fmtInt, fmtMs, fmtRatio, mean, median, progress, throughput, type BenchResult, type Row } from './report';

/**
 * What linking costs a post as the CRM grows: the ingest job matches each author of a batch
 * against the customer index in memory (`matchAuthor`), so the cost per author is what a CRM
 * adds to ingest. Beside it, in the same run, what analysing a post costs: the work every post
 * pays anyway.
 */

const SIZES = [3_000, 30_000, 300_000];
const fmtMicros = (value: number): string => (value >= 100 ? fmtInt(value) : value.toFixed(1));
const AUTHORS = 4_000;
const MEASURE_MS = 3_000;

// The index's memory is read between full collections, which the bench process is not started to allow.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface SizeFigures {
  customers: number;
  micros: number;
  passes: number;
  candidates: number;
  /** Distinct names the candidates hold: what the matcher compares the author's name with. */
  names: number;
  /** Decisions (links and suggestions) per author: the mean and the most for one author. */
  decisions: { mean: number; most: number };
  bytesPerCustomer: number;
}

function measureSize(customersWanted: number): SizeFigures {
  const population = generatePopulation({ seed: 20261123, customers: customersWanted, authors: AUTHORS, customerShare: 0.2 });
  const now = new Date();
  const customers: Customer[] = population.customers.map((record) => {
    const outcome = validateCustomerInput(record, DEFAULT_MATCH_OPTIONS.region, now);
    if (!outcome.ok) throw new Error(`generated customer ${record.id} is invalid: ${outcome.error}`);
    return outcome.customer;
  });
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const index = new CustomerIndex();
  index.put(customers);
  gc();
  const bytesPerCustomer = (process.memoryUsage().heapUsed - heapBefore) / customers.length;
  const authors: PopulationAuthor[] = population.authors;
  const candidates = authors.reduce((sum, author) => sum + index.nameCandidates(author.name).length, 0) / authors.length;
  const names = authors.reduce((sum, author) => sum + index.namesNear(author.name).length, 0) / authors.length;
  const perAuthor = authors.map((author) => matchAuthor(author, index, DEFAULT_MATCH_OPTIONS).length);
  let decisions = 0;
  const match = (): void => {
    for (const author of authors) decisions += matchAuthor(author, index, DEFAULT_MATCH_OPTIONS).length;
  };
  throughput(`warm-up, ${fmtInt(customers.length)} customers`, authors.length, match, 0, 1, 'authors');
  const { perSecond, passes } = throughput(`${fmtInt(customers.length)} customers, matching`, authors.length, match, MEASURE_MS, 3, 'authors');
  if (decisions === 0) throw new Error('no author matched anyone: the population or the matcher is broken');
  const micros = 1e6 / perSecond;
  progress(`  ${fmtInt(customers.length)} customers: ${micros.toFixed(1)} µs per author, ${candidates.toFixed(1)} name candidates, ${fmtInt(bytesPerCustomer)} B per customer`);
  const mostDecisions = perAuthor.reduce((most, n) => Math.max(most, n), 0);
  return { customers: customers.length, micros, passes, candidates, names, decisions: { mean: mean(perAuthor), most: mostDecisions }, bytesPerCustomer };
}

/**
 * Stored links read per ingest job: with customers loaded, each job reads the links of its authors
 * who may match someone (`forAuthors`), so that read must not grow with the links table.
 */
const LINK_SIZES = [1_000, 100_000, 1_000_000];
/** Authors per read: a job of one-post requests grouped for 5 ms holds about ten. */
const JOB_AUTHORS = 10;
const LINK_READS = 200;
const LINK_GOAL_GROWTH = 1.5;
/** The previous driver's read: the list tested row by row, which no index serves. */
const OLD_FOR_AUTHORS = 'SELECT * FROM identity_links WHERE list_contains($authors, author) ORDER BY author, customer_id';

interface LinkFigures {
  links: number;
  ms: number;
  oldMs: number;
}

/** Half the authors of a read have links, as regular customers among first-time authors. */
function jobAuthors(links: number): string[] {
  return Array.from({ length: JOB_AUTHORS }, (_, i) => (i % 2 === 0 ? `x:${Math.floor(Math.random() * links)}` : `x:new-${Math.random()}`));
}

async function medianMs(read: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < LINK_READS / 10; i++) await read();
  const samples: number[] = [];
  for (let i = 0; i < LINK_READS; i++) {
    const t0 = performance.now();
    await read();
    samples.push(performance.now() - t0);
  }
  return median(samples);
}

/** Links per save: a job's few, and a relink page's worth (a few per author who may match, up to MAX_SUGGESTIONS each). */
const SAVE_SIZES = [500, 500 * MAX_SUGGESTIONS];
const SAVE_ROUNDS = 5;

interface SaveFigures {
  links: number;
  ms: number;
  oldMs: number;
}

let savedLinks = 0;
/** Links of authors not stored yet, as a relink mostly writes. */
function newLinks(count: number): IdentityLink[] {
  return Array.from({ length: count }, () => {
    const n = savedLinks++;
    return { author: `x:saved-${n}`, customerId: `C${n % 300_000}`, method: 'fuzzy', confidence: 0.7, status: 'suggested', by: 'system', at: new Date(), reasons: ['first name', 'surname', 'city'] };
  });
}

/** The previous driver's save: a VALUES list, a bound parameter per field. */
function oldSave(links: readonly IdentityLink[]): { sql: string; params: SqlParams } {
  const params = new SqlParams();
  const values = links.map(
    (l) =>
      `(${[params.add(l.author), params.add(l.customerId), params.add(l.method), params.add(l.confidence), params.add(l.status), params.add(l.by), params.timestamp(l.at), params.add(l.reasons ? JSON.stringify(l.reasons) : null)].join(', ')})`,
  );
  return { sql: `INSERT OR REPLACE INTO identity_links (author, customer_id, method, confidence, status, by_user, decided_at, reasons) VALUES ${values.join(', ')}`, params };
}

/** Saves on the file as it is (a million links): the driver's, then the previous statement's, alternating. */
async function measureLinkSaves(file: string): Promise<SaveFigures[]> {
  const figures: SaveFigures[] = [];
  for (const size of SAVE_SIZES) {
    const ms: number[] = [];
    const oldMs: number[] = [];
    for (let round = 0; round < SAVE_ROUNDS; round++) {
      const stores = await openDuckDbStores(file);
      try {
        const links = newLinks(size);
        const t0 = performance.now();
        await stores.identityLinks.save(links);
        ms.push(performance.now() - t0);
      } finally {
        await stores.close();
      }
      oldMs.push(
        await withDuckDbFile(file, async (raw) => {
          const { sql, params } = oldSave(newLinks(size));
          const t0 = performance.now();
          await raw.run(sql, params.values, params.types);
          return performance.now() - t0;
        }),
      );
    }
    figures.push({ links: size, ms: median(ms), oldMs: median(oldMs) });
    progress(`  save ${fmtInt(size)} links: p50 ${fmtMs(median(ms))}, previous statement ${fmtMs(median(oldMs))}`);
  }
  return figures;
}

async function measureLinks(): Promise<{ reads: LinkFigures[]; saves: SaveFigures[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'escucha-bench-links-'));
  const file = join(dir, 'links.duckdb');
  const figures: LinkFigures[] = [];
  try {
    // Opened once through the driver so the table and its indexes are the driver's own.
    await (await openDuckDbStores(file)).close();
    let stored = 0;
    for (const size of LINK_SIZES) {
      const oldMs = await withDuckDbFile(file, async (raw) => {
        // Grown in SQL: a million links saved one statement at a time would take most of the run.
        await raw.run(
          `INSERT INTO identity_links SELECT 'x:' || i, 'C' || (i % 300000), 'fuzzy', 0.8, 'suggested', 'system', TIMESTAMP '2026-01-01', NULL FROM range(${stored}, ${size}) t(i)`,
        );
        return medianMs(() => raw.runAndReadAll(OLD_FOR_AUTHORS, { authors: new DuckDBListValue(jobAuthors(size)) }, { authors: VARCHAR_LIST }));
      });
      stored = size;
      const stores = await openDuckDbStores(file);
      try {
        const ms = await medianMs(() => stores.identityLinks.forAuthors(jobAuthors(size)));
        figures.push({ links: size, ms, oldMs });
        progress(`  ${fmtInt(size)} links: forAuthors p50 ${fmtMs(ms)}, previous statement ${fmtMs(oldMs)}`);
      } finally {
        await stores.close();
      }
    }
    return { reads: figures, saves: await measureLinkSaves(file) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What a relink reads: after a customer import every author already seen is matched again, so
 * the store hands over each author with their newest profile and texts. A store of
 * RELINK_POSTS posts by RELINK_AUTHORS authors (a few posts each, as on social sources).
 */
const RELINK_POSTS = 1_000_000;
const RELINK_AUTHORS = 300_000;
/** Posts per page of the previous read: the search page limit. */
const OLD_RELINK_PAGE = 500;

interface RelinkFigures {
  authors: number;
  seconds: number;
  pages: number;
  /** Heap the reader holds at its largest (after a full collection). */
  heldMb: number;
  oldAuthors: number;
  oldSeconds: number;
  oldPages: number;
  oldHeldMb: number;
}

/** 2,000 real enriched posts cloned under new ids, times and authors (author i of RELINK_AUTHORS, spread over the year). */
async function growAuthorsStore(file: string): Promise<void> {
  const stores = await openDuckDbStores(file);
  try {
    const templates = enrich(createAnalyzer(), demoInputs(2_000, new Date()), new Date());
    await stores.posts.upsert(templates.map((post) => ({ ...post, id: `${post.id}#template`, nativeId: `${post.nativeId}#template` })));
  } finally {
    await stores.close();
  }
  const first = Date.now() - 365 * 86_400_000;
  const stepMicros = Math.floor((363 * 86_400_000 * 1000) / RELINK_POSTS);
  await withDuckDbFile(file, async (raw) => {
    await raw.run(`CREATE TEMP TABLE templates AS SELECT row_number() OVER () - 1 AS k, * FROM posts WHERE id LIKE '%#template'`);
    await raw.run(`INSERT INTO posts SELECT t.* EXCLUDE (k) REPLACE (
        t.source || ':r' || r.i::VARCHAR AS id, 'r' || r.i::VARCHAR AS native_id,
        make_timestamp(${first * 1000} + r.i * ${stepMicros}) AS created_at,
        make_timestamp(${first * 1000} + r.i * ${stepMicros} + 5000000) AS ingested_at,
        'u' || ((r.i * 7919) % ${RELINK_AUTHORS})::VARCHAR AS author_id,
        'h' || ((r.i * 7919) % ${RELINK_AUTHORS})::VARCHAR AS author_handle)
      FROM range(0, ${RELINK_POSTS}) r(i) JOIN templates t ON t.k = r.i % 2000`);
    await raw.run(`DELETE FROM posts WHERE id LIKE '%#template'`);
    await raw.run('CHECKPOINT');
  });
}

function heapMb(before: number): number {
  gc();
  return (process.memoryUsage().heapUsed - before) / 1e6;
}

/** The read a relink makes, through the driver: pages of authors, then the previous way (every post newest first, authors gathered in one map). */
async function measureRelinkRead(): Promise<RelinkFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'escucha-bench-relink-'));
  const file = join(dir, 'relink.duckdb');
  try {
    const grown = performance.now();
    await growAuthorsStore(file);
    progress(`  relink: store of ${fmtInt(RELINK_POSTS)} posts grown in ${((performance.now() - grown) / 1000).toFixed(0)} s`);
    const stores = await openDuckDbStores(file);
    try {
      gc();
      let before = process.memoryUsage().heapUsed;
      let started = performance.now();
      let authors = 0;
      let pages = 0;
      let heldMb = 0;
      let cursor: string | undefined;
      do {
        const page = await stores.posts.authors({ limit: RELINK_PAGE, cursor, texts: TEXTS_PER_AUTHOR });
        authors += page.items.length;
        cursor = page.nextCursor;
        // Sampled: a collection per page would be most of the time measured.
        if (pages++ % 20 === 0) heldMb = Math.max(heldMb, heapMb(before));
      } while (cursor);
      const seconds = (performance.now() - started) / 1000;
      progress(`  relink: ${fmtInt(authors)} authors in ${pages} pages, ${seconds.toFixed(1)} s, ${heldMb.toFixed(1)} MB held`);

      gc();
      before = process.memoryUsage().heapUsed;
      started = performance.now();
      const profiles = new Map<string, AuthorProfile>();
      let oldPages = 0;
      cursor = undefined;
      do {
        const page = await stores.posts.search({}, { limit: OLD_RELINK_PAGE, cursor });
        for (const post of page.items) collectAuthor(profiles, post);
        cursor = page.nextCursor;
        oldPages++;
      } while (cursor);
      const oldSeconds = (performance.now() - started) / 1000;
      const oldHeldMb = heapMb(before);
      progress(`  relink, previous read: ${fmtInt(profiles.size)} authors in ${oldPages} pages, ${oldSeconds.toFixed(1)} s, ${oldHeldMb.toFixed(1)} MB held`);
      return { authors, seconds, pages, heldMb, oldAuthors: profiles.size, oldSeconds, oldPages, oldHeldMb };
    } finally {
      await stores.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function identityBench(): Promise<BenchResult> {
  const started = performance.now();
  const analyzer = createAnalyzer();
  const posts = demoInputs(AUTHORS, new Date(), true).map((post) => ({ text: post.text, lang: post.lang }));
  let sink = 0;
  const analyse = (): void => {
    sink += analyzer.analyzeBatch(posts).length;
  };
  throughput('warm-up, analysis', posts.length, analyse, 0, 1);
  const analysis = { micros: 1e6 / throughput('analysis', posts.length, analyse, MEASURE_MS).perSecond };
  if (sink === 0) throw new Error('unreachable: keeps `sink` alive');
  const sizes = SIZES.map(measureSize);
  const { reads: linkReads, saves: linkSaves } = await measureLinks();
  const relink = await measureRelinkRead();
  if (relink.authors !== relink.oldAuthors) throw new Error(`the relink read listed ${relink.authors} authors, the previous read ${relink.oldAuthors}`);
  const [fewestLinks] = linkReads;
  const mostLinks = linkReads[linkReads.length - 1];

  const rows: Row[] = sizes.map((size) => ({
    metric: `µs to match one author, ${fmtInt(size.customers)} customers`,
    value: fmtMicros(size.micros),
    baseline: `${fmtMicros(analysis.micros)} µs to analyse one post`,
    goal: '',
  }));
  rows.push(
    ...sizes.map((size) => ({
      metric: `name candidates per author, ${fmtInt(size.customers)} customers`,
      value: size.candidates.toFixed(1),
      baseline: size === sizes[0] ? '' : `${sizes[0].candidates.toFixed(1)} at ${fmtInt(sizes[0].customers)}`,
      goal: '',
    })),
    ...sizes.map((size) => ({
      metric: `names compared per author, ${fmtInt(size.customers)} customers`,
      value: size.names.toFixed(1),
      baseline: `${size.candidates.toFixed(1)} customers hold them`,
      goal: '',
    })),
    ...sizes.map((size) => ({
      metric: `decisions per author (links and suggestions), ${fmtInt(size.customers)} customers: mean, most`,
      value: `${size.decisions.mean.toFixed(2)}, ${fmtInt(size.decisions.most)}`,
      baseline: `at most ${MAX_SUGGESTIONS} by rule`,
      goal: '',
    })),
    ...sizes.map((size) => ({ metric: `index memory per customer, ${fmtInt(size.customers)} customers`, value: `${fmtInt(size.bytesPerCustomer)} B`, baseline: '', goal: '' })),
    {
      metric: `links read per job, ${fmtInt(mostLinks.links)} links / ${fmtInt(fewestLinks.links)}, p50`,
      value: fmtRatio(mostLinks.ms / fewestLinks.ms),
      baseline: `${fmtRatio(mostLinks.oldMs / fewestLinks.oldMs)} (previous statement)`,
      goal: `≤ ${fmtRatio(LINK_GOAL_GROWTH)}`,
      met: mostLinks.ms / fewestLinks.ms <= LINK_GOAL_GROWTH,
    },
    ...linkReads.map((r) => ({
      metric: `ms to read the links of a job's ${JOB_AUTHORS} authors, ${fmtInt(r.links)} links, p50`,
      value: fmtMs(r.ms),
      baseline: `${fmtMs(r.oldMs)} (previous statement)`,
      goal: '',
    })),
    ...linkSaves.map((r) => ({
      metric: `ms to save ${fmtInt(r.links)} new links in one call, ${fmtInt(mostLinks.links)} links stored, p50`,
      value: fmtMs(r.ms),
      baseline: `${fmtMs(r.oldMs)} (previous statement)`,
      goal: '',
    })),
    {
      metric: `s to read every author for a relink, ${fmtInt(RELINK_POSTS)} posts by ${fmtInt(relink.authors)} authors`,
      value: `${relink.seconds.toFixed(1)} (${fmtInt(relink.pages)} pages of ${fmtInt(RELINK_PAGE)} authors)`,
      baseline: `${relink.oldSeconds.toFixed(1)} (previous read: ${fmtInt(relink.oldPages)} pages of ${fmtInt(OLD_RELINK_PAGE)} posts)`,
      goal: '',
    },
    {
      metric: `MB of heap the relink read holds at its largest, same store`,
      value: relink.heldMb.toFixed(1),
      baseline: `${relink.oldHeldMb.toFixed(1)} (previous read: every author at once)`,
      goal: '',
    },
  );
  return {
    title: 'Identity: matching and linking authors as the CRM grows',
    method: [
      'A generated population (`apps/cli/src/eval/identity.population.ts`, the one `npm run eval` scores): customers of 45 first names and 40-odd surnames in 12 cities, and 4,000 authors, a fifth of them customers who write their name with nicknames, slips and initials.',
      '`matchAuthor` for every author against a `CustomerIndex` of each size, as the ingest job does for each author of a batch; the figure is the median pass (as posts/s in the analysis section), after one warm-up pass.',
      'The names come from a fixed list, so a larger CRM holds more namesakes of each author: candidates grow with the CRM here faster than with real names, which are more varied. Read the largest size as the worst case.',
      'Baseline, same run: `analyzeBatch` over 4,000 public demo posts, the work every post pays whether a CRM is loaded or not.',
      'Names compared: the distinct names in the author\'s name blocks; the matcher compares the author\'s name once with each and looks at a name\'s customers only when the name agrees. Decisions: what `matchAuthor` returns for an author, each a link or suggestion the ingest job stores unless one exists.',
      'Memory: heap growth from building the index (after a full collection each side), divided by the customers.',
      `Links read per job: the ingest job reads the stored links of its authors who may match a customer. \`openDuckDbStores(file).identityLinks.forAuthors\` with ${JOB_AUTHORS} authors (half of them with a link), median of ${LINK_READS} reads after ${LINK_READS / 10} warm-up reads, on a file holding ${LINK_SIZES.map(fmtInt).join(', ')} links (grown with one INSERT … SELECT from range()). Baseline, same file right before: the previous driver's statement (\`list_contains\` over the authors), which reads the whole table whatever its indexes.`,
      `Links saved: \`identityLinks.save\` of ${SAVE_SIZES.map(fmtInt).join(' and ')} links of new authors in one call (a job saves a few; a relink a page's worth, up to ${MAX_SUGGESTIONS} decisions for each author who may match), on the file holding ${fmtInt(LINK_SIZES[LINK_SIZES.length - 1])} links, median of ${SAVE_ROUNDS}, alternating with the baseline: the previous driver's statement, a VALUES list binding a parameter per field (the driver now binds a list per column and unnests them).`,
      `Relink read: a DuckDB file of ${fmtInt(RELINK_POSTS)} posts (2,000 enriched demo posts cloned under new ids, times over a year and ${fmtInt(RELINK_AUTHORS)} author ids, with one INSERT … SELECT from range(); an id keeps its template's source, and the ids seen only on the company's own records that name their customer are not listed, as a relink leaves them out), read whole as a relink reads it: \`posts.authors\` pages of ${fmtInt(RELINK_PAGE)} authors with up to ${TEXTS_PER_AUTHOR} texts each, holding one page. Baseline, same file right after: the previous relink's read, \`posts.search({})\` pages of ${OLD_RELINK_PAGE} posts newest first, every author gathered into one map (\`collectAuthor\`) before matching. Heap held: growth over the heap before the read, after a full collection (the new read sampled every 20th page, holding the page).`,
    ],
    settings: {
      authors: fmtInt(AUTHORS),
      'passes measured': sizes.map((size) => `${size.passes} at ${fmtInt(size.customers)}`).join(', '),
    },
    rows,
    notes: [],
    seconds: (performance.now() - started) / 1000,
  };
}
