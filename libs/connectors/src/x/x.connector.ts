import type { Agent } from 'node:https';
import { Logger } from '@nestjs/common';
import { ApiResponseError, ETwitterStreamEvent, type TweetStream, type TwitterApiReadOnly } from 'twitter-api-v2';
import type { PostInput } from '@escucha/core';
import type { Connector, PostSink } from '../connector.port';
import { XReconnectSchedule, X_RETRY, type XFailure, type XRetryBases } from './x.backoff';
import { createXClient } from './x.client';
import { X_EXPANSIONS, X_TWEET_FIELDS, X_USER_FIELDS, isTweet, toPostInput, usersById, type XTweet, type XUser } from './x.mapping';

/** The newest tweet handed on: where a gap backfill starts. */
export interface XCursor {
  id: string;
  at: string;
}

export interface XCursorStore {
  load(): Promise<XCursor | undefined>;
  save(cursor: XCursor): Promise<void>;
}

/** Where the connector says how it is doing: the source registry in the server. */
export interface XReporter {
  events(count: number): void;
  error(message: string): void;
}

export interface XConnectorOptions {
  bearerToken: string;
  /** One filtered-stream rule each. */
  queries: readonly string[];
  apiBaseUrl?: string;
  httpAgent?: Agent;
  /** Silence this long is a disconnect. X sends a keep-alive every 20 s. Default 20 s. */
  stallMs?: number;
  retry?: Partial<XRetryBases>;
  cursor?: XCursorStore;
  reporter?: XReporter;
  logger?: { log(message: string): void; warn(message: string): void };
}

export interface XStats {
  connected: boolean;
  connects: number;
  disconnects: number;
  stalls: number;
  malformed: number;
  /** Posts handed to the sink from the stream and from backfills. */
  streamed: number;
  backfilled: number;
  /** Tweets seen twice (stream and backfill overlap) and handed on once. */
  duplicates: number;
  /** The waits chosen after failed attempts, newest last (kept short). */
  retries: Array<{ failure: XFailure; waitMs: number }>;
  invalidRules: Array<{ value: string; message: string }>;
  lastError?: string;
}

/** Rules this connector owns carry this tag. */
const RULE_TAG = 'escucha';
/** Ids remembered for de-duplication: far more than a gap backfill overlaps the stream. */
const SEEN_IDS = 20_000;
/** Recent search reaches 7 days back; a little less, so a start_time is never refused as too old. */
const RECENT_WINDOW_MS = 7 * 86_400_000 - 60_000;
const MAX_RETRIES_KEPT = 20;

class Stopped extends Error {}

/**
 * The X filtered stream for online listening. Rules are brought to the configured queries at
 * start (X's message for an invalid one is reported, the rest still run); a connection that
 * goes silent for `stallMs` or drops is reconnected at once, then with X's backoff; after every
 * reconnect, recent search fills the gap since the newest tweet seen. Every tweet id is handed
 * on once however it arrives, and a payload that does not parse is counted and skipped.
 *
 * Timers are plain ones owned by this object (twitter-api-v2's keep-alive timer and the wait
 * between attempts); `stop()` clears both.
 */
export class XConnector implements Connector {
  readonly name = 'x';
  private readonly client: TwitterApiReadOnly;
  private readonly schedule: XReconnectSchedule;
  private readonly stallMs: number;
  private readonly logger: { log(message: string): void; warn(message: string): void };
  private sink?: PostSink;
  private stopped = true;
  private loop?: Promise<void>;
  private stream?: TweetStream;
  private wake?: () => void;
  private waitTimer?: NodeJS.Timeout;
  /** The newest tweet handed on: where a gap backfill starts. */
  private cursor?: XCursor;
  /** The newest tweet of a batch the sink has durably accepted: the only cursor worth saving. */
  private durable?: XCursor;
  private cursorDirty = false;
  private readonly seen = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly counters: XStats = { connected: false, connects: 0, disconnects: 0, stalls: 0, malformed: 0, streamed: 0, backfilled: 0, duplicates: 0, retries: [], invalidRules: [] };

  constructor(private readonly options: XConnectorOptions) {
    this.client = createXClient(options);
    this.schedule = new XReconnectSchedule({ ...X_RETRY, ...options.retry });
    this.stallMs = options.stallMs ?? 20_000;
    this.logger = options.logger ?? new Logger('XConnector');
  }

  stats(): XStats {
    return { ...this.counters, retries: [...this.counters.retries], invalidRules: [...this.counters.invalidRules] };
  }

