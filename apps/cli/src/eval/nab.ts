import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * configuration for all) and writes `outDir/CATEGORY/NAME.csv` for nab_score.py.
 */
export function scoreNabSeries(dataDir: string, outDir: string, options: Partial<DetectorOptions> = {}): NabRun {
  const started = process.hrtime.bigint();
  let series = 0;
  let points = 0;
  let skipped = 0;
  for (const category of readdirSync(dataDir).sort()) {
    const dir = join(dataDir, category);
    if (!statSync(dir).isDirectory()) continue;
    mkdirSync(join(outDir, category), { recursive: true });
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
      const result = detectSeries(readFileSync(join(dir, file), 'utf8'), options);
      writeFileSync(join(outDir, category, file), result.csv);
      series++;
      points += result.csv.split('\n').length - 2;
      skipped += result.bad.length;
    }
  }
  return { series, points, skipped, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
