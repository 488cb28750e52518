import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, submitLogin } from '../support/chromium';
import { ADMIN_PASSWORD, TestServer, waitFor } from '../support/server';

const SECRET = 'browser-demo-webhook-secret-0123456789abcdef';

describe('the demo data on the Sources page, in Chromium', () => {
  // No backfill: the demo's CRM and offers are enough to have data to remove, in seconds.
  const server = new TestServer({ DEMO: 'auto', DEMO_BACKFILL_DAYS: '0', LOG_LEVEL: 'log' });
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await server.start();
    await server.login();
    await waitFor('the demo CRM', async () => (server.log.includes('demo stream on') ? true : undefined), 60_000);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await submitLogin(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('live-volume-chart').waitFor();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  it('says the demo runs, stops it with the first source, and removes its data on request', async () => {
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('nav-sources').click();
    const panel = page.getByTestId('demo-panel');
    await expect.poll(() => panel.getAttribute('data-running'), { timeout: 10_000 }).toBe('true');
    expect(await page.getByTestId('demo-remove').count()).toBe(0);
    expect(await page.getByTestId('demo-badge').count()).toBe(1);

    await page.getByTestId('source-name').fill('Centro de llamadas');
    await page.getByTestId('source-id').fill('cc-demo');
    await page.getByTestId('source-secret').fill(SECRET);
    await page.getByTestId('source-add').click();
    await expect.poll(() => panel.getAttribute('data-running'), { timeout: 20_000 }).toBe('false');
    // The header stops saying the data is a demo's, without a reload.
    await expect.poll(() => page.getByTestId('demo-badge').count(), { timeout: 5_000 }).toBe(0);
    await page.getByTestId('demo-remove').click();
    await expect.poll(async () => (await page.getByTestId('demo-removed').count()) > 0, { timeout: 60_000 }).toBe(true);
    expect(await page.getByTestId('demo-removed').textContent()).toMatch(/Demo data removed: \d+ posts, 2,\d{3} customers, 4 offers/);
    expect(await page.getByTestId('demo-remove').count()).toBe(0);
    expect((await server.get<unknown[]>('/api/v1/offers')).body).toEqual([]);
  }, 120_000);
});
