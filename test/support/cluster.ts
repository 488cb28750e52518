import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from './repo-root';
import { ADMIN_PASSWORD, onFreePort, waitFor, type ApiResponse } from './server';

/**
 * The scale-out footprint for fault tests and benchmarks: N API processes and M worker processes
 * (the built `dist/` mains, as in production) on one Elasticsearch and one Redis that the caller
 * started. Every process is its own process group, so a kill reaches anything it spawned; each can
 * be killed with SIGKILL (a crash: no shutdown hook runs) and started again with the same settings.
 */

const ROOT = repoRoot();
/**
 * The build the processes run: `dist/`, or ESCUCHA_BUILD_DIR (a copy of it inside the repository,
 * so its requires still find node_modules). A copy keeps a long fault run on one build while
 * someone rebuilds `dist/` in the same tree.
 */
const BUILD = process.env.ESCUCHA_BUILD_DIR ? resolve(ROOT, process.env.ESCUCHA_BUILD_DIR) : join(ROOT, 'dist');
export const API_MAIN = join(BUILD, 'apps/api/src/main.js');
export const WORKER_MAIN = join(BUILD, 'apps/worker/src/main.js');
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** Groups still running, SIGKILLed if the test process exits without stopping them. */
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
});

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

export interface ClusterOptions {
  elasticsearchUrl: string;
  redisUrl: string;
  /** ELASTICSEARCH_INDEX_PREFIX: lets several clusters share one Elasticsearch. */
  indexPrefix: string;
  apis?: number;
  workers?: number;
  /** Extra environment for every process (LOG_LEVEL, LIVE_THROTTLE_MS…). */
  env?: Record<string, string>;
}

/** One child process of the footprint: started, killed, restarted, with its output kept for failure messages. */
abstract class NodeProcess {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  private output = '';
  /** Each start's output is appended, so a log read after a restart still shows the crash before it. */
  private history = '';

  constructor(
    readonly name: string,
    private readonly main: string,
    protected readonly env: Record<string, string>,
  ) {}

  get log(): string {
    return this.history + this.output;
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  protected abstract ready(output: () => string): Promise<void>;

  async start(): Promise<this> {
    if (this.alive) throw new Error(`${this.name} is already running`);
    this.history += this.output;
    this.output = '';
    const child = spawn(process.execPath, [this.main], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: kill() signals the group, so nothing it spawned outlives it.
      detached: true,
    });
    this.child = child;
    if (child.pid !== undefined) running.add(child.pid);
    child.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise<void>((done) =>
      child.once('exit', () => {
        if (child.pid !== undefined) running.delete(child.pid);
        done();
      }),
    );
    const exitedEarly = this.exited.then(() => {
      throw new Error(`${this.name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${this.output.slice(-4000)}`);
    });
    try {
      await Promise.race([exitedEarly, this.ready(() => this.output)]);
    } catch (error) {
      await this.kill();
      throw error;
    } finally {
      exitedEarly.catch(() => undefined);
    }
    return this;
  }

  /** SIGKILL by default: no shutdown hook runs, as in a crash. Resolves once the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.pid === undefined || !this.alive) return;
    signalGroup(child.pid, signal);
    const timedOut = await Promise.race([
      this.exited!.then(() => false),
      new Promise<boolean>((done) => setTimeout(() => done(true), STOP_TIMEOUT_MS).unref()),
    ]);
    if (timedOut) {
      // A clean stop that hangs (a shutdown waiting on a dead peer) must not hang the test.
      signalGroup(child.pid, 'SIGKILL');
      await this.exited;
    }
  }

  /** A crash and a start: the same settings, port and data directory. */
  async restart(): Promise<this> {
    await this.kill('SIGKILL');
    return this.start();
  }
}

export class WorkerNode extends NodeProcess {
  constructor(name: string, env: Record<string, string>) {
    super(name, WORKER_MAIN, env);
  }

  /** The worker logs "worker started" once its processors are registered (LOG_LEVEL=log is set for it). */
  protected ready(output: () => string): Promise<void> {
    return waitFor(`${this.name} to start`, async () => (output().includes('worker started') ? true : undefined), START_TIMEOUT_MS, 50).then(
      () => undefined,
    );
  }
}

export class ApiNode extends NodeProcess {
  private token?: string;

