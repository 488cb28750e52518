import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { ensureChromium, fillLogin, launchChromium } from '../support/chromium';
import { somePostInputs } from '../support/post-inputs';
import { ADMIN_PASSWORD, waitFor } from '../support/server';
import { colouredPixels, DRAWN_PIXELS, isEChartsSource, NEGATIVE_RGB } from '../support/web-probes';
import { fmtInt, fmtMs, median, progress, type BenchResult } from './report';
import { BenchServer } from './server';

/**
 * The dashboard's first load in Chromium, against the built server: what the login page costs
 * on a cold cache, and what signing in costs until Live has drawn its chart. Each sample is a
 * fresh browser context, so nothing is cached from the one before.
 */

const SAMPLES = 7;
const WARMUP_SAMPLES = 1;
const LIVE_POSTS = 50;
const VIEWPORT = { width: 1400, height: 900 };
const TIMEOUT_MS = 30_000;

/** One response as received: bytes on the wire (headers + encoded body) and what it was. */
interface Fetched {
  url: string;
  wire: number;
  body: Buffer;
  contentType: string;
  encoding: string;
}

/** Every response a context receives, until `take()` hands over what has arrived so far. */
function recordResponses(context: BrowserContext): { take(): Promise<Fetched[]> } {
  let pending: Promise<Fetched | undefined>[] = [];
  context.on('requestfinished', (request: Request) => {
    pending.push(
      (async () => {
        const response = await request.response();
        if (!response) return undefined;
        const sizes = await request.sizes();
        const headers = response.headers();
        return {
          url: request.url(),
          wire: sizes.responseHeadersSize + sizes.responseBodySize,
          body: await response.body().catch(() => Buffer.alloc(0)),
          contentType: headers['content-type'] ?? '',
          encoding: headers['content-encoding'] ?? '',
        };
      })(),
    );
  });
  return {
    async take() {
      const taken = pending;
      pending = [];
      return (await Promise.all(taken)).filter((f): f is Fetched => f !== undefined);
    },
  };
}

const sum = (fetched: readonly Fetched[]): number => fetched.reduce((total, f) => total + f.wire, 0);
const isScript = (f: Fetched): boolean => /javascript/.test(f.contentType);
const isECharts = (f: Fetched): boolean => isScript(f) && isEChartsSource(f.body.toString('utf8'));
const isStatic = (f: Fetched): boolean => !/\/(api|socket\.io)\/|\/health$/.test(new URL(f.url).pathname);

/**
 * Serves the document through Playwright, optionally rewritten. Every scenario goes through
 * it, rewritten or not, so the interception's own cost is in the baseline too.
 */
async function routeDocument(page: Page, rewrite: (html: string) => string = (html) => html): Promise<void> {
  await page.route(
    (url) => !url.pathname.startsWith('/assets/') && !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/socket.io') && url.pathname !== '/health',
    async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      // route.fetch() hands over the body decoded: neither its length nor its encoding applies any more.
      const { 'content-length': _length, 'content-encoding': _encoding, ...headers } = response.headers();
      await route.fulfill({ status: response.status(), headers, body: rewrite(await response.text()) });
    },
  );
}

/**
 * In-page time since navigation start when the expression first holds, checked every frame.
 * Playwright evaluates a string predicate with eval, which the dashboard's CSP refuses: the
 * contexts bypass the CSP (test/browser/content-security.test.ts is where it is tested).
 */
async function timeWhen(page: Page, condition: string): Promise<number> {
  const handle = await page.waitForFunction(`(${condition}) && performance.now()`, undefined, { polling: 'raf', timeout: TIMEOUT_MS });
  return (await handle.jsonValue()) as number;
}

const LOGIN_FORM = `document.querySelector('[data-testid="login-form"]')`;
const CHART_DRAWN = `${colouredPixels('live-volume-chart', NEGATIVE_RGB)} > ${DRAWN_PIXELS}`;

