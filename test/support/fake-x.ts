import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A tweet as the fake keeps it: the v2 fields the connector asks for. */
export interface FakeTweet {
  id: string;
  text: string;
  created_at: string;
  author_id: string;
  lang?: string;
  public_metrics?: { retweet_count: number; reply_count: number; like_count: number; quote_count: number };
  geo?: { place_id?: string };
}

export interface FakeUser {
  id: string;
  username: string;
  name: string;
  description?: string;
  location?: string;
  public_metrics?: { followers_count: number; following_count: number; tweet_count: number; listed_count: number };
}

interface Rule {
  id: string;
  value: string;
  tag?: string;
}

interface StreamClient {
  res: ServerResponse;
  keepAlive?: NodeJS.Timeout;
  silent: boolean;
}

export interface SearchRequest {
  endpoint?: 'recent' | 'all';
  query: string;
  since_id?: string;
  start_time?: string;
  end_time?: string;
  next_token?: string;
  max_results?: string;
}

export interface FakeXOptions {
  bearerToken?: string;
  /** X sends a keep-alive newline every 20 s; tests shorten it. */
  keepAliveMs?: number;
  /** Recent-search calls allowed per window, and the window. */
  searchLimit?: number;
  searchWindowMs?: number;
}

/**
 * A local stand-in for the X API v2 over TLS, speaking the endpoints the connector uses the
 * way X does: the filtered stream as chunked JSON lines with `\r\n` keep-alives, the rules
 * endpoints with X's error shapes, recent search with `next_token` and rate-limit headers,
 * and 429 `TooManyConnections` on a second stream. Its certificate is self-signed, made at
 * start with openssl; `caFile` is what a client must trust (NODE_EXTRA_CA_CERTS or an agent).
 *
 * Rule matching is deliberately small: a rule is space-separated terms, all of which must
 * appear in the text (case-insensitive); `OR` between terms makes any one enough.
 */
export class FakeX {
  readonly bearerToken: string;
  private readonly keepAliveMs: number;
  private readonly searchLimit: number;
  private readonly searchWindowMs: number;
  private readonly dir = mkdtempSync(join(tmpdir(), 'fake-x-'));
  readonly caFile = join(this.dir, 'cert.pem');
  private server?: Server;
  private port = 0;
  private rules: Rule[] = [];
  private nextRuleId = 1_000;
  private readonly tweets: FakeTweet[] = [];
  private readonly users = new Map<string, FakeUser>();
  private readonly streams = new Set<StreamClient>();
  private searchCalls = 0;
  private windowStart = Date.now();
  private forbidden = false;
  private archive = false;
  /** What the tests can read back. */
  readonly searches: SearchRequest[] = [];
  streamConnects = 0;
  streamRefusals = 0;
  private nextTweetId = 1_800_000_000_000_000_000n;

  constructor(options: FakeXOptions = {}) {
    this.bearerToken = options.bearerToken ?? 'fake-bearer-token';
    this.keepAliveMs = options.keepAliveMs ?? 20_000;
    this.searchLimit = options.searchLimit ?? 450;
    this.searchWindowMs = options.searchWindowMs ?? 15 * 60_000;
  }

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  get ca(): Buffer {
    return readFileSync(this.caFile);
  }

  /** Clients connected to the stream right now. */
  get connected(): number {
    return this.streams.size;
  }

  get ruleValues(): string[] {
    return this.rules.map((rule) => rule.value);
  }

