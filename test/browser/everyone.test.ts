import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium } from '../support/chromium';
import { somePostInputs } from '../support/post-inputs';
import { TestServer } from '../support/server';

/**
 * The dashboard as people meet it: in their browser's language, from a link a colleague pasted,
 * on a phone. Each context is signed in by its stored token, as after a reload, so nothing here
 * depends on the login form's wording.
 */
describe('the dashboard for everyone, in Chromium', () => {
  const server = new TestServer();
  let browser: Browser;
  let token: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ensureChromium();
    await server.start();
    token = await server.login();
    expect((await server.request('POST', '/api/v1/posts', somePostInputs(12))).status).toBe(202);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  async function open(options: BrowserContextOptions & { signedIn?: boolean } = {}): Promise<Page> {
    const { signedIn = true, ...contextOptions } = options;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, timezoneId: 'UTC', ...contextOptions });
    contexts.push(context);
    if (signedIn) {
      // Only when nothing is stored yet: a test that signs out must stay signed out after the next load.
      await context.addInitScript({
        content: `if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem('escucha.token', ${JSON.stringify(token)}); }`,
      });
    }
    return context.newPage();
  }

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
  });

  describe('language', () => {
    it('opens in English for an en-US browser and in Spanish for es-AR', async () => {
      const english = await open({ locale: 'en-US', signedIn: false });
      await english.goto(`${server.url}/login`);
      await english.getByTestId('login-form').waitFor();
      expect(await english.evaluate('document.documentElement.lang')).toBe('en');
      expect((await english.getByTestId('login-submit').textContent())?.trim()).toBe('Sign in');

      const spanish = await open({ locale: 'es-AR', signedIn: false });
      await spanish.goto(`${server.url}/login`);
      await spanish.getByTestId('login-form').waitFor();
      expect(await spanish.evaluate('document.documentElement.lang')).toBe('es');
      expect((await spanish.getByTestId('login-submit').textContent())?.trim()).toBe('Entrar');
    });

    it('writes dates in the browser\'s region of the language shown', async () => {
      for (const locale of ['en-US', 'es-AR']) {
        const page = await open({ locale });
        await page.goto(`${server.url}/history?preset=last24h`);
        await page.getByTestId('history-chart').waitFor();
        // The period shown ends now; its date, as this locale writes it, must be on the page.
        const today = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date());
        await expect.poll(() => page.getByTestId('history-period').textContent(), { timeout: 10_000 }).toContain(today);
      }
    });

    it('keeps the language the user picked over the browser\'s', async () => {
      const page = await open({ locale: 'es-AR' });
      await page.goto(`${server.url}/live`);
      await expect.poll(() => page.getByTestId('nav-history').textContent()).toBe('Historial');
      await page.getByTestId('locale-en').click();
      await expect.poll(() => page.getByTestId('nav-history').textContent()).toBe('History');
      await page.reload();
      await expect.poll(() => page.getByTestId('nav-history').textContent(), { timeout: 10_000 }).toBe('History');
      expect(await page.evaluate('document.documentElement.lang')).toBe('en');
    });
  });
});
