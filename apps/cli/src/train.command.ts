import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  createAnalyzer,
  crossValidateSentiment,
  DEFAULT_CV,
  intentCounts,
  MODEL_LABELS,
  trainSentimentModel,
  type GroupedScores,
  type LabelledSignals,
  type Scores,
} from '@escucha/analysis';
import type { CliCommand, CliIo } from './cli.types';
import { loadTaxonomyFile } from './taxonomy.file';
import { parseLabelledFile } from './records';
import { nextModelVersion, resolveDataDir, saveModel } from './model.files';

const USAGE = `usage: escucha train --input FILE [--data-dir DIR] [--folds 5] [--seed 42] [--languages es,en] [--taxonomy FILE]

Trains a sentiment model on the deployment's own labelled posts and makes it the one
\`escucha analyze\` and the server use (read at server start).

  --input FILE        CSV with a header naming "text" and "sentiment" (optional "lang", "topics",
                      "intents"), or JSONL {"text", "sentiment", "lang"?, "topics"?, "intents"?}
                      (.jsonl/.ndjson); sentiment: negative/neutral/positive, N/NEU/P or neg/neu/pos;
                      intents: the post's intents among complaint, churn, outage, question,
                      purchase ("complaint|churn" in CSV, an array in JSONL; empty = none). An
                      intent the labels show both ways is then decided by the model, not the rules
  --data-dir DIR      where models are kept (default: $DATA_DIR, else ./data); writes
                      DIR/models/sentiment-<version>.json and DIR/models/latest
  --folds N           cross-validation folds before the final fit (default 5; 0 skips it)
  --seed N            seed of the fold split and of training (default 42)
  --languages LIST    languages posts may be in (default: es,en), as for analyze
  --taxonomy FILE     as for analyze (default: $TAXONOMY_FILE)

Bad records are reported with their line number and skipped.
Exit status: 0 trained, 1 nothing to train on, 2 usage or configuration error.`;

const f3 = (x: number): string => x.toFixed(3);

function scoreLine(name: string, s: Scores): string {
  const c = s.perClass;
  return `  ${name.padEnd(12)} ${String(s.size).padStart(6)}  ${f3(s.macroF1)}     ${MODEL_LABELS.map((l) => f3(c[l].f1).padStart(8)).join(' ')}`;
}

export function formatScores(scores: GroupedScores, folds: number): string {
  const head = `  ${'set'.padEnd(12)} ${'posts'.padStart(6)}  macro-F1  ${MODEL_LABELS.map((l) => l.padStart(8)).join(' ')}`;
  const lines = [`${folds}-fold cross-validation (stratified), F1 per class:`, head, scoreLine('all', scores.overall)];
  for (const [lang, s] of Object.entries(scores.byGroup)) lines.push(scoreLine(`lang ${lang}`, s));
  return lines.join('\n');
}

function positiveInt(value: string | undefined, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train a sentiment model from labelled posts (CSV or JSONL) and make it the current one',
  usage: USAGE,
  async run(args: readonly string[], io: CliIo): Promise<number> {
    let values: { input?: string; 'data-dir'?: string; folds?: string; seed?: string; languages?: string; taxonomy?: string; help?: boolean };
    try {
      ({ values } = parseArgs({
        args: [...args],
        options: {
          input: { type: 'string', short: 'i' },
          'data-dir': { type: 'string' },
          folds: { type: 'string' },
          seed: { type: 'string' },
          languages: { type: 'string' },
          taxonomy: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      io.stderr.write(`escucha train: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const fail = (message: string, code: number): number => {
      io.stderr.write(`escucha train: ${message}\n`);
      return code;
    };
    if (values.input === undefined) return fail(`--input FILE is required\n\n${USAGE}`, 2);

    let folds: number;
    let seed: number;
    let content: string;
    let analyzer: ReturnType<typeof createAnalyzer>;
    try {
      folds = positiveInt(values.folds, 'folds', DEFAULT_CV.folds, 0);
      if (folds === 1) throw new Error('--folds must be 0 (no cross-validation) or at least 2');
      seed = positiveInt(values.seed, 'seed', DEFAULT_CV.seed, 0);
      content = readFileSync(values.input, 'utf8');
      const taxonomy = values.taxonomy ?? io.env.TAXONOMY_FILE;
      const languages = values.languages?.split(',').map((l) => l.trim()).filter((l) => l !== '');
      // The same options as analyze: training must see posts exactly as analysis will.
      analyzer = createAnalyzer({ taxonomy: taxonomy ? loadTaxonomyFile(taxonomy) : undefined, languages });
    } catch (error) {
      return fail((error as Error).message, 2);
    }
    const dataDir = resolveDataDir(values['data-dir'], io.env);

    const { records, bad } = parseLabelledFile(values.input, content);
    for (const b of bad) io.stderr.write(`line ${b.line}: ${b.reason}; skipped\n`);
    if (bad.length > 0) io.stderr.write(`escucha train: ${bad.length} bad record${bad.length === 1 ? '' : 's'} skipped\n`);
    const present = new Set(records.map((r) => r.sentiment));
    if (records.length === 0) return fail(`no usable labelled records in ${values.input}`, 1);
    if (present.size < 2) return fail(`the records carry only one sentiment (${[...present].join()}); a model needs at least two`, 1);

    const started = Date.now();
    const examples: LabelledSignals[] = records.map((r) => ({
      signals: analyzer.sentimentSignals({ text: r.text, lang: r.lang }),
      sentiment: r.sentiment,
      ...(r.intents ? { intents: r.intents } : {}),
    }));
    const counts = MODEL_LABELS.map((l) => `${l} ${records.filter((r) => r.sentiment === l).length}`).join(', ');
    io.stdout.write(`read ${records.length} labelled posts (${counts})\n`);
    const taught = intentCounts(examples);
    if (taught.labelled > 0) {
      const each = Object.entries(taught.byIntent).map(([intent, n]) => `${intent} ${n}`);
      io.stdout.write(`${taught.labelled} posts labelled for intents (${each.length > 0 ? each.join(', ') : 'none carry one'}); an intent with posts both ways gets its own classifier\n`);
    }

    let crossValidation: { folds: number; seed: number; scores: GroupedScores } | undefined;
    const smallest = Math.min(...MODEL_LABELS.map((l) => records.filter((r) => r.sentiment === l).length).filter((n) => n > 0));
    if (folds >= 2 && smallest >= folds) {
      const scores = crossValidateSentiment(examples, { folds, seed, train: { ...DEFAULT_CV.train, seed } });
      crossValidation = { folds, seed, scores };
      io.stdout.write(`${formatScores(scores, folds)}\n`);
    } else if (folds >= 2) {
      io.stdout.write(`cross-validation skipped: a label has fewer than ${folds} posts\n`);
    }

    const version = nextModelVersion(dataDir);
    const model = trainSentimentModel(examples, { version, crossValidation, train: { ...DEFAULT_CV.train, seed } });
    let file: string;
    try {
      file = saveModel(dataDir, model);
    } catch (error) {
      return fail(`cannot save the model: ${(error as Error).message}`, 2);
    }
    io.stdout.write(`trained on ${records.length} posts in ${((Date.now() - started) / 1000).toFixed(1)} s\nwrote ${file} (version ${version}, now the latest)\n`);
    return 0;
  },
};
