import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signHubBody, signWebhook } from '@escucha/connectors';
import { seededRandom } from '@escucha/core';
import { aPostInput } from '../support/post-inputs';
import { TestServer } from '../support/server';

/**
 * Every write route fed generated bad input. Reproducible: FUZZ_SEED picks the draws (the seed
 * is in every failure message), FUZZ_CASES how many per route. The default seed keeps
 * `npm test` stable; a random one (FUZZ_SEED=$RANDOM) explores further.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const CASES = Number(process.env.FUZZ_CASES ?? 40);
const SECRET = 'fuzz-webhook-secret-0123456789abcdef-xyz';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

class Fuzzer {
  private readonly random: () => number;
  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  string(): string {
    return this.pick<() => string>([
      () => '',
      () => ' ',
      () => 'x'.repeat(100_000 + this.int(100_000)),
      () => '🚀'.repeat(5_000),
      () => 'ñandú camión ÀÉÎÕÜ',
      () => '\u202eevil\u200b\u200d\ufeff',
      () => '\ud800 lone surrogate \udfff',
      () => '\u0000\u0001\u001f',
      () => '<script>alert(1)</script>',
      () => "'; DROP TABLE posts; --",
      () => '../../../../etc/passwd',
      () => '%s%n%x {{7*7}} ${7*7}',
      () => '2026-02-30T25:61:00Z',
      () => 'AND OR NOT (( "',
      () => '__proto__',
      () => String(this.int(1e9)),
    ])();
  }

  scalar(): Json {
    return this.pick<() => Json>([
      () => null,
      () => true,
      () => false,
      () => 0,
      () => -1,
      () => 1.5,
      () => 1e308,
      () => -1e308,
      () => 2 ** 53 + 1,
      () => this.string(),
    ])();
  }

  value(depth = 0): Json {
    const roll = this.int(10);
    if (depth > 3 || roll < 6) return this.scalar();
    if (roll < 8) return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
    const o: Record<string, Json> = {};
    for (let i = this.int(4); i > 0; i--) o[this.pick(['a', '__proto__', 'constructor', 'prototype', this.string().slice(0, 20)])] = this.value(depth + 1);
    return o;
  }

  deep(depth: number): Json {
    let v: Json = 'bottom';
    for (let i = 0; i < depth; i++) v = this.int(2) ? [v] : { a: v };
    return v;
  }

  /** A mutation of a valid body: a field dropped, retyped, added, or the whole replaced. */
  mutate(valid: Record<string, Json>, deep = true): Json {
    const keys = Object.keys(valid);
    const body: Record<string, Json> = JSON.parse(JSON.stringify(valid)) as Record<string, Json>;
    switch (this.int(7)) {
      case 0:
        delete body[this.pick(keys)];
        return body;
      case 1:
        body[this.pick(keys)] = this.value();
        return body;
      case 2:
        body[this.pick(['extra', '__proto__', 'constructor', 'role', 'isAdmin'])] = this.value();
        return body;
      case 3:
        return this.value();
      case 4:
        return deep ? this.deep(200 + this.int(3000)) : this.value();
      case 5: {
        const key = this.pick(keys);
        const inner = body[key];
        if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
          const innerKeys = Object.keys(inner);
          if (innerKeys.length) (inner as Record<string, Json>)[this.pick(innerKeys)] = this.value();
        } else body[key] = this.string();
        return body;
      }
      default:
        return [body];
    }
  }

  /** Bodies that are not JSON at all, or not what the content type says. */
  raw(valid: Json): { body: string; type?: string } {
    const text = JSON.stringify(valid);
    return this.pick<() => { body: string; type?: string }>([
      () => ({ body: text.slice(0, Math.max(1, this.int(text.length))), type: 'application/json' }),
      () => ({ body: '', type: 'application/json' }),
      () => ({ body: '{"a":1,}', type: 'application/json' }),
      () => ({ body: text, type: 'text/plain' }),
      () => ({ body: text, type: 'application/xml' }),
      () => ({ body: text, type: undefined }),
      () => ({ body: '\u0000\u00ff\ufffe', type: 'application/json' }),
      () => ({ body: text, type: 'application/json; charset=utf-16' }),
      () => ({ body: text, type: 'multipart/form-data; boundary=x' }),
      () => ({ body: 'a,b\n1,2', type: 'text/csv' }),
      () => ({ body: `${text}\n${text}`, type: 'application/x-ndjson' }),
    ])();
  }
}

