import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Debian's Chromium for the browser tests: installed when missing and we may, otherwise a loud failure, never a skip. */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`${CHROMIUM} is missing and this user cannot install it: run "sudo apt-get install -y chromium"`);
  }
  process.stdout.write('Installing Debian chromium for the browser tests...\n');
  const apt = (...args: string[]) => execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  try {
    apt('install', '-y', 'chromium');
  } catch {
    apt('update');
    apt('install', '-y', 'chromium');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get ran but ${CHROMIUM} is still missing`);
}

/**
 * Debian's Chromium, headless. Without the background-networking flags it keeps trying to
 * reach Google's hosts, which this machine's closed network refuses many at a time.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new page (a context of its own: no session shared with another page) signed in through the form, on the Live view. */
export async function signedInPage(browser: Browser, url: string, username: string, password: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await submitLogin(page, url, username, password);
  await page.getByTestId('live-volume-chart').waitFor({ timeout: 15_000 });
  return page;
}

/** Fills and submits the login form at `url`; the caller waits for what success looks like to it. */
export async function submitLogin(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await fillLogin(page, username, password);
}

/** Fills and submits the login form already on `page`, for callers that look at the page before signing in. */
export async function fillLogin(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}