  async start(): Promise<this> {
    const keyFile = join(this.dir, 'key.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
      '-keyout', keyFile, '-out', this.caFile,
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ], { stdio: 'ignore' });
    this.server = createServer({ key: readFileSync(keyFile), cert: readFileSync(this.caFile) }, (req, res) => {
      this.handle(req, res).catch((error: Error) => {
        if (!res.headersSent) this.json(res, 500, { title: 'Internal Error', detail: error.message, type: 'about:blank' });
        else res.destroy();
      });
    });
    await new Promise<void>((done) => this.server!.listen(0, '127.0.0.1', done));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const client of this.streams) this.end(client, true);
    this.server?.closeAllConnections();
    await new Promise<void>((done) => (this.server ? this.server.close(() => done()) : done()));
    rmSync(this.dir, { recursive: true, force: true });
  }

  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  /** A fresh, increasing tweet id, as X's snowflakes are. */
  newId(): string {
    this.nextTweetId += 1_000n;
    return String(this.nextTweetId);
  }

  /**
   * Records a tweet (so recent search finds it) and, unless `deliver` is false, sends it to
   * every stream whose rules match. Undelivered tweets are the ones a dropped stream missed.
   */
  emit(tweet: Partial<FakeTweet> & { text: string; author_id: string }, deliver = true): FakeTweet {
    const full: FakeTweet = {
      id: tweet.id ?? this.newId(),
      created_at: tweet.created_at ?? new Date().toISOString(),
      lang: 'es',
      public_metrics: { retweet_count: 0, reply_count: 0, like_count: 0, quote_count: 0 },
      ...tweet,
    };
    this.tweets.push(full);
    if (!deliver) return full;
    const matching = this.rules.filter((rule) => matches(rule.value, full.text));
    if (matching.length === 0) return full;
    const author = this.users.get(full.author_id);
    const line = JSON.stringify({
      data: full,
      includes: { users: author ? [author] : [] },
      matching_rules: matching.map((rule) => ({ id: rule.id, tag: rule.tag ?? '' })),
    });
    for (const client of this.streams) if (!client.silent) client.res.write(`${line}\r\n`);
    return full;
  }

  /** Writes a line that is not JSON to every stream. */
  sendMalformed(line = '{"data": {"id": "17", "text": "cut off'): void {
    for (const client of this.streams) client.res.write(`${line}\r\n`);
  }

  /** Cuts every stream connection mid-way, without a clean end, as a network failure does. */
  dropStreams(): void {
    for (const client of this.streams) this.end(client, true);
  }

  /** Keeps the connections open but sends nothing, not even keep-alives. */
  silence(): void {
    for (const client of this.streams) {
      client.silent = true;
      clearInterval(client.keepAlive);
    }
  }

  /** Answers 403 client-not-enrolled everywhere, as X does for an app outside a Project or tier. */
  setForbidden(forbidden: boolean): void {
    this.forbidden = forbidden;
  }

  /** Full-archive search (`/2/tweets/search/all`) is only on some tiers; without it X answers 403. */
  setArchiveAccess(allowed: boolean): void {
    this.archive = allowed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (req.headers.authorization !== `Bearer ${this.bearerToken}`) {
      return this.json(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    }
    if (this.forbidden) return this.json(res, 403, CLIENT_NOT_ENROLLED);
    const route = `${req.method} ${url.pathname}`;
    if (route === 'GET /2/tweets/search/stream') return this.stream(req, res);
    if (route === 'GET /2/tweets/search/stream/rules') return this.json(res, 200, this.rulesBody());
    if (route === 'POST /2/tweets/search/stream/rules') return this.updateRules(await readBody(req), url, res);
    if (route === 'GET /2/tweets/search/recent') return this.search(url, res, 'recent');
    if (route === 'GET /2/tweets/search/all') {
      if (!this.archive) return this.json(res, 403, CLIENT_NOT_ENROLLED);
      return this.search(url, res, 'all');
    }
    return this.json(res, 404, { title: 'Not Found Error', detail: `no route ${route}`, type: 'https://api.twitter.com/2/problems/resource-not-found' });
  }

  private stream(req: IncomingMessage, res: ServerResponse): void {
    if (this.streams.size > 0) {
      this.streamRefusals++;
      return this.json(res, 429, {
        title: 'ConnectionException',
        detail: 'This stream is currently at the maximum allowed connection limit.',
        connection_issue: 'TooManyConnections',
        type: 'https://api.twitter.com/2/problems/streaming-connection',
      });
    }
    this.streamConnects++;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'transfer-encoding': 'chunked' });
    res.flushHeaders();
    const client: StreamClient = { res, silent: false };
    client.keepAlive = setInterval(() => res.write('\r\n'), this.keepAliveMs);
    this.streams.add(client);
    req.on('close', () => this.end(client, false));
  }

  private end(client: StreamClient, abrupt: boolean): void {
    clearInterval(client.keepAlive);
    this.streams.delete(client);
    if (abrupt) client.res.socket?.destroy();
  }

  private rulesBody(): unknown {
    const sent = new Date().toISOString();
    return this.rules.length ? { data: this.rules, meta: { sent, result_count: this.rules.length } } : { meta: { sent, result_count: 0 } };
  }

  /** X answers a batch with any invalid rule by creating none of it and listing each invalid one. */
  private updateRules(body: string, url: URL, res: ServerResponse): void {
    let payload: { add?: Array<{ value: string; tag?: string }>; delete?: { ids?: string[] } };
    try {
      payload = JSON.parse(body);
    } catch {
      return this.json(res, 400, { title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request', errors: [{ message: 'Request body is not valid JSON' }] });
    }
    const sent = new Date().toISOString();
    if (payload.delete) {
      const ids = new Set(payload.delete.ids ?? []);
      const before = this.rules.length;
      this.rules = this.rules.filter((rule) => !ids.has(rule.id));
      const deleted = before - this.rules.length;
      return this.json(res, 200, { meta: { sent, summary: { deleted, not_deleted: ids.size - deleted } } });
    }
    const add = payload.add ?? [];
    const problems = add.map((rule) => ({ rule, problem: ruleProblem(rule.value) })).filter((entry) => entry.problem !== undefined);
    if (problems.length) {
      return this.json(res, 200, {
        meta: { sent, summary: { created: 0, not_created: add.length, valid: add.length - problems.length, invalid: problems.length } },
        errors: problems.map(({ rule, problem }) => ({
          value: rule.value,
          details: [problem],
          title: 'UnprocessableEntity',
          type: 'https://api.twitter.com/2/problems/invalid-rules',
        })),
      });
    }
    const created: Rule[] = [];
    const duplicates: Array<{ value: string; id: string }> = [];
    for (const rule of add) {
      const existing = this.rules.find((r) => r.value === rule.value);
      if (existing) duplicates.push({ value: rule.value, id: existing.id });
      else created.push({ id: String(this.nextRuleId++), value: rule.value, ...(rule.tag ? { tag: rule.tag } : {}) });
    }
    if (url.searchParams.get('dry_run') !== 'true') this.rules.push(...created);
    return this.json(res, 201, {
      ...(created.length ? { data: created } : {}),
      meta: { sent, summary: { created: created.length, not_created: duplicates.length, valid: add.length, invalid: 0 } },
      ...(duplicates.length ? { errors: duplicates.map((d) => ({ value: d.value, id: d.id, title: 'DuplicateRule', type: 'https://api.twitter.com/2/problems/duplicate-rules' })) } : {}),
    });
  }

  private search(url: URL, res: ServerResponse, endpoint: 'recent' | 'all'): void {
    const params = url.searchParams;
    const request: SearchRequest = { endpoint, query: params.get('query') ?? '' };
    for (const key of ['since_id', 'start_time', 'end_time', 'next_token', 'max_results'] as const) {
      const value = params.get(key);
      if (value !== null) request[key] = value;
    }
    this.searches.push(request);
    const now = Date.now();
    if (now - this.windowStart >= this.searchWindowMs) {
      this.windowStart = now;
      this.searchCalls = 0;
    }
    const reset = Math.ceil((this.windowStart + this.searchWindowMs) / 1000);
    const headers = {
      'x-rate-limit-limit': String(this.searchLimit),
      'x-rate-limit-remaining': String(Math.max(0, this.searchLimit - this.searchCalls - 1)),
      'x-rate-limit-reset': String(reset),
    };
    if (this.searchCalls >= this.searchLimit) {
      return this.json(res, 429, { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, { ...headers, 'x-rate-limit-remaining': '0' });
    }
    this.searchCalls++;
    if (!request.query) {
      return this.json(res, 400, { errors: [{ parameters: { query: [] }, message: 'The `query` query parameter can not be empty' }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' }, headers);
    }
    const invalid = ruleProblem(request.query);
    if (invalid) {
      return this.json(res, 400, { errors: [{ parameters: { query: [request.query] }, message: `There were errors processing your request: ${invalid}` }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' }, headers);
    }
    if (endpoint === 'recent' && request.start_time && Date.parse(request.start_time) < Date.now() - 7 * 86_400_000) {
      return this.json(res, 400, { errors: [{ parameters: { start_time: [request.start_time] }, message: `Invalid 'start_time':'${request.start_time}'. 'start_time' must be on or after ${new Date(Date.now() - 7 * 86_400_000).toISOString()}` }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' }, headers);
    }
    const max = Math.min(endpoint === 'all' ? 500 : 100, Math.max(10, Number(request.max_results ?? 10)));
    const sinceId = request.since_id ? BigInt(request.since_id) : undefined;
    const start = request.start_time ? Date.parse(request.start_time) : undefined;
    const end = request.end_time ? Date.parse(request.end_time) : undefined;
    // Newest first, as X returns them.
    const found = this.tweets
      .filter((tweet) => matches(request.query, tweet.text))
      .filter((tweet) => sinceId === undefined || BigInt(tweet.id) > sinceId)
      .filter((tweet) => start === undefined || Date.parse(tweet.created_at) >= start)
      .filter((tweet) => end === undefined || Date.parse(tweet.created_at) < end)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const offset = request.next_token ? Number(Buffer.from(request.next_token, 'base64url').toString()) : 0;
    const page = found.slice(offset, offset + max);
    const more = offset + max < found.length;
    const users = [...new Set(page.map((tweet) => tweet.author_id))].map((id) => this.users.get(id)).filter((user) => user !== undefined);
    return this.json(res, 200, {
      ...(page.length ? { data: page, includes: { users } } : {}),
      meta: {
        result_count: page.length,
        ...(page.length ? { newest_id: page[0].id, oldest_id: page[page.length - 1].id } : {}),
        ...(more ? { next_token: Buffer.from(String(offset + max)).toString('base64url') } : {}),
      },
    }, headers);
  }

  private json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }
}

const CLIENT_NOT_ENROLLED = {
  client_id: '29466915',
  detail: 'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.',
  registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
  title: 'Client Forbidden',
  required_enrollment: 'Appropriate Level of API Access',
  reason: 'client-not-enrolled',
  type: 'https://api.twitter.com/2/problems/client-forbidden',
};

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => done(body));
    req.on('error', fail);
  });
}

/** The subset of X's rule checks the tests exercise, with X's wording. */
function ruleProblem(value: string): string | undefined {
  let depth = 0;
  for (const char of value) {
    if (char === '(') depth++;
    if (char === ')' && --depth < 0) break;
  }
  if (depth !== 0) return 'Rules must contain balanced parentheses.';
  if ((value.match(/"/g) ?? []).length % 2 !== 0) return 'Rules must contain balanced quotes.';
  if (value.length > 512) return `Rule length exceeds the maximum of 512 characters (got ${value.length}).`;
  if (terms(value).every((term) => term.startsWith('-'))) return 'Rules must contain a non-negation term.';
  return undefined;
}

function terms(value: string): string[] {
  return value.replace(/[()"]/g, ' ').split(/\s+/).filter((term) => term !== '' && term !== 'OR' && !term.includes(':'));
}

function matches(rule: string, text: string): boolean {
  const lower = text.toLowerCase();
  const alternatives = rule.split(/\s+OR\s+/);
  return alternatives.some((alternative) => {
    const words = terms(alternative);
    return words.length > 0 && words.every((word) => (word.startsWith('-') ? !lower.includes(word.slice(1).toLowerCase()) : lower.includes(word.toLowerCase())));
  });
}