interface Route {
  method: string;
  path: () => string;
  valid: () => Record<string, Json>;
  /** Headers that make the request otherwise acceptable (a webhook's signature). */
  headers?: (body: string) => Record<string, string>;
}

describe(`fuzzing every write route (FUZZ_SEED=${SEED}, ${CASES} cases each)`, () => {
  // Facebook backfills the fuzz queues go nowhere: port 9 (discard) on loopback refuses at once.
  const server = new TestServer({ SERVE_WEB: 'off', FACEBOOK_GRAPH_URL: 'http://127.0.0.1:9/v21.0' });
  const fuzz = new Fuzzer(SEED);
  let token: string;
  let postId: string;
  const failures: string[] = [];

  beforeAll(async () => {
    await server.start();
    token = await server.login();
    const post = aPostInput({ createdAt: '2026-06-01T10:00:00Z' });
    postId = `x:${post.id}`;
    expect((await server.request('POST', '/api/v1/posts', [post])).status).toBe(202);
    await server.waitForTotal('from=2026-06-01T00:00:00Z&to=2026-06-02T00:00:00Z', 1);
    expect((await server.request('POST', '/api/v1/sources', { id: 'hook', kind: 'webhook', name: 'Hook', channel: 'forum', credentials: { secret: SECRET } })).status).toBe(201);
    expect((await server.request('POST', '/api/v1/sources', { id: 'files', kind: 'import', name: 'Files', channel: 'forum' })).status).toBe(201);
    const facebook = { id: 'fb', kind: 'facebook', name: 'Pages', channel: 'facebook', credentials: { appSecret: SECRET, verifyToken: 'fuzz', userToken: 'EAA-fuzz' } };
    expect((await server.request('POST', '/api/v1/sources', facebook)).status).toBe(201);
    expect((await server.request('POST', '/api/v1/customers', [{ id: 'F1', name: 'Fuzz Customer', consent: { marketing: true } }])).status).toBe(200);
    expect((await server.request('PUT', '/api/v1/offers/fz', { name: 'Fuzz', value: 1, rules: [], active: true })).status).toBe(200);
  }, 60_000);
  afterAll(() => server.stop());

  let users = 0;
  let sources = 0;
  const routes: Record<string, Route> = {
    'POST /api/v1/posts': { method: 'POST', path: () => '/api/v1/posts', valid: () => aPostInput() as unknown as Record<string, Json> },
    'POST /api/v1/webhooks/:sourceId': {
      method: 'POST',
      path: () => '/api/v1/webhooks/hook',
      valid: () => aPostInput() as unknown as Record<string, Json>,
      headers: (body) => ({ 'x-escucha-signature': signWebhook(SECRET, Math.floor(Date.now() / 1000), body) }),
    },
    'POST /api/v1/webhooks/:sourceId (facebook)': {
      method: 'POST',
      path: () => '/api/v1/webhooks/fb',
      valid: () => ({
        object: 'page',
        entry: [{ id: '333', time: 1764417600, changes: [{ field: 'feed', value: { item: 'status', verb: 'add', post_id: '333_1', message: 'hola', created_time: 1764417600, from: { id: '7', name: 'Ana' } } }] }],
      }),
      headers: (body) => ({ 'x-hub-signature-256': signHubBody(body, SECRET) }),
    },
    'POST /api/v1/sources/facebook/backfills': { method: 'POST', path: () => '/api/v1/sources/facebook/backfills', valid: () => ({ sourceId: 'fb', from: '2026-06-01T00:00:00Z' }) },
    'PATCH /api/v1/posts/:id/labels': { method: 'PATCH', path: () => `/api/v1/posts/${encodeURIComponent(postId)}/labels`, valid: () => ({ sentiment: 'negative', topics: ['billing'] }) },
    'PUT /api/v1/taxonomy': {
      method: 'PUT',
      path: () => '/api/v1/taxonomy',
      valid: () => ({ id: 'fuzz', groups: [{ id: 'outage', label: { es: 'Corte', en: 'Outage' }, query: { es: 'corte OR "sin señal"', '*': 'outage' } }] }),
    },
    'POST /api/v1/taxonomy/validate': { method: 'POST', path: () => '/api/v1/taxonomy/validate', valid: () => ({ query: 'corte AND NOT luz' }) },
    'POST /api/v1/sources': { method: 'POST', path: () => '/api/v1/sources', valid: () => ({ id: `fuzz-${++sources}`, kind: 'import', name: 'Fuzz', channel: 'forum' }) },
    'POST /api/v1/users': { method: 'POST', path: () => '/api/v1/users', valid: () => ({ username: `fuzz${++users}`, password: 'a-long-enough-password-1', role: 'analyst' }) },
    'POST /api/v1/auth/login': { method: 'POST', path: () => '/api/v1/auth/login', valid: () => ({ username: 'admin', password: 'wrong-password' }) },
    'POST /api/v1/analysis/explain': { method: 'POST', path: () => '/api/v1/analysis/explain', valid: () => ({ text: 'sin señal en Palermo', lang: 'es' }) },
    'POST /api/v1/sources/x/backfills': { method: 'POST', path: () => '/api/v1/sources/x/backfills', valid: () => ({ from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z' }) },
    'POST /api/v1/customers/:id/offers/:offerId/responses': { method: 'POST', path: () => '/api/v1/customers/F1/offers/fz/responses', valid: () => ({ accepted: true }) },
    'POST /api/v1/imports': { method: 'POST', path: () => '/api/v1/imports?source=files&format=ndjson', valid: () => aPostInput() as unknown as Record<string, Json> },
  };

  async function send(name: string, route: Route, body: string, type: string | undefined, what: string): Promise<number> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}), ...(route.headers?.(body) ?? {}) };
    let status: number;
    let text = '';
    try {
      const response = await fetch(`${server.url}${route.path()}`, { method: route.method, headers, body });
      status = response.status;
      text = await response.text();
    } catch (error) {
      status = 599;
      text = String(error);
    }
    if (status >= 500) failures.push(`${name} answered ${status} to ${what}: ${body.slice(0, 300)} (type ${type}) -> ${text.slice(0, 300)} [FUZZ_SEED=${SEED}]`);
    return status;
  }

  it.each(Object.keys(routes))('%s never answers 5xx to mutated, malformed or mistyped bodies', async (name) => {
    const route = routes[name];
    const before = failures.length;
    for (let i = 0; i < CASES; i++) {
      const valid = route.valid();
      if (i % 3 === 2) {
        const raw = fuzz.raw(valid);
        await send(name, route, raw.body, raw.type, 'a raw body');
      } else {
        const body = JSON.stringify(fuzz.mutate(valid));
        const status = await send(name, route, body, 'application/json', 'a mutated body');
        expect(status, `[FUZZ_SEED=${SEED}] ${name}: ${body.slice(0, 200)}`).toBeLessThan(500);
      }
    }
    expect(failures.slice(before), `FUZZ_SEED=${SEED}`).toEqual([]);
    // Still serving after the whole run.
    expect((await server.get('/health', null)).status).toBe(200);
  }, 120_000);

  it('a batch with one bad record keeps the good ones and rejects that one alone, with its index', async () => {
    for (let i = 0; i < CASES; i++) {
      // Nesting past the body limit refuses the whole body, like a body past the size limit: not a per-record case.
      const bad = fuzz.mutate(aPostInput() as unknown as Record<string, Json>, false);
      // A mutation that is still a valid post is not the point of this case.
      if (bad && typeof bad === 'object' && !Array.isArray(bad) && 'id' in bad && 'text' in bad && typeof bad.text === 'string' && bad.text.length > 0 && 'author' in bad && typeof bad.author === 'object' && bad.author && 'source' in bad) continue;
      const body = JSON.stringify([aPostInput(), bad, aPostInput()]);
      const response = await server.request<{ accepted: number; rejected: Array<{ index: number; error: string }> }>('POST', '/api/v1/posts', body);
      expect(response.status, `[FUZZ_SEED=${SEED}] ${body.slice(0, 300)}`).toBe(202);
      expect(response.body.accepted, `[FUZZ_SEED=${SEED}] ${body.slice(0, 300)}`).toBe(2);
      expect(response.body.rejected.map((r) => r.index), `[FUZZ_SEED=${SEED}] ${body.slice(0, 300)}`).toEqual([1]);
      expect(response.body.rejected[0].error.length).toBeGreaterThan(0);
    }
  }, 120_000);
});