  /** Returns once started; rules, connection and reconnects run in the background until `stop()`. */
  async start(sink: PostSink): Promise<void> {
    if (!this.stopped) throw new Error('x connector already started');
    this.sink = sink;
    this.stopped = false;
    this.cursor = await this.options.cursor?.load();
    this.durable = this.cursor;
    this.loop = this.run().catch((error: unknown) => {
      if (!(error instanceof Stopped)) this.fail(`X connector stopped: ${describe(error)}`);
    });
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    // close(), not destroy(): destroy drops the listeners first, and the loop waits for the close event.
    this.stream?.close();
    this.stream = undefined;
    this.counters.connected = false;
    clearTimeout(this.waitTimer);
    this.wake?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    await this.saveCursor();
    this.sink = undefined;
  }

  private async run(): Promise<void> {
    while (!(await this.syncRules())) if (this.stopped) return;
    if (this.stopped) return;
    // A disconnect from a healthy connection earns one immediate retry; failures then back off.
    let delay = 0;
    let reconnecting = this.cursor !== undefined;
    while (!this.stopped) {
      if (delay > 0) await this.sleep(delay);
      if (this.stopped) return;
      const outcome = await this.connectOnce(reconnecting);
      reconnecting = true;
      if (outcome.healthy) {
        this.schedule.reset();
        delay = 0;
        continue;
      }
      if (!outcome.failure) {
        delay = 0;
        continue;
      }
      delay = this.schedule.next(outcome.failure);
      this.counters.retries.push({ failure: outcome.failure, waitMs: delay });
      if (this.counters.retries.length > MAX_RETRIES_KEPT) this.counters.retries.shift();
      this.fail(`${outcome.message}; retrying in ${formatMs(delay)}`);
    }
  }

  /**
   * One connection from connect to end. `healthy` when it delivered anything before it ended
   * (so the next attempt goes at once); otherwise the failure decides the wait.
   */
  private async connectOnce(backfill: boolean): Promise<{ healthy: boolean; failure?: XFailure; message: string }> {
    const stream = this.client.v2.searchStream({
      autoConnect: false,
      expansions: X_EXPANSIONS,
      'tweet.fields': X_TWEET_FIELDS,
      'user.fields': X_USER_FIELDS,
    } as Parameters<TwitterApiReadOnly['v2']['searchStream']>[0] & { autoConnect: false });
    let healthy = false;
    let stalled = false;
    let lastError = 'the stream closed';
    const ended = new Promise<void>((done) => stream.on(ETwitterStreamEvent.ConnectionClosed, () => done()));
    stream.on(ETwitterStreamEvent.Data, (payload: unknown) => {
      healthy = true;
      this.onPayload(payload);
    });
    stream.on(ETwitterStreamEvent.DataKeepAlive, () => (healthy = true));
    stream.on(ETwitterStreamEvent.TweetParseError, () => this.malformed('a line that is not JSON'));
    stream.on(ETwitterStreamEvent.DataError, (payload: { errors?: Array<{ title?: string; detail?: string }> }) => {
      // X announces operational disconnects and rule problems in-band, as a payload with only errors.
      const first = payload.errors?.[0];
      lastError = `X sent an error on the stream: ${first?.title ?? 'error'}${first?.detail ? ` (${first.detail})` : ''}`;
      this.fail(lastError);
    });
    stream.on(ETwitterStreamEvent.ConnectionLost, () => (stalled = true));
    stream.on(ETwitterStreamEvent.ConnectionError, (error: Error) => (lastError = `the stream dropped: ${describe(error)}`));
    stream.on(ETwitterStreamEvent.Error, () => undefined);

    this.stream = stream;
    try {
      await stream.connect({ autoReconnect: false, keepAliveTimeout: this.stallMs });
    } catch (error) {
      this.stream = undefined;
      stream.destroy();
      if (this.stopped) return { healthy: false, message: 'stopped' };
      return { healthy: false, failure: classify(error), message: `cannot connect to the X stream: ${explain(error)}` };
    }
    if (this.stopped) {
      stream.destroy();
      return { healthy: false, message: 'stopped' };
    }
    this.counters.connects++;
    this.counters.connected = true;
    this.logger.log(`x: stream connected${backfill ? ', filling the gap from recent search' : ''}`);
    if (backfill) this.track(this.backfillGap());
    await ended;
    this.counters.connected = false;
    this.stream = undefined;
    if (this.stopped) return { healthy: false, message: 'stopped' };
    this.counters.disconnects++;
    if (stalled) {
      this.counters.stalls++;
      lastError = `the stream was silent for ${formatMs(this.stallMs)}`;
    }
    this.fail(`${lastError}; reconnecting`);
    return { healthy, failure: healthy ? undefined : 'network', message: lastError };
  }

