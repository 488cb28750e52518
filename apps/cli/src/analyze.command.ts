import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createAnalyzer, type Analyzer, type SentimentModel } from '@escucha/analysis';
import type { CliCommand, CliIo } from './cli.types';
import { loadLatestModel, resolveDataDir } from './model.files';
import { loadTaxonomyFile } from './taxonomy.file';

export interface AnalyzeCounts {
  ok: number;
  bad: number;
}

/** Lines written in one go; large enough to amortise writes, small enough to stream. */
const BATCH_LINES = 256;

type Parsed = { ok: true; id: string | number; text: string; lang?: string } | { ok: false; reason: string };

function parseLine(line: string): Parsed {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { ok: false, reason: `invalid JSON (${(error as Error).message})` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'expected a JSON object like {"id": "1", "text": "...", "lang": "es"}' };
  }
  const record = value as Record<string, unknown>;
  const { id, text, lang } = record;
  if (typeof text !== 'string') return { ok: false, reason: 'missing "text" (a string)' };
  if (typeof id !== 'string' && typeof id !== 'number') return { ok: false, reason: 'missing "id" (a string or a number)' };
  if (lang !== undefined && lang !== null && typeof lang !== 'string') return { ok: false, reason: '"lang" must be a string' };
  return { ok: true, id, text, lang: typeof lang === 'string' ? lang : undefined };
}

function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EPIPE';
}

/**
 * Streams JSONL posts `{id, text, lang?}` from `input` to enrichments
 * `{id, lang, sentiment, topics, intents, entities}` on `output`, one line per good input
 * line, in order. A bad line is reported on `errors` with its number and skipped; blank
 * lines are ignored. Output is written in batches, and at once whenever input pauses, so
 * an interactive pipe sees its answer immediately.
 */
export async function runAnalyze(
  input: Readable,
  output: Writable,
  errors: Writable,
  analyzer: Analyzer = createAnalyzer(),
): Promise<AnalyzeCounts> {
  const counts: AnalyzeCounts = { ok: 0, bad: 0 };
  const lines = createInterface({ input, crlfDelay: Infinity });
  let pending: string[] = [];
  let scheduled = false;
  let failure: unknown;

  const onError = (error: unknown): void => {
    failure ??= error;
    lines.close();
  };
  output.on('error', onError);

  const writePending = (): boolean => {
    if (pending.length === 0 || failure !== undefined) return true;
    const chunk = pending.join('');
    pending = [];
    return output.write(chunk);
  };
  const flushSoon = (): void => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      writePending();
    });
  };

  try {
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber++;
      if (failure !== undefined) break;
      if (line.trim() === '') continue;
      const parsed = parseLine(line);
      if (!parsed.ok) {
        counts.bad++;
        errors.write(`line ${lineNumber}: ${parsed.reason}; skipped\n`);
        continue;
      }
      const { lang, sentiment, topics, intents, entities } = analyzer.analyze({ text: parsed.text, lang: parsed.lang });
      pending.push(`${JSON.stringify({ id: parsed.id, lang, sentiment, topics, intents, entities })}\n`);
      counts.ok++;
      if (pending.length >= BATCH_LINES) {
        if (!writePending() && failure === undefined) await Promise.race([once(output, 'drain'), once(output, 'close')]);
      } else {
        flushSoon();
      }
    }
    writePending();
  } finally {
    output.off('error', onError);
  }
  if (failure !== undefined && !isBrokenPipe(failure)) throw failure;
  return counts;
}

const USAGE = `usage: escucha analyze [--taxonomy FILE] [--languages es,en] [--data-dir DIR] [--no-model]

Reads JSONL posts {"id", "text", "lang"?} on stdin and writes one JSONL enrichment
{"id", "lang", "sentiment": {"label", "score"}, "topics", "intents", "entities"} per post
on stdout. Bad lines are reported on stderr with their line number and skipped.

  --taxonomy FILE     topic taxonomy JSON (default: $TAXONOMY_FILE, else the built-in telecom one)
  --languages LIST    languages posts may be in, comma-separated, first is the default (default: es,en)
  --data-dir DIR      where \`escucha train\` keeps models (default: $DATA_DIR, else ./data); the
                      latest model there decides sentiment, topics and intents stay rule-based
  --no-model          ignore any trained model: the shipped lexicon decides sentiment

Exit status: 0 all lines analysed, 1 some lines were bad, 2 usage or configuration error.`;

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'enrich JSONL posts from stdin: language, sentiment, topics, intents, entities',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let values: { taxonomy?: string; languages?: string; 'data-dir'?: string; 'no-model'?: boolean; help?: boolean };
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          taxonomy: { type: 'string' },
          languages: { type: 'string' },
          'data-dir': { type: 'string' },
          'no-model': { type: 'boolean' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      io.stderr.write(`escucha analyze: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    let analyzer: Analyzer;
    try {
      const file = values.taxonomy ?? io.env.TAXONOMY_FILE;
      const languages = values.languages?.split(',').map((l) => l.trim()).filter((l) => l !== '');
      let sentimentModel: SentimentModel | undefined;
      if (!values['no-model']) sentimentModel = loadLatestModel(resolveDataDir(values['data-dir'], io.env))?.model;
      analyzer = createAnalyzer({ taxonomy: file ? loadTaxonomyFile(file) : undefined, languages, sentimentModel });
    } catch (error) {
      io.stderr.write(`escucha analyze: ${(error as Error).message}\n`);
      return 2;
    }
    const { bad } = await runAnalyze(io.stdin, io.stdout, io.stderr, analyzer);
    if (bad > 0) io.stderr.write(`escucha analyze: ${bad} bad line${bad === 1 ? '' : 's'} skipped\n`);
    return bad > 0 ? 1 : 0;
  },
};
