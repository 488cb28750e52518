import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server';

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
});
