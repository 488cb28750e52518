import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzerOptions } from '@escucha/analysis';
import { analysePosts, type PostAnalysis, type PostAnalysisInput, type PostEnricher } from './post.enricher';
import type { SwappableAnalyzer } from './taxonomy.registry';

export type ToThread = { kind: 'use'; options: AnalyzerOptions } | { kind: 'enrich'; id: number; inputs: readonly PostAnalysisInput[] };
export type FromThread = { id: number; results: PostAnalysis[] } | { id: number; error: string };

/** The compiled thread script beside this file; tests of a dying thread hand in their own. */
export const ENRICH_THREAD_SCRIPT = join(__dirname, 'enrich.thread.js');

/**
 * Batches smaller than this are analysed on the caller's thread. Handing a batch over costs the
 * process far more than analysing a few posts: measured here (ingest bench corpus, one thread),
 * a batch of 10 cost 52 µs a post in all on a thread (8 on the event loop, 44 on the thread,
 * most of it waking it and copying the results back) against 18 µs analysed where it was; at
 * 100 posts the hand-over still cost 37 against 27. One-post requests make jobs of about ten
 * posts, and on a two-core machine that overhead is CPU the requests lack. Below the threshold a
 * batch holds the event loop for about 2 ms at most; the imports the thread is for are thousands.
 */
export const THREAD_MIN_BATCH = 100;

export interface ThreadEnricherOptions {
  /** The thread script; tests of a dying thread hand in their own. */
  script?: string;
  /** Told when a thread dies, before a fresh one takes its place. */
  onLost?: (error: Error) => void;
  /** Smallest batch sent to a thread; smaller ones are analysed on the caller's. */
  minBatch?: number;
}

interface Waiter {
  resolve(results: PostAnalysis[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  /** The analyser settings this thread was last sent; -1 before any. */
  generation: number;
  pending: Map<number, Waiter>;
}

/**
 * Analysis on worker threads, each with its own analyser built from the one in use: a batch goes
 * to the thread with the fewest batches waiting, preceded by the analyser's settings whenever
 * they changed (a new taxonomy or sentiment model) since that thread last had them. A thread
 * answers in order, so no batch is analysed with settings older than those in use when it was sent.
 *
 * A thread that dies (out of memory, a bug) fails the batches it held, whose jobs the queue
 * retries, and a fresh thread takes its place.
 *
 * Batches under `minBatch` posts never leave the caller (see THREAD_MIN_BATCH).
 */
export class ThreadEnricher implements PostEnricher {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  private readonly script: string;
  private readonly onLost: (error: Error) => void;
  private readonly minBatch: number;

  constructor(
    private readonly analyzer: SwappableAnalyzer,
    threads: number,
    options: ThreadEnricherOptions = {},
  ) {
    if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
    this.script = options.script ?? ENRICH_THREAD_SCRIPT;
    this.onLost = options.onLost ?? (() => undefined);
    this.minBatch = options.minBatch ?? THREAD_MIN_BATCH;
    if (!Number.isSafeInteger(this.minBatch) || this.minBatch < 1) throw new RangeError(`minBatch must be a whole number ≥ 1, got ${this.minBatch}`);
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn());
  }

  enrich(inputs: readonly PostAnalysisInput[]): Promise<PostAnalysis[]> {
    if (this.closed) return Promise.reject(new Error('the analysis threads are closed'));
    if (inputs.length === 0) return Promise.resolve([]);
    if (inputs.length < this.minBatch) {
      try {
        return Promise.resolve(analysePosts(this.analyzer, inputs));
      } catch (error) {
        return Promise.reject(error as Error);
      }
    }
    const slot = this.slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
    const { generation, options } = this.analyzer.settings();
    if (slot.generation !== generation) {
      slot.worker.postMessage({ kind: 'use', options } satisfies ToThread);
      slot.generation = generation;
    }
    const id = this.nextId++;
    return new Promise<PostAnalysis[]>((resolve, reject) => {
      // A thread keeps the process alive only while it owes an answer.
      if (slot.pending.size === 0) slot.worker.ref();
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ kind: 'enrich', id, inputs } satisfies ToThread);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
  }

  /** Nest's last hook: the queue has stopped running jobs by then. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  private spawn(): Slot {
    const worker = new Worker(this.script);
    worker.unref();
    const slot: Slot = { worker, generation: -1, pending: new Map() };
    worker.on('message', (message: FromThread) => {
      const waiter = slot.pending.get(message.id);
      if (!waiter) return;
      slot.pending.delete(message.id);
      if (slot.pending.size === 0) worker.unref();
      if ('error' in message) waiter.reject(new Error(`analysis: ${message.error}`));
      else waiter.resolve(message.results);
    });
    worker.on('error', (error) => this.lose(slot, error));
    worker.on('exit', (code) => this.lose(slot, new Error(`an analysis thread stopped (exit code ${code})`)));
    return slot;
  }

  /** Fails what the thread held and, unless closing, puts a fresh thread in its place. */
  private lose(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    // 'error' is followed by 'exit': the slot is replaced at the first.
    if (at < 0) return;
    for (const waiter of slot.pending.values()) waiter.reject(error);
    slot.pending.clear();
    if (this.closed) return;
    this.onLost(error);
    this.slots[at] = this.spawn();
  }
}
