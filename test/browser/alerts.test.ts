import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from '../support/chromium';
import { FAST_ALERTS, alertPost, cordobaBurst, quietHour } from '../support/alert-posts';
import { ADMIN_PASSWORD, TestServer } from '../support/server';

describe('alerts in Chromium: the banner and the Alerts page', () => {
  const server = new TestServer(FAST_ALERTS);
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await server.start();
    await server.login();
    const history = quietHour(Date.now());
    expect((await server.request('POST', '/api/v1/posts', history)).status).toBe(202);
    await server.waitForTotal('', history.length, 30_000);
    // Restarted, detection rebuilds its baselines from the hour just stored.
    await server.kill('SIGTERM');
    await server.start();
    await server.login();
    browser = await launchChromium();
    page = await signedInPage(browser, server.url, 'admin', ADMIN_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  it('shows the banner naming the region when an outage starts, and the alert on the Alerts page, where it is acknowledged', async () => {
    expect(await page.getByTestId('alert-banner').count()).toBe(0);
    // The first detection tick replays history; the burst comes after it, as live posts do.
    await new Promise((r) => setTimeout(r, 6_000));
    const now = Date.now();
    // A competitor's outage in the same place and minute: the default rules leave competitors out.
    const rivals = Array.from({ length: 6 }, (_, i) => alertPost(`r${i}`, now - 400 + i, 'Pampa Tel sin señal en Córdoba, no anda nada', 'Córdoba, Córdoba'));
    expect((await server.request('POST', '/api/v1/posts', [...cordobaBurst(now), ...rivals])).status).toBe(202);

    const banner = page.getByTestId('alert-banner');
    await banner.waitFor({ timeout: 40_000 });
    expect(await page.getByTestId('alert-banner-regions').textContent()).toContain('Córdoba');

    // The banner opens the Alerts page on its alert: the row marked, its timeline open.
    const bannerId = await banner.getAttribute('data-alert');
    await page.getByTestId('alert-banner-link').click();
    const focused = page.locator('[data-testid="alert-row"][aria-current="true"]');
    await focused.waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).searchParams.get('alert')).toBe(bannerId);
    expect(await focused.getAttribute('data-alert')).toBe(bannerId);
    expect(await focused.getByTestId('alert-timeline').getAttribute('open')).not.toBeNull();
    const open = page.locator('[data-testid="alert-row"][data-state="open"]').filter({ hasText: 'Córdoba' }).first();
    await open.waitFor({ timeout: 10_000 });
    const row = page.locator(`[data-testid="alert-row"][data-alert="${await open.getAttribute('data-alert')}"]`);
    await row.getByTestId('alert-ack').click();
    await expect.poll(() => row.getAttribute('data-state')).toBe('acknowledged');
    expect(await row.getByTestId('alert-state').textContent()).toContain('admin');
    // Acknowledged is someone's: the banner stops shouting about it.
    const id = await row.getAttribute('data-alert');
    await expect.poll(() => page.locator(`[data-testid="alert-banner"][data-alert="${id}"]`).count()).toBe(0);
  });

  it('opens an alert\'s posts in History: the burst that opened it, filtered as its rule is, and its timeline on the row', async () => {
    const row = page.locator('[data-testid="alert-row"]').filter({ hasText: 'Córdoba' }).first();
    const timeline = row.getByTestId('alert-timeline');
    // Open already when the banner's link opened the page on this one.
    if ((await timeline.getAttribute('open')) === null) await timeline.locator('summary').click();
    expect(await timeline.textContent()).toMatch(/posts in the interval/);

    await row.getByTestId('alert-posts').click();
    await page.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
    const url = new URL(page.url());
    expect(url.pathname).toBe('/history');
    expect(url.searchParams.get('drill')).toBe('1');
    const texts = await page.getByTestId('drill-post').allTextContents();
    expect(texts.length).toBeGreaterThanOrEqual(5);
    // Only the burst: the quiet hour's posts (CABA) are before the alert's span or outside its filters,
    // and the competitor's posts the rule did not count are left out here too.
    expect(texts.filter((text) => !/Córdoba|Río Cuarto/.test(text))).toEqual([]);
    expect(texts.filter((text) => text.includes('Pampa Tel'))).toEqual([]);
    expect(await page.getByTestId('history-filter-excludeEntity').inputValue()).toBe('pampatel,vertice,nandunet');
    // The post list is a drawer over the page: closed, the navigation is reachable again.
    await page.keyboard.press('Escape');
    await page.getByTestId('nav-alerts').click();
    await page.getByTestId('rule-form').waitFor();
  });

  it('opened on an alert that is gone, says so and still lists the others', async () => {
    await page.goto(`${server.url}/alerts?alert=${encodeURIComponent('outage|all|1')}`);
    await page.getByTestId('alerts-error').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('alerts-error').textContent()).toContain('no alert "outage|all|1"');
    expect(await page.getByTestId('alert-row').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="alert-row"][aria-current="true"]').count()).toBe(0);
  });

  it('adds a rule from the form, and the page reads in Spanish too', async () => {
    await page.getByTestId('rule-name').fill('Caídas en CABA');
    // Scope values are picked by their labels from lists the server gives.
    await page.getByTestId('rule-intents-summary').click();
    await page.locator('[data-testid="rule-intents-option"][data-value="outage"]').check();
    await page.getByTestId('rule-regions-summary').click();
    await page.locator('[data-testid="rule-regions-option"][data-value="caba"]').check();
    // Opening one list closed the other, which no longer covers the fields below it.
    expect(await page.locator('[data-testid="rule-intents"] details').getAttribute('open')).toBeNull();
    expect(await page.getByTestId('rule-regions-summary').textContent()).toContain('CABA');
    await page.getByTestId('rule-add').click();
    await page.locator('[data-testid="rule-row"][data-rule="caidas-en-caba"]').waitFor({ timeout: 10_000 });
    const stored = await server.get<{ scope: unknown }>('/api/v1/alert-rules/caidas-en-caba');
    expect(stored.body.scope).toEqual({ intents: ['outage'], regions: ['caba'] });

    await page.getByTestId('locale-es').click();
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Alertas');
    // The server words the timeline in English; the page words its facts in the reader's language.
    const timeline = page.locator('[data-testid="alert-row"][data-state="acknowledged"]').first().getByTestId('alert-timeline');
    expect(await timeline.textContent()).toMatch(/\d+ publicaciones en el intervalo, [\d,]+ esperadas/);
    expect(await timeline.textContent()).toContain('reconocida por admin');
    // A default rule is named in the reader's language, until someone renames it.
    expect(await page.locator('[data-testid="rule-row"][data-rule="outage"]').textContent()).toContain('Caídas');
    expect(await page.locator('[data-testid="rule-row"][data-rule="caidas-en-caba"]').textContent()).toContain('Caídas en CABA');
    expect(await page.locator('[data-testid="rule-row"][data-rule="caidas-en-caba"]').getByTestId('rule-facts').textContent()).toContain(
      'Intención: Caída del servicio · Región: CABA',
    );

    // Paused from the list, the rule is kept as it was, switched off.
    await page.locator('[data-testid="rule-row"][data-rule="caidas-en-caba"]').getByTestId('rule-toggle').click();
    await page.locator('[data-testid="rule-row"][data-rule="caidas-en-caba"][data-enabled="false"]').waitFor();
    expect((await server.get<{ enabled: boolean; scope: unknown }>('/api/v1/alert-rules/caidas-en-caba')).body).toMatchObject({
      enabled: false,
      scope: { intents: ['outage'], regions: ['caba'] },
    });
  });
});
