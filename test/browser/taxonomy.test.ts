import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from '../support/chromium';
import { aPostInput } from '../support/post-inputs';
import { ADMIN_PASSWORD, TestServer } from '../support/server';

describe('taxonomy editor in Chromium', () => {
  const server = new TestServer();
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await server.start();
    await server.login();
    browser = await launchChromium();
    page = await signedInPage(browser, server.url, 'admin', ADMIN_PASSWORD);
  });
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  it('shows a bad query as it is typed, then adds a group and re-categorises history', async () => {
    const range = 'from=2026-01-10T00:00:00Z&to=2026-01-11T00:00:00Z';
    await server.request('POST', '/api/v1/posts', [aPostInput({ createdAt: '2026-01-10T12:00:00Z', text: 'cuándo llega la fibra a Tandil' })]);
    await server.waitForTotal(range, 1);

    await page.getByTestId('nav-taxonomy').click();
    await expect.poll(() => page.getByTestId('taxonomy-group').count(), { timeout: 10_000 }).toBe(7);

    const outage = page.locator('[data-group="outage"]');
    const es = outage.getByTestId('taxonomy-query-es');
    const original = await es.inputValue();
    await es.fill('corte AND');
    await es.blur();
    await expect.poll(() => outage.getByTestId('taxonomy-query-error').textContent(), { timeout: 5_000 }).toMatch(/position/);
    await expect.poll(() => page.getByTestId('taxonomy-save').isDisabled()).toBe(true);
    await es.fill(original);
    await es.blur();
    await expect.poll(() => outage.getByTestId('taxonomy-query-error').count(), { timeout: 5_000 }).toBe(0);

    await page.getByTestId('taxonomy-add').click();
    const added = page.getByTestId('taxonomy-group').last();
    await added.getByTestId('taxonomy-group-id').fill('fiber');
    await added.getByTestId('taxonomy-query-es').fill('fibra');
    await added.getByTestId('taxonomy-query-es').blur();
    await added.getByTestId('taxonomy-query-en').fill('fiber');
    await added.getByTestId('taxonomy-query-en').blur();
    await page.getByTestId('taxonomy-save').click();

    await expect.poll(() => page.getByTestId('recategorization').getAttribute('data-state'), { timeout: 15_000 }).toBe('done');
    const topics = await server.get<{ items: Array<{ key: string; count: number }> }>(`/api/v1/history/breakdown?${range}&split=topic`);
    expect(topics.body.items).toContainEqual(expect.objectContaining({ key: 'fiber', count: 1 }));
  });
});
