import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { onFreePort } from './server';

/**
 * A real redis-server for the integration tests, without Docker: the distribution's package,
 * installed on demand when the tests run as root, started on a free loopback port with its data
 * (an append-only file) in a throw-away directory.
 */

export interface RunningRedis {
  url: string;
  port: number;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
  /**
   * Stops the server cleanly (its append-only file is flushed) and starts it again on the same port
   * and data, after `downMs` (default 0) with nothing listening: an outage clients must ride out.
   */
  restart(downMs?: number): Promise<void>;
  /** The running server's process id (a restart makes a new one), for CPU figures. */
  pid(): number | undefined;
}

const STARTUP_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 10_000;
/** apt-get update plus a download on a slow mirror; a bound so a stuck install fails instead of hanging. */
const INSTALL_TIMEOUT_MS = 300_000;

/** Servers still running, killed if the test process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startRedis(): Promise<RunningRedis> {
  const binary = await ensureRedisServer();
  const dir = mkdtempSync(join(tmpdir(), 'escucha-redis-'));
  let port: number;
  let server: Server;
  try {
    ({ port, server } = await onFreePort(async (free) => ({ port: free, server: await launch(binary, dir, free) }), (error) => error instanceof PortInUseError));
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  let current: Server = server;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await current.stop();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async (downMs = 0) => {
      await current.stop();
      if (downMs > 0) await new Promise((done) => setTimeout(done, downMs));
      current = await launch(binary, dir, port);
    },
    pid: () => current.pid,
  };
}

interface Server {
  stop(): Promise<void>;
  pid: number | undefined;
}

class PortInUseError extends Error {}

async function launch(binary: string, dir: string, port: number): Promise<Server> {
  const args = [
    '--save', '',
    '--appendonly', 'yes',
    '--dir', dir,
    '--maxmemory-policy', 'noeviction',
    '--port', String(port),
    '--bind', '127.0.0.1',
    '--daemonize', 'no',
  ];
  const child = spawn(binary, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  // The last lines of output go into any start-up error, so a failure says why.
  const tail: string[] = [];
  const keep = (chunk: Buffer): void => {
    tail.push(...chunk.toString('utf8').split('\n').filter((l) => l.trim() !== ''));
    tail.splice(0, Math.max(0, tail.length - 20));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = once(child, 'exit').then(() => running.delete(child));

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    // SIGTERM: redis-server flushes its append-only file and exits; SIGKILL only if it hangs.
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      const output = tail.join('\n');
      const message = `redis-server exited during start-up (code ${child.exitCode}, signal ${child.signalCode}):\n${output}`;
      throw /address already in use/i.test(output) ? new PortInUseError(message) : new Error(message);
    }
    if (await answersPing(port)) return { stop, pid: child.pid };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`redis-server on port ${port} did not answer PING within ${STARTUP_TIMEOUT_MS} ms:\n${tail.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One PING over a raw socket: true on +PONG; false while refused or still loading its data. */
function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

let ensured: Promise<string> | undefined;

/** The redis-server binary: on PATH, or `REDIS_SERVER`, or installed with apt-get when running as root. */
function ensureRedisServer(): Promise<string> {
  ensured ??= (async () => {
    const found = findRedisServer();
    if (found) return found;
    if (process.getuid?.() !== 0) {
      throw new Error(
        'redis-server is not installed and the tests are not running as root, so they cannot install it: ' +
          'install it (e.g. "sudo apt-get install -y redis-server"), or set REDIS_SERVER to its path.',
      );
    }
    try {
      await aptGet(['install', '-y', 'redis-server']);
    } catch {
      // A fresh machine's package lists are often empty or stale.
      await aptGet(['update']);
      await aptGet(['install', '-y', 'redis-server']);
    }
    const installed = findRedisServer();
    if (!installed) throw new Error('apt-get installed redis-server, but no redis-server binary was found on PATH');
    return installed;
  })();
  // A failed attempt is not cached, so a later test file may try again.
  ensured.catch(() => {
    ensured = undefined;
  });
  return ensured;
}

function findRedisServer(): string | undefined {
  const explicit = process.env.REDIS_SERVER;
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`REDIS_SERVER=${explicit} is not an executable file`);
    return explicit;
  }
  // /usr/sbin and /usr/bin are listed too: a minimal PATH can leave out where the package puts it.
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  return dirs.filter((d) => d !== '').map((d) => join(d, 'redis-server')).find(isExecutable);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function aptGet(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      'apt-get',
      // Two test files may install at once: the second waits for dpkg's lock instead of failing.
      ['-o', 'DPkg::Lock::Timeout=240', ...args],
      {
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
        timeout: INSTALL_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, _stdout, stderr) => {
        if (error) reject(new Error(`apt-get ${args.join(' ')} failed: ${error.message}\n${String(stderr).slice(-2000)}`));
        else resolve();
      },
    );
  });
}
