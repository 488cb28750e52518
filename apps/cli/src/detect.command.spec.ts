import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli';
import type { CliIo } from './cli.types';
import { detectSeries, parseInterval, quantiseScore } from './detect.command';
import { parseSeriesCsv, parseTimestamp } from './series.csv';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

function io(input: string): CliIo & { stdout: Sink; stderr: Sink } {
  return { stdin: Readable.from([input]), stdout: new Sink(), stderr: new Sink(), env: {} };
}

/** Five-minute rows from 2024-03-01, value 10 ± a small wiggle, a spike of 100 at `spikeAt`. */
function series(rows: number, spikeAt = -1, header = true): string {
  const start = Date.UTC(2024, 2, 1);
  const lines = header ? ['timestamp,value'] : [];
  for (let i = 0; i < rows; i++) {
    const stamp = new Date(start + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
    lines.push(`${stamp},${i === spikeAt ? 100 : 10 + ((i * 7) % 5) - 2}`);
  }
  return `${lines.join('\n')}\n`;
}

const scores = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[2]));

describe('series CSV', () => {
  it('reads timestamps as NAB writes them, ISO 8601 with zones, and epoch seconds or milliseconds', () => {
    expect(parseTimestamp('2014-07-01 00:30:00')).toBe(Date.UTC(2014, 6, 1, 0, 30));
    expect(parseTimestamp('2014-07-01T00:30:00-03:00')).toBe(Date.UTC(2014, 6, 1, 3, 30));
    expect(parseTimestamp('1404174600')).toBe(Date.UTC(2014, 6, 1, 0, 30));
    expect(parseTimestamp('1404174600000')).toBe(Date.UTC(2014, 6, 1, 0, 30));
    expect(parseTimestamp('2014-02-30 00:00:00')).toBeUndefined();
    expect(parseTimestamp('yesterday')).toBeUndefined();
  });

  it('takes the header as optional, infers the interval and reports bad rows by line', () => {
    const parsed = parseSeriesCsv('timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:05:00,x\nnope,3\n2024-01-01 00:10:00,4\n2024-01-01 00:02:00,5\n2024-01-01 00:15:00\n');
    expect(parsed.rows.map((r) => r.value)).toEqual([1, 4]);
    expect(parsed.bad).toEqual([
      { line: 3, reason: 'value "x" is not a number' },
      { line: 4, reason: 'unreadable timestamp "nope"' },
      { line: 6, reason: 'timestamp 2024-01-01 00:02:00 is earlier than the row before (line 5)' },
      { line: 7, reason: 'expected timestamp,value, found 1 field' },
    ]);
    expect(parsed.intervalMs).toBe(600_000);
    expect(parseSeriesCsv(series(3, -1, false)).rows).toHaveLength(3);
    expect(parseSeriesCsv(series(3, -1, false)).intervalMs).toBe(300_000);
  });

  it('parses intervals', () => {
    expect(parseInterval('5m')).toBe(300_000);
    expect(parseInterval('90s')).toBe(90_000);
    expect(parseInterval('1h')).toBe(3_600_000);
    expect(parseInterval('5 minutes')).toBeUndefined();
    expect(parseInterval('0m')).toBeUndefined();
  });
});

describe('detectSeries', () => {
  it('writes one scored row per good row, flags the spike and nothing in the quiet part', () => {
    const spikeAt = 900;
    const result = detectSeries(series(1000, spikeAt));
    const s = scores(result.csv);
    expect(s).toHaveLength(1000);
    expect(s.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(s[spikeAt]).toBeGreaterThan(0.5);
    expect(Math.max(...s.slice(0, spikeAt))).toBeLessThan(0.5);
    expect(result.intervalMs).toBe(300_000);
    expect(result.csv.split('\n')[1]).toBe('2024-03-01 00:00:00,8,0.000');
  });

  it('writes scores on a grid of 1/500, so a threshold sweep over the distinct scores can try every one', () => {
    const s = scores(detectSeries(series(1000, 900)).csv);
    expect(s.some((x) => x > 0)).toBe(true);
    expect(s.every((x) => Math.abs(x * 500 - Math.round(x * 500)) < 1e-9)).toBe(true);
    expect(quantiseScore(0.5011)).toBe(0.502);
    expect(quantiseScore(0.5009)).toBe(0.5);
    expect([quantiseScore(-0.1), quantiseScore(1.2)]).toEqual([0, 1]);
  });

  it('is online: a prefix of the input scores exactly like the same rows of the whole', () => {
    const whole = detectSeries(series(1000, 900)).csv.split('\n');
    const prefix = detectSeries(series(950, 900)).csv.split('\n');
    expect(prefix.slice(0, 951)).toEqual(whole.slice(0, 951));
  });
});

describe('escucha detect', () => {
  const dir = mkdtempSync(join(tmpdir(), 'escucha-detect-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads stdin, writes stdout, reports bad rows with their line and exits 1', async () => {
    const cli = io(`${series(400)}2024-03-03 00:00:00,oops\n`);
    expect(await runCli(['detect'], cli)).toBe(1);
    expect(cli.stdout.text.split('\n')[0]).toBe('timestamp,value,score');
    expect(scores(cli.stdout.text)).toHaveLength(400);
    expect(cli.stderr.text).toContain('line 402: value "oops" is not a number; skipped');
  });

  it('writes --output and honours --interval and --direction', async () => {
    const input = join(dir, 'in.csv');
    const output = join(dir, 'out.csv');
    writeFileSync(input, series(1000, 900));
    const cli = io('');
    expect(await runCli(['detect', '--input', input, '--output', output, '--interval', '5m', '--direction', 'down'], cli)).toBe(0);
    expect(cli.stdout.text).toBe('');
    // A spike is not a dip.
    expect(scores(readFileSync(output, 'utf8'))[900]).toBeLessThan(0.5);
  });

  it('rejects bad flags with usage and exit 2', async () => {
    for (const args of [['--interval', 'soon'], ['--direction', 'sideways'], ['--frobnicate'], ['--input', join(dir, 'missing.csv')]]) {
      const cli = io('');
      expect(await runCli(['detect', ...args], cli)).toBe(2);
      expect(cli.stderr.text).toMatch(/escucha detect: /);
    }
  });
});
