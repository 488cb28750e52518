import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, signedInPage } from '../support/chromium';
import { ADMIN_PASSWORD, TestServer } from '../support/server';

describe('the team in Chromium: an admin adds and manages users, each changes their own password', () => {
  const server = new TestServer();
  let browser: Browser;
  let admin: Page;
  /** Ana's first password, as the admin passes it on. */
  let first = '';

  beforeAll(async () => {
    await server.start();
    await server.login();
    browser = await launchChromium();
    admin = await signIn('admin', ADMIN_PASSWORD);
    admin.on('dialog', (dialog) => void dialog.accept());
  });
  afterAll(async () => {
    await browser?.close();
    await server.stop();
  });

  const signIn = (username: string, password: string): Promise<Page> => signedInPage(browser, server.url, username, password);

  const row = (page: Page, username: string) => page.locator(`[data-testid="user-row"][data-user="${username}"]`);

  it('adds a colleague with a generated first password, shown once to pass on, and the colleague signs in with it', async () => {
    await admin.getByTestId('nav-users').click();
    await admin.getByTestId('user-form').waitFor();
    // The admin's own row cannot demote or disable them (another admin can).
    await expect.poll(() => row(admin, 'admin').getByTestId('user-role').isDisabled()).toBe(true);
    expect(await row(admin, 'admin').getByTestId('user-toggle').count()).toBe(0);
    // Their own password is changed on their account page, where this session survives it.
    expect(await row(admin, 'admin').getByTestId('user-password-own').getAttribute('href')).toBe('/account');

    await admin.getByTestId('user-username').fill('ana');
    await admin.getByTestId('user-new-role').selectOption('service');
    await admin.getByTestId('user-generate').click();
    first = await admin.getByTestId('user-password-input').inputValue();
    expect(first).toMatch(/^[A-Za-z2-9]{20}$/);
    await admin.getByTestId('user-create').click();

    expect((await admin.getByTestId('user-hand-over-password').textContent({ timeout: 10_000 }))?.trim()).toBe(first);
    await expect.poll(() => row(admin, 'ana').getByTestId('user-role').inputValue()).toBe('service');
    const listed = (await server.get<Array<{ username: string; role: string; disabled: boolean }>>('/api/v1/users')).body;
    expect(listed.find((user) => user.username === 'ana')).toMatchObject({ role: 'service', disabled: false });

    const ana = await signIn('ana', first);
    // A service agent sees customers, not the admin's pages.
    expect(await ana.getByTestId('nav-customers').count()).toBe(1);
    expect(await ana.getByTestId('nav-users').count()).toBe(0);
    await ana.close();
  });

  it('shows a weak password\'s reason from the API and adds nobody', async () => {
    await admin.getByTestId('user-username').fill('bob');
    await admin.getByTestId('user-password-input').fill('password123');
    await admin.getByTestId('user-create').click();
    await expect.poll(() => admin.getByTestId('users-error').textContent()).toMatch(/password/i);
    expect(await row(admin, 'bob').count()).toBe(0);
  });

  it('lets a user change their own password: a typo is an error, not a sign-out; then other sessions end and this one stays', async () => {
    const elsewhere = await server.login('ana', first);
    const ana = await signIn('ana', first);
    await ana.getByTestId('current-user').click();
    await ana.getByTestId('account-form').waitFor();
    expect(await ana.getByTestId('account-user').textContent()).toContain('ana');

    await ana.getByTestId('account-current').fill('not my password');
    await ana.getByTestId('account-next').fill('Otoño en Mendoza con viento zonda');
    await ana.getByTestId('account-repeat').fill('Otoño en Mendoza con viento');
    expect(await ana.getByTestId('account-mismatch').isVisible()).toBe(true);
    expect(await ana.getByTestId('account-save').isDisabled()).toBe(true);
    await ana.getByTestId('account-repeat').fill('Otoño en Mendoza con viento zonda');
    await ana.getByTestId('account-save').click();
    await expect.poll(() => ana.getByTestId('account-error').textContent()).toMatch(/current password/);
    expect(new URL(ana.url()).pathname).toBe('/account');

    await ana.getByTestId('account-current').fill(first);
    await ana.getByTestId('account-save').click();
    await ana.getByTestId('account-changed').waitFor({ timeout: 10_000 });
    expect((await server.get('/api/v1/auth/me', elsewhere)).status).toBe(401);
    // This tab holds the new token: it goes on working.
    const token = await ana.evaluate<string | null>("localStorage.getItem('escucha.token')");
    expect((await server.get('/api/v1/auth/me', token)).status).toBe(200);
    expect((await server.request('POST', '/api/v1/auth/login', { username: 'ana', password: first }, null)).status).toBe(401);
    expect((await server.request('POST', '/api/v1/auth/login', { username: 'ana', password: 'Otoño en Mendoza con viento zonda' }, null)).status).toBe(200);
    await ana.close();
  });

  it('changes a role, sets a new password and disables a user; each change ends that user\'s sessions', async () => {
    const session = await server.login('ana', 'Otoño en Mendoza con viento zonda');
    await admin.getByTestId('users-refresh').click();
    await row(admin, 'ana').getByTestId('user-role').selectOption('analyst');
    await expect.poll(async () => (await server.get('/api/v1/auth/me', session)).status).toBe(401);
    expect((await server.get<Array<{ username: string; role: string }>>('/api/v1/users')).body.find((u) => u.username === 'ana')?.role).toBe('analyst');

    await row(admin, 'ana').getByTestId('user-password').click();
    // The first password's notice goes: it would be passed on by mistake.
    expect(await admin.getByTestId('user-hand-over').count()).toBe(0);
    const reset = await row(admin, 'ana').getByTestId('user-new-password').inputValue();
    expect(reset).toMatch(/^[A-Za-z2-9]{20}$/);
    await row(admin, 'ana').getByTestId('user-password-save').click();
    await expect.poll(async () => (await admin.getByTestId('user-hand-over-password').textContent())?.trim()).toBe(reset);
    await expect.poll(async () => (await server.request('POST', '/api/v1/auth/login', { username: 'ana', password: reset }, null)).status).toBe(200);

    await row(admin, 'ana').getByTestId('user-toggle').click();
    await expect.poll(() => row(admin, 'ana').getByTestId('user-state').textContent()).toBe('Disabled');
    expect((await server.request('POST', '/api/v1/auth/login', { username: 'ana', password: reset }, null)).status).not.toBe(200);
    await row(admin, 'ana').getByTestId('user-toggle').click();
    await expect.poll(() => row(admin, 'ana').getByTestId('user-state').textContent()).toBe('Active');
    expect((await server.request('POST', '/api/v1/auth/login', { username: 'ana', password: reset }, null)).status).toBe(200);
  });
});
