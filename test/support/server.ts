import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './repo-root';

export const ROOT = repoRoot();
export const API_MAIN = join(ROOT, 'dist/apps/api/src/main.js');
export const ADMIN_PASSWORD = 'test-admin-password';

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))));
    });
  });
}

/**
 * Starts something on a free port. Another test file can take the port between `freePort` and
 * the bind: a start that failed because of that (by default, the process said EADDRINUSE) is
 * tried again on another port, up to three times.
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, portTaken = (error: unknown) => String(error).includes('EADDRINUSE')): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await start(await freePort());
    } catch (error) {
      if (tries === 3 || !portTaken(error)) throw error;
    }
  }
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/**
 * The real, built server in a child process, on a free loopback port with its own
 * data directory; tests talk to it over HTTP and socket.io only.
 */
export class TestServer {
  readonly dataDir: string;
  port = 0;
  private child?: ChildProcess;
  private output = '';
  private token?: string;

  constructor(
    /** The settings of the next start: a test may change them between a stop and a start. */
    readonly env: Record<string, string> = {},
    /** A server opening a large store rebuilds its live window first: benchmarks wait longer. */
    private readonly startTimeoutMs = 60_000,
  ) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'escucha-test-'));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get log(): string {
    return this.output;
  }

  /** The running server's process id (benchmarks read its CPU time from /proc). */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  /** A child ended by a signal has a signalCode and no exitCode: either means it is gone. */
  private get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<this> {
    // A restart keeps its port (tests reconnect to it); only a first start may move on.
    if (this.port) return this.launch();
    return onFreePort((port) => {
      this.port = port;
      return this.launch();
    });
  }

  private async launch(): Promise<this> {
    this.output = '';
    const child = spawn(process.execPath, [API_MAIN], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        DEMO: 'off',
        ADMIN_PASSWORD,
        LOG_LEVEL: 'warn',
        LIVE_THROTTLE_MS: '200',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const exited = new Promise<never>((_, fail) =>
      child.once('exit', (code) => fail(new Error(`server exited with ${code} before it was up:\n${this.output}`))),
    );
    await Promise.race([
      exited,
      waitFor('the server to answer /health', async () => ((await fetch(`${this.url}/health`)).ok ? true : undefined), this.startTimeoutMs),
    ]);
    exited.catch(() => undefined);
    return this;
  }

  /** SIGKILL: no shutdown hook runs, as in a crash. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await gone;
  }

  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  async login(username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
    const response = await this.request<{ token: string }>('POST', '/api/v1/auth/login', { username, password }, null);
    if (response.status !== 200) throw new Error(`login as ${username} failed: ${response.status} ${JSON.stringify(response.body)}`);
    if (username === 'admin') this.token = response.body.token;
    return response.body.token;
  }

  /** JSON request; `token` null sends none, undefined sends the admin token. */
  async request<T = unknown>(method: string, path: string, body?: unknown, token?: string | null, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const auth = token === null ? undefined : (token ?? this.token);
    const init: RequestInit = {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    };
    const response = await fetch(`${this.url}${path}`, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (HTML, empty): keep the text for the assertion message.
    }
    return { status: response.status, body: parsed as T };
  }

  get<T = unknown>(path: string, token?: string | null): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, undefined, token);
  }

  /** Waits until a search matches `expected` posts: the pipeline is asynchronous after the 202. */
  async waitForTotal(query: string, expected: number, timeoutMs = 20_000): Promise<void> {
    await waitFor(
      `${expected} posts matching ${query}`,
      async () => {
        const response = await this.get<{ total: number }>(`/api/v1/posts?${query}&limit=1`);
        return response.body.total === expected ? true : undefined;
      },
      timeoutMs,
    );
  }
}
