import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPostInput, somePostInputs } from '../support/post-inputs';
import { TestServer } from '../support/server';

describe('explain and pipeline status', () => {
  const server = new TestServer();

  beforeAll(async () => {
    await server.start();
    await server.login();
  });
  afterAll(() => server.stop());

  it('explains which terms moved the sentiment', async () => {
    const response = await server.request<{ lang: string; sentiment: { label: string }; topics: string[]; sentimentTerms: Array<{ term: string; weight: number }> }>(
      'POST',
      '/api/v1/analysis/explain',
      { text: 'Me cobraron de más otra vez, una vergüenza' },
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ lang: 'es', sentiment: { label: 'negative' } });
    expect(response.body.topics).toContain('billing');
    expect(response.body.sentimentTerms.length).toBeGreaterThan(0);
    expect(response.body.sentimentTerms.every((t) => typeof t.term === 'string' && t.weight !== 0)).toBe(true);
    expect(response.body.sentimentTerms.some((t) => t.weight < 0)).toBe(true);
  });

  it('describes the vocabularies, with topic labels per language', async () => {
    const { status, body } = await server.get<{ topics: string[]; topicLabels: Record<string, Record<string, string>>; intents: string[] }>('/api/v1/meta');
    expect(status).toBe(200);
    expect(body.topics).toEqual(expect.arrayContaining(['outage', 'billing', 'plans', 'coverage', 'customer_service', 'switching', 'price']));
    expect(body.topicLabels.outage).toEqual({ es: 'Cortes y caídas', en: 'Outages' });
    expect(body.intents).toEqual(expect.arrayContaining(['complaint', 'churn']));
  });

  it('lists the regions the region filter accepts, each with its name, and refuses any other', async () => {
    const { body } = await server.get<{ regions: Array<{ id: string; name: string }> }>('/api/v1/meta');
    expect(body.regions).toEqual(expect.arrayContaining([{ id: 'caba', name: 'CABA' }, { id: 'cordoba', name: 'Córdoba' }]));
    expect(new Set(body.regions.map((r) => r.id)).size).toBe(body.regions.length);
    const range = 'from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z';
    const listed = body.regions.map((r) => r.id).join(',');
    expect((await server.get(`/api/v1/history/histogram?${range}&region=${listed}`)).status).toBe(200);
    expect((await server.get(`/api/v1/history/histogram?${range}&region=cordoba,atlantis`)).status).toBe(400);
  });

  it('gives share of voice between the brand and its competitors, by period', async () => {
    const posts = [
      aPostInput({ createdAt: '2026-05-04T10:00:00Z', text: 'Me paso a Pampa Tel, Aurora Móvil está re caro' }),
      aPostInput({ createdAt: '2026-05-04T11:00:00Z', text: 'Pampa Tel anda bárbaro en Rosario' }),
      aPostInput({ createdAt: '2026-05-03T11:00:00Z', text: 'Aurora Móvil anda bárbaro' }),
    ];
    expect((await server.request('POST', '/api/v1/posts', posts)).status).toBe(202);
    await server.waitForTotal('from=2026-05-03T00:00:00Z&to=2026-05-05T00:00:00Z', 3);
    const { body } = await server.get<{ current: { values: Record<string, number> }; previous: { values: Record<string, number> } }>(
      '/api/v1/history/compare?from=2026-05-04T00:00:00Z&to=2026-05-05T00:00:00Z&split=entity',
    );
    expect(body.current.values).toEqual({ pampatel: 2, aurora: 1 });
    expect(body.previous.values).toEqual({ aurora: 1 });
  });

  it('names the brand and competitors, and filters posts by the brands they mention or leave out', async () => {
    const { body: meta } = await server.get<{ entities: Array<{ id: string; name: string; role: string }> }>('/api/v1/meta');
    expect(meta.entities).toEqual([
      { id: 'aurora', name: 'Aurora Móvil', role: 'brand' },
      { id: 'pampatel', name: 'Pampa Tel', role: 'competitor' },
      { id: 'vertice', name: 'Vértice', role: 'competitor' },
      { id: 'nandunet', name: 'Ñandú Net', role: 'competitor' },
    ]);
    const posts = [
      aPostInput({ createdAt: '2026-06-04T10:00:00Z', text: 'Me paso a Pampa Tel, Aurora Móvil está re caro' }),
      aPostInput({ createdAt: '2026-06-04T11:00:00Z', text: 'Pampa Tel anda bárbaro en Rosario' }),
      aPostInput({ createdAt: '2026-06-04T12:00:00Z', text: 'Aurora Móvil anda bárbaro' }),
      aPostInput({ createdAt: '2026-06-04T13:00:00Z', text: 'Hoy no tengo señal en casa' }),
    ];
    expect((await server.request('POST', '/api/v1/posts', posts)).status).toBe(202);
    const range = 'from=2026-06-04T00:00:00Z&to=2026-06-05T00:00:00Z';
    await server.waitForTotal(range, 4);
    const texts = async (query: string) =>
      (await server.get<{ items: Array<{ text: string }> }>(`/api/v1/posts?${range}&${query}`)).body.items.map((p) => p.text).sort();
    expect(await texts('entity=aurora')).toEqual([posts[0].text, posts[2].text].sort());
    expect(await texts('excludeEntity=pampatel,vertice,nandunet')).toEqual([posts[2].text, posts[3].text].sort());
    expect(await texts('entity=aurora&excludeEntity=pampatel')).toEqual([posts[2].text]);
    const bad = await server.get<{ message: string }>(`/api/v1/history/histogram?${range}&excludeEntity=Pampa%20Tel`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/excludeEntity must be brand ids/);
  });

  it('refuses an explain request without text', async () => {
    const response = await server.request<{ message: string }>('POST', '/api/v1/analysis/explain', { lang: 'es' });
    expect(response.status).toBe(400);
    expect(response.body.message).toMatch(/text/);
  });

  it('shows queue status and an empty failed list to admins only', async () => {
    await server.request('POST', '/api/v1/posts', somePostInputs(3));
    const status = await server.get<Array<{ queue: string; waiting: number; failed: number }>>('/api/v1/jobs');
    expect(status.status).toBe(200);
    expect(status.body.map((q) => q.queue)).toEqual(['ingest', 'batch']);
    expect(status.body.every((q) => q.failed === 0)).toBe(true);
    // How far behind each queue is, in whole seconds: the batch queue never had a job here.
    const lags = status.body.map((q) => (q as { lagSeconds?: number }).lagSeconds);
    expect(lags[0]).toBeGreaterThanOrEqual(0);
    expect(lags[1]).toBe(0);
    // Load shedding is on by default, for ingest only, and nothing is being refused.
    expect(status.body[0]).toMatchObject({ maxLagSeconds: 600, refusing: false });
    expect(status.body[1]).not.toHaveProperty('refusing');
    expect(await server.get('/api/v1/jobs/failed?queue=batch')).toEqual({ status: 200, body: [] });
    const bad = await server.get<{ message: string }>('/api/v1/jobs/failed?queue=urgent');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/queue must be one of ingest, batch/);
  });
});
