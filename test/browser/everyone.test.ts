import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, launchChromium } from '../support/chromium';
import { somePostInputs } from '../support/post-inputs';
import { ROOT, TestServer } from '../support/server';

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
    // A source, so the Sources page has its table (the widest of all) to fit and to check.
    expect((await server.request('POST', '/api/v1/sources', { id: 'call-center-notes', kind: 'import', name: 'Call center notes', channel: 'email' })).status).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  async function open(options: BrowserContextOptions & { signedIn?: boolean; as?: string } = {}): Promise<Page> {
    const { signedIn = true, as: seeded = token, ...contextOptions } = options;
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, timezoneId: 'UTC', ...contextOptions });
    contexts.push(context);
    if (signedIn) {
      // Only when nothing is stored yet: a test that signs out must stay signed out after the next load.
      await context.addInitScript({
        content: `if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); localStorage.setItem('escucha.token', ${JSON.stringify(seeded)}); }`,
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

  describe('links that carry the view', () => {
    const view = {
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-01-08T00:00:00.000Z',
      interval: 'day',
      split: 'topic',
      sentiment: 'negative',
      lang: 'es',
      q: 'factura',
      compareFrom: '2025-12-25T00:00:00.000Z',
      compareTo: '2026-01-01T00:00:00.000Z',
    };

    /** What the page asked the API for, by endpoint, newest last. */
    function recordApi(page: Page): Map<string, URLSearchParams[]> {
      const seen = new Map<string, URLSearchParams[]>();
      page.on('request', (request) => {
        const url = new URL(request.url());
        if (!url.pathname.startsWith('/api/v1/history/')) return;
        const endpoint = url.pathname.slice('/api/v1/history/'.length);
        seen.set(endpoint, [...(seen.get(endpoint) ?? []), url.searchParams]);
      });
      return seen;
    }

    async function expectView(page: Page, requests: Map<string, URLSearchParams[]>): Promise<void> {
      await expect.poll(() => requests.get('compare')?.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(() => requests.get('histogram')?.length ?? 0, { timeout: 10_000 }).toBeGreaterThan(0);
      const histogram = requests.get('histogram')!.at(-1)!;
      for (const key of ['from', 'to', 'interval', 'split', 'sentiment', 'lang', 'q'] as const) expect(histogram.get(key), key).toBe(view[key]);
      const compare = requests.get('compare')!.at(-1)!;
      for (const key of ['from', 'to', 'sentiment', 'lang', 'q', 'compareFrom', 'compareTo'] as const) expect(compare.get(key), key).toBe(view[key]);
      for (const endpoint of ['terms', 'authors', 'breakdown']) expect(requests.get(endpoint)?.at(-1)?.get('sentiment'), endpoint).toBe('negative');

      // The controls say the same; the context is in UTC, so the local inputs read as the ISO times.
      expect(await page.locator('[data-preset="custom"]').getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByTestId('history-from').inputValue()).toBe('2026-01-01T00:00');
      expect(await page.getByTestId('history-to').inputValue()).toBe('2026-01-08T00:00');
      expect(await page.getByTestId('history-interval').inputValue()).toBe('day');
      expect(await page.getByTestId('history-split').inputValue()).toBe('topic');
      expect(await page.getByTestId('history-filter-sentiment').inputValue()).toBe('negative');
      expect(await page.getByTestId('history-filter-lang').inputValue()).toBe('es');
      expect(await page.getByTestId('history-filter-topic').inputValue()).toBe('');
      expect(await page.getByTestId('history-q').inputValue()).toBe('factura');
      expect(await page.locator('[data-testid="history-comparison"] [data-mode="custom"]').getAttribute('aria-pressed')).toBe('true');
      expect(await page.getByTestId('compare-from').inputValue()).toBe('2025-12-25T00:00');
      expect(await page.getByTestId('compare-to').inputValue()).toBe('2026-01-01T00:00');
    }

    it('a shared History link, comparison included, shows its view and asks the API for it, also after a reload', async () => {
      const page = await open({ locale: 'en-US' });
      let requests = recordApi(page);
      await page.goto(`${server.url}/history?${new URLSearchParams(view)}`);
      await expectView(page, requests);

      // The address bar still says all of it, so the link can be passed on again.
      const kept = new URL(page.url()).searchParams;
      for (const [key, value] of Object.entries(view)) expect(kept.get(key), key).toBe(value);

      page.removeAllListeners('request');
      requests = recordApi(page);
      await page.reload();
      await expectView(page, requests);
    });

    it('puts a comparison chosen on the page into the address bar', async () => {
      const page = await open({ locale: 'en-US' });
      await page.goto(`${server.url}/history?preset=last7d`);
      await page.getByTestId('history-chart').waitFor();
      await page.locator('[data-testid="history-comparison"] [data-mode="custom"]').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('compareFrom'), { timeout: 5_000 }).toMatch(/^\d{4}-\d\d-\d\dT/);
      await page.locator('[data-testid="history-comparison"] [data-mode="previous"]').click();
      await expect.poll(() => new URL(page.url()).searchParams.has('compareFrom'), { timeout: 5_000 }).toBe(false);
    });

    it('Live keeps its window in the address bar and opens on the window a link names', async () => {
      const page = await open({ locale: 'en-US' });
      await page.goto(`${server.url}/live?window=360`);
      await expect.poll(() => page.locator('[data-testid="live-window"] [aria-pressed="true"]').getAttribute('data-minutes'), { timeout: 10_000 }).toBe('360');
      await page.locator('[data-testid="live-window"] [data-minutes="15"]').click();
      await expect.poll(() => new URL(page.url()).searchParams.get('window')).toBe('15');
      await page.reload();
      await expect.poll(() => page.locator('[data-testid="live-window"] [aria-pressed="true"]').getAttribute('data-minutes'), { timeout: 10_000 }).toBe('15');
    });
  });

  describe('phones and desktops', () => {
    const SIZES = [
      { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
      { name: 'small phone', viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
      { name: 'desktop', viewport: { width: 1400, height: 900 } },
    ];
    const PAGES = [
      { path: '/live', ready: 'live-volume-chart' },
      { path: '/history', ready: 'history-chart' },
      { path: '/taxonomy', ready: 'taxonomy-group' },
      { path: '/sources', ready: 'source-row' },
      { path: '/api-keys', ready: 'api-key-form' },
      { path: '/users', ready: 'user-row' },
      { path: '/account', ready: 'account-form' },
      { path: '/customers', ready: 'customer-attention-span' },
      { path: '/report', ready: 'report-kpis' },
    ];

    /** Controls narrower or shorter than a fingertip, outside the ones the page hides. */
    const SMALL_TARGETS = `[...document.querySelectorAll('button, a[href], select, input:not([type=hidden]), [role=button]')]
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; })
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width < 44 || r.height < 44; })
      .map((el) => (el.dataset.testid || el.textContent || el.tagName).trim().slice(0, 30) + ' ' + Math.round(el.getBoundingClientRect().width) + 'x' + Math.round(el.getBoundingClientRect().height))`;

    /** For the failure message: the outermost elements that stick out past the right edge. */
    const stickingOut = (width: number) => `[...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > ${width} + 1 && !(el.parentElement && el.parentElement.getBoundingClientRect().right > ${width} + 1))
      .slice(0, 8)
      .map((el) => el.tagName.toLowerCase() + '.' + [...el.classList].join('.') + ' ' + Math.round(el.getBoundingClientRect().right))`;

    for (const size of SIZES) {
      it(`every page fits a ${size.name} (${size.viewport.width} px) and its header controls are reachable`, async () => {
        const { name: _name, ...options } = size;
        const page = await open({ locale: 'en-US', ...options });
        for (const { path, ready } of PAGES) {
          await page.goto(`${server.url}${path}`);
          await page.getByTestId(ready).first().waitFor({ timeout: 15_000 });
          // Charts resize a frame after layout; let them settle before measuring.
          await page.waitForTimeout(300);
          const widths = await page.evaluate<{ scroll: number; inner: number }>('({ scroll: document.documentElement.scrollWidth, inner: innerWidth })');
          const width = size.viewport.width;
          const offenders = widths.scroll > width || widths.inner > width ? await page.evaluate<string[]>(stickingOut(width)) : [];
          // A mobile browser zooms out to fit a page too wide for it, so the layout width must be the screen's too.
          expect(widths.inner, `${path} laid out wider than the screen: ${offenders.join(', ')}`).toBe(width);
          expect(widths.scroll, `${path} scrolls sideways at ${size.viewport.width} px: ${offenders.join(', ')}`).toBeLessThanOrEqual(widths.inner);

          // On a phone the header folds into a menu; the language switch and sign-out are found in it.
          const toggle = page.getByTestId('menu-toggle');
          if (await toggle.isVisible()) {
            expect(await toggle.getAttribute('aria-expanded')).toBe('false');
            await toggle.click();
            expect(await toggle.getAttribute('aria-expanded')).toBe('true');
            // The keyboard lands on the menu's first entry, and Escape folds it back onto the toggle.
            await expect.poll(() => page.evaluate<boolean>(`document.activeElement?.closest('#app-menu') !== null`)).toBe(true);
            await page.keyboard.press('Escape');
            expect(await toggle.getAttribute('aria-expanded')).toBe('false');
            expect(await page.evaluate<string | null>(`document.activeElement?.getAttribute('data-testid') ?? null`)).toBe('menu-toggle');
            await toggle.click();
          }
          for (const id of ['logout', 'locale-en', 'locale-es', 'nav-history']) {
            const control = page.getByTestId(id);
            await control.waitFor({ state: 'visible', timeout: 2_000 });
            const box = await control.boundingBox();
            expect(box, `${id} on ${path}`).not.toBeNull();
            expect(box!.x, `${id} on ${path}`).toBeGreaterThanOrEqual(0);
            expect(box!.x + box!.width, `${id} on ${path}`).toBeLessThanOrEqual(size.viewport.width);
          }
          if (size.isMobile) expect(await page.evaluate<string[]>(SMALL_TARGETS), `small touch targets on ${path}`).toEqual([]);
          if (await toggle.isVisible()) {
            await page.keyboard.press('Escape');
            expect(await toggle.getAttribute('aria-expanded')).toBe('false');
          }
        }
      });
    }

    it('the header keeps each link on one line in Spanish, or folds into the menu, at laptop widths', async () => {
      for (const width of [1366, 1280, 1200, 1100, 1024]) {
        const page = await open({ locale: 'es-AR', viewport: { width, height: 768 } });
        await page.goto(`${server.url}/report`);
        await page.getByTestId('report-kpis').waitFor({ timeout: 15_000 });
        expect(await page.evaluate<number>('document.documentElement.scrollWidth'), `${width} px`).toBeLessThanOrEqual(width);
        if (await page.getByTestId('menu-toggle').isVisible()) continue;
        // A label broken in two ("En / vivo") reads as two links: each text must sit on one line.
        const lines = await page.evaluate<Record<string, number>>(
          `Object.fromEntries([...document.querySelectorAll('.app-header__nav a')].map((a) => { const r = document.createRange(); r.selectNodeContents(a); return [a.textContent.trim(), r.getClientRects().length]; }))`,
        );
        expect(Object.keys(lines).length, `${width} px`).toBeGreaterThan(5);
        expect(Object.entries(lines).filter(([, n]) => n !== 1), `${width} px`).toEqual([]);
        await page.close();
      }
    });

    it('the header folds by what it holds, not by the screen: fewer links fit where an admin\'s do not', async () => {
      const folded = (page: Page) => page.getByTestId('app-header').getAttribute('data-folded');
      const ready = async (page: Page) => {
        await page.goto(`${server.url}/report`);
        await page.getByTestId('report-kpis').waitFor({ timeout: 15_000 });
      };
      // An admin's nine links in Spanish do not fit a 1,024 px laptop: the bar folds.
      const admin = await open({ locale: 'es-AR', viewport: { width: 1024, height: 768 } });
      await ready(admin);
      expect(await folded(admin)).toBe('true');
      expect(await admin.getByTestId('nav-users').isVisible()).toBe(false);
      // A wider window unfolds it without a reload, and a narrower one folds it again.
      await admin.setViewportSize({ width: 1600, height: 768 });
      await expect.poll(() => folded(admin)).toBe('false');
      expect(await admin.getByTestId('menu-toggle').isVisible()).toBe(false);
      expect(await admin.getByTestId('nav-users').isVisible()).toBe(true);
      await admin.setViewportSize({ width: 1024, height: 768 });
      await expect.poll(() => folded(admin)).toBe('true');
      // At 1,100 px the same links fit in English and not in Spanish: switching language re-measures.
      await admin.setViewportSize({ width: 1100, height: 768 });
      await admin.waitForTimeout(100);
      expect(await folded(admin)).toBe('true');
      await admin.getByTestId('menu-toggle').click();
      await admin.getByTestId('locale-en').click();
      await expect.poll(() => folded(admin)).toBe('false');
      expect(await admin.getByTestId('nav-users').isVisible()).toBe(true);

      // Marketing's five links fit the same laptop, each on one line, with nothing sticking out.
      expect((await server.request('POST', '/api/v1/users', { username: 'mara', password: 'mara-lantern-quilt', role: 'marketing' })).status).toBe(201);
      const marketing = await open({ locale: 'es-AR', viewport: { width: 1024, height: 768 }, as: await server.login('mara', 'mara-lantern-quilt') });
      await ready(marketing);
      expect(await folded(marketing)).toBe('false');
      expect(await marketing.getByTestId('menu-toggle').isVisible()).toBe(false);
      expect(await marketing.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1024);
      const logout = await marketing.getByTestId('logout').boundingBox();
      expect(logout!.x + logout!.width).toBeLessThanOrEqual(1024);
      const broken = await marketing.evaluate<number>(
        `[...document.querySelectorAll('.app-header__nav a')].filter((a) => { const r = document.createRange(); r.selectNodeContents(a); return r.getClientRects().length !== 1; }).length`,
      );
      expect(broken).toBe(0);
    });

    it('the login page fits a small phone and its language switch is at hand', async () => {
      const page = await open({ locale: 'es-AR', signedIn: false, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-form').waitFor();
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      expect(await page.evaluate<number>('innerWidth')).toBe(360);
      // No links before signing in: the switch fits the bar itself, no menu to open.
      expect(await page.getByTestId('menu-toggle').isVisible()).toBe(false);
      await page.getByTestId('locale-en').click();
      await expect.poll(() => page.getByTestId('login-submit').textContent()).toContain('Sign in');
      expect(await page.evaluate<string[]>(SMALL_TARGETS)).toEqual([]);
    });
  });

  describe('accessibility', () => {
    const AXE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

    interface Finding {
      id: string;
      impact: string;
      help: string;
      targets: string[];
    }

    /** axe-core's serious and critical findings on what the page shows now. */
    async function seriousViolations(page: Page): Promise<Finding[]> {
      if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE);
      return page.evaluate<Finding[]>(`axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 12).map((n) => n.target.join(' ')) })))`);
    }

    it('the probe sees a violation when there is one', async () => {
      const page = await open({ locale: 'en-US', signedIn: false, bypassCSP: true });
      await page.goto(`${server.url}/login`);
      await page.getByTestId('login-form').waitFor();
      await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<p style="color:#ccc;background:#fff">faint</p>')`);
      expect((await seriousViolations(page)).map((finding) => finding.id)).toContain('color-contrast');
    });

    for (const size of [
      { name: 'desktop', viewport: { width: 1400, height: 900 } },
      { name: 'phone', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
    ]) {
      it(`finds no serious or critical violation on any page (${size.name})`, async () => {
        const { name: _name, ...options } = size;
        const login = await open({ locale: 'en-US', signedIn: false, bypassCSP: true, ...options });
        await login.goto(`${server.url}/login`);
        await login.getByTestId('login-form').waitFor();
        const found: Record<string, Finding[]> = { '/login': await seriousViolations(login) };

        const page = await open({ locale: 'en-US', bypassCSP: true, ...options });
        for (const { path, ready } of [
          { path: '/live', ready: 'live-post' },
          { path: '/history', ready: 'history-authors' },
          { path: '/taxonomy', ready: 'taxonomy-group' },
          { path: '/sources', ready: 'source-row' },
          { path: '/api-keys', ready: 'api-key-form' },
          { path: '/users', ready: 'user-row' },
          { path: '/account', ready: 'account-form' },
          { path: '/customers', ready: 'customer-attention-span' },
          { path: '/report', ready: 'report-kpis' },
        ]) {
          await page.goto(`${server.url}${path}`);
          await page.getByTestId(ready).first().waitFor({ timeout: 15_000 });
          await page.waitForTimeout(500);
          found[path] = await seriousViolations(page);
          if (size.name === 'phone') {
            await page.getByTestId('menu-toggle').click();
            found[`${path} (menu open)`] = await seriousViolations(page);
          }
        }
        expect(found).toEqual({ '/login': [], ...Object.fromEntries(Object.keys(found).filter((key) => key !== '/login').map((key) => [key, []])) });
      });
    }

    it('the posts behind a term open in a drawer that fits a phone and passes axe', async () => {
      const page = await open({ locale: 'en-US', bypassCSP: true, viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      await page.goto(`${server.url}/history`);
      await page.locator('.terms__item').first().click();
      await page.getByTestId('drill-post').first().waitFor({ timeout: 15_000 });
      // The drawer slides and fades in; axe would measure contrast half-way through.
      await page.waitForTimeout(500);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      expect(await page.evaluate<number>('innerWidth')).toBe(360);
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
});
