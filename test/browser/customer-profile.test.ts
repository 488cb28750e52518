import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from '../support/chromium';
import { aPostInput } from '../support/post-inputs';
import { TestServer, waitFor } from '../support/server';

const RANGE = 'from=2026-01-01T00:00:00Z&to=2030-01-01T00:00:00Z';
const OFFER = { name: 'Fibra 300', value: 120, rules: [{ kind: 'minAge', years: 18 }, { kind: 'consent', purpose: 'marketing' }], active: true };

describe('customer profile page in Chromium', () => {
  const server = new TestServer();
  let browser: Browser;

  beforeAll(async () => {
    await server.start();
    await server.login();
    for (const [username, role] of [['sofia', 'service'], ['ana', 'analyst']]) {
      expect((await server.request('POST', '/api/v1/users', { username, password: `${username}-Escucha-2026-pass`, role })).status).toBe(201);
    }
    const customer = { id: 'C9', name: 'Rocío Benítez', emails: ['rocio.b@correo.com'], handles: { x: 'rocio_b' }, segment: 'residential', products: ['mobile'], birthDate: '1985-02-03', consent: { marketing: true } };
    expect((await server.request('POST', '/api/v1/customers', [customer])).status).toBe(200);
    expect((await server.request('PUT', '/api/v1/offers/fiber', OFFER)).status).toBe(200);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    await server.request('POST', '/api/v1/posts', [
      aPostInput({ source: 'x', createdAt: yesterday, author: { id: 'xr9', handle: 'rocio_b', name: 'Rocío' }, text: 'Otra vez sin señal, pésimo servicio, me quiero ir' }),
      aPostInput({ source: 'callcenter', customerId: 'C9', author: { id: 'line-9', handle: 'linea 9' }, text: 'Llama por un cobro duplicado en la factura' }),
    ]);
    await waitFor('the posts to carry the customer', async () => ((await server.get<{ total: number }>(`/api/v1/posts?${RANGE}&customer=C9`)).body.total === 2 ? true : undefined), 30_000);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  const signIn = (username: string): Promise<Page> => signedInPage(browser, server.url, username, `${username}-Escucha-2026-pass`);

  it('finds a linked customer by email, shows their profile across channels, and records the answer to an offer', async () => {
    const page = await signIn('sofia');
    await page.getByTestId('nav-customers').click();
    await page.getByTestId('customer-search').fill('Rocio.B@correo.com');
    await page.getByTestId('customer-find').click();
    await page.getByTestId('customer-result').click();
    await expect.poll(() => page.getByTestId('profile-name').textContent(), { timeout: 15_000 }).toBe('Rocío Benítez');
    expect(page.url()).toMatch(/\/customers\/C9$/);

    await expect.poll(() => page.getByTestId('identity').allTextContents()).toEqual([expect.stringContaining('rocio_b')]);
    expect((await page.getByTestId('timeline-post').evaluateAll((items) => items.map((i) => i.getAttribute('data-source')))).sort()).toEqual(['callcenter', 'x']);
    expect(await page.getByTestId('channel').count()).toBe(2);
    expect(await page.getByTestId('churn-risk').textContent()).toMatch(/^\d+%$/);

    const offer = page.locator('[data-testid="nba-offer"][data-offer="fiber"]');
    await offer.waitFor({ timeout: 10_000 });
    await offer.getByTestId('nba-decline').click();
    await page.getByTestId('nba-recorded').waitFor({ timeout: 10_000 });
    // A declined offer is not offered to the same customer again: gone from the card and from the API.
    await expect.poll(() => page.locator('[data-testid="nba-offer"][data-offer="fiber"]').count()).toBe(0);
    const sofia = await server.login('sofia', 'sofia-Escucha-2026-pass');
    expect((await server.get<{ items: Array<{ offerId: string }> }>('/api/v1/customers/C9/next-best-actions', sofia)).body.items.map((r) => r.offerId)).not.toContain('fiber');
    const audit = (await server.get<{ items: Array<{ actor: string; details: { offerId: string } }> }>('/api/v1/audit?action=customer.offer_response&target=C9')).body.items;
    expect(audit).toEqual([expect.objectContaining({ actor: 'sofia', details: expect.objectContaining({ offerId: 'fiber' }) })]);
    await page.close();
  });

  it('opens a customer\'s profile from their record in the History drawer, for the roles that serve customers only', async () => {
    const drawer = `${server.url}/history?preset=last24h&drill=1&drillKey=source:callcenter`;
    const sofia = await signIn('sofia');
    await sofia.goto(drawer);
    await sofia.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
    await sofia.getByTestId('post-customer').click();
    await expect.poll(() => sofia.getByTestId('profile-name').textContent(), { timeout: 15_000 }).toBe('Rocío Benítez');
    expect(new URL(sofia.url()).pathname).toBe('/customers/C9');
    await sofia.close();

    const ana = await signIn('ana');
    await ana.goto(drawer);
    await ana.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
    expect(await ana.getByTestId('post-customer').count()).toBe(0);
    await ana.close();
  });

  it('keeps analysts off the customer pages', async () => {
    const page = await signIn('ana');
    expect(await page.getByTestId('nav-customers').count()).toBe(0);
    await page.goto(`${server.url}/customers/C9`);
    await page.getByTestId('live-volume-chart').waitFor({ timeout: 15_000 });
    expect(new URL(page.url()).pathname).toBe('/live');
    expect(await page.content()).not.toContain('Benítez');
    await page.close();
  });

  it('lists who to call back before any search: a customer who spoke of leaving, one click from their profile', async () => {
    const record = aPostInput({ source: 'callcenter', customerId: 'C9', author: { id: 'line-9', handle: 'linea 9' }, text: 'Quiere dar de baja la línea, se pasa a otra compañía' });
    expect((await server.request('POST', '/api/v1/posts', [record])).status).toBe(202);
    await server.waitForTotal(`${RANGE}&customer=C9`, 3);

    const page = await signIn('sofia');
    await page.getByTestId('nav-customers').click();
    const row = page.locator('[data-testid="customer-attention-row"][data-customer="C9"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.getByTestId('customer-attention-churn').textContent()).toMatch(/churn signals: [1-9]/);
    // A wider span asks again; the same customer is there.
    await page.locator('[data-testid="customer-attention-span"] [data-hours="72"]').click();
    await expect.poll(() => page.locator('[data-testid="customer-attention-span"] [data-hours="72"]').getAttribute('aria-pressed')).toBe('true');
    await row.getByRole('link').click();
    await expect.poll(() => page.getByTestId('profile-name').textContent(), { timeout: 15_000 }).toBe('Rocío Benítez');
    await page.close();
  });
});
