import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RunningRedis } from '../support/redis';
import { TestServer, waitFor } from '../support/server';

/** The security headers helmet sends by default, with the values the API must send. */
const SECURITY_HEADERS: Record<string, string | RegExp> = {
  'content-security-policy': /default-src 'self'.*script-src 'self'/,
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': /^max-age=\d+/,
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
};

async function raw(server: TestServer, method: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: string }> {
  const response = await fetch(`${server.url}${path}`, { method, headers });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

/** Every JSON line the server wrote; pretty lines (none expected with LOG_FORMAT=json) are returned as null. */
function jsonLines(log: string): Array<Record<string, unknown> | null> {
  return log
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return null;
      }
    });
}

describe('the HTTP edge: headers, CORS, HEAD, request ids and logs', () => {
  // JSON logs at "log" level: each request leaves one line.
  const server = new TestServer({ LOG_LEVEL: 'log', LOG_FORMAT: 'json' });
  const open = new TestServer({ CORS_ORIGINS: 'https://allowed.example, http://localhost:5173', LOG_LEVEL: 'log', LOG_FORMAT: 'pretty' });
  let token: string;

  beforeAll(async () => {
    await Promise.all([server.start(), open.start()]);
    token = await server.login();
  });
  afterAll(() => Promise.all([server.stop(), open.stop()]));

  it('sends the security headers and no X-Powered-By on pages, files, API answers and errors', async () => {
    const index = await raw(server, 'GET', '/login');
    const asset = index.body.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    for (const [path, status] of [
      ['/login', 200],
      [asset!, 200],
      ['/health', 200],
      ['/api/v1/posts', 401],
      ['/api/v1/nothing-here', 404],
      ['/api/docs', 200],
    ] as const) {
      const response = await raw(server, 'GET', path);
      expect(response.status, path).toBe(status);
      for (const [name, expected] of Object.entries(SECURITY_HEADERS)) {
        const value = response.headers.get(name);
        if (typeof expected === 'string') expect(value, `${name} on ${path}`).toBe(expected);
        else expect(value, `${name} on ${path}`).toMatch(expected);
      }
      expect(response.headers.get('x-powered-by'), path).toBeNull();
    }
  });

  it('allows inline style blocks on the API docs only', async () => {
    const styleSrc = (csp: string | null) => csp?.split(';').map((d) => d.trim()).find((d) => d.startsWith('style-src '));
    expect(styleSrc((await raw(server, 'GET', '/login')).headers.get('content-security-policy'))).toBe("style-src 'self'");
    expect(styleSrc((await raw(server, 'GET', '/api/docs')).headers.get('content-security-policy'))).toBe("style-src 'self' 'unsafe-inline'");
  });

  it('compresses the dashboard\'s page and files, and not the API', async () => {
    const gzip = { 'accept-encoding': 'gzip' };
    const index = await fetch(`${server.url}/`, { headers: gzip });
    expect(index.status).toBe(200);
    expect(index.headers.get('content-encoding')).toBe('gzip');
    // fetch decodes the body: what arrives is still the page.
    const page = await index.text();
    expect(page).toMatch(/<div id="app">|<script/);
    const asset = page.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    expect((await fetch(`${server.url}${asset}`, { headers: gzip })).headers.get('content-encoding')).toBe('gzip');
    // Without the header, as sent.
    expect((await fetch(`${server.url}/`, { headers: { 'accept-encoding': 'identity' } })).headers.get('content-encoding')).toBeNull();
    // API answers (NDJSON streams among them) are left alone, however large.
    const api = await fetch(`${server.url}/api/docs-json`, { headers: { ...gzip, authorization: `Bearer ${token}` } });
    expect(api.status).toBe(200);
    expect(api.headers.get('content-encoding')).toBeNull();
  });

  it('answers HEAD on every GET route of the API, with the status and type GET has and no body', async () => {
    const document = (await server.get<{ paths: Record<string, Record<string, unknown>> }>('/api/docs-json')).body;
    // Path parameters get a value that exists nowhere: a 404 is as good an answer as a 200, as long as HEAD gives the same one.
    const paths = Object.entries(document.paths)
      .filter(([, operations]) => 'get' in operations)
      .map(([path]) => path.replace(/\{[^}]+\}/g, 'none'));
    const pages = ['/', '/login', '/live', '/history', '/favicon.svg', '/health', '/health/live', '/health/ready', '/api/docs', '/api/docs-json'];
    expect(paths.length).toBeGreaterThan(5);
    for (const path of [...paths, ...pages]) {
      const headers = { authorization: `Bearer ${token}` };
      const get = await raw(server, 'GET', path, headers);
      const head = await raw(server, 'HEAD', path, headers);
      expect(head.status, `HEAD ${path}`).toBe(get.status);
      expect(head.status, `HEAD ${path}`).not.toBe(405);
      expect(head.headers.get('content-type'), `HEAD ${path}`).toBe(get.headers.get('content-type'));
      expect(head.body, `HEAD ${path}`).toBe('');
    }
  });

  it('refuses every cross-origin caller when CORS_ORIGINS is unset', async () => {
    const preflight = await raw(server, 'OPTIONS', '/api/v1/posts', {
      origin: 'https://allowed.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type',
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await raw(server, 'GET', '/health', { origin: 'https://allowed.example' });
    expect(simple.status).toBe(200);
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the origins CORS_ORIGINS lists call the API, and no other', async () => {
    const ask = (origin: string) =>
      raw(open, 'OPTIONS', '/api/v1/posts', {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      });
    const allowed = await ask('https://allowed.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
    expect(allowed.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await ask('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('http://localhost:5173');

    for (const refused of ['https://evil.example', 'https://allowed.example.evil.example', 'http://allowed.example']) {
      expect((await ask(refused)).headers.get('access-control-allow-origin'), refused).toBeNull();
    }

    const simple = await raw(open, 'GET', '/health', { origin: 'https://allowed.example' });
    expect(simple.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
    expect(simple.headers.get('access-control-expose-headers')?.toLowerCase()).toMatch(/x-request-id/);
    expect((await raw(open, 'GET', '/health', { origin: 'https://evil.example' })).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('applies the same rule to the socket.io handshake of /live', async () => {
    const handshake = (target: TestServer, origin: string) => raw(target, 'GET', '/socket.io/?EIO=4&transport=polling', { origin });
    const allowed = await handshake(open, 'https://allowed.example');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
    expect((await handshake(open, 'https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    expect((await handshake(server, 'https://allowed.example')).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('returns the caller\'s X-Request-Id when it is sane, and a new one otherwise', async () => {
    const kept = await raw(server, 'GET', '/health', { 'x-request-id': 'edge-test-42' });
    expect(kept.headers.get('x-request-id')).toBe('edge-test-42');
    for (const bad of ['has spaces and "quotes"', 'x'.repeat(200), '{"level":"error"}']) {
      const replaced = await raw(server, 'GET', '/health', { 'x-request-id': bad });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const a = (await raw(server, 'GET', '/api/v1/nothing-here')).headers.get('x-request-id');
    const b = (await raw(server, 'GET', '/api/v1/nothing-here')).headers.get('x-request-id');
    expect(a).toMatch(/^[0-9a-f-]{36}$/);
    expect(b).not.toBe(a);
  });

  it('logs each request once, as JSON, with method, route, status, duration and request id', async () => {
    const id = `log-${Date.now()}`;
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const answered = {
      a: (await raw(server, 'PATCH', '/api/v1/posts/some-post-id/labels', { 'x-request-id': `${id}-a`, ...auth })).status,
      b: (await raw(server, 'POST', '/api/v1/posts', { 'x-request-id': `${id}-b`, ...auth })).status,
      c: (await raw(server, 'HEAD', '/login', { 'x-request-id': `${id}-c` })).status,
    };

    const lines = await waitFor('three request lines', async () => {
      const found = jsonLines(server.log).filter((line) => line?.context === 'HTTP' && String(line.requestId ?? '').startsWith(id));
      return found.length >= 3 ? found : undefined;
    });
    expect(jsonLines(server.log)).not.toContain(null);
    const byId = (suffix: keyof typeof answered) => lines.filter((line) => line!.requestId === `${id}-${suffix}`);
    for (const suffix of ['a', 'b', 'c'] as const) {
      expect(byId(suffix), suffix).toHaveLength(1);
      expect(byId(suffix)[0]!.status, suffix).toBe(answered[suffix]);
    }

    const [patch] = byId('a');
    // The declared route, not the path: requests are grouped by it.
    expect(patch).toMatchObject({ level: 'log', method: 'PATCH', route: '/api/v1/posts/:id/labels', path: '/api/v1/posts/some-post-id/labels' });
    expect(typeof patch!.durationMs).toBe('number');
    expect(patch!.durationMs as number).toBeGreaterThanOrEqual(0);
    expect(typeof patch!.timestamp).toBe('number');
    // A bad body is answered by the validation, inside the route: the route is still known.
    expect(answered.b).toBe(400);
    expect(byId('b')[0]).toMatchObject({ method: 'POST', route: '/api/v1/posts' });
    expect(byId('c')[0]).toMatchObject({ method: 'HEAD', route: 'static', status: 200 });
  });

  it('writes readable lines with LOG_FORMAT=pretty', async () => {
    await raw(open, 'GET', '/health/live', { 'x-request-id': 'pretty-line-1' });
    const line = await waitFor('the pretty request line', async () => open.log.split('\n').find((l) => l.includes('pretty-line-1')));
    expect(line).toMatch(/GET \/health\/live 200 [\d.]+ ms \[pretty-line-1\]/);
    expect(() => JSON.parse(line)).toThrow();
  });

  it('splits liveness from readiness and keeps /health', async () => {
    expect(await server.get('/health/live', null)).toEqual({ status: 200, body: { status: 'ok' } });
    expect(await server.get('/health/ready', null)).toEqual({ status: 200, body: { status: 'ready', checks: { store: 'ok', queue: 'ok' } } });
    const health = await server.get<{ status: string; drivers: { store: string } }>('/health', null);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', drivers: { store: 'duckdb', queue: 'inline' } });
  });
});

describe('readiness with the queue on Redis', () => {
  let redis: RunningRedis;
  let server: TestServer;

  beforeAll(async () => {
    redis = await startRedis();
    server = new TestServer({ QUEUE: 'bullmq', REDIS_URL: redis.url, SOURCES_KEY: 'ab'.repeat(32) });
    await server.start();
  });
  afterAll(async () => {
    await server?.stop();
    await redis?.stop();
  });

  it('fails with 503 while Redis is down, stays live, and is ready again once it is back', async () => {
    expect((await server.get('/health/ready', null)).status).toBe(200);
    const restarted = redis.restart(6_000);
    let probes = 0;
    const down = await waitFor(
      'readiness to fail',
      async () => {
        const requestId = `ready-probe-${++probes}`;
        const response = await raw(server, 'GET', '/health/ready', { 'x-request-id': requestId });
        return response.status === 503 ? { requestId, body: JSON.parse(response.body) as unknown } : undefined;
      },
      10_000,
    );
    expect(down.body).toMatchObject({ code: 'NOT_READY', checks: { store: 'ok', queue: 'unreachable' } });
    // The reason is logged, not sent, and the log line carries the id of the request it was written for.
    expect(JSON.stringify(down.body)).not.toContain(String(redis.port));
    const warning = await waitFor('the readiness warning', async () =>
      jsonLines(server.log).find((line) => line?.context === 'Health' && line.requestId === down.requestId),
    );
    expect(warning).toMatchObject({ level: 'warn', message: expect.stringMatching(/queue unreachable/) });
    expect(await server.get('/health/live', null)).toEqual({ status: 200, body: { status: 'ok' } });
    expect((await server.get('/health', null)).status).toBe(200);
    await restarted;
    await waitFor('readiness to come back', async () => ((await server.get('/health/ready', null)).status === 200 ? true : undefined), 20_000);
  });
});
