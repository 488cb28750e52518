import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzerOptions } from '@escucha/analysis';
import type { PostAnalysis, PostAnalysisInput, PostEnricher } from './post.enricher';
import type { SwappableAnalyzer } from './taxonomy.registry';

export type ToThread = { kind: 'use'; options: AnalyzerOptions } | { kind: 'enrich'; id: number; inputs: readonly PostAnalysisInput[] };
/** Results travel as the JSON text of `PostAnalysis[]`: see enrich.thread.ts. */
export type FromThread = { id: number; results: string } | { id: number; error: string };

/** The compiled thread script beside this file; tests of a dying thread hand in their own. */
export const ENRICH_THREAD_SCRIPT = join(__dirname, 'enrich.thread.js');

export interface ThreadEnricherOptions {
  /** The thread script; tests of a dying thread hand in their own. */
  script?: string;
  /** Told when a thread dies, before a fresh one takes its place. */
  onLost?: (error: Error) => void;
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
 * Every batch goes, however small. Under a load of one-post requests a job holds about ten
 * posts and dozens are in flight, so the thread's wake-ups are shared: handing them all over cut
 * the event loop's CPU per request by 12–21 % against analysing batches under 100 posts on it, in
 * paired runs of the built server (docs/architecture.md).
 */
export class ThreadEnricher implements PostEnricher {
  private readonly slots: Slot[] = [];
  private nextId = 1;
  private closed = false;

  private readonly script: string;
  private readonly onLost: (error: Error) => void;

  constructor(
    private readonly analyzer: SwappableAnalyzer,
    threads: number,
    options: ThreadEnricherOptions = {},
  ) {
    if (!Number.isSafeInteger(threads) || threads < 1) throw new RangeError(`threads must be a whole number ≥ 1, got ${threads}`);
    this.script = options.script ?? ENRICH_THREAD_SCRIPT;
    this.onLost = options.onLost ?? (() => undefined);
    for (let i = 0; i < threads; i++) this.slots.push(this.spawn());
  }

  enrich(inputs: readonly PostAnalysisInput[]): Promise<PostAnalysis[]> {
    if (this.closed) return Promise.reject(new Error('the analysis threads are closed'));
    if (inputs.length === 0) return Promise.resolve([]);
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
      else waiter.resolve(JSON.parse(message.results) as PostAnalysis[]);
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