interface LoginSample {
  formMs: number;
  loadMs: number;
  atLogin: Fetched[];
  signInToChartMs: number;
  atSignIn: Fetched[];
  storage: Awaited<ReturnType<BrowserContext['storageState']>>;
}

/** A cold login page, then sign-in until Live draws its chart; `rewrite` changes the document served. */
async function loginAndSignIn(browser: Browser, url: string, rewrite?: (html: string) => string): Promise<LoginSample> {
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true });
  try {
    const responses = recordResponses(context);
    const page = await context.newPage();
    await routeDocument(page, rewrite);
    await page.goto(url, { waitUntil: 'commit' });
    const formMs = await timeWhen(page, LOGIN_FORM);
    await page.waitForLoadState('networkidle');
    const loadMs = (await page.evaluate(`performance.getEntriesByType('navigation')[0].loadEventEnd`)) as number;
    const atLogin = await responses.take();

    await page.evaluate(`${LOGIN_FORM}.addEventListener('submit', () => { window.__signInAt = performance.now(); }, true)`);
    await fillLogin(page, 'admin', ADMIN_PASSWORD);
    const drawnAt = await timeWhen(page, CHART_DRAWN);
    const signInAt = (await page.evaluate('window.__signInAt')) as number;
    const atSignIn = await responses.take();
    return { formMs, loadMs, atLogin, signInToChartMs: drawnAt - signInAt, atSignIn, storage: await context.storageState() };
  } finally {
    await context.close();
  }
}

/** A cold dashboard for a user already signed in (the token in storage): navigation start until Live's chart is drawn. */
async function signedInDashboard(browser: Browser, url: string, storage: LoginSample['storage']): Promise<{ chartMs: number; fetched: Fetched[] }> {
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: true, storageState: storage });
  try {
    const responses = recordResponses(context);
    const page = await context.newPage();
    await routeDocument(page);
    await page.goto(url, { waitUntil: 'commit' });
    const chartMs = await timeWhen(page, CHART_DRAWN);
    return { chartMs, fetched: await responses.take() };
  } finally {
    await context.close();
  }
}

/**
 * The login page as the entry was before the split: it imported Live statically, so the
 * browser fetched and ran Live's chunks (ECharts among them) before mounting the app. Module
 * scripts run in document order, so putting them before the entry reproduces that order.
 */
function withLiveUpFront(liveAssets: readonly string[]): (html: string) => string {
  const tags = liveAssets.map((path) =>
    path.endsWith('.css') ? `<link rel="stylesheet" crossorigin href="${path}">` : `<link rel="modulepreload" crossorigin href="${path}"><script type="module" crossorigin src="${path}"></script>`,
  );
  return (html) => html.replace(/<script type="module"/, `${tags.join('')}<script type="module"`);
}

