import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from '../support/server';
import { repoRoot } from './report';

/**
 * The real built API in a child process, like test/support/server.ts's TestServer, which
 * cannot be reused as is: it finds the build relative to its own source folder, and the
 * benchmarks run compiled from dist/. This one also lets the caller fill DATA_DIR first.
 */
export class BenchServer {
  static readonly PASSWORD = 'bench-admin-password';
  readonly dataDir: string;
  port = 0;
  private child?: ChildProcess;
  private output = '';
  private token = '';

  constructor(private readonly env: Record<string, string> = {}) {
    this.dataDir = mkdtempSync(join(tmpdir(), 'escucha-bench-'));
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get authToken(): string {
    return this.token;
  }

  /** Starts the server and signs in as admin. */
  async start(): Promise<this> {
    this.port = await freePort();
    const root = repoRoot();
    const child = spawn(process.execPath, [join(root, 'dist/apps/api/src/main.js')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        DATA_DIR: this.dataDir,
        DEMO: 'off',
        ADMIN_PASSWORD: BenchServer.PASSWORD,
        LOG_LEVEL: 'warn',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const exited = new Promise<never>((_, fail) =>
      child.once('exit', (code) => fail(new Error(`server exited with ${code}:\n${this.output.slice(-4000)}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([
      exited,
      waitFor('the server to answer /health', async () => ((await fetch(`${this.url}/health`)).ok ? true : undefined), 120_000, 200),
    ]);
    const login = await fetch(`${this.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: BenchServer.PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
    this.token = ((await login.json()) as { token: string }).token;
    return this;
  }

  /** SIGTERM, so the store checkpoints and releases the file; the data directory goes too. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await gone;
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** A GET with the admin token; throws unless 200, since a failed query must not pass as a fast one. */
  async get<T>(path: string): Promise<T> {
    const response = await fetch(`${this.url}${path}`, { headers: { authorization: `Bearer ${this.token}` } });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }

  /** POSTs an already-serialised JSON body; throws unless 202 with nothing rejected. */
  async postBody(body: string): Promise<{ accepted: number }> {
    const response = await fetch(`${this.url}/api/v1/posts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body,
    });
    const text = await response.text();
    if (response.status !== 202) throw new Error(`POST /api/v1/posts: ${response.status} ${text.slice(0, 500)}`);
    const result = JSON.parse(text) as { accepted: number; rejected: unknown[] };
    if (result.rejected.length > 0) throw new Error(`POST /api/v1/posts rejected ${JSON.stringify(result.rejected.slice(0, 3))}`);
    return result;
  }
}
