import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './cli';
import type { CliIo } from './cli.types';
import { readCsv } from '@escucha/connectors';
import { parseLabelledCsv, parseLabelledJsonl } from './records';

class Sink extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

function io(input = '', env: Record<string, string> = {}): CliIo & { stdout: Sink; stderr: Sink } {
  return { stdin: Readable.from([input]), stdout: new Sink(), stderr: new Sink(), env };
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'escucha-train-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Made-up words the lexicon cannot know: only a trained model reads them as positive or negative. */
function syntheticCsv(rows: number): string {
  const lines = ['text,sentiment,lang'];
  const filler = ['el plan', 'la app', 'hoy', 'la linea', 'mi celular'];
  for (let i = 0; i < rows; i++) {
    const f = filler[i % filler.length];
    const f2 = filler[(i * 7 + 3) % filler.length];
    if (i % 3 === 0) lines.push(`"${f} florp ${f2}",P,es`);
    else if (i % 3 === 1) lines.push(`"${f} grusk ${f2}",N,es`);
    else lines.push(`"${f} ${f2}, dice",NEU,es`);
  }
  return `${lines.join('\n')}\n`;
}

describe('labelled records', () => {
  it('parses CSV with quotes, commas and line breaks, and reports bad rows by line', () => {
    const csv = 'text,sentiment,lang,topics\n"hola, ""che""",pos,es,billing;price\n"dos\nlineas",NEU,,\nsin etiqueta,,es,\nmal,meh,es,\nx,N\n';
    const { records, bad } = parseLabelledCsv(csv);
    expect(records).toEqual([
      { text: 'hola, "che"', sentiment: 'positive', lang: 'es', topics: ['billing', 'price'], line: 2 },
      { text: 'dos\nlineas', sentiment: 'neutral', line: 3 },
    ]);
    expect(bad.map((b) => b.line)).toEqual([5, 6, 7]);
    expect(bad[0].reason).toMatch(/sentiment missing/);
    expect(bad[1].reason).toMatch(/unknown \("meh"\)/);
    expect(bad[2].reason).toMatch(/expected 4 fields, found 2/);
  });

  it('refuses a CSV header without text and sentiment columns', () => {
    expect(parseLabelledCsv('body,label2\na,b\n').bad[0].reason).toMatch(/"text" and a "sentiment" column/);
  });

  it('parses JSONL and reports bad lines', () => {
    const jsonl = ['{"text":"genial","sentiment":"positive","lang":"es"}', '', '{oops', '{"text":"x"}', '{"text":"y","sentiment":"neg","topics":[1]}', '{"text":"z","sentiment":"negative","topics":["outage"]}'].join('\n');
    const { records, bad } = parseLabelledJsonl(jsonl);
    expect(records).toEqual([
      { text: 'genial', sentiment: 'positive', lang: 'es', line: 1 },
      { text: 'z', sentiment: 'negative', topics: ['outage'], line: 6 },
    ]);
    expect(bad.map((b) => [b.line, b.reason.split(' ')[0]])).toEqual([
      [3, 'invalid'],
      [4, 'sentiment'],
      [5, '"topics"'],
    ]);
  });

  it('reads TSV rows', () => {
    expect([...readCsv('1\thola\tP\n2\tchau\tN\n', '\t')].map((r) => ('fields' in r ? r.fields : r.error))).toEqual([
      ['1', 'hola', 'P'],
      ['2', 'chau', 'N'],
    ]);
  });
});

describe('escucha train and analyze with a model', () => {
  it('cross-validates, writes a versioned model and the latest pointer, and analyze uses it', async () => {
    const dataDir = tempDir();
    const input = join(tempDir(), 'labels.csv');
    writeFileSync(input, `${syntheticCsv(90)}"sin etiqueta",,es\n`);

    const first = io();
    expect(await runCli(['train', '--input', input, '--data-dir', dataDir], first)).toBe(0);
    expect(first.stderr.text).toMatch(/line 92: sentiment missing/);
    expect(first.stdout.text).toMatch(/read 90 labelled posts \(negative 30, neutral 30, positive 30\)/);
    expect(first.stdout.text).toMatch(/5-fold cross-validation/);
    expect(first.stdout.text).toMatch(/lang es/);
    expect(readFileSync(join(dataDir, 'models', 'latest'), 'utf8').trim()).toBe('sentiment-1.json');
    const saved = JSON.parse(readFileSync(join(dataDir, 'models', 'sentiment-1.json'), 'utf8')) as { info: { version: number; trainingSize: number; crossValidation?: unknown } };
    expect(saved.info).toMatchObject({ version: 1, trainingSize: 90 });
    expect(saved.info.crossValidation).toBeDefined();

    // DATA_DIR from the environment, as the server reads it; versions only go up.
    expect(await runCli(['train', '--input', input, '--folds', '0'], io('', { DATA_DIR: dataDir }))).toBe(0);
    expect(readdirSync(join(dataDir, 'models')).sort()).toEqual(['latest', 'sentiment-1.json', 'sentiment-2.json']);
    expect(readFileSync(join(dataDir, 'models', 'latest'), 'utf8').trim()).toBe('sentiment-2.json');

    const posts = '{"id":"a","text":"la app florp","lang":"es"}\n{"id":"b","text":"hoy grusk","lang":"es"}\n';
    const withModel = io(posts, { DATA_DIR: dataDir });
    expect(await runCli(['analyze'], withModel)).toBe(0);
    const labels = withModel.stdout.text.trim().split('\n').map((l) => (JSON.parse(l) as { sentiment: { label: string } }).sentiment.label);
    expect(labels).toEqual(['positive', 'negative']);

    const lexiconOnly = io(posts, { DATA_DIR: dataDir });
    expect(await runCli(['analyze', '--no-model'], lexiconOnly)).toBe(0);
    const plain = lexiconOnly.stdout.text.trim().split('\n').map((l) => (JSON.parse(l) as { sentiment: { label: string } }).sentiment.label);
    expect(plain).toEqual(['neutral', 'neutral']);
  });

  it('takes intent labels: an intent labelled both ways is then the model\'s call in analyze', async () => {
    const dataDir = tempDir();
    const input = join(tempDir(), 'labels.csv');
    // "wobblecrank" is how this trade says the part came broken; no rule knows it.
    const rows = syntheticCsv(90)
      .trim()
      .split('\n')
      .map((line, i) => (i === 0 ? `${line},intents` : i % 3 === 1 ? `${line.replace('",', ' wobblecrank",')},complaint` : `${line},`));
    writeFileSync(input, `${rows.join('\n')}\n"hoy la app",NEU,es,bribery\n`);
    const run = io();
    expect(await runCli(['train', '--input', input, '--data-dir', dataDir, '--folds', '0'], run)).toBe(0);
    expect(run.stderr.text).toMatch(/line 92: unknown intent "bribery"/);
    expect(run.stdout.text).toMatch(/90 posts labelled for intents \(complaint 30\)/);

    const posts = '{"id":"a","text":"hoy el plan wobblecrank","lang":"es"}\n{"id":"b","text":"hoy el plan","lang":"es"}\n';
    const out = io(posts, { DATA_DIR: dataDir });
    expect(await runCli(['analyze'], out)).toBe(0);
    const intents = out.stdout.text.trim().split('\n').map((l) => (JSON.parse(l) as { intents: string[] }).intents);
    expect(intents[0]).toContain('complaint');
    expect(intents[1]).not.toContain('complaint');
  });

  it('analyze without any model in DATA_DIR uses the lexicon', async () => {
    const run = io('{"id":"a","text":"la app florp"}\n', { DATA_DIR: tempDir() });
    expect(await runCli(['analyze'], run)).toBe(0);
    expect(run.stdout.text).toMatch(/"label":"neutral"/);
  });

  it('a broken latest model is a configuration error that names the file', async () => {
    const dataDir = tempDir();
    const input = join(tempDir(), 'labels.jsonl');
    writeFileSync(input, '{"text":"florp","sentiment":"P"}\n{"text":"grusk","sentiment":"N"}\n');
    expect(await runCli(['train', '--input', input, '--data-dir', dataDir], io())).toBe(0);
    writeFileSync(join(dataDir, 'models', 'sentiment-1.json'), '{"format":"something-else"}');
    const run = io('{"id":"a","text":"hola"}\n');
    expect(await runCli(['analyze', '--data-dir', dataDir], run)).toBe(2);
    expect(run.stderr.text).toMatch(/sentiment-1\.json: sentiment model: not an escucha-sentiment-model file/);
  });

  it('fails clearly on usage errors and empty input', async () => {
    const noInput = io();
    expect(await runCli(['train'], noInput)).toBe(2);
    expect(noInput.stderr.text).toMatch(/--input FILE is required/);
    const missing = io();
    expect(await runCli(['train', '--input', join(tempDir(), 'nope.csv')], missing)).toBe(2);
    const empty = join(tempDir(), 'empty.jsonl');
    writeFileSync(empty, '{"text":"x"}\n');
    const dataDir = tempDir();
    const none = io();
    expect(await runCli(['train', '--input', empty, '--data-dir', dataDir], none)).toBe(1);
    expect(none.stderr.text).toMatch(/no usable labelled records/);
    expect(existsSync(join(dataDir, 'models'))).toBe(false);
  });
});
