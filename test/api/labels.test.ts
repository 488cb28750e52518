import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPostInput } from '../support/post-inputs';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestServer, waitFor } from '../support/server';

/** Far from "now" and from the other suites' days, so the counts here are exact. */
const SENTIMENT_DAY = '2026-04-06';
const TOPIC_DAY = '2026-04-07';
const dayRange = (day: string) => `from=${day}T00:00:00Z&to=${day}T23:59:59Z`;

const praise = aPostInput({ createdAt: `${SENTIMENT_DAY}T10:00:00Z`, text: 'Excelente atención, me resolvieron todo rapidísimo. Gracias!' });
const complaint = aPostInput({ createdAt: `${SENTIMENT_DAY}T11:00:00Z`, text: 'Sin señal desde ayer, no anda nada. Una vergüenza' });
const outage = aPostInput({ createdAt: `${TOPIC_DAY}T10:00:00Z`, text: 'No anda internet, corte total en Palermo' });
const idOf = (p: { source: string; id: string }) => `${p.source}:${p.id}`;

interface WirePost {
  id: string;
  text: string;
  sentiment: { label: string; score: number };
  topics: string[];
  corrected?: boolean;
}
interface ErrorBody {
  code: string;
  message: string;
}

describe('labels: analysts correct posts, corrections become training labels', () => {
  const server = new TestServer();
  let marketing: string;
  let analyst: string;

  beforeAll(async () => {
    await server.start();
    await server.login();
    expect((await server.request('POST', '/api/v1/users', { username: 'mara', password: 'marketing-pass', role: 'marketing' })).status).toBe(201);
    expect((await server.request('POST', '/api/v1/users', { username: 'ana', password: 'analyst-pass', role: 'analyst' })).status).toBe(201);
    marketing = await server.login('mara', 'marketing-pass');
    analyst = await server.login('ana', 'analyst-pass');
    expect((await server.request('POST', '/api/v1/posts', [praise, complaint, outage])).status).toBe(202);
    await server.waitForTotal(dayRange(SENTIMENT_DAY), 2);
    await server.waitForTotal(dayRange(TOPIC_DAY), 1);
  });
  afterAll(() => server.stop());

  /** The export is JSONL, not one JSON document: read it raw. */
  async function exported(token: string): Promise<Array<Record<string, unknown>>> {
    const response = await fetch(`${server.url}/api/v1/labels/export`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text()).split('\n');
    expect(lines.pop()).toBe('');
    return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  it('corrects the sentiment: search by the new label finds it, score at the end of the scale', async () => {
    const before = await server.get<{ items: WirePost[] }>(`/api/v1/posts?${dayRange(SENTIMENT_DAY)}&sentiment=positive`);
    expect(before.body.items.map((p) => p.id)).toEqual([idOf(praise)]);
    expect(before.body.items[0].corrected).toBeUndefined();

    const patched = await server.request<WirePost>('PATCH', `/api/v1/posts/${encodeURIComponent(idOf(praise))}/labels`, { sentiment: 'negative' }, analyst);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: idOf(praise), sentiment: { label: 'negative', score: -1 }, corrected: true });

    const negative = await server.get<{ total: number; items: WirePost[] }>(`/api/v1/posts?${dayRange(SENTIMENT_DAY)}&sentiment=negative`);
    expect(negative.body.items.map((p) => p.id).sort()).toEqual([idOf(praise), idOf(complaint)].sort());
    const corrected = negative.body.items.find((p) => p.id === idOf(praise))!;
    expect(corrected).toMatchObject({ corrected: true, sentiment: { label: 'negative', score: -1 } });
    expect(negative.body.items.find((p) => p.id === idOf(complaint))!.corrected).toBeUndefined();
    expect((await server.get<{ total: number }>(`/api/v1/posts?${dayRange(SENTIMENT_DAY)}&sentiment=positive`)).body.total).toBe(0);
  });

  it('corrects the topics: the breakdown counts the new ones, not the old', async () => {
    const breakdown = async () =>
      Object.fromEntries(
        (await server.get<{ items: Array<{ key: string; count: number }> }>(`/api/v1/history/breakdown?${dayRange(TOPIC_DAY)}&split=topic`)).body.items.map((e) => [e.key, e.count]),
      );
    expect(await breakdown()).toMatchObject({ outage: 1 });
    const patched = await server.request<WirePost>('PATCH', `/api/v1/posts/${encodeURIComponent(idOf(outage))}/labels`, { topics: ['billing', 'price', 'billing'] });
    expect(patched.status).toBe(200);
    expect(patched.body.topics).toEqual(['billing', 'price']);
    expect(await breakdown()).toEqual({ billing: 1, price: 1 });
  });

  it('answers bad corrections with 400 saying what is wrong', async () => {
    const path = `/api/v1/posts/${encodeURIComponent(idOf(complaint))}/labels`;
    const cases: Array<[unknown, string, RegExp]> = [
      [{ topics: ['outage', 'weather'] }, 'UNKNOWN_TOPIC', /unknown topic weather; known topics: .*outage/],
      [{}, 'BAD_REQUEST', /send sentiment, topics or both/],
      [{ sentiment: 'angry' }, 'BAD_REQUEST', /sentiment must be one of negative, neutral, positive/],
      [{ topics: 'outage' }, 'BAD_REQUEST', /topics must be an array/],
      [{ sentiment: 'neutral', score: 0.5 }, 'BAD_REQUEST', /property score should not exist/],
    ];
    for (const [body, code, message] of cases) {
      const response = await server.request<ErrorBody>('PATCH', path, body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.code).toBe(code);
      expect(response.body.message).toMatch(message);
    }
    const unchanged = await server.get<{ items: WirePost[] }>(`/api/v1/posts?${dayRange(SENTIMENT_DAY)}&q=vergüenza`);
    expect(unchanged.body.items[0].corrected).toBeUndefined();
  });

  it('answers 404 for a post that does not exist', async () => {
    const response = await server.request<ErrorBody>('PATCH', '/api/v1/posts/x:no-such-post/labels', { sentiment: 'neutral' });
    expect(response.status).toBe(404);
    expect(response.body).toEqual({ code: 'NOT_FOUND', message: 'no post with id x:no-such-post' });
  });

  it('keeps marketing out of corrections and labels (403)', async () => {
    const patch = await server.request<ErrorBody>('PATCH', `/api/v1/posts/${encodeURIComponent(idOf(complaint))}/labels`, { sentiment: 'neutral' }, marketing);
    expect(patch.status).toBe(403);
    expect(patch.body.code).toBe('FORBIDDEN');
    expect((await server.get('/api/v1/labels', marketing)).status).toBe(403);
    expect((await server.get('/api/v1/labels/export', marketing)).status).toBe(403);
    expect((await server.get<{ items: WirePost[] }>(`/api/v1/posts?${dayRange(SENTIMENT_DAY)}&sentiment=neutral`)).body.items).toEqual([]);
  });

  it('keeps the labels through a SIGKILL and exports them as training records', async () => {
    await server.kill('SIGKILL');
    await server.start();
    await server.login();

    const labels = await server.get<{ total: number; items: Array<{ postId: string; by: string; sentiment?: string; topics?: string[]; text: string }> }>('/api/v1/labels?limit=1');
    expect(labels.status).toBe(200);
    expect(labels.body.total).toBe(2);
    expect(labels.body.items).toEqual([expect.objectContaining({ postId: idOf(praise), by: 'ana', sentiment: 'negative', text: praise.text })]);

    const records = await exported(analyst);
    expect(records).toEqual([
      { text: praise.text, lang: 'es', sentiment: 'negative' },
      { text: outage.text, lang: 'es', topics: ['billing', 'price'] },
    ]);

    // The post itself kept its correction, and the marker was rebuilt from the labels.
    const post = await server.get<{ items: WirePost[] }>(`/api/v1/posts?${dayRange(SENTIMENT_DAY)}&sentiment=negative&q=excelente`);
    expect(post.body.items).toEqual([expect.objectContaining({ id: idOf(praise), corrected: true, sentiment: { label: 'negative', score: -1 } })]);
  });

  it('merges a post corrected twice into one export record with its latest labels', async () => {
    const path = `/api/v1/posts/${encodeURIComponent(idOf(praise))}/labels`;
    expect((await server.request('PATCH', path, { topics: ['outage'] })).status).toBe(200);
    expect((await server.request('PATCH', path, { sentiment: 'neutral' })).status).toBe(200);
    const records = await exported(analyst);
    expect(records).toHaveLength(2);
    expect(records[0]).toEqual({ text: praise.text, lang: 'es', sentiment: 'neutral', topics: ['outage'] });
    expect((await server.get<{ total: number }>('/api/v1/labels')).body.total).toBe(4);
  });

  it('a topic correction survives a later re-categorisation; posts nobody corrected are re-categorised', async () => {
    type Taxonomy = { id: string; version: number; groups: Array<{ id: string; query: unknown }> };
    const before = (await server.get<Taxonomy>('/api/v1/taxonomy')).body;
    // Matches the corrected outage post and the uncorrected complaint alike.
    const area = { id: 'barrio', query: 'palermo OR señal' };
    const saved = await server.request<{ recategorization: { version: number } }>('PUT', '/api/v1/taxonomy', { ...before, groups: [...before.groups, area] });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await waitFor('the re-categorisation to finish', async () => {
      const status = await server.get<{ version: number; state: string }>('/api/v1/taxonomy/recategorization');
      return status.body.version === saved.body.recategorization.version && status.body.state === 'done' ? true : undefined;
    });
    const topicsOf = async (day: string, q: string) => (await server.get<{ items: WirePost[] }>(`/api/v1/posts?${dayRange(day)}&q=${encodeURIComponent(q)}`)).body.items[0];
    expect(await topicsOf(TOPIC_DAY, 'palermo')).toMatchObject({ id: idOf(outage), topics: ['billing', 'price'], corrected: true });
    expect(await topicsOf(SENTIMENT_DAY, 'excelente')).toMatchObject({ id: idOf(praise), topics: ['outage'], sentiment: { label: 'neutral' } });
    const uncorrected = await topicsOf(SENTIMENT_DAY, 'vergüenza');
    expect(uncorrected.topics).toContain('barrio');
    expect(uncorrected.corrected).toBeUndefined();
  });
});

