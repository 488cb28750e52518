import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../support/server';

interface OfferBody {
  id: string;
  name: string;
  value: number;
  rules: unknown[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
  erased: { accepted: number; declined: number };
  code?: string;
  message?: string;
}

const FIBER = {
  name: 'Fiber 300',
  description: 'Symmetric 300 Mb',
  value: 120,
  rules: [{ kind: 'minAge', years: 18 }, { kind: 'notOwned', product: 'fiber' }, { kind: 'consent', purpose: 'marketing' }],
  targets: { topics: ['coverage'] },
  active: true,
};

describe('offers catalog API', () => {
  const server = new TestServer({ SERVE_WEB: 'off', DEMO: 'off' });
  let service: string;
  let analyst: string;

  beforeAll(async () => {
    await server.start();
    await server.login();
    for (const [username, role] of [['sofia', 'service'], ['ana', 'analyst']]) {
      expect((await server.request('POST', '/api/v1/users', { username, password: `${username}-Escucha-2026-pass`, role })).status).toBe(201);
    }
    service = await server.login('sofia', 'sofia-Escucha-2026-pass');
    analyst = await server.login('ana', 'ana-Escucha-2026-pass');
  });
  afterAll(() => server.stop());

  it('lets an admin write an offer and agents read it back', async () => {
    const saved = await server.request<OfferBody>('PUT', '/api/v1/offers/fiber', FIBER);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ id: 'fiber', ...FIBER, erased: { accepted: 0, declined: 0 } });

    const listed = await server.request<OfferBody[]>('GET', '/api/v1/offers', undefined, service);
    expect(listed.status).toBe(200);
    expect(listed.body.map((offer) => offer.id)).toContain('fiber');
    const one = await server.request<OfferBody>('GET', '/api/v1/offers/fiber', undefined, service);
    expect(one.body.rules).toEqual(FIBER.rules);

    // A second save replaces it and keeps when it was created.
    const again = await server.request<OfferBody>('PUT', '/api/v1/offers/fiber', { ...FIBER, value: 90 });
    expect(again.body.value).toBe(90);
    expect(again.body.createdAt).toBe(saved.body.createdAt);
  });

  it('keeps the catalog to the roles that use it', async () => {
    expect((await server.request('PUT', '/api/v1/offers/tv', FIBER, service)).status).toBe(403);
    expect((await server.request('GET', '/api/v1/offers', undefined, analyst)).status).toBe(403);
    expect((await server.request('GET', '/api/v1/offers', undefined, null)).status).toBe(401);
  });

  it('says what is wrong with a bad offer, and stores nothing', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ...FIBER, rules: [{ kind: 'zodiac' }] }, /offer\.rules\[0\]\.kind must be one of/],
      [{ ...FIBER, rules: [{ kind: 'minAge', years: 'eighteen' }] }, /offer\.rules\[0\]\.years/],
      [{ ...FIBER, value: -5 }, /value/],
      [{ ...FIBER, price: 3 }, /price should not exist/],
      [{ name: 'No value' }, /value/],
    ];
    for (const [body, message] of cases) {
      const response = await server.request<OfferBody>('PUT', '/api/v1/offers/broken', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.message).toMatch(message);
    }
    expect((await server.request('PUT', '/api/v1/offers/Not%20An%20Id', FIBER)).status).toBe(400);
    expect((await server.request('GET', '/api/v1/offers/broken', undefined, service)).status).toBe(404);
  });
});
