import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPostInput } from '../support/post-inputs';
import { TestServer, waitFor } from '../support/server';

describe('taxonomy', () => {
  const server = new TestServer();

  beforeAll(async () => {
    await server.start();
    await server.login();
  });
  afterAll(() => server.stop());

  it('serves the taxonomy in use, with the default telecom groups', async () => {
    const { status, body } = await server.get<{ id: string; groups: Array<{ id: string }> }>('/api/v1/taxonomy');
    expect(status).toBe(200);
    expect(body.id).toBe('telecom');
    expect(body.groups.map((g) => g.id)).toEqual(['outage', 'billing', 'plans', 'coverage', 'customer_service', 'switching', 'price']);
  });

  it('accepts a valid query', async () => {
    const response = await server.request('POST', '/api/v1/taxonomy/validate', { query: '("sin señal" OR cort*) AND NOT fibra' });
    expect(response).toEqual({ status: 200, body: { valid: true } });
  });

  it.each([
    ['señal AND', 'AND'],
    ['("sin señal" OR corte', ')'],
    ['NOT fibra', 'NOT'],
  ])('answers the bad query %s with 400, the position and the reason', async (query) => {
    const response = await server.request<{ code: string; message: string; position: number; reason: string }>('POST', '/api/v1/taxonomy/validate', { query });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('INVALID_QUERY');
    expect(response.body.position).toBeGreaterThanOrEqual(1);
    expect(response.body.position).toBeLessThanOrEqual(query.length + 1);
    expect(response.body.reason.length).toBeGreaterThan(5);
    expect(response.body.message).toBe(`${response.body.reason} at position ${response.body.position}`);
  });

  describe('changing it', () => {
    const range = 'from=2026-02-01T00:00:00Z&to=2026-02-02T00:00:00Z';
    const fiberPosts = [1, 2, 3].map((i) => aPostInput({ createdAt: `2026-02-01T0${i}:00:00Z`, text: `Cuándo llega la fibra óptica a mi barrio? consulta ${i}` }));
    const otherPosts = [4, 5].map((i) => aPostInput({ createdAt: `2026-02-01T0${i}:00:00Z`, text: `Me cobraron de más en la factura ${i}` }));
    type Taxonomy = { id: string; version: number; groups: Array<{ id: string; label?: Record<string, string>; query: unknown }> };

    beforeAll(async () => {
      expect((await server.request('POST', '/api/v1/posts', [...fiberPosts, ...otherPosts])).status).toBe(202);
      await server.waitForTotal(range, 5);
    });

    it('re-categorises history as a batch job with progress, and new posts at once', async () => {
      const before = (await server.get<Taxonomy>('/api/v1/taxonomy')).body;
      const fiber = { id: 'fiber', label: { es: 'Fibra', en: 'Fiber' }, query: 'fibra OR fiber' };
      const response = await server.request<{ taxonomy: Taxonomy; recategorization: { version: number; state: string; total: number } }>(
        'PUT',
        '/api/v1/taxonomy',
        { ...before, groups: [...before.groups, fiber] },
      );
      expect(response.status).toBe(200);
      expect(response.body.taxonomy.version).toBe(before.version + 1);
      expect(response.body.recategorization).toMatchObject({ version: before.version + 1, state: 'running' });
      expect(response.body.recategorization.total).toBeGreaterThanOrEqual(5);

      const done = await waitFor('the re-categorisation to finish', async () => {
        const status = await server.get<{ state: string; processed: number; total: number }>('/api/v1/taxonomy/recategorization');
        return status.body.state === 'done' ? status.body : undefined;
      });
      expect(done.processed).toBe(done.total);
      const topics = await server.get<{ items: Array<{ key: string; count: number }> }>(`/api/v1/history/breakdown?${range}&split=topic`);
      // Re-categorising also recomputes sentiment per topic: three neutral questions about fibre.
      expect(topics.body.items).toContainEqual({ key: 'fiber', count: 3, sentiment: { positive: 0, neutral: 3, negative: 0, net: 0 } });
      expect(topics.body.items).toContainEqual(expect.objectContaining({ key: 'billing', count: 2 }));

      const fresh = await server.request<{ topics: string[] }>('POST', '/api/v1/analysis/explain', { text: 'la fibra no llega nunca' });
      expect(fresh.body.topics).toContain('fiber');
      const meta = await server.get<{ topicLabels: Record<string, Record<string, string>> }>('/api/v1/meta');
      expect(meta.body.topicLabels.fiber).toEqual({ es: 'Fibra', en: 'Fiber' });
    });

    it('refuses a taxonomy with a bad query, naming the group and the position, and keeps the old one', async () => {
      const before = (await server.get<Taxonomy>('/api/v1/taxonomy')).body;
      const response = await server.request<{ code: string; message: string; group: string; position: number }>('PUT', '/api/v1/taxonomy', {
        ...before,
        groups: [...before.groups, { id: 'broken', query: 'fibra AND' }],
      });
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'INVALID_TAXONOMY', group: 'broken' });
      expect(response.body.position).toBeGreaterThan(0);
      expect(response.body.message).toMatch(/broken/);
      expect((await server.get<Taxonomy>('/api/v1/taxonomy')).body.version).toBe(before.version);
    });

    it('keeps the edited taxonomy across a restart', async () => {
      const before = (await server.get<Taxonomy>('/api/v1/taxonomy')).body;
      await server.kill('SIGTERM');
      await server.start();
      await server.login();
      const after = (await server.get<Taxonomy>('/api/v1/taxonomy')).body;
      expect(after.version).toBe(before.version);
      expect(after.groups.map((g) => g.id)).toContain('fiber');
    });
  });
});
