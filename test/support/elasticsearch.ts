import { execFileSync, spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * A real Elasticsearch for the integration tests, without Docker: Elastic's test distribution
 * (the integ-test-zip, which has no bundled JDK) fetched once by Maven into `.cache/`, started
 * on the system JDK on free loopback ports, with data, logs and config in a throw-away directory.
 *
 * The integ-test-zip is the minimal distribution: server plus transport-netty4, x-pack-core and
 * x-pack-security. It has no analysis-common (no language analysers, asciifolding or pattern
 * tokenizer) and no reindex module (no delete_by_query); the driver is written to work without them.
 */

export const ELASTICSEARCH_VERSION = '8.19.2';
const ARTIFACT = `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ELASTICSEARCH_VERSION}:zip`;
const CACHE = join(repoRoot(__dirname), '.cache/elasticsearch');
const HOME = join(CACHE, `elasticsearch-${ELASTICSEARCH_VERSION}`);
/** Elasticsearch refuses to run as root; when the tests do, it runs as this unprivileged user. */
const ES_USER = 'escucha-es';
const STARTUP_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 15_000;

export interface RunningElasticsearch {
  url: string;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
  /**
   * Stops the server (SIGTERM to its process group, as an operator would) but keeps its data,
   * config and ports, so `resume()` brings the same node back: for fault tests.
   */
  halt(): Promise<void>;
  /** Starts a halted server again on the same data directory and ports; resolves once it is yellow. */
  resume(): Promise<void>;
  /** The process group of the running server (its launcher and the server JVM), for benchmarks that read its CPU time. */
  processGroup(): number | undefined;
}

/**
 * Starts a server on free loopback ports. Two test files can start one each at the same moment, and
 * a port free when picked can be taken before the JVM binds it: that start is tried again on new
 * ports, a few times, since nothing is wrong with the server.
 */
export async function startElasticsearch(): Promise<RunningElasticsearch> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= 3 || !/BindException|Address already in use/.test(message)) throw error;
    }
  }
}

