import { cpus, loadavg } from 'node:os';
import { alertReadsBench } from './alert-reads';
import { alertsBench } from './alerts';
import { analysisBench } from './analysis';
import { historyBench } from './history';
import { identityBench } from './identity';
import { ingestBench } from './ingest';
import { liveBench } from './live';
import { scaleoutBench } from './scaleout';
import { storeWriteBench } from './store-write';
import { webBench } from './web';
import { progress, renderReport, writeReport, type BenchResult, type Failure } from './report';

/**
 * `npm run bench`: runs every benchmark one after the other (never in parallel: they would
 * share the cores and skew each other) and writes bench/REPORT.md.
 *
 * `node dist/test/bench/run.js live history` runs a subset, handy while working on one;
 * the report then holds only those.
 */

const BENCHMARKS: Record<string, () => Promise<BenchResult>> = {
  analysis: analysisBench,
  ingest: ingestBench,
  live: liveBench,
  history: historyBench,
  scaleout: scaleoutBench,
  store: storeWriteBench,
  web: webBench,
  alerts: alertsBench,
  'alert-reads': alertReadsBench,
  identity: identityBench,
};

async function main(): Promise<number> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHMARKS).join(', ')}\n`);
    return 2;
  }
  const names = asked.length > 0 ? asked : Object.keys(BENCHMARKS);
  const started = performance.now();
  const loadAtStart = loadavg()[0];
  progress(`machine load ${loadAtStart.toFixed(2)} on ${cpus().length} cores${loadAtStart > cpus().length ? ': busy, figures will be pessimistic' : ''}`);
  const results: BenchResult[] = [];
  const failures: Failure[] = [];
  for (const name of names) {
    progress(`── ${name}`);
    const before = loadavg()[0];
    try {
      const result = await BENCHMARKS[name]();
      // Other work on the machine skews every figure; the report says how busy it was.
      result.load = { before, after: loadavg()[0] };
      results.push(result);
    } catch (error) {
      // One broken benchmark must not cost the figures of the others: report it and go on.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      progress(`${name} FAILED: ${message}`);
      failures.push({ title: name, error: message });
    }
  }
  const file = writeReport(renderReport(results, failures, (performance.now() - started) / 1000, loadAtStart));
  progress(`report written to ${file}`);
  for (const r of results) {
    for (const row of r.rows.filter((x) => x.met !== undefined)) {
      progress(`${row.met ? 'met   ' : 'MISSED'} ${r.title} — ${row.metric}: ${row.value} (baseline ${row.baseline}; goal ${row.goal})`);
    }
  }
  // A missed goal is a finding, written in the report; only a benchmark that could not run fails the command.
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  },
);