  private onPayload(payload: unknown): void {
    const body = payload as { data?: unknown; includes?: { users?: XUser[] } } | null;
    if (!body || !isTweet(body.data)) return this.malformed('a payload without a tweet');
    this.handOn([body.data], usersById(body.includes?.users), 'stream');
  }

  private malformed(what: string): void {
    this.counters.malformed++;
    this.fail(`skipped ${what} (${this.counters.malformed} malformed so far)`);
  }

  /** De-duplicates by id, advances the cursor and hands the rest to the sink one call per batch. */
  private handOn(tweets: readonly XTweet[], users: ReadonlyMap<string, XUser>, from: 'stream' | 'backfill'): Promise<void> {
    const sink = this.sink;
    if (!sink) return Promise.resolve();
    const now = new Date();
    const posts: PostInput[] = [];
    let newest: XCursor | undefined;
    for (const tweet of tweets) {
      if (this.seen.has(tweet.id)) {
        this.counters.duplicates++;
        continue;
      }
      this.remember(tweet.id);
      posts.push(toPostInput(tweet, users, now));
      if (!newest || BigInt(tweet.id) > BigInt(newest.id)) newest = { id: tweet.id, at: tweet.created_at ?? now.toISOString() };
    }
    if (newest && (!this.cursor || BigInt(newest.id) > BigInt(this.cursor.id))) this.cursor = newest;
    if (posts.length === 0) return Promise.resolve();
    if (from === 'stream') this.counters.streamed += posts.length;
    else this.counters.backfilled += posts.length;
    this.options.reporter?.events(posts.length);
    const handed = sink.accept(posts, from === 'stream' ? 'ingest' : 'batch').then(
      () => {
        // A saved cursor past posts not yet durable would skip them after a crash.
        if (newest && (!this.durable || BigInt(newest.id) > BigInt(this.durable.id))) {
          this.durable = newest;
          this.cursorDirty = true;
        }
      },
      (error: unknown) => {
        this.fail(`could not queue ${posts.length} X post(s): ${describe(error)}`);
      },
    );
    return this.track(handed);
  }

  /**
   * Recent search for each rule since the newest tweet handed on, page by page, waiting out the
   * rate limit when X says none is left. Tweets the stream also delivers are dropped by id.
   */
  private async backfillGap(): Promise<void> {
    const cursor = this.cursor;
    if (!cursor) return;
    const horizon = Date.now() - RECENT_WINDOW_MS;
    // since_id older than recent search reaches is refused; past the horizon, fill what is reachable.
    const from = Date.parse(cursor.at) > horizon ? { since_id: cursor.id } : { start_time: new Date(horizon).toISOString() };
    let found = 0;
    for (const query of this.options.queries) {
      if (this.counters.invalidRules.some((rule) => rule.value === query)) continue;
      let nextToken: string | undefined;
      for (;;) {
        if (this.stopped) return;
        let page;
        try {
          page = await this.client.v2.get<{ data?: XTweet[]; includes?: { users?: XUser[] }; meta?: { next_token?: string } }>(
            'tweets/search/recent',
            {
              query,
              ...from,
              max_results: 100,
              expansions: X_EXPANSIONS.join(','),
              'tweet.fields': X_TWEET_FIELDS.join(','),
              'user.fields': X_USER_FIELDS.join(','),
              ...(nextToken ? { next_token: nextToken } : {}),
            },
            { fullResponse: true },
          );
        } catch (error) {
          if (error instanceof ApiResponseError && error.code === 429 && !this.stopped) {
            await this.sleep(untilReset(error.rateLimit?.reset));
            continue;
          }
          this.fail(`gap backfill from recent search failed: ${explain(error)}`);
          return;
        }
        const tweets = (page.data.data ?? []).filter((tweet) => isTweet(tweet));
        found += tweets.length;
        await this.handOn(tweets, usersById(page.data.includes?.users), 'backfill');
        nextToken = page.data.meta?.next_token;
        if (!nextToken) break;
        if (page.rateLimit?.remaining === 0) await this.sleep(untilReset(page.rateLimit.reset));
      }
    }
    this.logger.log(`x: gap backfill read ${found} tweet(s) since ${cursor.id}`);
    await this.saveCursor();
  }