describe('labels from a version that kept them in a file under DATA_DIR', () => {
  const server = new TestServer();
  const legacy = [
    { postId: 'x:legacy-1', text: 'Se cortó todo otra vez', lang: 'es', sentiment: 'negative', by: 'ana', at: '2026-03-01T10:00:00.000Z' },
    { postId: 'x:legacy-2', text: 'Factura mal hecha', lang: 'es', topics: ['billing'], by: 'ana', at: '2026-03-01T11:00:00.000Z' },
  ];

  beforeAll(() => {
    const dir = join(server.dataDir, 'labels');
    mkdirSync(dir, { recursive: true });
    // The last line was an append cut short by a crash: never acknowledged, so not moved.
    writeFileSync(join(dir, 'labels.jsonl'), `${legacy.map((l) => JSON.stringify(l)).join('\n')}\n{"postId":"x:legacy-3","te`);
  });
  afterAll(() => server.stop());

  it('moves them into the store once at start, and a restart does not move them again', async () => {
    await server.start();
    await server.login();
    const first = await server.get<{ total: number; items: Array<Record<string, unknown>> }>('/api/v1/labels');
    expect(first.body.total).toBe(2);
    expect(first.body.items).toEqual(legacy);
    expect(readdirSync(join(server.dataDir, 'labels'))).toEqual(['labels.jsonl.migrated']);
    await server.kill('SIGTERM');
    await server.start();
    await server.login();
    expect((await server.get<{ total: number }>('/api/v1/labels')).body.total).toBe(2);
  });
});
