import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '@escucha/connectors';
import { launchChromium, signedInPage } from '../support/chromium';
import { aPostInput } from '../support/post-inputs';
import { ADMIN_PASSWORD, TestServer } from '../support/server';

const SECRET = 'browser-webhook-secret-0123456789abcdef';

describe('sources page in Chromium', () => {
  const server = new TestServer();
  let browser: Browser;

  beforeAll(async () => {
    await server.start();
    await server.login();
    expect((await server.request('POST', '/api/v1/users', { username: 'ana', password: 'ana-lantern-quilt', role: 'analyst' })).status).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  const signIn = (username: string, password: string): Promise<Page> => signedInPage(browser, server.url, username, password);

  it('lets an admin add a webhook source, pause and resume it, watch a signed delivery arrive, and remove it', async () => {
    const page = await signIn('admin', ADMIN_PASSWORD);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('nav-sources').click();
    await page.getByTestId('source-form').waitFor();

    await page.getByTestId('source-name').fill('Centro de llamadas');
    await page.getByTestId('source-id').fill('cc-browser');
    await page.getByTestId('source-kind').selectOption('webhook');
    await page.getByTestId('source-channel').selectOption('callcenter');
    await page.getByTestId('source-secret').fill(SECRET);
    await page.getByTestId('source-add').click();

    const row = page.locator('[data-testid="source-row"][data-source="cc-browser"]');
    await row.waitFor({ timeout: 10_000 });
    await expect.poll(() => row.getAttribute('data-state')).toBe('active');
    expect(await row.getByTestId('source-last-event').getAttribute('data-at')).toBe('');
    // The secret is gone from the form and nowhere on the page.
    expect(await page.getByTestId('source-secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(SECRET);
    const stored = await server.get<{ hasCredentials: boolean; state: string }>('/api/v1/sources/cc-browser');
    expect(stored.body).toMatchObject({ hasCredentials: true, state: 'active' });

    await row.getByTestId('source-pause').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('paused');
    expect((await server.get<{ state: string }>('/api/v1/sources/cc-browser')).body.state).toBe('paused');
    await row.getByTestId('source-resume').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('active');
    expect((await server.get<{ state: string }>('/api/v1/sources/cc-browser')).body.state).toBe('active');

    const { source: _drop, ...post } = aPostInput({ text: 'la llamada se cortó tres veces' });
    const body = JSON.stringify([post, { ...post, id: `${post.id}-2` }]);
    const delivery = await server.request('POST', '/api/v1/webhooks/cc-browser', body, null, {
      'content-type': 'application/json',
      'x-escucha-signature': signWebhook(SECRET, Math.floor(Date.now() / 1000), body),
    });
    expect(delivery).toMatchObject({ status: 202, body: { accepted: 2 } });
    // The page polls the registry: the delivery shows without a reload.
    await expect.poll(() => row.getByTestId('source-rate').textContent(), { timeout: 15_000 }).toBe('2');
    const lastEvent = await row.getByTestId('source-last-event').getAttribute('data-at');
    expect(Date.parse(lastEvent ?? '')).toBeGreaterThan(Date.now() - 60_000);

    await row.getByTestId('source-remove').click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await server.get('/api/v1/sources/cc-browser')).status).toBe(404);
    await page.reload();
    await page.getByTestId('source-form').waitFor();
    expect(await page.locator('[data-source="cc-browser"]').count()).toBe(0);
    await page.close();
  });

  it('shows an admin the processing queues as the jobs API reports them', async () => {
    const page = await signIn('admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-sources').click();
    const panel = page.getByTestId('pipeline');
    await panel.waitFor({ timeout: 10_000 });
    const queues = (await server.get<Array<{ queue: string; lagSeconds: number; refusing?: boolean }>>('/api/v1/jobs')).body;
    const rows = panel.getByTestId('pipeline-queue');
    expect(await rows.evaluateAll((cells) => cells.map((row) => row.getAttribute('data-queue')))).toEqual(queues.map((q) => q.queue));
    // An idle server: nothing behind, nobody refused, no warning.
    expect(queues.find((q) => q.queue === 'ingest')).toMatchObject({ refusing: false });
    expect(await panel.getAttribute('data-ingest')).toBe('ok');
    expect(await panel.getByRole('alert').count()).toBe(0);
    expect(await page.getByTestId('pipeline-error').count()).toBe(0);
    await page.close();
  });

  it('hides the page from a non-admin, and the route sends them away', async () => {
    const page = await signIn('ana', 'ana-lantern-quilt');
    expect(await page.getByTestId('nav-taxonomy').count()).toBe(1);
    expect(await page.getByTestId('nav-sources').count()).toBe(0);
    await page.goto(`${server.url}/sources`);
    await page.waitForURL((url) => url.pathname === '/live', { timeout: 10_000 });
    expect(await page.getByTestId('source-form').count()).toBe(0);
    await page.close();
  });
});
