import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium } from '../support/chromium';
import { somePostInputs } from '../support/post-inputs';
import { TestServer, waitFor } from '../support/server';

/**
 * Clicking what History ranks opens the posts behind it, with the filter in the address bar,
 * so the drawer comes back on reload and a pasted link shows the same posts.
 */
const CORDOBA_POSTS = 3;

describe('drill-down from History, in Chromium', () => {
  const server = new TestServer();
  let browser: Browser;
  let context: BrowserContext;
  const apiTotal = async (query: string): Promise<number> =>
    ((await server.request<{ total: number }>('GET', `/api/v1/posts?limit=1&${query}`)).body as { total: number }).total;

  beforeAll(async () => {
    ensureChromium();
    await server.start();
    const token = await server.login();
    // Authors cycle over seven ids, so each writes only some of the posts: a filter that did nothing would show.
    expect((await server.request('POST', '/api/v1/posts', somePostInputs(20))).status).toBe(202);
    // The only posts naming Córdoba: the rest name Palermo, in CABA.
    expect((await server.request('POST', '/api/v1/posts', somePostInputs(CORDOBA_POSTS, { text: 'Sin señal en Córdoba desde la mañana, un desastre' }))).status).toBe(202);
    await waitFor('the posts to be stored', async () => ((await apiTotal('')) === 20 + CORDOBA_POSTS ? true : undefined), 20_000);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, timezoneId: 'UTC', locale: 'en-US' });
    await context.addInitScript({ content: `localStorage.setItem('escucha.token', ${JSON.stringify(token)});` });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server.stop();
  });

  const drillTotal = (page: Page): Promise<number> =>
    page.getByTestId('drill-total').getAttribute('data-value').then(Number);

  it('an author in top authors opens that author\'s posts, and the link reopens them', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/history?preset=last24h`);
    const first = page.locator('[data-testid="history-authors"] .author-cell__open').first();
    await first.waitFor({ timeout: 15_000 });
    const author = (await first.getAttribute('data-key'))!;
    const expected = await apiTotal(`author=${encodeURIComponent(author)}`);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(20);

    await first.click();
    await page.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => drillTotal(page)).toBe(expected);
    expect(await page.getByTestId('drill-post').count()).toBe(expected);
    await expect.poll(() => new URL(page.url()).searchParams.get('drillAuthor')).toBe(author);
    expect(await page.locator('.drawer__chips .chip--filter').count()).toBe(1);

    await page.reload();
    await page.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => drillTotal(page)).toBe(expected);

    // Closing the drawer takes the drill-down out of the address bar.
    await page.getByTestId('post-explorer').getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.has('drillAuthor')).toBe(false);
    await page.close();
  });

  it('a topic of the chart opens the posts of that topic, and the link reopens them', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/history?preset=last24h&split=topic`);
    const key = page.locator('[data-testid="history-chart"] .chart-legend__key.is-clickable').first();
    await key.waitFor({ timeout: 15_000 });
    const topic = (await key.getAttribute('data-key'))!;
    const expected = await apiTotal(`topic=${encodeURIComponent(topic)}`);
    expect(expected).toBeGreaterThan(0);

    await key.click();
    await page.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => drillTotal(page)).toBe(expected);
    await expect.poll(() => new URL(page.url()).searchParams.get('drillKey')).toBe(`topic:${topic}`);
    // The chart's own filters stay as they were: the drill-down narrows the drawer only.
    expect(new URL(page.url()).searchParams.has('topic')).toBe(false);

    const link = page.url();
    const other = await context.newPage();
    await other.goto(link);
    await other.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => drillTotal(other)).toBe(expected);
    await other.close();
    await page.close();
  });
  it('a region picked in the filters narrows the chart and the posts behind it to that region, named as the server names it', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/history?preset=last24h`);
    await page.getByTestId('history-chart').waitFor({ timeout: 15_000 });
    // The chart can be drawn before the total arrives: wait for the whole period's count first.
    const totalShown = () => page.getByTestId('history-total').getAttribute('data-value').then(Number);
    await expect.poll(totalShown, { timeout: 10_000 }).toBeGreaterThan(CORDOBA_POSTS);
    const everything = await totalShown();
    const region = page.getByTestId('history-filter-region');
    await expect.poll(() => region.locator('option', { hasText: 'Córdoba' }).count(), { timeout: 10_000 }).toBe(1);
    await region.selectOption({ label: 'Córdoba' });
    await expect.poll(() => new URL(page.url()).searchParams.get('region')).toBe('cordoba');
    expect(await apiTotal('region=cordoba')).toBe(CORDOBA_POSTS);
    await expect.poll(totalShown, { timeout: 10_000 }).toBe(CORDOBA_POSTS);
    expect(everything).toBeGreaterThan(CORDOBA_POSTS);

    const key = page.locator('[data-testid="history-chart"] .chart-legend__key.is-clickable').first();
    await key.waitFor({ timeout: 15_000 });
    const sentiment = (await key.getAttribute('data-key'))!;
    const expected = await apiTotal(`region=cordoba&sentiment=${encodeURIComponent(sentiment)}`);
    expect(expected).toBeGreaterThan(0);
    await key.click();
    await page.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => drillTotal(page)).toBe(expected);
    const texts = await page.getByTestId('drill-post').allTextContents();
    expect(texts).toHaveLength(expected);
    expect(texts.every((text) => text.includes('Córdoba'))).toBe(true);
    expect((await page.locator('.drawer__chips .chip--filter[data-dimension="region"]').textContent())?.trim()).toBe('Region: Córdoba ✕');

    // The link keeps the region: pasted elsewhere it shows the same narrowed view.
    const other = await context.newPage();
    await other.goto(page.url());
    await expect.poll(() => other.getByTestId('history-filter-region').inputValue(), { timeout: 15_000 }).toBe('cordoba');
    await other.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => drillTotal(other)).toBe(expected);
    await other.close();
    await page.close();
  });

  it('from the keyboard alone: Tab reaches the topics chart, its table shows, Enter opens a topic\'s posts', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/history?preset=last24h`);
    await page.locator('[data-testid="history-topics"] [data-testid="chart-table-select"]').first().waitFor({ state: 'attached', timeout: 15_000 });
    // The tab names the page in the UI language.
    expect(await page.title()).toBe('History · Escucha');

    // A string, as the server's tsconfig has no DOM types: it runs in the page.
    const inTopics = () =>
      page.evaluate<string | null>(`(() => {
        const active = document.activeElement;
        return active?.matches('[data-testid="chart-table-select"]') && active.closest('[data-testid="history-topics"]')
          ? active.getAttribute('data-key')
          : null;
      })()`);
    let topic: string | null = null;
    for (let presses = 0; presses < 300 && topic === null; presses++) {
      await page.keyboard.press('Tab');
      topic = await inTopics();
    }
    expect(topic, 'Tab never reached a bar of the topics chart').not.toBeNull();
    // Hidden until then, the table is laid over the chart once the keyboard is in it.
    const box = await page.locator('[data-testid="history-topics"] [data-testid="chart-table-frame"]').boundingBox();
    expect(box?.width).toBeGreaterThan(100);
    expect(box?.height).toBeGreaterThan(40);

    const expected = await apiTotal(`topic=${encodeURIComponent(topic!)}`);
    await page.keyboard.press('Enter');
    await page.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
    await expect.poll(() => drillTotal(page)).toBe(expected);
    await expect.poll(() => new URL(page.url()).searchParams.get('drillKey')).toBe(`topic:${topic}`);
    await page.close();
  });
});
