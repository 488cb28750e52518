import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeGraphItem {
  id: string;
  message?: string;
  created_time: string;
  permalink_url: string;
  from?: { id: string; name: string };
}

interface FakePage {
  id: string;
  name: string;
  token: string;
  posts: FakeGraphItem[];
  comments: Map<string, FakeGraphItem[]>;
}

/**
 * A local Graph API for the calls the Facebook connector makes: /me/accounts with page tokens,
 * /{page}/posts and /{post}/comments with `paging.next` as absolute URLs carrying an `after`
 * cursor, Graph's error shape, X-App-Usage on every answer, and throttling the way Graph does it
 * (error #4 "Application request limit reached", or a bare 429).
 */
export class FakeGraph {
  readonly userToken = 'EAAUser-token';
  private server?: Server;
  private readonly pages: FakePage[] = [];
  private throttles: Array<'code4' | '429'> = [];
  private calls = 0;
  /** Each request's path and query (token left out). */
  readonly requests: Array<{ path: string; params: URLSearchParams }> = [];
  url = '';

  async start(): Promise<void> {
    const server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v21.0`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((closed) => (this.server ? this.server.close(() => closed()) : closed()));
  }

  addPage(id: string, name: string): void {
    this.pages.push({ id, name, token: `EAAPage-${id}`, posts: [], comments: new Map() });
  }

  addPost(pageId: string, n: number, message: string | undefined, at: Date, from?: { id: string; name: string }): FakeGraphItem {
    const page = this.pages.find((candidate) => candidate.id === pageId)!;
    const id = `${pageId}_${1000 + n}`;
    const item: FakeGraphItem = { id, created_time: graphDate(at), permalink_url: `https://www.facebook.com/${pageId}/posts/${1000 + n}`, ...(message !== undefined ? { message } : {}), ...(from ? { from } : {}) };
    // Graph lists newest first.
    page.posts.unshift(item);
    page.posts.sort((a, b) => b.created_time.localeCompare(a.created_time));
    return item;
  }

  addComment(pageId: string, postId: string, n: number, message: string, from: { id: string; name: string }): FakeGraphItem {
    const page = this.pages.find((candidate) => candidate.id === pageId)!;
    const item: FakeGraphItem = { id: `${postId.split('_')[1]}_${5000 + n}`, message, created_time: graphDate(new Date()), permalink_url: `https://www.facebook.com/${postId}?comment_id=${5000 + n}`, from };
    page.comments.set(postId, [...(page.comments.get(postId) ?? []), item]);
    return item;
  }

  throttleNext(...kinds: Array<'code4' | '429'>): void {
    this.throttles.push(...kinds);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname.replace(/^\/v21\.0\//, '');
    const params = new URLSearchParams(url.searchParams);
    const token = params.get('access_token');
    params.delete('access_token');
    this.requests.push({ path, params });
    this.calls++;
    res.setHeader('X-App-Usage', JSON.stringify({ call_count: Math.min(100, this.calls), total_cputime: 1, total_time: 1 }));
    const throttle = this.throttles.shift();
    if (throttle === '429') return void res.writeHead(429, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { message: 'Too many calls', code: 4, type: 'OAuthException' } }));
    if (throttle === 'code4') return error(res, 403, 4, '(#4) Application request limit reached');

    if (path === 'me/accounts') {
      if (token !== this.userToken) return error(res, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
      return this.paged(res, url, this.pages.map((page) => ({ id: page.id, name: page.name, access_token: page.token, category: 'Bank' })));
    }
    const posts = /^(\d+)\/posts$/.exec(path);
    if (posts) {
      const page = this.pages.find((candidate) => candidate.id === posts[1]);
      if (!page || token !== page.token) return error(res, 400, 190, 'Invalid OAuth access token');
      const since = Number(url.searchParams.get('since') ?? 0) * 1000;
      const until = Number(url.searchParams.get('until') ?? Infinity) * 1000;
      return this.paged(res, url, page.posts.filter((post) => Date.parse(post.created_time.replace(/(\d{2})(\d{2})$/, '$1:$2')) >= since && Date.parse(post.created_time.replace(/(\d{2})(\d{2})$/, '$1:$2')) <= until));
    }
    const comments = /^(\d+_\d+)\/comments$/.exec(path);
    if (comments) {
      const page = this.pages.find((candidate) => comments[1].startsWith(`${candidate.id}_`));
      if (!page || token !== page.token) return error(res, 400, 190, 'Invalid OAuth access token');
      return this.paged(res, url, page.comments.get(comments[1]) ?? []);
    }
    error(res, 400, 803, `(#803) Some of the aliases you requested do not exist: ${path}`);
  }

  /** One page of `items` from the `after` cursor, with paging.next as an absolute URL when more remain. */
  private paged(res: ServerResponse, url: URL, items: unknown[]): void {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 25), 100);
    const from = url.searchParams.has('after') ? Number(Buffer.from(url.searchParams.get('after')!, 'base64url').toString()) : 0;
    const data = items.slice(from, from + limit);
    const body: { data: unknown[]; paging?: { cursors: { before: string; after: string }; next?: string } } = { data };
    if (data.length) {
      const after = Buffer.from(String(from + data.length)).toString('base64url');
      body.paging = { cursors: { before: Buffer.from(String(from)).toString('base64url'), after } };
      if (from + data.length < items.length) {
        const next = new URL(url);
        next.searchParams.set('after', after);
        body.paging.next = next.toString();
      }
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }
}

function error(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf' } }));
}

/** Graph's own format: "+0000" offsets. */
function graphDate(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, '+0000');
}