  constructor(
    name: string,
    readonly port: number,
    env: Record<string, string>,
  ) {
    super(name, API_MAIN, env);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  protected ready(): Promise<void> {
    return waitFor(
      `${this.name} to answer /health`,
      async () => ((await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2_000) })).ok ? true : undefined),
      START_TIMEOUT_MS,
    ).then(() => undefined);
  }

  async login(username = 'admin', password = ADMIN_PASSWORD): Promise<string> {
    const response = await this.request<{ token: string }>('POST', '/api/v1/auth/login', { username, password }, null);
    if (response.status !== 200) throw new Error(`login on ${this.name} failed: ${response.status} ${JSON.stringify(response.body)}`);
    this.token = response.body.token;
    return this.token;
  }

  /** Tokens are signed with the shared AUTH_SECRET, so one node's token works on every node. */
  useToken(token: string): void {
    this.token = token;
  }

  /**
   * JSON request with the node's token; `token` null sends none. Bounded: a node that hangs fails
   * the request after `timeoutMs` instead of hanging the test.
   */
  async request<T = unknown>(method: string, path: string, body?: unknown, token?: string | null, timeoutMs = 30_000): Promise<ApiResponse<T>> {
    const auth = token === null ? undefined : (token ?? this.token);
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(auth ? { authorization: `Bearer ${auth}` } : {}),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: keep the text for the assertion message.
    }
    return { status: response.status, body: parsed as T };
  }

  get<T = unknown>(path: string, timeoutMs?: number): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path, undefined, undefined, timeoutMs);
  }

  /** `total` of a search over [from, to): how many posts the store holds there, as the API sees it. */
  async total(from: string, to: string): Promise<number> {
    const response = await this.get<{ total: number }>(`/api/v1/posts?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&limit=1`);
    if (response.status !== 200) throw new Error(`${this.name} search answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body.total;
  }
}

export class Cluster {
  readonly apis: ApiNode[] = [];
  readonly workers: WorkerNode[] = [];
  private readonly dirs: string[] = [];

  private constructor(readonly options: ClusterOptions) {}

  /**
   * Starts the API nodes first (the first one creates the admin and the index template), then the
   * workers. On a failure everything started so far is stopped before the error is thrown.
   */
  static async start(options: ClusterOptions): Promise<Cluster> {
    const cluster = new Cluster(options);
    try {
      // Shared by every API node: a token signed by one is accepted by all.
      const authSecret = randomBytes(32).toString('hex');
      // Likewise for source credentials: sealed on one node, opened on any.
      const sourcesKey = randomBytes(32).toString('hex');
      const common: Record<string, string> = {
        STORE: 'elasticsearch',
        ELASTICSEARCH_URL: options.elasticsearchUrl,
        ELASTICSEARCH_INDEX_PREFIX: options.indexPrefix,
        QUEUE: 'bullmq',
        REDIS_URL: options.redisUrl,
        SOURCES_KEY: sourcesKey,
        DEMO: 'off',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // The footprint is exercised over HTTP and socket.io only; the dashboard need not be built.
        SERVE_WEB: 'off',
        ...options.env,
      };
      for (let i = 0; i < (options.apis ?? 1); i++) {
        const dataDir = cluster.tempDir();
        // One at a time: two first starts racing to create the admin is not what this harness tests.
        const node = await onFreePort((port) =>
          new ApiNode(`api-${i + 1}`, port, {
            ...common,
            PORT: String(port),
            DATA_DIR: dataDir,
            AUTH_SECRET: authSecret,
            ADMIN_PASSWORD,
            LIVE_THROTTLE_MS: '200',
          }).start(),
        );
        cluster.apis.push(node);
      }
      for (let i = 0; i < (options.workers ?? 1); i++) {
        const node = new WorkerNode(`worker-${i + 1}`, { ...common, DATA_DIR: cluster.tempDir(), LOG_LEVEL: options.env?.LOG_LEVEL ?? 'log' });
        cluster.workers.push(node);
      }
      await Promise.all(cluster.workers.map((w) => w.start()));
      return cluster;
    } catch (error) {
      await cluster.stop();
      throw error;
    }
  }

  get api(): ApiNode {
    return this.apis[0];
  }

  /** Every process's output, for a failing test's message. */
  logs(): string {
    return [...this.apis, ...this.workers].map((node) => `── ${node.name}\n${node.log.slice(-3000)}`).join('\n');
  }

  /** SIGTERM to every group (SIGKILL if it hangs), then the data directories go. Safe to call twice. */
  async stop(): Promise<void> {
    await Promise.all([...this.workers, ...this.apis].map((node) => node.kill('SIGTERM')));
    for (const dir of this.dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  }

  private tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), 'escucha-cluster-'));
    this.dirs.push(dir);
    return dir;
  }
}
