import type { PostInput, QueueName } from '@escucha/core';
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
import { compareIds, isStatus, linkRel, toMastodonPost, type MastodonStatus } from './mastodon.mapping';

/**
 * Per stream ("tag:<name>", "public"), the newest status such that it and everything before it
 * were handed on: where the next gap backfill starts.
 */
export interface MastodonState {
  newest: Record<string, string>;
}

export interface MastodonConnectorOptions {
  /** The server's origin, e.g. https://mastodon.social. */
  url: string;
  /** Hashtags (without "#"), one stream each. */
  tags: readonly string[];
  /** Keywords for the public timeline; none: no public stream. */
  queries?: readonly string[];
  /** Optional: servers that require sign-in for streams and timelines (or hide some) need a token with read:statuses. */
  token?: string;
  id?: string;
  /** Silence this long (no status, no heartbeat) is a dead connection. Mastodon sends a heartbeat comment every few seconds. Default 60 s. */
  stallMs?: number;
  saveEveryMs?: number;
  retry?: { baseMs?: number; maxMs?: number; rateLimitMs?: number };
  /** Most statuses a gap backfill reads per stream. Default 2,000. */
  backfillLimit?: number;
  state?: ConnectorStateStore<MastodonState>;
  timers?: ConnectorTimers;
  reporter?: ConnectorReporter;
  logger?: ConnectorLogger;
}

export interface MastodonStats extends ConnectorStatus {
  streamed: number;
  backfilled: number;
  stalls: number;
  rateLimitWaits: number;
  /** Streams open out of those configured. */
  open: number;
  streams: number;
}

interface StreamSpec {
  key: string;
  streamPath: string;
  timelinePath: string;
  matches?: (text: string) => boolean;
  controller?: AbortController;
  /** The newest status handed on, and the committed one (saved): behind it while a backfill runs or after a failed hand-off. */
  newest?: string;
  committed?: string;
  backfilling: boolean;
  /** Streamed statuses are handed on one at a time, in order. */
  chain: Promise<void>;
  /** A hand-off failed: nothing is committed past it until a backfill has brought it again. */
  broken: boolean;
  lastDataAt: number;
  stalled: boolean;
  connected: boolean;
}

/** Statuses per timeline request: Mastodon's most. */
const PAGE = 40;

/**
 * A Mastodon server's streams over Server-Sent Events: one per hashtag, and the public timeline
 * filtered by keyword here. SSE rather than the WebSocket variant: plain HTTP through any proxy,
 * the token in an Authorization header instead of the URL, one stream per connection so one
 * failing does not take the others down, and heartbeat comments to watch. After every reconnect
 * (and at start, from the saved state) the timeline fills the gap since the newest status
 * handed on (`since_id`, paging back through the Link header), deduplicated by id. 429s and
 * X-RateLimit headers are followed; a status that does not parse is counted and skipped.
 */
export class MastodonConnector implements Connector {
  readonly name = 'mastodon';
  private readonly id: string;
  private readonly base: string;
  private readonly host: string;
  private readonly stallMs: number;
  private readonly backoffs = new Map<string, RetryBackoff>();
  private readonly timers: ConnectorTimers;
  private readonly logger: ConnectorLogger;
  private readonly seen = new SeenIds();
  private readonly streams: StreamSpec[];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly sleeps = new Set<() => void>();
  private dirty = false;
  private sink?: PostSink;
  private stopped = true;
  private loops: Promise<void>[] = [];
  private readonly counters = { events: 0, malformed: 0, duplicates: 0, reconnects: 0, streamed: 0, backfilled: 0, stalls: 0, rateLimitWaits: 0 } as Omit<MastodonStats, 'connected' | 'open' | 'streams'>;

