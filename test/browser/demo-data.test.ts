import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDbStores } from '@escucha/store';
import { anOpenAlert } from '../support/alert-posts';
import { launchChromium, signedInPage } from '../support/chromium';
import { ADMIN_PASSWORD, TestServer, waitFor } from '../support/server';

const SECRET = 'browser-demo-webhook-secret-0123456789abcdef';

describe('the demo data on the Sources page, in Chromium', () => {
  // No backfill: the demo's CRM and offers are enough to have data to remove, in seconds.
  const server = new TestServer({ DEMO: 'auto', DEMO_BACKFILL_DAYS: '0', LOG_LEVEL: 'log' });
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    // An outage alert the demo's posts opened (the default seed's), as a run before this start left it.
    const stores = await openDuckDbStores(join(server.dataDir, 'escucha.duckdb'));
    await stores.alerts.createAlert(anOpenAlert('demo-outage', ['x:demo-20261123-5', 'callcenter:demo-20261123-9']));
    await stores.close();
    await server.start();
    await server.login();
    await waitFor('the demo CRM', async () => (server.log.includes('demo stream on') ? true : undefined), 60_000);
    browser = await launchChromium();
    page = await signedInPage(browser, server.url, 'admin', ADMIN_PASSWORD);
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
    const banner = page.locator('[data-testid="alert-banner"][data-alert="demo-outage"]');
    await banner.waitFor({ timeout: 10_000 });

    await page.getByTestId('source-name').fill('Centro de llamadas');
    await page.getByTestId('source-id').fill('cc-demo');
    await page.getByTestId('source-secret').fill(SECRET);
    await page.getByTestId('source-add').click();
    await expect.poll(() => panel.getAttribute('data-running'), { timeout: 20_000 }).toBe('false');
    // The header stops saying the data is a demo's, without a reload.
    await expect.poll(() => page.getByTestId('demo-badge').count(), { timeout: 5_000 }).toBe(0);
    await page.getByTestId('demo-remove').click();
    await expect.poll(async () => (await page.getByTestId('demo-removed').count()) > 0, { timeout: 60_000 }).toBe(true);
    expect(await page.getByTestId('demo-removed').textContent()).toMatch(/Demo data removed\. Posts: \d+; customers: 2,\d{3}; offers: 4; alerts: 1\./);
    // The alert it opened went with it, from the banner too, without a reload.
    await expect.poll(() => banner.count(), { timeout: 5_000 }).toBe(0);
    expect(await page.getByTestId('demo-remove').count()).toBe(0);
    expect((await server.get<unknown[]>('/api/v1/offers')).body).toEqual([]);
  }, 120_000);
});
