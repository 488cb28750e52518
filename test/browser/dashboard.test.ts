import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillLogin, launchChromium, submitLogin } from '../support/chromium';
import { somePostInputs } from '../support/post-inputs';
import { ADMIN_PASSWORD, ROOT, TestServer } from '../support/server';
import { colouredPixels, DRAWN_PIXELS, NEGATIVE_RGB, recordScripts } from '../support/web-probes';

const SHOTS = join(ROOT, 'test-results');

describe('dashboard in Chromium', () => {
  const server = new TestServer();
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await server.start();
    await server.login();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  async function liveTotal(): Promise<number> {
    const total = page.getByTestId('live-total');
    const raw = (await total.getAttribute('data-value')) ?? (await total.textContent()) ?? '';
    return Number(raw.trim());
  }

  it('logs in and sees the live charts move after posts are ingested', async () => {
    await submitLogin(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('live-volume-chart').locator('canvas').first().waitFor({ timeout: 15_000 });
    const before = await liveTotal();
    expect(Number.isFinite(before)).toBe(true);

    const marker = `browser${Date.now()}`;
    expect((await server.request('POST', '/api/v1/posts', somePostInputs(7, { text: `Sin señal en Palermo ${marker}` }))).status).toBe(202);
    await expect.poll(liveTotal, { timeout: 15_000 }).toBe(before + 7);
    await expect.poll(() => page.getByTestId('live-post').filter({ hasText: marker }).count(), { timeout: 5_000 }).toBeGreaterThan(0);
    // Sentiment per topic: the outage row, named by the taxonomy's label, not its id, leans negative.
    const outage = page.getByTestId('live-topic-sentiment').locator('tr[data-key="outage"]');
    await expect.poll(() => outage.locator('th').textContent(), { timeout: 5_000 }).toMatch(/Cortes y caídas|Outages/);
    expect(await outage.getByTestId('topic-net').textContent()).toMatch(/^-\d+%$/);
    await page.screenshot({ path: join(SHOTS, 'live.png') });
  });

  it('says on hover which terms moved a post\'s sentiment', async () => {
    const post = page.getByTestId('live-post').first();
    await post.getByTestId('sentiment-explain').hover();
    const tip = post.getByTestId('sentiment-explain-tip');
    await expect.poll(() => tip.getByTestId('explain-term').count(), { timeout: 5_000 }).toBeGreaterThan(0);
    // The live posts say "Sin señal en Palermo": a negative term must be among the reasons.
    await expect.poll(() => tip.textContent(), { timeout: 5_000 }).toMatch(/-\d\.\d\d/);
  });

  it('shows History with a chart, and a bad login is told apart', async () => {
    await page.goto(`${server.url}/history`);
    await page.getByTestId('history-chart').locator('canvas').first().waitFor({ timeout: 15_000 });
    const outage = page.getByTestId('history-topic-sentiment').locator('tr[data-key="outage"]');
    await expect.poll(() => outage.getByTestId('topic-net').textContent(), { timeout: 10_000 }).toMatch(/^-\d+%$/);
    expect(await outage.locator('th').textContent()).toMatch(/Cortes y caídas|Outages/);
    await page.screenshot({ path: join(SHOTS, 'history.png') });

    // Split by topic, the comparison gives each topic's net sentiment in both periods too.
    await page.goto(`${server.url}/history?split=topic`);
    const compared = page.getByTestId('history-comparison').locator('tr[data-key="outage"]');
    await expect.poll(() => compared.getByTestId('compare-net-current').textContent(), { timeout: 10_000 }).toMatch(/^-\d+%$/);
    expect(await compared.getByTestId('compare-net-change').textContent()).toMatch(/pts|pp|periods|periodos/);

    const fresh = await browser.newPage();
    await submitLogin(fresh, server.url, 'admin', 'wrong-password');
    await expect.poll(() => fresh.getByTestId('login-error').textContent(), { timeout: 5_000 }).toBeTruthy();
    await fresh.close();
  });

  it('opens the login page without fetching ECharts, and after signing in Live still draws its chart', async () => {
    // Negative posts in the live window: the volume chart then has bars of a known colour to draw.
    expect((await server.request('POST', '/api/v1/posts', somePostInputs(5))).status).toBe(202);
    // A context of its own: nothing cached from the tests above, no session in its storage.
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    try {
      const cold = await context.newPage();
      const scripts = recordScripts(cold);
      await cold.goto(server.url, { waitUntil: 'networkidle' });
      await cold.getByTestId('login-form').waitFor();
      expect(new URL(cold.url()).pathname).toBe('/login');
      const atLogin = await scripts.settled();
      expect(atLogin.length).toBeGreaterThan(0);
      expect(atLogin.filter((script) => script.echarts).map((script) => script.url)).toEqual([]);

      await fillLogin(cold, 'admin', ADMIN_PASSWORD);
      await cold.waitForURL((url) => url.pathname === '/live', { timeout: 15_000 });
      await expect
        .poll(() => cold.evaluate<number>(colouredPixels('live-volume-chart', NEGATIVE_RGB)), { timeout: 15_000 })
        .toBeGreaterThan(DRAWN_PIXELS);
      // The same probe does recognise ECharts once Live needs it, in exactly one chunk: the check at login could fail.
      expect((await scripts.settled()).filter((script) => script.echarts)).toHaveLength(1);
    } finally {
      await context.close();
    }
  });
});
