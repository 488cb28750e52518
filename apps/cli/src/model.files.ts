import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  LATEST_POINTER,
  MODELS_DIR,
  modelFileName,
  parseModelFileName,
  parseSentimentModel,
  serializeSentimentModel,
  type SentimentModel,
} from '@escucha/analysis';

/** DATA_DIR as the server resolves it: --data-dir, else $DATA_DIR, else ./data. */
export function resolveDataDir(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return resolve(flag ?? (env.DATA_DIR !== undefined && env.DATA_DIR !== '' ? env.DATA_DIR : './data'));
}

export function modelsDir(dataDir: string): string {
  return join(dataDir, MODELS_DIR);
}

/** One more than the highest sentiment-<n>.json present, so versions never repeat. */
export function nextModelVersion(dataDir: string): number {
  const dir = modelsDir(dataDir);
  if (!existsSync(dir)) return 1;
  let max = 0;
  for (const name of readdirSync(dir)) max = Math.max(max, parseModelFileName(name) ?? 0);
  return max + 1;
}

/** Written to a temporary name then renamed, so a reader never sees half a file. */
function writeAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** Saves the model as sentiment-<version>.json and points `latest` at it. Returns the file. */
export function saveModel(dataDir: string, model: SentimentModel): string {
  const dir = modelsDir(dataDir);
  mkdirSync(dir, { recursive: true });
  const name = modelFileName(model.info.version);
  const file = join(dir, name);
  if (existsSync(file)) throw new Error(`${file} already exists; model versions are never overwritten`);
  writeAtomic(file, JSON.stringify(serializeSentimentModel(model)));
  writeAtomic(join(dir, LATEST_POINTER), `${name}\n`);
  return file;
}

/** The model `latest` names, or undefined when no model was trained in this DATA_DIR. */
export function loadLatestModel(dataDir: string): { model: SentimentModel; file: string } | undefined {
  const dir = modelsDir(dataDir);
  const pointer = join(dir, LATEST_POINTER);
  if (!existsSync(pointer)) return undefined;
  const name = readFileSync(pointer, 'utf8').trim();
  // Only a model file name, never a path: the pointer must not lead outside the models folder.
  if (parseModelFileName(name) === undefined) throw new Error(`${pointer}: "${name}" is not a model file name like sentiment-1.json`);
  const file = join(dir, name);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the latest sentiment model ${file}: ${(error as Error).message}`);
  }
  try {
    return { model: parseSentimentModel(json), file };
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}