  /**
   * Brings the app's rules to the configured queries: X has one rule set per app, so rules not
   * configured here are removed. Each rule is added on its own, so one invalid rule (reported
   * with X's message) does not keep the others out. False when X could not be reached.
   */
  private async syncRules(): Promise<boolean> {
    try {
      const current = (await this.client.v2.streamRules()).data ?? [];
      const wanted = new Set(this.options.queries);
      const stale = current.filter((rule) => !wanted.has(rule.value)).map((rule) => rule.id);
      if (stale.length) await this.client.v2.updateStreamRules({ delete: { ids: stale } });
      const present = new Set(current.map((rule) => rule.value));
      this.counters.invalidRules = [];
      for (const value of this.options.queries) {
        if (present.has(value)) continue;
        const problem = await this.addRule(value);
        if (problem) {
          this.counters.invalidRules.push({ value, message: problem });
          this.fail(`X refused the rule "${value}": ${problem}`);
        }
      }
      const valid = this.options.queries.length - this.counters.invalidRules.length;
      this.logger.log(`x: ${valid} rule(s) active${stale.length ? `, ${stale.length} removed` : ''}`);
      return true;
    } catch (error) {
      const failure = classify(error);
      const delay = this.schedule.next(failure);
      this.fail(`cannot sync X stream rules: ${explain(error)}; retrying in ${formatMs(delay)}`);
      await this.sleep(delay);
      return false;
    }
  }

  /** X's own words for why a rule was refused, or undefined when it was added (or already there). */
  private async addRule(value: string): Promise<string | undefined> {
    try {
      const result = await this.client.v2.updateStreamRules({ add: [{ value, tag: RULE_TAG }] });
      return ruleErrors((result as { errors?: unknown }).errors);
    } catch (error) {
      // Some tiers answer an invalid rule with a 400 rather than inline errors.
      if (error instanceof ApiResponseError && error.code === 400) return ruleErrors(error.data?.errors) ?? explain(error);
      throw error;
    }
  }

  private remember(id: string): void {
    this.seen.add(id);
    if (this.seen.size > SEEN_IDS) this.seen.delete(this.seen.values().next().value!);
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise)).catch(() => undefined);
    return promise;
  }

  /**
   * Saves the cursor of what the sink has durably accepted, if it moved. Called by the runner
   * every few seconds, so a crash (no stop, no save on the way out) costs a short re-read from
   * recent search, not the whole downtime.
   */
  checkpoint(): Promise<void> {
    return this.saveCursor();
  }

  private async saveCursor(): Promise<void> {
    if (!this.cursorDirty || !this.durable || !this.options.cursor) return;
    this.cursorDirty = false;
    await this.options.cursor.save(this.durable).catch((error: unknown) => this.logger.warn(`x: cursor not saved: ${describe(error)}`));
  }

  private fail(message: string): void {
    this.counters.lastError = message;
    this.options.reporter?.error(message);
  }

  /** A wait `stop()` cuts short. */
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

function classify(error: unknown): XFailure {
  if (error instanceof ApiResponseError) return error.code === 429 ? 'rate-limit' : 'http';
  return 'network';
}

/** X's own explanation, with what to do about the access problems users hit most. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiResponseError)) return describe(error);
  const data = (error.data ?? {}) as { title?: string; detail?: string; reason?: string; connection_issue?: string; required_enrollment?: string };
  const said = [data.title, data.detail].filter(Boolean).join(': ') || error.message;
  if (error.code === 401) return `X rejected the bearer token (401 ${said}); check X_BEARER_TOKEN`;
  if (error.code === 403) {
    const reason = data.reason ? ` [${data.reason}]` : '';
    const need = data.required_enrollment ? `; X requires: ${data.required_enrollment}` : '';
    return `X refused access (403${reason}) ${said}${need}; the token's app must be in a Project on an access tier that includes this endpoint`;
  }
  if (error.code === 429) return `X rate-limited the request (429${data.connection_issue ? ` ${data.connection_issue}` : ''}) ${said}`;
  return `X answered ${error.code}: ${said}`;
}

function ruleErrors(errors: unknown): string | undefined {
  if (!Array.isArray(errors)) return undefined;
  const messages = errors
    // A duplicate means the rule is already there: nothing to report.
    .filter((entry: { title?: string }) => entry?.title !== 'DuplicateRule')
    .map((entry: { details?: string[]; title?: string; message?: string }) => [entry.title, ...(entry.details ?? []), entry.message].filter(Boolean).join(': '));
  return messages.length ? messages.join('; ') : undefined;
}

function untilReset(resetSeconds: number | undefined): number {
  if (!resetSeconds) return 60_000;
  return Math.max(1_000, resetSeconds * 1000 - Date.now() + 500);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
