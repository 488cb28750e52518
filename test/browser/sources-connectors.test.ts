import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from '../support/chromium';
import { FakeJetstream } from '../support/fake-jetstream';
import { ADMIN_PASSWORD, TestServer } from '../support/server';

describe('connector sources on the Sources page in Chromium', () => {
  const jetstream = new FakeJetstream();
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    await jetstream.start();
    server = new TestServer({ BLUESKY_QUERIES: 'hipoteca', BLUESKY_JETSTREAM_URL: jetstream.url, BLUESKY_RETRY_MS: '50' });
    await server.start();
    await server.login();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await jetstream.stop();
  });

  const signIn = (): Promise<Page> => signedInPage(browser, server.url, 'admin', ADMIN_PASSWORD);

  it('shows the Bluesky stream connected, then not while paused, and adds a Facebook source whose secrets never come back', async () => {
    const page = await signIn();
    await page.getByTestId('nav-sources').click();
    const bluesky = page.locator('[data-testid="source-row"][data-source="bluesky"]');
    await bluesky.waitFor({ timeout: 10_000 });
    const connection = bluesky.getByTestId('source-connection');
    await expect.poll(() => connection.getAttribute('data-connected'), { timeout: 20_000 }).toBe('true');
    expect(await connection.textContent()).toMatch(/0 (reconnects|reconexiones)/);

    await bluesky.getByTestId('source-pause').click();
    await expect.poll(() => connection.getAttribute('data-connected'), { timeout: 20_000 }).toBe('false');
    expect(jetstream.connected).toBe(0);
    await bluesky.getByTestId('source-resume').click();
    await expect.poll(() => connection.getAttribute('data-connected'), { timeout: 20_000 }).toBe('true');

    const appSecret = 'facebook-app-secret-for-the-browser';
    await page.getByTestId('source-name').fill('Páginas del banco');
    await page.getByTestId('source-id').fill('fb-browser');
    await page.getByTestId('source-kind').selectOption('facebook');
    await page.getByTestId('source-channel').selectOption('facebook');
    await page.getByTestId('source-app-secret').fill(appSecret);
    await page.getByTestId('source-verify-token').fill('verify-me');
    await page.getByTestId('source-add').click();
    const facebook = page.locator('[data-testid="source-row"][data-source="fb-browser"]');
    await facebook.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('source-app-secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(appSecret);
    const challenge = await fetch(`${server.url}/api/v1/webhooks/fb-browser?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42`);
    expect(await challenge.text()).toBe('42');
  });
});
