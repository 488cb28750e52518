import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeStatus {
  id: string;
  created_at: string;
  content: string;
  language: string | null;
  url: string;
  uri: string;
  replies_count: number;
  reblogs_count: number;
  favourites_count: number;
  reblog: null;
  tags: Array<{ name: string; url: string }>;
  account: { id: string; username: string; acct: string; display_name: string; followers_count: number; note: string; url: string };
}

interface Subscriber {
  res: ServerResponse;
  tag?: string;
  heartbeat: NodeJS.Timeout;
}

export interface FakeMastodonOptions {
  /** The streaming server's heartbeat comment interval. */
  heartbeatMs?: number;
  /** REST calls allowed per window before 429, and the window. */
  restLimit?: number;
  restWindowMs?: number;
  /** When set, streams and timelines need `Authorization: Bearer <token>`. */
  token?: string;
}

/**
 * A local Mastodon server for the calls the connector makes: the streaming API over SSE
 * (`event: update` with a status as JSON, `:thump` heartbeats) for a hashtag and the public
 * timeline, and the hashtag and public timelines with `since_id`/`max_id`, newest first, paged
 * through the Link header, with X-RateLimit-* headers and 429 once the window's budget is spent.
 */
export class FakeMastodon {
  private server?: Server;
  private readonly statuses: FakeStatus[] = [];
  private readonly subscribers = new Set<Subscriber>();
  private nextId = 110_000_000_000_000_000n;
  private windowStart = Date.now();
  private streamRefusals = 0;
  private used = 0;
  private exhausted = false;
  /** Every request's path and query. */
  readonly requests: URL[] = [];
  url = '';

  constructor(private readonly options: FakeMastodonOptions = {}) {}

  async start(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.drop();
    this.server?.closeAllConnections();
    await new Promise<void>((closed) => (this.server ? this.server.close(() => closed()) : closed()));
  }

  get connected(): number {
    return this.subscribers.size;
  }

  get host(): string {
    return new URL(this.url).host;
  }

  /** A new status; streamed to matching subscribers unless `live` is false. Content is HTML, as Mastodon serves it. */
  post(html: string, tags: string[], extra: { acct?: string; language?: string } = {}, live = true): FakeStatus {
    this.nextId += 1_000n + BigInt(this.statuses.length);
    const id = this.nextId.toString();
    const acct = extra.acct ?? 'ana';
    const status: FakeStatus = {
      id,
      created_at: new Date().toISOString(),
      content: html,
      language: extra.language ?? 'es',
      url: `${this.url}/@${acct}/${id}`,
      uri: `${this.url}/users/${acct}/statuses/${id}`,
      replies_count: 0,
      reblogs_count: 1,
      favourites_count: 2,
      reblog: null,
      tags: tags.map((name) => ({ name, url: `${this.url}/tags/${name}` })),
      account: { id: '1', username: acct, acct, display_name: acct.toUpperCase(), followers_count: 10, note: '<p>cliente</p>', url: `${this.url}/@${acct}` },
    };
    this.statuses.push(status);
    if (live) for (const subscriber of this.subscribers) if (subscriber.tag === undefined || tags.includes(subscriber.tag)) send(subscriber.res, 'update', JSON.stringify(status));
    return status;
  }

  /** An event to every stream, as is. */
  sendRaw(event: string, data: string): void {
    for (const subscriber of this.subscribers) send(subscriber.res, event, data);
  }

  /** Cuts every stream, as a network drop does. */
  drop(): void {
    for (const subscriber of this.subscribers) {
      clearInterval(subscriber.heartbeat);
      subscriber.res.destroy();
    }
    this.subscribers.clear();
  }

  /** The next `count` stream requests get 429 with X-RateLimit-Reset a moment away. */
  refuseStreams(count: number): void {
    this.streamRefusals += count;
  }

  /**
   * Spends the REST budget: the next timeline call is a 429 whenever it comes, and the window
   * starts then. (Spending it now let a window end before a slow reconnect asked, and no 429 came.)
   */
  exhaust(): void {
    this.exhausted = true;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(url);
    if (this.options.token && req.headers.authorization !== `Bearer ${this.options.token}`) {
      return void res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'The access token is invalid' }));
    }
    if (url.pathname === '/api/v1/streaming/hashtag' || url.pathname === '/api/v1/streaming/public') {
      const tag = url.pathname.endsWith('hashtag') ? url.searchParams.get('tag')?.toLowerCase() : undefined;
      if (url.pathname.endsWith('hashtag') && !tag) return void res.writeHead(400).end(JSON.stringify({ error: 'Missing tag name' }));
      if (this.streamRefusals > 0) {
        this.streamRefusals--;
        return void res
          .writeHead(429, { 'Content-Type': 'application/json', 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': new Date(Date.now() + 150).toISOString() })
          .end(JSON.stringify({ error: 'Too many requests' }));
      }
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', 'Transfer-Encoding': 'chunked' });
      res.write(':)\n');
      const subscriber: Subscriber = { res, tag, heartbeat: setInterval(() => res.write(':thump\n'), this.options.heartbeatMs ?? 15_000) };
      this.subscribers.add(subscriber);
      res.on('close', () => {
        clearInterval(subscriber.heartbeat);
        this.subscribers.delete(subscriber);
      });
      return;
    }
    const tagged = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname);
    if (tagged || url.pathname === '/api/v1/timelines/public') {
      const window = this.options.restWindowMs ?? 300_000;
      const limit = this.options.restLimit ?? 300;
      if (this.exhausted) {
        this.exhausted = false;
        this.windowStart = Date.now();
        this.used = limit;
      } else if (Date.now() - this.windowStart >= window) {
        this.windowStart = Date.now();
        this.used = 0;
      }
      const headers = {
        'Content-Type': 'application/json',
        'X-RateLimit-Limit': String(limit),
        'X-RateLimit-Remaining': String(Math.max(0, limit - this.used - 1)),
        'X-RateLimit-Reset': new Date(this.windowStart + window).toISOString(),
      };
      if (this.used >= limit) return void res.writeHead(429, { ...headers, 'X-RateLimit-Remaining': '0' }).end(JSON.stringify({ error: 'Too many requests' }));
      this.used++;
      const tag = tagged ? decodeURIComponent(tagged[1]).toLowerCase() : undefined;
      const since = url.searchParams.get('since_id');
      const max = url.searchParams.get('max_id');
      const count = Math.min(Number(url.searchParams.get('limit') ?? 20), 40);
      const older = (a: string, b: string) => BigInt(a) < BigInt(b);
      const page = this.statuses
        .filter((status) => tag === undefined || status.tags.some((t) => t.name.toLowerCase() === tag))
        .filter((status) => (!since || older(since, status.id)) && (!max || older(status.id, max)))
        .sort((a, b) => (older(a.id, b.id) ? 1 : -1))
        .slice(0, count);
      const links: string[] = [];
      if (page.length) {
        const base = `${this.url}${url.pathname}`;
        links.push(`<${base}?limit=${count}&max_id=${page.at(-1)!.id}>; rel="next"`, `<${base}?limit=${count}&min_id=${page[0].id}>; rel="prev"`);
      }
      return void res.writeHead(200, { ...headers, ...(links.length ? { Link: links.join(', ') } : {}) }).end(JSON.stringify(page));
    }
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'Record not found' }));
  }
}

function send(res: ServerResponse, event: string, data: string): void {
  res.write(`event: ${event}\ndata: ${data}\n\n`);
}
