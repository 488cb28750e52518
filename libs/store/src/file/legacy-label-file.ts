import { readFile } from 'node:fs/promises';
import { SENTIMENT_LABELS, type SentimentLabel } from '@escucha/core';
import type { Label } from '../label-store.port';

/** Where older versions kept labels, under DATA_DIR. */
export const LABELS_DIR = 'labels';
export const LABELS_FILE = 'labels.jsonl';

/** One line of the file: a Label with `at` as ISO-8601. */
interface LabelLine {
  postId: string;
  text: string;
  lang: string;
  sentiment?: SentimentLabel;
  topics?: string[];
  by: string;
  at: string;
}

function fromLine(raw: string, where: string): Label {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new Error(`${where}: not JSON (${(error as Error).message})`);
  }
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const isString = (v: unknown): v is string => typeof v === 'string';
  const at = isString(o.at) ? new Date(o.at) : undefined;
  if (!isString(o.postId) || !isString(o.text) || !isString(o.lang) || !isString(o.by) || !at || Number.isNaN(at.getTime())) {
    throw new Error(`${where}: expected a label with postId, text, lang, by and at`);
  }
  if (o.sentiment !== undefined && !(SENTIMENT_LABELS as readonly unknown[]).includes(o.sentiment)) throw new Error(`${where}: unknown sentiment`);
  if (o.topics !== undefined && !(Array.isArray(o.topics) && o.topics.every(isString))) throw new Error(`${where}: topics must be strings`);
  return {
    postId: o.postId,
    text: o.text,
    lang: o.lang,
    ...(o.sentiment !== undefined ? { sentiment: o.sentiment as SentimentLabel } : {}),
    ...(o.topics !== undefined ? { topics: o.topics as string[] } : {}),
    by: o.by,
    at,
  };
}

/**
 * Reads the labels file that versions before the label store ports kept under
 * `DATA_DIR/labels/` (one process's file, lost with its node in scale-out). Only the one-time
 * migration at start reads it; nothing writes it any more. Undefined when there is no file. A
 * last line without its newline was a crashed, unacknowledged append: it is skipped. A bad
 * complete line is not ours to guess about: it fails, named.
 */
export async function readLegacyLabelFile(file: string): Promise<Label[] | undefined> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const end = content.lastIndexOf('\n') + 1;
  return content
    .slice(0, end)
    .split('\n')
    .map((raw, i) => ({ raw, line: i + 1 }))
    .filter(({ raw }) => raw.trim() !== '')
    .map(({ raw, line }) => fromLine(raw, `${file}:${line}`));
}
