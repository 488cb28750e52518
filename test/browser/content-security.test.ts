import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium, submitLogin } from '../support/chromium';
import { somePostInputs } from '../support/post-inputs';
import { ADMIN_PASSWORD, TestServer } from '../support/server';

interface Violation {
  page: string;
  directive: string;
  blocked: string;
  sample?: string;
}

/**
 * Every CSP violation a page reports, two ways: the DOM event (carries the directive and what was
 * blocked) and Chromium's console line (also covers what the event misses, such as a worker).
 */
function recordViolations(page: Page): () => Promise<Violation[]> {
  const consoleLines: Violation[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) consoleLines.push({ page: page.url(), directive: 'console', blocked: message.text() });
  });
  return async () => {
    const events = await page.evaluate<Violation[]>('window.__csp ?? []').catch(() => [] as Violation[]);
    return [...events, ...consoleLines];
  };
}

/** Each page keeps the violations it saw in a list the test reads; run before any script of the page. */
const RECORD_VIOLATIONS = `
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__csp.push({ page: location.pathname, directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample });
  });
`;

describe('Content-Security-Policy in Chromium', () => {
  const server = new TestServer();
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let violations: () => Promise<Violation[]>;

  beforeAll(async () => {
    ensureChromium();
    await server.start();
    await server.login();
    // Posts in the window and in history, so Live and History draw charts and lists, not empty states.
    expect((await server.request('POST', '/api/v1/posts', somePostInputs(12))).status).toBe(202);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript({ content: RECORD_VIOLATIONS });
    page = await context.newPage();
    violations = recordViolations(page);
  });
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  it('reports a violation when one happens: the probe can fail', async () => {
    const probe = await context.newPage();
    const seen = recordViolations(probe);
    await probe.goto(`${server.url}/login`);
    await probe.getByTestId('login-form').waitFor();
    await probe.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.body.appendChild(script);
    })()`);
    await expect.poll(async () => (await seen()).length, { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await probe.evaluate('window.__inlineRan === true')).toBe(false);
    await probe.close();
  });

  it('shows the login page without a violation', async () => {
    await page.goto(`${server.url}/login`, { waitUntil: 'networkidle' });
    await page.getByTestId('login-form').waitFor();
    expect(await violations()).toEqual([]);
  });

  it('signs in to Live, draws its chart, takes live updates and a tooltip without a violation', async () => {
    await submitLogin(page, `${server.url}/login`, 'admin', ADMIN_PASSWORD);
    await page.waitForURL((url) => url.pathname === '/live', { timeout: 15_000 });
    await page.getByTestId('live-volume-chart').locator('canvas').first().waitFor({ timeout: 15_000 });
    const marker = `csp${Date.now()}`;
    expect((await server.request('POST', '/api/v1/posts', somePostInputs(3, { text: `Sin señal ${marker}` }))).status).toBe(202);
    // The update arrives over socket.io: the connection itself is under connect-src.
    await expect.poll(() => page.getByTestId('live-post').filter({ hasText: marker }).count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // ECharts writes its tooltip as HTML with style attributes.
    const chart = page.getByTestId('live-volume-chart').locator('canvas').first();
    const box = await chart.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + box!.width * 0.9, box!.y + box!.height * 0.6);
    await page.mouse.move(box!.x + box!.width * 0.92, box!.y + box!.height * 0.5);
    // ECharts' tooltip is a div it adds beside the canvas, z-index 9999999, shown on hover.
    const tooltip = page.getByTestId('live-volume-chart').locator('div[style*="z-index: 9999999"]');
    await expect.poll(() => tooltip.count(), { timeout: 5_000 }).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
  });

  it('shows History without a violation', async () => {
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-chart').locator('canvas').first().waitFor({ timeout: 15_000 });
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual([]);
  });

  it('shows Topics without a violation', async () => {
    await page.getByTestId('nav-taxonomy').click();
    await expect.poll(() => page.getByTestId('taxonomy-group').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    expect(await violations()).toEqual([]);
  });

  it('shows the API docs without a violation', async () => {
    const docs = await context.newPage();
    const seen = recordViolations(docs);
    await docs.goto(`${server.url}/api/docs`, { waitUntil: 'networkidle' });
    await docs.locator('.swagger-ui .opblock').first().waitFor({ timeout: 15_000 });
    expect(await docs.locator('.swagger-ui .opblock').count()).toBeGreaterThan(5);
    expect(await seen()).toEqual([]);
    await docs.close();
  });
});
