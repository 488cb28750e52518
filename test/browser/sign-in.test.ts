import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPostInput } from '../support/post-inputs';
import { launchChromium, signedInPage } from '../support/chromium';
import { ADMIN_PASSWORD, TestServer } from '../support/server';

describe('sign-in and API keys in Chromium', () => {
  const server = new TestServer();
  let browser: Browser;

  beforeAll(async () => {
    await server.start();
    await server.login();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  const signIn = (username: string, password: string): Promise<Page> => signedInPage(browser, server.url, username, password);

  it('the logout button revokes the token on the API, not only in the page', async () => {
    const page = await signIn('admin', ADMIN_PASSWORD);
    const token = await page.evaluate<string | null>("localStorage.getItem('escucha.token')");
    expect(token).toBeTruthy();
    expect((await server.get('/api/v1/auth/me', token)).status).toBe(200);
    await page.getByTestId('logout').click();
    await page.waitForURL((url) => url.pathname === '/login', { timeout: 10_000 });
    expect(await page.evaluate<string | null>("localStorage.getItem('escucha.token')")).toBeNull();
    expect((await server.get('/api/v1/auth/me', token)).status).toBe(401);
    await page.close();
  });

  it('lets an admin create a key (shown once), see its last use, and revoke it', async () => {
    const page = await signIn('admin', ADMIN_PASSWORD);
    page.on('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('nav-api-keys').click();
    await page.getByTestId('api-key-form').waitFor();
    await page.getByTestId('api-key-name').fill('crm feeder');
    await page.getByTestId('api-key-scope').selectOption('ingest');
    await page.getByTestId('api-key-create').click();

    const key = (await page.getByTestId('api-key-secret').textContent({ timeout: 10_000 }))?.trim() ?? '';
    expect(key).toMatch(/^esk_[0-9a-f]{16}_/);
    const row = page.locator('[data-testid="api-key-row"]').filter({ hasText: 'crm feeder' });
    await row.waitFor();
    const id = await row.getAttribute('data-key');
    expect(key).toContain(id);

    expect((await server.request('POST', '/api/v1/posts', [aPostInput()], null, { 'x-api-key': key })).status).toBe(202);
    await expect
      .poll(async () => {
        await page.getByTestId('api-keys-refresh').click();
        return row.getByTestId('api-key-last-used').textContent();
      }, { timeout: 10_000 })
      .not.toMatch(/Never|Nunca/);

    // Shown once: after a reload only the list remains, without the key.
    await page.reload();
    await row.waitFor();
    expect(await page.getByTestId('api-key-created').count()).toBe(0);
    expect(await page.content()).not.toContain(key);

    await row.getByTestId('api-key-revoke').click();
    await expect.poll(() => row.count()).toBe(0);
    expect((await server.request('POST', '/api/v1/posts', [aPostInput()], null, { 'x-api-key': key })).status).toBe(401);
    await page.close();
  });

  it('tells a locked-out user how long to wait', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    for (let i = 0; i < 10; i++) await server.request('POST', '/api/v1/auth/login', { username: 'nobody', password: `wrong-${i}` }, null);
    await page.getByTestId('login-username').fill('nobody');
    await page.getByTestId('login-password').fill('still-wrong');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent(), { timeout: 10_000 }).toMatch(/(15|14) min/);
    await page.close();
  });
});