const kB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} kB`;

export async function webBench(): Promise<BenchResult> {
  const started = performance.now();
  ensureChromium();
  const server = await new BenchServer().start();
  const browser = await launchChromium();
  try {
    // Negative posts in the live window: "the chart is drawn" means their bars are on the canvas.
    await server.postBody(JSON.stringify(somePostInputs(LIVE_POSTS)));
    await waitFor('the live posts to be stored', async () =>
      (await server.get<{ total: number }>('/api/v1/posts?limit=1')).total >= LIVE_POSTS ? true : undefined,
    );

    const split: LoginSample[] = [];
    const before: LoginSample[] = [];
    const dashboard: { chartMs: number; fetched: Fetched[] }[] = [];
    progress(`web: ${SAMPLES} samples (+${WARMUP_SAMPLES} warm-up), each scenario in a fresh context…`);
    for (let i = -WARMUP_SAMPLES; i < SAMPLES; i++) {
      const now = await loginAndSignIn(browser, server.url);
      // What sign-in fetched from the build is what Live needs: the pre-split entry pulled the same up front.
      const liveAssets = now.atSignIn.filter((f) => isStatic(f) && new URL(f.url).pathname.startsWith('/assets/')).map((f) => new URL(f.url).pathname);
      if (!liveAssets.some((path) => now.atSignIn.some((f) => new URL(f.url).pathname === path && isECharts(f)))) {
        throw new Error(`signing in fetched no ECharts chunk (fetched: ${liveAssets.join(', ')}): the probe or the build is wrong`);
      }
      const old = await loginAndSignIn(browser, server.url, withLiveUpFront(liveAssets));
      const cold = await signedInDashboard(browser, server.url, now.storage);
      if (i < 0) continue;
      split.push(now);
      before.push(old);
      dashboard.push(cold);
    }

    const last = split[split.length - 1];
    const echartsAtLogin = split.map((s) => sum(s.atLogin.filter(isECharts)));
    const echartsChunk = median(split.map((s) => sum(s.atSignIn.filter(isECharts))));
    const loginBytes = median(split.map((s) => sum(s.atLogin)));
    const beforeBytes = median(before.map((s) => sum(s.atLogin)));
    const loginJs = median(split.map((s) => sum(s.atLogin.filter(isScript))));
    const beforeJs = median(before.map((s) => sum(s.atLogin.filter(isScript))));
    const signInBytes = median(split.map((s) => sum(s.atSignIn)));
    const beforeSignInBytes = median(before.map((s) => sum(s.atSignIn)));
    const dashboardBytes = median(dashboard.map((d) => sum(d.fetched)));
    const formMs = median(split.map((s) => s.formMs));
    const beforeFormMs = median(before.map((s) => s.formMs));
    const loadMs = median(split.map((s) => s.loadMs));
    const beforeLoadMs = median(before.map((s) => s.loadMs));
    const chartMs = median(split.map((s) => s.signInToChartMs));
    const beforeChartMs = median(before.map((s) => s.signInToChartMs));
    const dashboardMs = median(dashboard.map((d) => d.chartMs));

    // Whether the server compresses is read off the responses, not assumed.
    const staticAtLogin = last.atLogin.filter(isStatic);
    const compressed = staticAtLogin.filter((f) => f.encoding !== '' && f.encoding !== 'identity');
    const staticBody = staticAtLogin.reduce((total, f) => total + f.body.length, 0);
    const staticWire = sum(staticAtLogin);
    // Level 6 is zlib's default, and what the usual express compression middleware sends.
    const staticGzip = staticAtLogin.reduce((total, f) => total + gzipSync(f.body, { level: 6 }).length, 0);
    const echartsBody = last.atSignIn.filter(isECharts).reduce((total, f) => total + f.body.length, 0);
    const echartsGzip = last.atSignIn.filter(isECharts).reduce((total, f) => total + gzipSync(f.body, { level: 6 }).length, 0);

    progress(`web: login ${kB(loginBytes)} (pre-split ${kB(beforeBytes)}), load ${fmtMs(loadMs)} (pre-split ${fmtMs(beforeLoadMs)}); sign-in → chart ${fmtMs(chartMs)} (pre-split ${fmtMs(beforeChartMs)})`);
    const notes = [
      `Static files are served ${compressed.length === 0 ? '**uncompressed**: no static response of the login page carried a Content-Encoding' : `compressed (${[...new Set(compressed.map((f) => f.encoding))].join(', ')})`}. For comparison, gzip at level 6 would make the login page's static bodies ${kB(staticGzip)} instead of ${kB(staticBody)} decoded, and the ECharts chunk ${kB(echartsGzip)} instead of ${kB(echartsBody)} (computed here with node:zlib on the decoded bodies, not measured over the wire; the transferred figure is headers + body as received).`,
      'Bytes are headers + body as received, summed over every HTTP response of the phase (document, scripts, styles, icon, API calls, socket.io polling); websocket frames are not counted.',
      'On loopback the bytes cost almost no time: the time figures are mostly parsing and running the code, which is what the split removes from the login page and adds to sign-in.',
    ];
    return {
      title: '6. Dashboard first load (Chromium)',
      method: [
        `The built server (web/dist served by the API, empty temp DATA_DIR with ${LIVE_POSTS} negative posts in the live window) and Debian's headless Chromium through playwright-core, ${VIEWPORT.width}×${VIEWPORT.height}.`,
        'Every scenario runs in a fresh browser context: a cold HTTP cache and, unless said, no session.',
        '**Login page**: open `/` (the guard sends an anonymous visitor to `/login`), until the login form is rendered, the load event, and the network idle. **Sign-in**: from the form\'s submit event until the Live volume chart\'s canvas holds the negative-sentiment colour of the posts above (checked every animation frame), i.e. until the chart has drawn its data.',
        '**Baseline "pre-split"**: the same two steps, but the served index.html is rewritten to load the assets that sign-in fetched (Live\'s chunks, ECharts among them, and their CSS) as module scripts before the entry, as the entry\'s static import of Live did before the split. A simulation on the current build, so chunk boundaries differ slightly from the old build\'s.',
        '**Baseline "signed-in dashboard"**: a fresh context holding the session of a previous sample (its local storage) opens `/` cold, until Live\'s chart is drawn: the whole dashboard\'s first load.',
        `Medians over ${SAMPLES} samples, after ${WARMUP_SAMPLES} warm-up round; the scenarios alternate within each round. Every document goes through the same Playwright route (rewritten or not), so its cost is in every figure.`,
      ],
      settings: { samples: SAMPLES, 'warm-up rounds': WARMUP_SAMPLES, 'posts in the live window': LIVE_POSTS, viewport: `${VIEWPORT.width}×${VIEWPORT.height}` },
      rows: [
        {
          metric: 'ECharts bytes fetched by the login page (worst sample)',
          value: `${fmtInt(Math.max(...echartsAtLogin))} B`,
          baseline: `${kB(echartsChunk)} (the ECharts chunk, fetched at sign-in)`,
          goal: '0 B',
          met: Math.max(...echartsAtLogin) === 0,
        },
        { metric: 'login page: bytes transferred', value: kB(loginBytes), baseline: `${kB(beforeBytes)} (pre-split)`, goal: '' },
        { metric: 'login page: JavaScript transferred', value: kB(loginJs), baseline: `${kB(beforeJs)} (pre-split)`, goal: '' },
        { metric: 'login page: form rendered (from navigation start)', value: fmtMs(formMs), baseline: `${fmtMs(beforeFormMs)} (pre-split)`, goal: '' },
        { metric: 'login page: load event end', value: fmtMs(loadMs), baseline: `${fmtMs(beforeLoadMs)} (pre-split)`, goal: '' },
        { metric: 'sign-in → Live chart drawn', value: fmtMs(chartMs), baseline: `${fmtMs(beforeChartMs)} (pre-split: ECharts already loaded)`, goal: '' },
        { metric: 'sign-in: bytes transferred', value: kB(signInBytes), baseline: `${kB(beforeSignInBytes)} (pre-split)`, goal: '' },
        { metric: 'signed-in dashboard, cold: navigation → Live chart drawn', value: fmtMs(dashboardMs), baseline: `${fmtMs(formMs)} (login form rendered)`, goal: '' },
        { metric: 'signed-in dashboard, cold: bytes transferred', value: kB(dashboardBytes), baseline: `${kB(loginBytes)} (login page)`, goal: '' },
        {
          metric: `login page static files: transferred (${compressed.length === 0 ? 'uncompressed' : [...new Set(compressed.map((f) => f.encoding))].join(', ')})`,
          value: kB(staticWire),
          baseline: `${kB(staticBody)} decoded; ${kB(staticGzip)} if gzip'd at level 6 (computed)`,
          goal: '',
        },
      ],
      notes,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    await browser.close();
    await server.stop();
  }
}
