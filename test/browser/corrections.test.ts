import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from '../support/chromium';
import { aPostInput } from '../support/post-inputs';
import { ROOT, TestServer } from '../support/server';

const SHOTS = join(ROOT, 'test-results');

interface WirePost {
  id: string;
  sentiment: { label: string; score: number };
  topics: string[];
  corrected?: boolean;
}

describe('correcting a post in the dashboard (Chromium)', () => {
  const server = new TestServer();
  let browser: Browser;

  beforeAll(async () => {
    await server.start();
    await server.login();
    for (const [username, role] of [['ana', 'analyst'], ['mara', 'marketing']] as const) {
      expect((await server.request('POST', '/api/v1/users', { username, password: `${username}-lantern-quilt`, role })).status).toBe(201);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  const signIn = (username: string): Promise<Page> => signedInPage(browser, server.url, username, `${username}-lantern-quilt`);

  it('lets an analyst correct a live post: the card updates in place and the API has the label', async () => {
    const marker = `corregir${Date.now()}`;
    const input = aPostInput({ text: `Excelente atención, gracias! ${marker}` });
    const id = `${input.source}:${input.id}`;
    expect((await server.request('POST', '/api/v1/posts', [input])).status).toBe(202);

    const page = await signIn('ana');
    const card = page.getByTestId('live-post').filter({ hasText: marker });
    await card.waitFor({ timeout: 15_000 });
    await expect.poll(() => card.locator('[data-sentiment]').getAttribute('data-sentiment')).toBe('positive');

    await card.getByTestId('post-correct').click();
    await card.getByTestId('correct-sentiment-negative').click();
    await page.screenshot({ path: join(SHOTS, 'correction-open.png') });
    await card.getByTestId('correct-topic-billing').click();
    await card.getByTestId('correct-save').click();
    await card.getByTestId('post-corrected').waitFor({ timeout: 10_000 });
    // Live updates keep arriving with the post as first analysed; the card must keep the correction.
    await page.waitForTimeout(1500);
    expect(await card.locator('[data-sentiment]').getAttribute('data-sentiment')).toBe('negative');
    await page.screenshot({ path: join(SHOTS, 'correction.png') });

    const stored = await server.get<{ items: WirePost[] }>(`/api/v1/posts?q=${marker}`);
    expect(stored.body.items).toEqual([expect.objectContaining({ id, corrected: true, sentiment: { label: 'negative', score: -1 } })]);
    expect(stored.body.items[0].topics).toContain('billing');
    const labels = await server.get<{ items: Array<{ postId: string; by: string; sentiment: string }> }>('/api/v1/labels');
    expect(labels.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ postId: id, by: 'ana', sentiment: 'negative' })]));
    await page.close();
  });

  it('lets an analyst correct a post from the History post explorer', async () => {
    const marker = `historia${Date.now()}`;
    const input = aPostInput({ text: `Me cobraron de más en la factura ${marker}` });
    const id = `${input.source}:${input.id}`;
    expect((await server.request('POST', '/api/v1/posts', [input])).status).toBe(202);
    await server.waitForTotal(`q=${marker}`, 1);

    const page = await signIn('ana');
    await page.goto(`${server.url}/history?q=${marker}&drill=1`);
    const card = page.getByTestId('drill-post').filter({ hasText: marker });
    await card.waitFor({ timeout: 15_000 });
    await card.getByTestId('post-correct').click();
    await card.getByTestId('correct-sentiment-neutral').click();
    await card.getByTestId('correct-save').click();
    await card.getByTestId('post-corrected').waitFor({ timeout: 10_000 });
    expect(await card.locator('[data-sentiment]').getAttribute('data-sentiment')).toBe('neutral');

    const stored = await server.get<{ items: WirePost[] }>(`/api/v1/posts?q=${marker}`);
    expect(stored.body.items).toEqual([expect.objectContaining({ id, corrected: true, sentiment: { label: 'neutral', score: 0 } })]);
    await page.close();
  });

  it('offers no correction control to a marketing user', async () => {
    expect((await server.request('POST', '/api/v1/posts', [aPostInput({ text: 'Sin señal en Palermo' })])).status).toBe(202);
    const page = await signIn('mara');
    await page.getByTestId('live-post').first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('post-correct').count()).toBe(0);
    await page.close();
  });
});
