import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeBlueskyPost {
  did: string;
  rkey: string;
  text: string;
  createdAt: string;
  langs?: string[];
  time_us: number;
}

interface Subscriber {
  socket: WebSocket;
  collections: string[];
}

/**
 * A local Jetstream: `/subscribe` over WebSocket with `wantedCollections` and `cursor`, sending
 * each event as one JSON text frame in Jetstream's shape (commit, identity, account). Events
 * are kept in a log with rising time_us; a subscriber with a cursor is first sent every event
 * from that time on, then live ones, as Jetstream replays from its own disk.
 */
export class FakeJetstream {
  private server?: Server;
  private wss?: WebSocketServer;
  private readonly log: Array<{ time_us: number; collection?: string; frame: string }> = [];
  private readonly subscribers = new Set<Subscriber>();
  private lastUs = 0;
  private rkeys = 0;
  private refusals: Array<{ status: number; retryAfter?: number }> = [];
  /** Every /subscribe request's query, in order. */
  readonly requests: URLSearchParams[] = [];
  url = '';

  async start(): Promise<void> {
    const server = createServer((_req, res) => res.writeHead(404).end());
    const wss = new WebSocketServer({ noServer: true });
    server.on('upgrade', (req: IncomingMessage, socket, head) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/subscribe') {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.requests.push(url.searchParams);
      const refusal = this.refusals.shift();
      if (refusal) {
        const after = refusal.retryAfter !== undefined ? `Retry-After: ${refusal.retryAfter}\r\n` : '';
        socket.end(`HTTP/1.1 ${refusal.status} Too Many Requests\r\n${after}Content-Length: 0\r\nConnection: close\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => this.subscribe(ws, url.searchParams));
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
    this.server = server;
    this.wss = wss;
    this.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.drop();
    this.wss?.close();
    await new Promise<void>((closed) => (this.server ? this.server.close(() => closed()) : closed()));
  }

  get connected(): number {
    return this.subscribers.size;
  }

  /** A new post by `did`; sent to subscribers unless `live` is false (posted while nobody listens). */
  post(did: string, text: string, extra: { langs?: string[]; createdAt?: string } = {}): FakeBlueskyPost {
    const time_us = this.nextUs();
    const post: FakeBlueskyPost = { did, rkey: `3l${(++this.rkeys).toString(36).padStart(11, '0')}`, text, createdAt: extra.createdAt ?? new Date().toISOString(), langs: extra.langs, time_us };
    const record: Record<string, unknown> = { $type: 'app.bsky.feed.post', createdAt: post.createdAt, text };
    if (extra.langs) record.langs = extra.langs;
    this.append(time_us, 'app.bsky.feed.post', {
      did,
      time_us,
      kind: 'commit',
      commit: { rev: `rev${time_us}`, operation: 'create', collection: 'app.bsky.feed.post', rkey: post.rkey, record, cid: `bafy${time_us}` },
    });
    return post;
  }

  /** A like: a commit in a collection the connector does not ask for. */
  like(did: string): void {
    const time_us = this.nextUs();
    this.append(time_us, 'app.bsky.feed.like', { did, time_us, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.like', rkey: `l${time_us}`, record: {} } });
  }

  /** An identity event: Jetstream sends these whatever the collections asked. */
  identity(did: string, handle: string): void {
    const time_us = this.nextUs();
    this.append(time_us, undefined, { did, time_us, kind: 'identity', identity: { did, handle, seq: time_us, time: new Date().toISOString() } });
  }

  /** A frame to live subscribers only, never replayed. */
  sendRaw(frame: string): void {
    for (const subscriber of this.subscribers) subscriber.socket.send(frame);
  }

  /** Cuts every connection without a close frame, as a network drop does. */
  drop(): void {
    for (const subscriber of this.subscribers) subscriber.socket.terminate();
    this.subscribers.clear();
  }

  /** The next upgrades are refused with this status (429 rate limiting, 503 overload). */
  refuseNext(count: number, status = 429, retryAfter?: number): void {
    for (let n = 0; n < count; n++) this.refusals.push({ status, retryAfter });
  }

  private nextUs(): number {
    this.lastUs = Math.max(this.lastUs + 1, Date.now() * 1000);
    return this.lastUs;
  }

  private append(time_us: number, collection: string | undefined, event: unknown): void {
    const entry = { time_us, collection, frame: JSON.stringify(event) };
    this.log.push(entry);
    for (const subscriber of this.subscribers) {
      if (wanted(subscriber.collections, collection)) subscriber.socket.send(entry.frame);
    }
  }

  private subscribe(socket: WebSocket, params: URLSearchParams): void {
    const subscriber: Subscriber = { socket, collections: params.getAll('wantedCollections') };
    const cursor = Number(params.get('cursor'));
    if (params.has('cursor') && Number.isFinite(cursor)) {
      for (const entry of this.log) if (entry.time_us >= cursor && wanted(subscriber.collections, entry.collection)) socket.send(entry.frame);
    }
    this.subscribers.add(subscriber);
    socket.on('close', () => this.subscribers.delete(subscriber));
    socket.on('error', () => this.subscribers.delete(subscriber));
  }
}

function wanted(collections: string[], collection: string | undefined): boolean {
  return collection === undefined || collections.length === 0 || collections.includes(collection);
}
