import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElasticsearch, type RunningElasticsearch } from '../support/elasticsearch';
import { aPostInput } from '../support/post-inputs';
import { TestServer } from '../support/server';

const DAY = '2026-05-11';
const range = `from=${DAY}T00:00:00Z&to=${DAY}T23:59:59Z`;
const COUNT = 1234;
const NEGATIVE_EVERY = 5;

/** RFC 4180: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ''), i++;
    } else cell += c;
  }
  expect(cell, 'the export ends with a complete line').toBe('');
  return rows;
}

const footprints: Array<[string, () => Promise<{ env: Record<string, string>; stop: () => Promise<void> }>]> = [
  ['embedded (DuckDB)', async () => ({ env: {}, stop: async () => undefined })],
  [
    'scale-out store (Elasticsearch)',
    async () => {
      const es: RunningElasticsearch = await startElasticsearch();
      return { env: { STORE: 'elasticsearch', ELASTICSEARCH_URL: es.url, ELASTICSEARCH_INDEX_PREFIX: `export${Date.now().toString(36)}` }, stop: () => es.stop() };
    },
  ],
];

describe.each(footprints)('post export, %s', (_name, footprint) => {
  let server: TestServer;
  let stopStore: () => Promise<void> = async () => undefined;
  let marketing: string;
  let placed: ReturnType<typeof aPostInput>;
  const tricky = aPostInput({ createdAt: `${DAY}T23:00:00Z`, text: '=HYPERLINK("http://evil") dice, "hola"\ny adiós; ñandú 🚀' });

  beforeAll(async () => {
    const store = await footprint();
    stopStore = store.stop;
    server = new TestServer(store.env, 120_000);
    await server.start();
    await server.login();
    expect((await server.request('POST', '/api/v1/users', { username: 'mara', password: 'marketing-pass', role: 'marketing' })).status).toBe(201);
    marketing = await server.login('mara', 'marketing-pass');
    const posts = Array.from({ length: COUNT - 1 }, (_, i) =>
      aPostInput({
        createdAt: new Date(Date.parse(`${DAY}T00:00:00Z`) + i * 60_000).toISOString(),
        text: i % NEGATIVE_EVERY === 0 ? `Sin señal otra vez, un desastre ${i}` : `Gracias por la atención excelente ${i}`,
      }),
    );
    placed = posts[1] = { ...posts[1], text: 'Gracias por la atención excelente en Córdoba y en Rosario' };
    for (let i = 0; i < posts.length; i += 500) expect((await server.request('POST', '/api/v1/posts', posts.slice(i, i + 500))).status).toBe(202);
    expect((await server.request('POST', '/api/v1/posts', [tricky])).status).toBe(202);
    await server.waitForTotal(range, COUNT, 60_000);
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await stopStore();
  });

  async function download(query: string, token?: string): Promise<Response> {
    return fetch(`${server.url}/api/v1/posts/export?${query}`, { headers: { authorization: `Bearer ${token ?? (await server.login())}` } });
  }

  /** Ids the paged search finds, in its order: what the export must match. */
  async function searched(query: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await server.get<{ items: Array<{ id: string }>; nextCursor?: string }>(`/api/v1/posts?${query}&limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      ids.push(...page.body.items.map((p) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    return ids;
  }

  it('exports every post of a search as CSV, across many store pages, in the search order, cells quoted', async () => {
    const response = await download(range);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain('posts.csv');
    const [header, ...rows] = parseCsv(await response.text());
    expect(header.slice(0, 6)).toEqual(['id', 'createdAt', 'source', 'channel', 'lang', 'text']);
    expect(rows).toHaveLength(COUNT);
    expect(rows.every((r) => r.length === header.length)).toBe(true);
    expect(rows.map((r) => r[0])).toEqual(await searched(range));
    const trickyRow = rows.find((r) => r[0] === `x:${tricky.id}`)!;
    // A spreadsheet must not run the text as a formula; the rest is kept as written.
    expect(trickyRow[header.indexOf('text')]).toBe(`'${tricky.text}`);
    expect(trickyRow[header.indexOf('corrected')]).toBe('false');
    // Regions are joined like the other lists, in order of mention; a post naming no place has its author's.
    const regions = header.indexOf('regions');
    expect(regions).toBeGreaterThan(0);
    expect(rows.find((r) => r[0] === `x:${placed.id}`)![regions]).toBe('cordoba|santa-fe');
    expect(trickyRow[regions]).toBe('buenos-aires');
    const [, ...inCordoba] = parseCsv(await (await download(`${range}&region=cordoba`)).text());
    expect(inCordoba.map((r) => r[0])).toEqual([`x:${placed.id}`]);
  });

  it('exports NDJSON with the same filters as the search, one post a line', async () => {
    const query = `${range}&sentiment=negative&q=desastre`;
    const response = await download(`${query}&format=ndjson`, marketing);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text()).split('\n');
    expect(lines.pop()).toBe('');
    const posts = lines.map((line) => JSON.parse(line) as { id: string; sentiment: { label: string }; text: string });
    expect(posts.length).toBe(Math.ceil((COUNT - 1) / NEGATIVE_EVERY));
    expect(posts.every((p) => p.sentiment.label === 'negative' && p.text.includes('desastre'))).toBe(true);
    expect(posts.map((p) => p.id)).toEqual(await searched(query));
    const audit = await server.get<{ items: Array<{ actor: string; details: { query: Record<string, string> } }> }>('/api/v1/audit?action=posts.export&actor=mara');
    expect(audit.body.items[0].details.query).toMatchObject({ format: 'ndjson', q: 'desastre' });
  });

  it('answers bad filters and formats with 400 before streaming, and no token with 401', async () => {
    const badFormat = await download(`${range}&format=xlsx`);
    expect(badFormat.status).toBe(400);
    expect(((await badFormat.json()) as { message: string }).message).toMatch(/format must be one of csv, ndjson/);
    const badRange = await download(`from=${DAY}T10:00:00Z&to=${DAY}T09:00:00Z`);
    expect(badRange.status).toBe(400);
    expect(((await badRange.json()) as { code: string }).code).toBe('BAD_RANGE');
    expect((await fetch(`${server.url}/api/v1/posts/export?${range}`)).status).toBe(401);
  });

  it('a client that goes away mid-export does not take the server with it', async () => {
    const controller = new AbortController();
    const response = await fetch(`${server.url}/api/v1/posts/export?${range}`, {
      headers: { authorization: `Bearer ${await server.login()}` },
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await reader.read().catch(() => undefined);
    expect((await server.get<{ total: number }>(`/api/v1/posts?${range}&limit=1`)).body.total).toBe(COUNT);
  });
});