async function startOnce(): Promise<RunningElasticsearch> {
  ensureDistribution();
  const asRoot = process.getuid?.() === 0;
  if (asRoot) ensureUser();

  const work = mkdtempSync(join(tmpdir(), 'escucha-es-'));
  const config = join(work, 'config');
  // A private copy of the config directory: Elasticsearch writes a keystore there, and two test
  // files may run a server each from the same unpacked distribution.
  cpSync(join(HOME, 'config'), config, { recursive: true });
  for (const dir of ['data', 'logs', 'tmp']) mkdirSync(join(work, dir));
  // The stock jvm.options put gc.log, JVM error logs and heap dumps under relative logs/ and data/,
  // which the JVM resolves against the distribution (root-owned, shared): point them at the work dir.
  const jvmOptions = join(config, 'jvm.options');
  writeFileSync(
    jvmOptions,
    readFileSync(jvmOptions, 'utf8')
      .replaceAll('file=logs/', `file=${join(work, 'logs')}/`)
      .replaceAll('ErrorFile=logs/', `ErrorFile=${join(work, 'logs')}/`)
      .replaceAll('HeapDumpPath=data', `HeapDumpPath=${join(work, 'data')}`),
  );
  if (asRoot) execFileSync('chown', ['-R', `${ES_USER}:${ES_USER}`, work]);

  const [httpPort, transportPort] = await freePorts(2);
  const settings = [
    'discovery.type=single-node',
    'network.host=127.0.0.1',
    `http.port=${httpPort}`,
    `transport.port=${transportPort}`,
    `path.data=${join(work, 'data')}`,
    `path.logs=${join(work, 'logs')}`,
    'xpack.security.enabled=false',
    // Test machines are often short of disk; the watermarks would turn indices read-only mid-run.
    'cluster.routing.allocation.disk.threshold_enabled=false',
  ];
  const env = {
    ES_JAVA_HOME: javaHome(),
    ES_PATH_CONF: config,
    ES_TMPDIR: join(work, 'tmp'),
    ES_JAVA_OPTS: '-Xms512m -Xmx512m',
    PATH: process.env.PATH ?? '/usr/bin:/bin',
  };
  const command = [join(HOME, 'bin/elasticsearch'), ...settings.flatMap((s) => ['-E', s])];
  // `env` on the command line, because runuser does not pass the caller's environment on reliably.
  // A watchdog in the wrapping shell: it holds our end of a pipe on fd 3 and stops the server
  // when that pipe closes, so a test process killed outright (no afterAll) leaves no server behind.
  const watchdog = 'exec 3<&0; "$@" </dev/null & es=$!; { read -r _ <&3; kill "$es" 2>/dev/null; } & wait "$es"';
  const argv = ['sh', '-c', watchdog, 'sh', 'env', ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...command];
  // Detached, so the server is its own process group and stop() can signal all of it.
  const options: SpawnOptions = { cwd: work, detached: true, stdio: ['pipe', 'pipe', 'pipe'] };
  const url = `http://127.0.0.1:${httpPort}`;

  /** One run of the server on this work directory; `halt()` and `resume()` make a new one on the same data. */
  const launch = async (): Promise<{ child: ChildProcess; exited: Promise<void> }> => {
    const child: ChildProcess = asRoot ? spawn('runuser', ['-u', ES_USER, '--', ...argv], options) : spawn(argv[0], argv.slice(1), options);
    // The last lines of output go into any start-up error, so a failure says why.
    const tail: string[] = [];
    const keep = (chunk: Buffer): void => {
      tail.push(...chunk.toString().split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - 40));
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    try {
      await waitForYellow(url, child, tail);
    } catch (error) {
      await killGroup(child, exited);
      throw error;
    }
    return { child, exited };
  };

  let current: { child: ChildProcess; exited: Promise<void> } | undefined;
  try {
    current = await launch();
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw error;
  }
  const halt = async (): Promise<void> => {
    if (current) await killGroup(current.child, current.exited);
    current = undefined;
  };
  return {
    url,
    stop: async () => {
      await halt();
      // The JVM can outlive runuser by a moment and still be closing its translog: retry rather
      // than fail a whole run on a directory that empties a few hundred ms later.
      rmSync(work, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
    },
    halt,
    resume: async () => {
      if (current) throw new Error('Elasticsearch is running: halt() it first');
      current = await launch();
    },
    processGroup: () => current?.child.pid,
  };
}

/**
 * Fetches and unpacks the distribution once; later runs reuse the unpacked copy. Both steps work
 * in a private staging directory and rename into place, so two test files provisioning at the
 * same time never see a half-copied zip or a half-unpacked tree.
 */
function ensureDistribution(): void {
  if (existsSync(join(HOME, 'bin/elasticsearch'))) return;
  mkdirSync(CACHE, { recursive: true });
  const zip = join(CACHE, `elasticsearch-${ELASTICSEARCH_VERSION}.zip`);
  const staging = mkdtempSync(join(CACHE, 'staging-'));
  try {
    if (!existsSync(zip)) {
      try {
        execFileSync('mvn', ['-q', '-B', 'dependency:copy', `-Dartifact=${ARTIFACT}`, `-DoutputDirectory=${staging}`], {
          stdio: ['ignore', 'pipe', 'pipe'],
          timeout: 300_000,
        });
      } catch (error) {
        throw new Error(`could not fetch ${ARTIFACT} with Maven (needs mvn and access to Maven Central): ${errorText(error)}`);
      }
      renameSync(join(staging, `elasticsearch-${ELASTICSEARCH_VERSION}.zip`), zip);
    }
    const unpacked = join(staging, 'unpacked');
    try {
      execFileSync('unzip', ['-q', zip, '-d', unpacked], { timeout: 120_000 });
    } catch (error) {
      throw new Error(`could not unpack ${zip} (delete it to fetch again): ${errorText(error)}`);
    }
    const [top] = readdirSync(unpacked);
    if (!top) throw new Error(`${zip} is empty (delete it to fetch again)`);
    try {
      renameSync(join(unpacked, top), HOME);
    } catch (error) {
      // Another test file got there first: its copy is as good as ours.
      if (!existsSync(join(HOME, 'bin/elasticsearch'))) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function ensureUser(): void {
  try {
    execFileSync('id', ['-u', ES_USER], { stdio: 'ignore' });
  } catch {
    try {
      execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', ES_USER], {
        stdio: 'ignore',
      });
    } catch (error) {
      // A concurrent test file may have created it between the check and here.
      try {
        execFileSync('id', ['-u', ES_USER], { stdio: 'ignore' });
      } catch {
        throw new Error(`tests run as root and Elasticsearch refuses root; could not create user ${ES_USER}: ${errorText(error)}`);
      }
    }
  }
  // The distribution must be readable and its bin/ executable by that user; the repo path must be traversable.
  execFileSync('chmod', ['-R', 'a+rX', HOME]);
}

function javaHome(): string {
  if (process.env.JAVA_HOME && existsSync(join(process.env.JAVA_HOME, 'bin/java'))) return process.env.JAVA_HOME;
  try {
    const java = execFileSync('readlink', ['-f', execFileSync('which', ['java']).toString().trim()]).toString().trim();
    return resolve(java, '../..');
  } catch {
    throw new Error('no Java found: set JAVA_HOME to a JDK 17 or newer (the Elasticsearch test distribution has none bundled)');
  }
}

async function waitForYellow(url: string, child: ChildProcess, tail: readonly string[]): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Elasticsearch exited during start-up (${child.exitCode ?? child.signalCode}):\n${tail.join('\n')}`);
    }
    try {
      const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=2s`, {
        signal: AbortSignal.timeout(5_000),
      });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = errorText(error);
    }
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error(
    `Elasticsearch did not reach yellow within ${STARTUP_TIMEOUT_MS / 1000}s (last: ${last}):\n${tail.join('\n')}`,
  );
}

