import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ESCUCHA_BIN, runNode } from '../support/node-process';

const run = (args: string[], stdin = '') => runNode([ESCUCHA_BIN, ...args], { stdin });

/** Per-minute post counts: about 20 a minute for two days, then a burst of 100 a minute. */
function counts(burstAt: number, rows: number): string {
  const start = Date.UTC(2026, 2, 2);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) lines.push(`${new Date(start + i * 60_000).toISOString()},${i >= burstAt ? 100 : 20 + ((i * 13) % 9) - 4}`);
  return `${lines.join('\n')}\n`;
}

describe('escucha detect (built CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'escucha-detect-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('scores a headerless per-minute series from a file into --output, the burst near its start', async () => {
    const burstAt = 2 * 1440 + 30;
    const input = join(dir, 'series.csv');
    const output = join(dir, 'scores.csv');
    writeFileSync(input, counts(burstAt, burstAt + 20));
    const result = await run(['detect', '--input', input, '--output', output, '--interval', '1m', '--direction', 'up', '--counts']);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
    const rows = readFileSync(output, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('timestamp,value,score');
    expect(rows).toHaveLength(burstAt + 21);
    const scores = rows.slice(1).map((r) => Number(r.split(',')[2]));
    const firstHigh = scores.findIndex((s) => s >= 0.5);
    expect(firstHigh).toBeGreaterThanOrEqual(burstAt);
    expect(firstHigh).toBeLessThanOrEqual(burstAt + 1);
  });

  it('reads stdin, reports a bad row with its line number and exits 1', async () => {
    const result = await run(['detect'], 'timestamp,value\n2026-03-02 00:00:00,5\n2026-03-02 00:05:00,five\n2026-03-02 00:10:00,6\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 3: value "five" is not a number');
    expect(result.stdout.trim().split('\n')).toEqual(['timestamp,value,score', '2026-03-02 00:00:00,5,0.000', '2026-03-02 00:10:00,6,0.000']);
  });

  it('lists detect in the usage', async () => {
    const result = await run(['--help']);
    expect(result.stdout).toMatch(/detect\s+score a timestamp,value CSV/);
  });
});
