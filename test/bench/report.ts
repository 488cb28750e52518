import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { repoRoot } from '../support/repo-root';

/**
 * Shared by every benchmark: progress on stderr, percentiles, and the Markdown report.
 * A benchmark returns a `BenchResult`; only `run.ts` writes the file.
 */

const started = performance.now();

/** Progress goes to stderr so stdout stays free and a CI log shows where the time went. */
export function progress(message: string): void {
  const seconds = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[bench ${seconds}s] ${message}\n`);
}

/** The repository root: the nearest folder up holding our package.json (works from src and dist). */

export interface Distribution {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles: with ~100 samples p99 is the second worst, never an interpolation. */
export function distribution(samples: readonly number[]): Distribution {
  if (samples.length === 0) throw new Error('no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return {
    n: sorted.length,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: sorted[sorted.length - 1],
    mean: mean(sorted),
  };
}

export function median(values: readonly number[]): number {
  return distribution(values).p50;
}

export function mean(values: readonly number[]): number {
  if (values.length === 0) throw new Error('no values');
  return values.reduce((sum, x) => sum + x, 0) / values.length;
}

/**
 * Repeats `pass` (one pass over the corpus) until `ms` have gone by and returns the median
 * pass throughput: the median shrugs off a pass that caught a major GC or a timer.
 */
/** `unit`: what a pass is made of, for the progress line. */
export function throughput(label: string, passSize: number, pass: () => void, ms: number, minPasses = 3, unit = 'posts'): { perSecond: number; passes: number } {
  const rates: number[] = [];
  const end = performance.now() + ms;
  while (performance.now() < end || rates.length < minPasses) {
    const t0 = performance.now();
    pass();
    rates.push((passSize / (performance.now() - t0)) * 1000);
  }
  const perSecond = median(rates);
  progress(`  ${label}: ${fmtInt(perSecond)} ${unit}/s (${rates.length} passes)`);
  return { perSecond, passes: rates.length };
}

export const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const fmtMs = (ms: number): string => (ms >= 100 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`);
export const fmtRatio = (r: number): string => `${r.toFixed(2)}×`;
/** Each run's rate of a mean, as `runs 10,776 · 13,278`. */
export const fmtRuns = (rates: readonly number[]): string => `runs ${rates.map(fmtInt).join(' · ')}`;

/** One line of a result table: our figure next to the baseline measured in the same run. */
export interface Row {
  metric: string;
  value: string;
  baseline: string;
  goal: string;
  /** undefined: informational, no goal. */
  met?: boolean;
}

export interface BenchResult {
  title: string;
  /** What exactly was measured and how, for someone reproducing it. */
  method: string[];
  settings: Record<string, string | number>;
  rows: Row[];
  notes: string[];
  seconds: number;
  /** 1-minute load average before and after, filled in by run.ts. */
  load?: { before: number; after: number };
}

export interface Failure {
  title: string;
  error: string;
}

function gitCommit(root: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');
const verdict = (met: boolean | undefined): string => (met === undefined ? '' : met ? '✅ met' : '❌ missed');

/** Load before any benchmark ran: the share of the machine that other work was using. */
export function renderReport(results: readonly BenchResult[], failures: readonly Failure[], totalSeconds: number, loadAtStart: number): string {
  const root = repoRoot();
  const cpu = cpus();
  const lines: string[] = [
    '# Escucha benchmarks',
    '',
    'Written by `npm run bench` (test/bench/). Every figure stands next to a baseline measured in the',
    'same run on the same machine, so a slower or faster machine moves both; compare ratios across',
    'machines, absolute numbers only within one report.',
    '',
    `- date: ${new Date().toISOString()}`,
    `- machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform}/${process.arch}`,
    `- node: ${process.version}`,
    `- commit: ${gitCommit(root)}`,
    `- whole run: ${Math.round(totalSeconds)} s`,
    `- machine load (1-minute average): ${loadAtStart.toFixed(2)} before the run, ${loadavg()[0].toFixed(2)} at its end`,
    '',
    ...(loadAtStart > cpu.length
      ? [
          `> **The machine was busy when the run started** (load ${loadAtStart.toFixed(2)} on ${cpu.length} cores; the build just before accounts for about 1):`,
          '> other processes shared the cores, so treat these figures as pessimistic; each baseline ran under the same conditions.',
          '',
        ]
      : []),
    '## Summary',
    '',
    '| benchmark | metric | value | baseline (same run) | goal | |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    for (const row of r.rows.filter((x) => x.met !== undefined)) {
      lines.push(`| ${cell(r.title)} | ${cell(row.metric)} | ${cell(row.value)} | ${cell(row.baseline)} | ${cell(row.goal)} | ${verdict(row.met)} |`);
    }
  }
  for (const f of failures) lines.push(`| ${cell(f.title)} | — | failed | — | — | ❌ error |`);
  lines.push('');

  for (const r of results) {
    lines.push(`## ${r.title}`, '', ...r.method.map((m) => `- ${m}`), '', 'Settings:', '');
    for (const [key, value] of Object.entries(r.settings)) lines.push(`- ${key}: ${typeof value === 'number' ? fmtInt(value) : value}`);
    lines.push('', '| metric | value | baseline (same run) | goal | |', '|---|---|---|---|---|');
    for (const row of r.rows) lines.push(`| ${cell(row.metric)} | ${cell(row.value)} | ${cell(row.baseline)} | ${cell(row.goal)} | ${verdict(row.met)} |`);
    lines.push('');
    if (r.notes.length > 0) lines.push(...r.notes.map((n) => `- ${n}`), '');
    const load = r.load ? `; machine load ${r.load.before.toFixed(2)} before, ${r.load.after.toFixed(2)} after, ours included` : '';
    lines.push(`_(${Math.round(r.seconds)} s${load})_`, '');
  }
  for (const f of failures) lines.push(`## ${f.title}: failed`, '', '```', f.error, '```', '');
  return lines.join('\n');
}

export function writeReport(markdown: string): string {
  const file = resolve(repoRoot(), 'bench/REPORT.md');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, markdown);
  return file;
}

export { repoRoot };
