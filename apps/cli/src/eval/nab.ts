import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DetectorOptions } from '@escucha/alerts';
import { detectSeries } from '../detect.command';

export interface NabRun {
  readonly series: number;
  readonly points: number;
  /** Rows the detector could not take (NAB has a few out of time order); the scorer reads them as 0. */
  readonly skipped: number;
  readonly seconds: number;
}

/**
 * Scores every NAB series the way `escucha detect` does (one fresh detector per series, one
 * configuration for all) and writes `outDir/CATEGORY/NAME.csv` for nab_score.py. With
 * `startAt` > 0 each detector starts that fraction of the rows later (the rows before it are
 * written with score 0): a figure that holds only for where the files happen to start is luck.
 */
export function scoreNabSeries(dataDir: string, outDir: string, options: Partial<DetectorOptions> = {}, startAt = 0): NabRun {
  const started = process.hrtime.bigint();
  let series = 0;
  let points = 0;
  let skipped = 0;
  for (const category of readdirSync(dataDir).sort()) {
    const dir = join(dataDir, category);
    if (!statSync(dir).isDirectory()) continue;
    mkdirSync(join(outDir, category), { recursive: true });
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
      const [header, ...rows] = readFileSync(join(dir, file), 'utf8').trimEnd().split('\n');
      const skip = Math.floor(startAt * rows.length);
      const result = detectSeries([header, ...rows.slice(skip)].join('\n'), options);
      const unscored = rows.slice(0, skip).map((row) => `${row.trim()},0\n`);
      writeFileSync(join(outDir, category, file), result.csv.replace('\n', `\n${unscored.join('')}`));
      series++;
      points += result.csv.split('\n').length - 2;
      skipped += result.bad.length;
    }
  }
  return { series, points, skipped, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export interface NabScore {
  readonly standard: number;
  readonly lowFp: number;
  readonly lowFn: number;
  /** The one threshold the scorer's sweep chose (standard profile). */
  readonly threshold: number;
}

/** Runs NAB's scoring rules (../shared/tools/nab_score.py) on a detector's output folder. */
export function nabScore(dataRoot: string, scorer: string, detectorDir: string, category?: string): NabScore {
  const args = [scorer, '--data', join('nab', 'data'), '--windows', join('nab', 'combined_windows.json'), ...(category ? ['--category', category] : []), detectorDir];
  const run = spawnSync('python3', args, { cwd: dataRoot, encoding: 'utf8' });
  if (run.error) throw new Error(`cannot run python3 ${scorer}: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${scorer} failed (${run.status}): ${run.stderr.trim()}`);
  const m = /standard=(-?[\d.]+)@(\S+)\s+low_FP=(-?[\d.]+)@\S+\s+low_FN=(-?[\d.]+)@/.exec(run.stdout);
  if (!m) throw new Error(`unexpected output from ${scorer}: ${run.stdout.trim()}`);
  return { standard: Number(m[1]), threshold: Number(m[2]), lowFp: Number(m[3]), lowFn: Number(m[4]) };
}

/** Rows scored at or above `threshold` once NAB's probation (15 % of the series, at most 750 rows) is over. */
function detectionsAfterProbation(file: string, threshold: number): number {
  const scores = readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.slice(l.lastIndexOf(',') + 1)));
  const probation = Math.min(Math.floor(0.15 * scores.length), 750);
  return scores.slice(probation).filter((s) => s >= threshold).length;
}

export interface NabReport {
  readonly run: NabRun;
  readonly overall: NabScore;
  /** `score` is absent for a category with no labelled windows (nothing to find): see `detections`. */
  readonly categories: readonly { name: string; series: number; windows: number; score?: NabScore; detections: number }[];
  /** The same, every detector started 5 % of its rows later. */
  readonly later: NabScore;
}

/**
 * Scores every series into a temp dir, runs the scorer overall and per category, and cleans
 * up. The NAB data stays in `dataRoot` (../shared/data): nothing is copied into the repository.
 */
export function evaluateNab(dataRoot: string, options: Partial<DetectorOptions> = {}): NabReport {
  const dataDir = join(dataRoot, 'nab', 'data');
  const scorer = resolve(dataRoot, '..', 'tools', 'nab_score.py');
  if (!existsSync(scorer)) throw new Error(`${scorer} is missing: the NAB scorer lives beside the data in ../shared/tools`);
  const out = mkdtempSync(join(tmpdir(), 'escucha-nab-'));
  try {
    const run = scoreNabSeries(dataDir, out, options);
    const overall = nabScore(dataRoot, scorer, out);
    const windows = JSON.parse(readFileSync(join(dataRoot, 'nab', 'combined_windows.json'), 'utf8')) as Record<string, unknown[]>;
    const categories = readdirSync(dataDir)
      .filter((c) => statSync(join(dataDir, c)).isDirectory())
      .sort()
      .map((name) => {
        const files = readdirSync(join(dataDir, name)).filter((f) => f.endsWith('.csv'));
        const count = files.reduce((n, f) => n + (windows[`${name}/${f}`]?.length ?? 0), 0);
        const detections = files.reduce((n, f) => n + detectionsAfterProbation(join(out, name, f), overall.threshold), 0);
        return { name, series: files.length, windows: count, detections, ...(count > 0 ? { score: nabScore(dataRoot, scorer, out, name) } : {}) };
      });
    rmSync(out, { recursive: true, force: true });
    scoreNabSeries(dataDir, out, options, 0.05);
    return { run, overall, categories, later: nabScore(dataRoot, scorer, out) };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
