import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESCUCHA_BIN, ROOT, runNode } from '../support/node-process';

const CLI_MAIN = join(ROOT, 'dist/apps/cli/src/main.js');

// The shipped taxonomy, whatever TAXONOMY_FILE the calling shell has.
const run = (args: string[], stdin: string) => runNode(args, { stdin, env: { TAXONOMY_FILE: '' } });

const input = [
  JSON.stringify({ id: 'x:1', text: 'No anda internet desde ayer @AuroraMovil 😡' }),
  JSON.stringify({ id: 'x:2', text: 'Switching to @VerticeMovil, your support is the worst', lang: 'en' }),
  '{"id": "x:3", "text": ',
  JSON.stringify({ id: 'x:4', text: '¿Cuánto sale el plan de 20 gigas?' }),
].join('\n');

describe('escucha analyze (built CLI)', () => {
  it('enriches good lines, reports the bad one with its number and exits 1', async () => {
    const result = await run([CLI_MAIN, 'analyze'], input);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 3: invalid JSON');

    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['x:1', 'x:2', 'x:4']);
    expect(lines[0]).toEqual({
      id: 'x:1',
      lang: 'es',
      sentiment: { label: 'negative', score: expect.any(Number) },
      topics: ['outage'],
      intents: ['complaint', 'outage'],
      entities: ['aurora'],
    });
    expect(lines[1]).toMatchObject({ lang: 'en', sentiment: { label: 'negative' }, entities: ['vertice'] });
    expect(lines[1].intents).toContain('churn');
    expect(lines[2]).toMatchObject({ lang: 'es', topics: ['plans', 'price'], intents: ['question', 'purchase'] });
  });

  it('exits 0 when every line is good', async () => {
    const result = await run([CLI_MAIN, 'analyze'], `${JSON.stringify({ id: 1, text: 'gracias, excelente atención' })}\n`);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 1, sentiment: { label: 'positive' } });
  });

  it('prints usage and exits 2 on an unknown command', async () => {
    const result = await run([CLI_MAIN, 'frobnicate'], '');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('usage: escucha');
  });

  it('runs through bin/escucha.js too', async () => {
    const result = await run([ESCUCHA_BIN, 'analyze'], `${JSON.stringify({ id: 'b', text: 'sin señal' })}\n`);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: 'b', intents: ['complaint', 'outage'] });
  });

  it('bin/escucha.js says to build first when the compiled CLI is missing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'escucha-bin-'));
    try {
      mkdirSync(join(dir, 'bin'));
      copyFileSync(ESCUCHA_BIN, join(dir, 'bin', 'escucha.js'));
      const result = await run([join(dir, 'bin', 'escucha.js'), 'analyze'], '');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('run npm run build first');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