  constructor(private readonly options: MastodonConnectorOptions) {
    this.id = options.id ?? 'mastodon';
    this.base = options.url.replace(/\/+$/, '');
    this.host = new URL(this.base).host;
    this.stallMs = options.stallMs ?? 60_000;
    this.timers = options.timers ?? new PlainTimers();
    this.logger = options.logger ?? SILENT_LOGGER;
    const spec = (key: string, streamPath: string, timelinePath: string, matches?: (text: string) => boolean): StreamSpec => ({ key, streamPath, timelinePath, matches, backfilling: false, chain: Promise.resolve(), broken: false, lastDataAt: 0, stalled: false, connected: false });
    this.streams = options.tags.map((tag) => tag.replace(/^#/, '')).map((tag) => spec(`tag:${tag.toLowerCase()}`, `/api/v1/streaming/hashtag?tag=${encodeURIComponent(tag)}`, `/api/v1/timelines/tag/${encodeURIComponent(tag)}`));
    if (options.queries?.length) this.streams.push(spec('public', '/api/v1/streaming/public', '/api/v1/timelines/public', keywordMatcher(options.queries)));
  }

  stats(): MastodonStats {
    const open = this.streams.filter((stream) => stream.connected).length;
    return { ...this.counters, connected: open > 0 && open === this.streams.length, open, streams: this.streams.length };
  }

  async start(sink: PostSink): Promise<void> {
    if (!this.stopped) throw new Error('mastodon connector already started');
    this.sink = sink;
    this.stopped = false;
    const saved = await this.options.state?.load().catch((error: unknown) => {
      this.fail(`could not read the saved state, starting from now: ${describeError(error)}`);
      return undefined;
    });
    for (const stream of this.streams) stream.newest = stream.committed = saved?.newest?.[stream.key];
    this.timers.every(`${this.id}-watchdog`, Math.max(50, Math.floor(this.stallMs / 4)), () => this.watch());
    this.timers.every(`${this.id}-cursor`, this.options.saveEveryMs ?? 2_000, () => void this.saveState());
    this.loops = this.streams.map((stream) => this.run(stream));
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.cancel(`${this.id}-watchdog`);
    this.timers.cancel(`${this.id}-cursor`);
    for (const stream of this.streams) stream.controller?.abort();
    for (const wake of this.sleeps) wake();
    await Promise.all(this.loops);
    await Promise.allSettled([...this.inFlight]);
    await this.saveState();
  }

  private headers(): Record<string, string> {
    return this.options.token ? { authorization: `Bearer ${this.options.token}` } : {};
  }

  private backoff(key: string): RetryBackoff {
    let backoff = this.backoffs.get(key);
    if (!backoff) {
      const retry = this.options.retry ?? {};
      backoff = new RetryBackoff({ baseMs: retry.baseMs ?? 1_000, maxMs: retry.maxMs ?? 60_000, rateLimitMs: retry.rateLimitMs ?? 60_000 });
      this.backoffs.set(key, backoff);
    }
    return backoff;
  }

  private async run(stream: StreamSpec): Promise<void> {
    let first = true;
    while (!this.stopped) {
      if (!first) this.counters.reconnects++;
      const outcome = await this.connectOnce(stream, first).catch((error: unknown) => ({ healthy: false, message: describeError(error), rateLimited: false, retryAfterMs: undefined }));
      first = false;
      if (this.stopped) return;
      const backoff = this.backoff(stream.key);
      if (outcome.healthy) backoff.reset();
      const delay = backoff.next(outcome.rateLimited ? 'rate-limit' : 'network', outcome.retryAfterMs);
      this.fail(`${stream.key}: ${outcome.message}; reconnecting${delay ? ` in ${delay} ms` : ''}`);
      if (delay > 0) await this.sleep(delay);
    }
  }

  private async connectOnce(stream: StreamSpec, first: boolean): Promise<{ healthy: boolean; message: string; rateLimited: boolean; retryAfterMs?: number }> {
    const controller = new AbortController();
    stream.controller = controller;
    stream.stalled = false;
    let response: Response;
    try {
      response = await fetch(`${this.base}${stream.streamPath}`, { headers: { ...this.headers(), accept: 'text/event-stream' }, signal: controller.signal });
    } catch (error) {
      return { healthy: false, message: `cannot reach the streaming API: ${describeError(error)}`, rateLimited: false };
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => undefined);
      const rateLimited = response.status === 429;
      return { healthy: false, message: `the streaming API answered ${response.status}${response.status === 401 ? ' (this server needs MASTODON_TOKEN for streams)' : ''}`, rateLimited, retryAfterMs: rateLimited ? resetWait(response.headers) : undefined };
    }
    stream.connected = true;
    stream.lastDataAt = Date.now();
    this.logger.log(`mastodon: ${stream.key} stream open on ${this.host}`);
    // Also at the first start: the saved state says where the last run stopped.
    if (stream.committed !== undefined) this.track(this.backfill(stream, stream.committed));
    else if (stream.broken) stream.broken = false;
    else if (first) this.logger.log(`mastodon: ${stream.key} has no saved position; listening from now`);
    let healthy = false;
    let message = 'the stream ended';
    try {
      const decoder = new TextDecoder();
      let buffer = '';
      let event = '';
      let data: string[] = [];
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        stream.lastDataAt = Date.now();
        healthy = true;
        buffer += decoder.decode(chunk, { stream: true });
        let newline: number;
        while ((newline = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, newline).replace(/\r$/, '');
          buffer = buffer.slice(newline + 1);
          if (line === '') {
            if (data.length) this.onEvent(stream, event || 'message', data.join('\n'));
            event = '';
            data = [];
          } else if (line.startsWith(':')) {
            // Heartbeat comment: the connection is alive.
          } else if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
      }
    } catch (error) {
      if (!this.stopped && !stream.stalled) message = `the stream dropped: ${describeError(error)}`;
    } finally {
      stream.connected = false;
      stream.controller = undefined;
    }
    if (stream.stalled) message = `the stream was silent for ${this.stallMs} ms`;
    return { healthy, message, rateLimited: false };
  }

  private onEvent(stream: StreamSpec, event: string, data: string): void {
    if (event !== 'update') return;
    let status: unknown;
    try {
      status = JSON.parse(data);
    } catch {
      return this.malformed(`a ${stream.key} update that is not JSON`);
    }
    if (!isStatus(status)) return this.malformed(`a ${stream.key} update that is not a status`);
    stream.chain = stream.chain.then(() => this.handOn(stream, status, 'stream'));
    this.track(stream.chain);
  }

  /**
   * The timeline since `since`, newest first page by page through the Link header's `next`
   * until it reaches `since`, handed on oldest first.
   */
  private async backfill(stream: StreamSpec, since: string): Promise<void> {
    stream.backfilling = true;
    stream.broken = false;
    try {
      if (await this.fillGap(stream, since)) this.commit(stream);
      // Failed: the stream is reopened (with backoff) so the gap is tried again from the same place.
      else stream.controller?.abort();
    } finally {
      stream.backfilling = false;
    }
  }

  /** True when the gap was read to its start and every status in it handed on. */
  private async fillGap(stream: StreamSpec, since: string): Promise<boolean> {
    const found: MastodonStatus[] = [];
    let url: string | undefined = `${this.base}${stream.timelinePath}?since_id=${encodeURIComponent(since)}&limit=${PAGE}`;
    const limit = this.options.backfillLimit ?? 2_000;
    while (url && !this.stopped && found.length < limit) {
      let response: Response;
      try {
        response = await fetch(url, { headers: this.headers() });
      } catch (error) {
        this.fail(`${stream.key}: gap backfill failed: ${describeError(error)}`);
        return false;
      }
      this.noteRateLimit(response.headers);
      if (response.status === 429) {
        await response.body?.cancel().catch(() => undefined);
        this.counters.rateLimitWaits++;
        const wait = resetWait(response.headers) ?? 60_000;
        this.fail(`${stream.key}: rate-limited (429) during the gap backfill; waiting ${wait} ms`);
        await this.sleep(wait);
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        this.fail(`${stream.key}: gap backfill answered ${response.status}`);
        return false;
      }
      const page = (await response.json().catch(() => undefined)) as unknown;
      if (!Array.isArray(page)) {
        this.malformed(`a ${stream.key} timeline page that is not a list`);
        return false;
      }
      let reached = page.length === 0;
      for (const status of page) {
        if (!isStatus(status)) {
          this.malformed(`a ${stream.key} timeline entry that is not a status`);
          continue;
        }
        if (compareIds(status.id, since) <= 0) reached = true;
        else found.push(status);
      }
      url = reached ? undefined : linkRel(response.headers.get('link'), 'next');
      if (url && Number(response.headers.get('x-ratelimit-remaining')) === 0) {
        this.counters.rateLimitWaits++;
        await this.sleep(resetWait(response.headers) ?? 60_000);
      }
    }
    if (this.stopped) return false;
    found.sort((a, b) => compareIds(a.id, b.id));
    for (const status of found) await this.handOn(stream, status, 'backfill');
    this.logger.log(`mastodon: ${stream.key} gap backfill read ${found.length} status(es) since ${since}`);
    return !stream.broken;
  }

  private async handOn(stream: StreamSpec, status: MastodonStatus, from: 'stream' | 'backfill'): Promise<void> {
    const post = toMastodonPost(status, this.host, new Date());
    if (!post) return;
    if (stream.matches && !stream.matches(post.text)) return;
    if (!this.seen.admit(post.id)) {
      this.counters.duplicates++;
      return;
    }
    const queue: QueueName = from === 'stream' ? 'ingest' : 'batch';
    try {
      await this.track(this.sink!.accept([post], queue));
    } catch (error) {
      // Not queued: commit nothing past it, and reopen so the gap backfill brings it again.
      this.seen.forget(post.id);
      stream.broken = true;
      this.fail(`could not queue a Mastodon post: ${describeError(error)}`);
      stream.controller?.abort();
      return;
    }
    this.counters.events++;
    if (from === 'stream') this.counters.streamed++;
    else this.counters.backfilled++;
    this.counters.lastEventAt = (post as PostInput).createdAt;
    this.options.reporter?.events(1);
    if (stream.newest === undefined || compareIds(status.id, stream.newest) > 0) stream.newest = status.id;
    if (!stream.backfilling) this.commit(stream);
  }

  private commit(stream: StreamSpec): void {
    if (stream.broken || stream.newest === undefined || stream.newest === stream.committed) return;
    stream.committed = stream.newest;
    this.dirty = true;
  }

  private watch(): void {
    const now = Date.now();
    for (const stream of this.streams) {
      if (!stream.connected || now - stream.lastDataAt <= this.stallMs) continue;
      this.counters.stalls++;
      stream.stalled = true;
      stream.controller?.abort();
    }
  }

  private noteRateLimit(headers: Headers): void {
    const remaining = Number(headers.get('x-ratelimit-remaining'));
    if (headers.has('x-ratelimit-remaining') && Number.isFinite(remaining)) this.counters.rateLimitRemaining = remaining;
  }

  private malformed(what: string): void {
    this.counters.malformed++;
    this.fail(`skipped ${what} (${this.counters.malformed} malformed so far)`);
  }

  private async saveState(): Promise<void> {
    if (!this.dirty || !this.options.state) return;
    this.dirty = false;
    const newest: Record<string, string> = {};
    for (const stream of this.streams) if (stream.committed !== undefined) newest[stream.key] = stream.committed;
    await this.options.state.save({ newest }).catch((error: unknown) => this.logger.warn(`mastodon: state not saved: ${describeError(error)}`));
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  private fail(message: string): void {
    this.counters.lastError = message;
    this.options.reporter?.error(message);
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((done) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeps.delete(wake);
        done();
      };
      const timer = setTimeout(wake, ms);
      this.sleeps.add(wake);
    });
  }
}

/** Until X-RateLimit-Reset (an ISO time), or Retry-After seconds; undefined when neither says. */
function resetWait(headers: Headers): number | undefined {
  const after = Number(headers.get('retry-after'));
  if (headers.has('retry-after') && Number.isFinite(after)) return Math.max(0, after * 1000);
  const reset = Date.parse(headers.get('x-ratelimit-reset') ?? '');
  return Number.isNaN(reset) ? undefined : Math.max(0, reset - Date.now()) + 250;
}
