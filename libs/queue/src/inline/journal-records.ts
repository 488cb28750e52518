import type { JobName } from '@escucha/core';

/**
 * One journal line per event. An `added` line is `<meta JSON>\t<payload JSON>\n`: JSON.stringify
 * never emits a raw tab or newline, so the payload can be kept as the bytes the caller's data
 * serialised to, without parsing it on replay or re-serialising it on compaction.
 */
export type JournalRecord = AddedRecord | StartedRecord | CompletedRecord | FailedRecord;

export interface AddedRecord {
  e: 'a';
  id: string;
  name: JobName;
  maxAttempts: number;
  backoffMs: number;
  /** Tries already started, so a compacted journal keeps the count. */
  attemptsMade: number;
  /** Only caller-chosen ids are remembered after completion: generated ones can never recur. */
  explicitId: boolean;
  /** When the job was first added (Unix ms), so its wait survives a restart; absent in journals written before it. */
  addedAt?: number;
  data: Buffer;
}

/** Written when a try starts, so a job that kills the process cannot be retried forever. */
export interface StartedRecord {
  e: 's';
  id: string;
  attempt: number;
}

export interface CompletedRecord {
  e: 'c';
  id: string;
}

export interface FailedRecord {
  e: 'f';
  id: string;
  name: JobName;
  attempts: number;
  error: string;
  failedAt: number;
}

const NEWLINE = Buffer.from('\n');
const TAB = 0x09;

export function encodeAdded(r: Omit<AddedRecord, 'e'>): Buffer[] {
  const meta = {
    e: 'a',
    id: r.id,
    n: r.name,
    t: r.maxAttempts,
    b: r.backoffMs,
    m: r.attemptsMade,
    x: r.explicitId ? 1 : 0,
    at: r.addedAt,
    // A torn or spliced line then fails the length check instead of yielding a wrong payload.
    l: r.data.length,
  };
  return [Buffer.from(`${JSON.stringify(meta)}\t`), r.data, NEWLINE];
}

export function encodeStarted(id: string, attempt: number): Buffer {
  return Buffer.from(`${JSON.stringify({ e: 's', id, m: attempt })}\n`);
}

export function encodeCompleted(id: string): Buffer {
  return Buffer.from(`${JSON.stringify({ e: 'c', id })}\n`);
}

export function encodeFailed(r: Omit<FailedRecord, 'e'>): Buffer {
  const meta = { e: 'f', id: r.id, n: r.name, m: r.attempts, err: r.error, at: r.failedAt };
  return Buffer.from(`${JSON.stringify(meta)}\n`);
}

/** Decodes one line without its newline; undefined when it is not a well-formed record. */
export function decodeRecord(line: Buffer): JournalRecord | undefined {
  const tab = line.indexOf(TAB);
  const meta = parseObject((tab < 0 ? line : line.subarray(0, tab)).toString('utf8'));
  if (!meta) return undefined;
  const id = meta.id;
  if (typeof id !== 'string') return undefined;
  switch (meta.e) {
    case 'a': {
      const { n, t, b, m, x, l, at } = meta;
      const addedAt = at === undefined ? undefined : isCount(at) ? at : null;
      if (tab < 0 || typeof n !== 'string' || !isCount(t) || !isCount(b) || !isCount(m) || !isCount(l) || addedAt === null) {
        return undefined;
      }
      const payload = line.subarray(tab + 1);
      if (payload.length !== l) return undefined;
      return {
        e: 'a',
        id,
        // The journal only holds names this code wrote; a name retired since is the processor's call.
        name: n as JobName,
        maxAttempts: t,
        backoffMs: b,
        attemptsMade: m,
        explicitId: x === 1,
        addedAt,
        // Copied so the replay's read buffers can be released.
        data: Buffer.from(payload),
      };
    }
    case 's':
      return isCount(meta.m) ? { e: 's', id, attempt: meta.m } : undefined;
    case 'c':
      return { e: 'c', id };
    case 'f': {
      const { n, m, err, at } = meta;
      if (typeof n !== 'string' || !isCount(m) || typeof err !== 'string' || !isCount(at)) return undefined;
      return { e: 'f', id, name: n as JobName, attempts: m, error: err, failedAt: at };
    }
    default:
      return undefined;
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
