import WebSocket, { type RawData } from 'ws';
import type { PostInput } from '@escucha/core';
import type { Connector, PostSink } from '../connector.port';
import {
  SILENT_LOGGER,
  describeError,
  keywordMatcher,
  type ConnectorLogger,
  type ConnectorReporter,
  type ConnectorStateStore,
  type ConnectorStatus,
} from '../stream/connector.status';
import { PlainTimers, type ConnectorTimers } from '../stream/connector.timers';
import { RetryBackoff } from '../stream/retry.backoff';
import { SeenIds } from '../stream/seen.ids';
import { POST_COLLECTION, isJetstreamEvent, postRecord, toBlueskyPost } from './jetstream.mapping';

/** Public Jetstream instance run by Bluesky. */
export const JETSTREAM_URL = 'wss://jetstream2.us-east.bsky.network';

/**
 * What survives a restart: the time_us of the newest event fully handled, and the posts handed
 * on within the rewind before it, so the replayed overlap is dropped by id after a restart too.
 */
export interface JetstreamState {
  cursor: number;
  recent?: string[];
}

export interface JetstreamConnectorOptions {
  /** Base URL of the Jetstream instance (ws:// or wss://); `/subscribe` is added. */
  url?: string;
  /** Posts are kept when all words of any query appear in their text; none: every post. */
  queries: readonly string[];
  /** Names its timers; the source id in the server. */
  id?: string;
  /** How far before the saved cursor a reconnect starts, as Jetstream advises; the overlap is dropped by id. Default 5 s. */
  rewindMs?: number;
  /** Silence this long is a dead connection (the firehose is never quiet for long). Default 30 s. */
  stallMs?: number;
  /** The cursor is written this often, and at stop. Default 2 s. */
  saveEveryMs?: number;
  retry?: { baseMs?: number; maxMs?: number; rateLimitMs?: number };
  state?: ConnectorStateStore<JetstreamState>;
  timers?: ConnectorTimers;
  reporter?: ConnectorReporter;
  logger?: ConnectorLogger;
}

export interface JetstreamStats extends ConnectorStatus {
  /** time_us of the newest event fully handled: where a restart resumes. */
  cursor?: number;
  stalls: number;
  /** Posts read whose text matched no query. */
  filtered: number;
}

class Stopped extends Error {}

/**
 * Bluesky through Jetstream: one WebSocket subscribed to new posts, filtered by keyword here
 * (Jetstream filters by collection and repo only). The cursor only moves past an event once
 * every post before it is queued, so a reconnect or a restart resumes from it, rewound a few
 * seconds, and hands on what it missed with nothing twice. A message that does not parse is
 * counted and skipped; a connection that closes, fails or falls silent is opened again with backoff.
 */
export class JetstreamConnector implements Connector {
  readonly name = 'bluesky';
  private readonly id: string;
  private readonly url: string;
  private readonly matches: (text: string) => boolean;
  private readonly rewindUs: number;
  private readonly stallMs: number;
  private readonly saveEveryMs: number;
  private readonly backoff: RetryBackoff;
  private readonly timers: ConnectorTimers;
  private readonly logger: ConnectorLogger;
  private readonly seen = new SeenIds();
  /** Handles learnt from identity events, for the commits that follow. */
  private readonly handles = new Map<string, string>();
  private sink?: PostSink;
  private stopped = true;
  private loop?: Promise<void>;
  private socket?: WebSocket;
  private wake?: () => void;
  private waitTimer?: NodeJS.Timeout;
  /** Hand-offs run one post at a time, in stream order. */
  private chain: Promise<void> = Promise.resolve();
  private pending = 0;
  /** time_us of the newest event read, and of the newest one whose posts (and all before) are queued. */
  private lastUs?: number;
  private committedUs?: number;
  private savedUs?: number;
  /** A hand-off failed: the cursor stays before it until a reconnect replays it. */
  private broken = false;
  private lastMessageAt = 0;
  private stalled?: WebSocket;
  /** Posts handed on lately with their time_us: what a saved state lists as already handed. */
  private recent: Array<{ id: string; us: number }> = [];
  private readonly counters: JetstreamStats = { connected: false, events: 0, malformed: 0, duplicates: 0, reconnects: 0, stalls: 0, filtered: 0 };