/** SIGTERM to the whole group (runuser and the JVM), SIGKILL if it does not go in time. */
async function killGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined) return;
  const group = -child.pid;
  const signal = (name: NodeJS.Signals): void => {
    try {
      process.kill(group, name);
    } catch {
      // Already gone.
    }
  };
  // The child we spawned (runuser, the shell) exits before the JVM has closed its files; the
  // work directory can only be removed once nobody in the group is left writing to it.
  const groupGone = async (ms: number): Promise<boolean> => {
    const until = Date.now() + ms;
    for (;;) {
      try {
        process.kill(group, 0);
      } catch {
        return true;
      }
      if (Date.now() > until) return false;
      await new Promise((done) => setTimeout(done, 100));
    }
  };
  signal('SIGTERM');
  await Promise.race([exited, new Promise((done) => setTimeout(done, STOP_TIMEOUT_MS).unref())]);
  if (await groupGone(STOP_TIMEOUT_MS)) return;
  signal('SIGKILL');
  await groupGone(5_000);
}

/** Ports the kernel hands out for port 0; all held open at once so the same port is never returned twice. */
async function freePorts(count: number): Promise<number[]> {
  const servers = Array.from({ length: count }, () => createServer());
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((done, fail) => {
          server.once('error', fail);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            if (address && typeof address === 'object') done(address.port);
            else fail(new Error('no port'));
          });
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

/** The directory holding package.json, from the source tree or from its build under dist/. */
function repoRoot(from: string): string {
  for (let dir = from; ; dir = resolve(dir, '..')) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (resolve(dir, '..') === dir) throw new Error(`no package.json above ${from}`);
  }
}

function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error) {
    const stderr = String((error as { stderr: unknown }).stderr ?? '').trim();
    if (stderr) return stderr.split('\n').slice(-10).join('\n');
  }
  return error instanceof Error ? error.message : String(error);
}
