import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCommand, runAnalyze } from './analyze.command';
import { runCli } from './cli';
import type { CliIo } from './cli.types';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
  lines(): string[] {
    return this.text.split('\n').filter((l) => l !== '');
  }
}

const jsonl = (...records: unknown[]) => records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n';

async function analyze(input: string) {
  const out = new Sink();
  const err = new Sink();
  const counts = await runAnalyze(Readable.from([input]), out, err);
  return { counts, out: out.lines().map((l) => JSON.parse(l) as Record<string, unknown>), err: err.lines() };
}

function io(input: string, env: Record<string, string> = {}): CliIo & { stdout: Sink; stderr: Sink } {
  return { stdin: Readable.from([input]), stdout: new Sink(), stderr: new Sink(), env };
}

describe('runAnalyze', () => {
  it('writes one enrichment per post, in order, keeping the id', async () => {
    const { counts, out, err } = await analyze(
      jsonl({ id: 'a', text: 'No anda internet desde ayer @AuroraMovil' }, { id: 2, text: 'great service, thanks!', lang: 'en' }),
    );
    expect(counts).toEqual({ ok: 2, bad: 0 });
    expect(err).toEqual([]);
    expect(out).toEqual([
      {
        id: 'a',
        lang: 'es',
        sentiment: { label: 'negative', score: expect.any(Number) },
        topics: ['outage'],
        intents: ['complaint', 'outage'],
        entities: ['aurora'],
      },
      { id: 2, lang: 'en', sentiment: { label: 'positive', score: expect.any(Number) }, topics: [], intents: [], entities: [] },
    ]);
  });

  it('reports bad lines with their number, skips them and keeps the good ones', async () => {
    const { counts, out, err } = await analyze(
      jsonl(
        { id: '1', text: 'sin señal' },
        '{not json',
        { id: '3' },
        '[1, 2]',
        { id: '5', text: 42 },
        { text: 'no id' },
        { id: '7', text: 'ok', lang: 5 },
        { id: '8', text: 'gracias' },
      ),
    );
    expect(counts).toEqual({ ok: 2, bad: 6 });
    expect(out.map((o) => o.id)).toEqual(['1', '8']);
    expect(err).toHaveLength(6);
    expect(err[0]).toMatch(/^line 2: invalid JSON/);
    expect(err[1]).toMatch(/^line 3: missing "text"/);
    expect(err[2]).toMatch(/^line 4: expected a JSON object/);
    expect(err[3]).toMatch(/^line 5: missing "text"/);
    expect(err[4]).toMatch(/^line 6: missing "id"/);
    expect(err[5]).toMatch(/^line 7: "lang" must be a string/);
  });

  it('ignores blank lines and handles CRLF and a missing final newline', async () => {
    const { counts, out } = await analyze('\r\n{"id":"x","text":"hola"}\r\n   \n{"id":"y","text":"chau"}');
    expect(counts).toEqual({ ok: 2, bad: 0 });
    expect(out.map((o) => o.id)).toEqual(['x', 'y']);
  });

  it('streams: answers a line before the input ends', async () => {
    const input = new PassThrough();
    const out = new PassThrough();
    const done = runAnalyze(input, out, new Sink());
    input.write(`${JSON.stringify({ id: 'first', text: 'sin señal' })}\n`);
    const first = await new Promise<string>((resolve) => out.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(JSON.parse(first)).toMatchObject({ id: 'first', topics: ['outage', 'coverage'] });
    input.end(`${JSON.stringify({ id: 'second', text: 'ok' })}\n`);
    await expect(done).resolves.toEqual({ ok: 2, bad: 0 });
  });

  it('keeps up with many lines and respects backpressure', async () => {
    const records = Array.from({ length: 3000 }, (_, i) => ({ id: i, text: i % 2 ? 'no anda nada' : 'excelente servicio' }));
    const out = new Sink({ highWaterMark: 64 });
    const counts = await runAnalyze(Readable.from([jsonl(...records)]), out, new Sink());
    expect(counts).toEqual({ ok: 3000, bad: 0 });
    const ids = out.lines().map((l) => (JSON.parse(l) as { id: number }).id);
    expect(ids).toEqual(records.map((r) => r.id));
  });
});

describe('escucha analyze', () => {
  const dir = mkdtempSync(join(tmpdir(), 'escucha-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 when every line was good and 1 when any was bad', async () => {
    const good = io(jsonl({ id: '1', text: 'hola' }));
    expect(await runCli(['analyze'], good)).toBe(0);
    expect(good.stdout.lines()).toHaveLength(1);

    const mixed = io(jsonl({ id: '1', text: 'hola' }, 'nope'));
    expect(await runCli(['analyze'], mixed)).toBe(1);
    expect(mixed.stdout.lines()).toHaveLength(1);
    expect(mixed.stderr.text).toContain('line 2: invalid JSON');
  });

  it('uses a taxonomy file from --taxonomy or TAXONOMY_FILE', async () => {
    const file = join(dir, 'taxonomy.json');
    writeFileSync(file, JSON.stringify({ id: 't', version: 1, groups: [{ id: 'weather', query: 'lluvia OR rain' }] }));
    const flag = io(jsonl({ id: '1', text: 'mucha lluvia' }));
    expect(await runCli(['analyze', '--taxonomy', file], flag)).toBe(0);
    expect(JSON.parse(flag.stdout.lines()[0])).toMatchObject({ topics: ['weather'] });

    const env = io(jsonl({ id: '1', text: 'heavy rain' }), { TAXONOMY_FILE: file });
    expect(await runCli(['analyze'], env)).toBe(0);
    expect(JSON.parse(env.stdout.lines()[0])).toMatchObject({ topics: ['weather'] });
  });

  it('exits 2 with the reason on a bad taxonomy, naming group and position', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ groups: [{ id: 'billing', query: { es: 'factura AND' } }] }));
    const run = io('');
    expect(await runCli(['analyze', '--taxonomy', file], run)).toBe(2);
    expect(run.stderr.text).toMatch(/group "billing", query "es": .* at position 12/);
  });

  it('exits 2 with usage on an unknown option, and prints help on --help', async () => {
    const bad = io('');
    expect(await runCli(['analyze', '--nope'], bad)).toBe(2);
    expect(bad.stderr.text).toContain('usage: escucha analyze');

    const help = io('');
    expect(await analyzeCommand.run(['--help'], help)).toBe(0);
    expect(help.stdout.text).toContain('--taxonomy');
  });

  it('limits languages with --languages', async () => {
    const run = io(jsonl({ id: '1', text: 'sin señal' }));
    expect(await runCli(['analyze', '--languages', 'en'], run)).toBe(0);
    expect(JSON.parse(run.stdout.lines()[0])).toMatchObject({ lang: 'en' });
  });
});

describe('escucha', () => {
  it('prints usage on stderr and exits 2 for an unknown or missing command', async () => {
    const unknown = io('');
    expect(await runCli(['frobnicate'], unknown)).toBe(2);
    expect(unknown.stderr.text).toContain('unknown command "frobnicate"');
    expect(unknown.stderr.text).toContain('analyze');
    expect(unknown.stdout.text).toBe('');

    const none = io('');
    expect(await runCli([], none)).toBe(2);
    expect(none.stderr.text).toContain('usage: escucha <command>');
  });

  it('prints usage on stdout for help', async () => {
    const help = io('');
    expect(await runCli(['--help'], help)).toBe(0);
    expect(help.stdout.text).toContain('analyze');
  });

  it('dispatches to any command in the table', async () => {
    const train = { name: 'train', summary: 'train a model', usage: 'usage: escucha train', run: async () => 7 };
    expect(await runCli(['train'], io(''), [train])).toBe(7);
  });
});
