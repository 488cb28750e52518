import { TestServer } from '../support/server';

/** A benchmark is one caller sending as fast as it can: the per-caller request limit would measure itself. */
export const UNLIMITED = { API_RATE_LIMIT_PER_MINUTE: '0' };

/**
 * The real built API for benchmarks: the test harness's server, with calls that throw on
 * anything but success, since a failed request must never pass as a fast one.
 */
export class BenchServer {
  private readonly server: TestServer;
  private token = '';

  constructor(env: Record<string, string> = {}) {
    this.server = new TestServer({ ...UNLIMITED, ...env }, 120_000);
  }

  get url(): string {
    return this.server.url;
  }

  /** Filled by a benchmark before `start`, when it needs a large store to query. */
  get dataDir(): string {
    return this.server.dataDir;
  }

  /** Its process, for CPU figures; throws when it is not running. */
  get pid(): number {
    const pid = this.server.pid;
    if (pid === undefined) throw new Error('the bench server is not running');
    return pid;
  }

  get authToken(): string {
    return this.token;
  }

  /** Starts the server and signs in as admin. */
  async start(): Promise<this> {
    await this.server.start();
    this.token = await this.server.login();
    return this;
  }

  /** A user of `role` added by the admin, signed in: their token. */
  async userToken(username: string, role: 'analyst' | 'marketing' | 'service'): Promise<string> {
    const password = `${username}-bench-lantern-quilt`;
    const created = await this.server.request('POST', '/api/v1/users', { username, password, role });
    if (created.status !== 201) throw new Error(`POST /api/v1/users: ${created.status} ${JSON.stringify(created.body).slice(0, 500)}`);
    return this.server.login(username, password);
  }

  /** SIGTERM, so the store checkpoints and releases the file; the data directory goes too. */
  stop(): Promise<void> {
    return this.server.stop();
  }

  async get<T>(path: string): Promise<T> {
    const response = await this.server.get<T>(path);
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
    return response.body;
  }

  /** POSTs `body` as JSON; throws unless the answer has the `expected` status. */
  async post<T>(path: string, body: unknown, expected: number): Promise<T> {
    const response = await this.server.request<T>('POST', path, body);
    if (response.status !== expected) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
    return response.body;
  }

  /** POSTs an already-serialised JSON body; throws unless 202 with nothing rejected. */
  async postBody(body: string): Promise<{ accepted: number }> {
    const response = await this.server.request<{ accepted: number; rejected: unknown[] }>('POST', '/api/v1/posts', body);
    if (response.status !== 202) throw new Error(`POST /api/v1/posts: ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
    if (response.body.rejected.length > 0) throw new Error(`POST /api/v1/posts rejected ${JSON.stringify(response.body.rejected.slice(0, 3))}`);
    return response.body;
  }
}