  constructor(private readonly options: JetstreamConnectorOptions) {
    this.id = options.id ?? 'bluesky';
    this.url = (options.url ?? JETSTREAM_URL).replace(/\/+$/, '');
    this.matches = keywordMatcher(options.queries);
    this.rewindUs = (options.rewindMs ?? 5_000) * 1000;
    this.stallMs = options.stallMs ?? 30_000;
    this.saveEveryMs = options.saveEveryMs ?? 2_000;
    this.backoff = new RetryBackoff({ baseMs: options.retry?.baseMs ?? 1_000, maxMs: options.retry?.maxMs ?? 60_000, rateLimitMs: options.retry?.rateLimitMs ?? 30_000 });
    this.timers = options.timers ?? new PlainTimers();
    this.logger = options.logger ?? SILENT_LOGGER;
  }

  stats(): JetstreamStats {
    return { ...this.counters, cursor: this.committedUs };
  }

  async start(sink: PostSink): Promise<void> {
    if (!this.stopped) throw new Error('bluesky connector already started');
    this.sink = sink;
    this.stopped = false;
    const saved = await this.options.state?.load().catch((error: unknown) => {
      this.fail(`could not read the saved cursor, starting from now: ${describeError(error)}`);
      return undefined;
    });
    if (saved && Number.isSafeInteger(saved.cursor)) {
      this.committedUs = this.savedUs = saved.cursor;
      for (const id of saved.recent ?? []) this.seen.admit(id);
    }
    this.timers.every(`${this.id}-watchdog`, Math.max(50, Math.floor(this.stallMs / 4)), () => this.watch());
    this.timers.every(`${this.id}-cursor`, this.saveEveryMs, () => void this.saveCursor());
    this.loop = this.run().catch((error: unknown) => {
      if (!(error instanceof Stopped)) this.fail(`bluesky connector stopped: ${describeError(error)}`);
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.cancel(`${this.id}-watchdog`);
    this.timers.cancel(`${this.id}-cursor`);
    this.socket?.close(1000);
    clearTimeout(this.waitTimer);
    this.wake?.();
    await this.loop;
    await this.chain;
    await this.saveCursor();
  }

  /** Where the next connection starts: the committed cursor, rewound; none on a first start (live tail). */
  private subscribeUrl(): string {
    const params = new URLSearchParams({ wantedCollections: POST_COLLECTION });
    if (this.committedUs !== undefined) params.set('cursor', String(Math.max(0, this.committedUs - this.rewindUs)));
    return `${this.url}/subscribe?${params}`;
  }

  private async run(): Promise<void> {
    let delay = 0;
    let first = true;
    while (!this.stopped) {
      if (delay > 0) await this.sleep(delay);
      if (this.stopped) return;
      if (!first) this.counters.reconnects++;
      first = false;
      const outcome = await this.connectOnce();
      if (this.stopped) return;
      if (outcome.healthy) this.backoff.reset();
      delay = this.backoff.next(outcome.rateLimited ? 'rate-limit' : 'network', outcome.retryAfterMs);
      this.fail(`${outcome.message}; reconnecting${delay ? ` in ${delay} ms` : ''}`);
    }
  }

  private connectOnce(): Promise<{ healthy: boolean; message: string; rateLimited?: boolean; retryAfterMs?: number }> {
    return new Promise((done) => {
      let healthy = false;
      let message = 'the Jetstream connection closed';
      let rateLimited = false;
      let retryAfterMs: number | undefined;
      this.broken = false;
      const socket = new WebSocket(this.subscribeUrl(), { handshakeTimeout: Math.max(1_000, this.stallMs) });
      this.socket = socket;
      socket.on('open', () => {
        this.counters.connected = true;
        this.lastMessageAt = Date.now();
        this.logger.log(`bluesky: connected to ${this.url}${this.committedUs !== undefined ? ` from cursor ${this.committedUs}` : ''}`);
      });
      socket.on('message', (data: RawData, isBinary: boolean) => {
        healthy = true;
        this.lastMessageAt = Date.now();
        this.onMessage(data, isBinary);
      });
      socket.on('unexpected-response', (_request, response) => {
        rateLimited = response.statusCode === 429;
        const after = Number(response.headers['retry-after']);
        if (Number.isFinite(after) && after >= 0) retryAfterMs = after * 1000;
        message = `Jetstream answered ${response.statusCode} ${response.statusMessage ?? ''}`.trim();
        socket.terminate();
      });
      socket.on('error', (error) => {
        if (!message.startsWith('Jetstream answered')) message = `the Jetstream connection failed: ${error.message}`;
      });
      socket.on('close', (code, reason) => {
        this.counters.connected = false;
        this.socket = undefined;
        if (this.stalled === socket) message = `Jetstream was silent for ${this.stallMs} ms`;
        else if (message === 'the Jetstream connection closed' && code !== 1006) message += ` (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
        done({ healthy, message, rateLimited, retryAfterMs });
      });
    });
  }

  /** Silence past `stallMs` on an open connection: drop it, so the loop opens another. */
  private watch(): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - this.lastMessageAt <= this.stallMs) return;
    this.counters.stalls++;
    this.stalled = socket;
    socket.terminate();
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    let event: unknown;
    try {
      // Binary frames are zstd-compressed events, which this connector never asks for.
      if (isBinary) throw new Error('a binary frame');
      event = JSON.parse(data.toString());
    } catch {
      return this.malformed('a message that is not JSON');
    }
    if (!isJetstreamEvent(event)) return this.malformed('an event without did, time_us or kind');
    // A first start listens from now: everything before its first event counts as handled, so a failure can replay from there.
    if (this.committedUs === undefined) this.committedUs = event.time_us - 1;
    if (event.kind === 'identity' && typeof event.identity?.handle === 'string') {
      this.handles.delete(event.did);
      this.handles.set(event.did, event.identity.handle);
      if (this.handles.size > 50_000) this.handles.delete(this.handles.keys().next().value!);
    }
    const record = postRecord(event);
    if (record === 'malformed') this.malformed('a post commit without rkey or text');
    else if (record !== 'other') {
      if (!this.matches(record.text)) this.counters.filtered++;
      else this.handOn(toBlueskyPost(event, record, this.handles.get(event.did)), event.time_us);
    }
    this.lastUs = Math.max(this.lastUs ?? 0, event.time_us);
    if (this.pending === 0 && !this.broken) this.committedUs = this.lastUs;
  }

  private handOn(post: PostInput, us: number): void {
    if (!this.seen.admit(post.id)) {
      this.counters.duplicates++;
      return;
    }
    const sink = this.sink!;
    this.pending++;
    this.chain = this.chain
      .then(() => sink.accept([post], 'ingest'))
      .then(
        () => {
          this.counters.events++;
          this.recent.push({ id: post.id, us });
          this.counters.lastEventAt = post.createdAt;
          this.options.reporter?.events(1);
        },
        (error: unknown) => {
          // Not queued: keep the cursor before it and reconnect, so the replay brings it again.
          this.seen.forget(post.id);
          this.broken = true;
          this.fail(`could not queue a Bluesky post: ${describeError(error)}`);
          this.socket?.terminate();
        },
      )
      .finally(() => {
        this.pending--;
        if (this.pending === 0 && !this.broken && this.lastUs !== undefined) this.committedUs = this.lastUs;
      });
  }

  private malformed(what: string): void {
    this.counters.malformed++;
    this.fail(`skipped ${what} (${this.counters.malformed} malformed so far)`);
  }

  private async saveCursor(): Promise<void> {
    const cursor = this.committedUs;
    if (cursor === undefined || cursor === this.savedUs || !this.options.state) return;
    this.savedUs = cursor;
    const from = cursor - this.rewindUs;
    this.recent = this.recent.filter((entry) => entry.us >= from);
    const recent = this.recent.filter((entry) => entry.us <= cursor).map((entry) => entry.id);
    await this.options.state.save(recent.length ? { cursor, recent } : { cursor }).catch((error: unknown) => this.logger.warn(`bluesky: cursor not saved: ${describeError(error)}`));
  }

  private fail(message: string): void {
    this.counters.lastError = message;
    this.options.reporter?.error(message);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((done) => {
      this.wake = () => {
        clearTimeout(this.waitTimer);
        done();
      };
      this.waitTimer = setTimeout(done, ms);
    });
  }
}
