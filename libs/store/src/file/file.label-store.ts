import { open, mkdir, readFile, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { SENTIMENT_LABELS, ValidationError, type SentimentLabel } from '@escucha/core';
import type { Label, LabelPage, LabelStore } from '../label-store.port';

/** Under DATA_DIR: CLI tools (`escucha train`) read this file directly, never the server's database. */
export const LABELS_DIR = 'labels';
export const LABELS_FILE = 'labels.jsonl';
const MAX_LIMIT = 1000;

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

function toLine(label: Label): string {
  const line: LabelLine = {
    postId: label.postId,
    text: label.text,
    lang: label.lang,
    ...(label.sentiment !== undefined ? { sentiment: label.sentiment } : {}),
    ...(label.topics !== undefined ? { topics: [...label.topics] } : {}),
    by: label.by,
    at: label.at.toISOString(),
  };
  return `${JSON.stringify(line)}\n`;
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

/** fsync of the directory makes a newly created file's name itself survive a power cut. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Labels as JSONL, one label a line, appended and fsync'd before `add` resolves. Labels are
 * few (people write them) so the file is read once at open and kept in memory.
 *
 * One writer: the embedded footprint's single API process. Several API machines would each
 * append to their own disk, so scale-out needs a store-backed driver of the same port.
 */
export class FileLabelStore implements LabelStore {
  /** Appends run one at a time, so lines never interleave and memory follows file order. */
  private tail: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    private readonly labels: Label[],
  ) {}

  /**
   * Opens (creating) `dir/labels.jsonl`. A crash mid-append leaves a last line without its
   * newline: it was never acknowledged, so it is cut off here, before the next append would
   * glue a new label onto it. A bad complete line is not ours to guess about: it fails, named.
   */
  static async open(dir: string): Promise<FileLabelStore> {
    await mkdir(dir, { recursive: true });
    const file = join(dir, LABELS_FILE);
    const created = await open(file, 'a');
    await created.close();
    await syncDirectory(dir);
    const content = await readFile(file, 'utf8');
    const end = content.lastIndexOf('\n') + 1;
    if (end < content.length) await truncate(file, Buffer.byteLength(content.slice(0, end)));
    const labels = content
      .slice(0, end)
      .split('\n')
      .map((raw, i) => ({ raw, line: i + 1 }))
      .filter(({ raw }) => raw.trim() !== '')
      .map(({ raw, line }) => fromLine(raw, `${file}:${line}`));
    return new FileLabelStore(file, labels);
  }

  async add(label: Label): Promise<void> {
    const line = toLine(label);
    const write = this.tail.then(async () => {
      const handle = await open(this.file, 'a');
      try {
        await handle.writeFile(line);
        await handle.sync();
      } finally {
        await handle.close();
      }
      // A copy, so the caller changing its object later cannot change what was stored.
      this.labels.push(fromLine(line, this.file));
    });
    this.tail = write.catch(() => undefined);
    return write;
  }

  async list(page: { limit: number; cursor?: string }): Promise<LabelPage> {
    if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_LIMIT) throw new ValidationError(`limit must be an integer from 1 to ${MAX_LIMIT}`);
    let start = 0;
    if (page.cursor !== undefined) {
      start = /^\d{1,15}$/.test(page.cursor) ? Number(page.cursor) : -1;
      if (start < 0 || start > this.labels.length) throw new ValidationError('cursor is not one this store handed out');
    }
    const end = start + page.limit;
    const items = this.labels.slice(start, end).map((l) => ({ ...l, ...(l.topics ? { topics: [...l.topics] } : {}), at: new Date(l.at) }));
    return end < this.labels.length ? { total: this.labels.length, items, nextCursor: String(end) } : { total: this.labels.length, items };
  }

  async count(): Promise<number> {
    return this.labels.length;
  }
}
