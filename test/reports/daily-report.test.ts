import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayRange, localDay } from '@escucha/alerts';
import { launchChromium, signedInPage } from '../support/chromium';
import { aPostInput } from '../support/post-inputs';
import { ADMIN_PASSWORD, TestServer, waitFor } from '../support/server';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

const DAY_MS = 86_400_000;

interface Report {
  day: string;
  posts: number;
  previousPosts: number;
  sentiment: { positive: number; neutral: number; negative: number; net: number };
  intents: Array<{ key: string; count: number; previous: number; delta: { abs: number; pct: number | null } }>;
  shareOfVoice: Array<{ key: string; count: number }>;
}

describe('the daily report: on demand through the API, and by email each morning', () => {
  // Local noon now, so "yesterday" cannot change while the test runs, whatever the hour it runs at.
  const minutes = Math.floor((Date.now() % DAY_MS) / 60_000);
  const offset = 720 - minutes;
  const yesterday = localDay(new Date(Date.now() - DAY_MS), offset);
  const { from } = dayRange(yesterday, offset);
  const at = (hoursFromYesterday: number) => new Date(from.getTime() + hoursFromYesterday * 3_600_000).toISOString();
  let smtp: SmtpSink;
  let server: TestServer;

  beforeAll(async () => {
    smtp = await startSmtpSink();
    server = new TestServer({ SMTP_URL: smtp.url, ALERTS_EMAIL_FROM: 'escucha@example.com', ALERTS_UTC_OFFSET_MINUTES: String(offset) });
    await server.start();
    await server.login();
    const posts = [
      aPostInput({ createdAt: at(10), text: 'Sin señal en Córdoba desde la mañana, Aurora no anda' }),
      aPostInput({ createdAt: at(11), text: 'Gracias Aurora Móvil, excelente atención en la sucursal' }),
      // Names a competitor: share of voice counts it, the brand's figures leave it out.
      aPostInput({ createdAt: at(12), text: 'Me paso a Pampa Tel, Aurora Móvil está carísimo' }),
      aPostInput({ createdAt: at(-5), text: 'Consulta por el plan de Aurora' }),
      aPostInput({ createdAt: at(25), text: 'Hoy todo bien con Aurora' }),
    ];
    expect((await server.request('POST', '/api/v1/posts', posts)).status).toBe(202);
    await server.waitForTotal(`from=${at(-24)}&to=${at(48)}`, posts.length);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await smtp?.close();
  });

  it('answers a day beside the day before, the brand\'s figures without competitors\' posts', async () => {
    const { status, body } = await server.get<Report>(`/api/v1/reports/daily?day=${yesterday}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ day: yesterday, posts: 2, previousPosts: 1, postsDelta: { abs: 1, pct: 100 } });
    expect(body.sentiment.negative + body.sentiment.positive + body.sentiment.neutral).toBe(2);
    expect(body.sentiment.negative).toBe(1);
    expect(body.intents).toEqual(expect.arrayContaining([{ key: 'outage', count: 1, previous: 0, delta: { abs: 1, pct: null } }]));
    expect(Object.fromEntries(body.shareOfVoice.map((e) => [e.key, e.count]))).toEqual({ aurora: 3, pampatel: 1 });
    // Without a day: yesterday, local time.
    expect((await server.get<Report>('/api/v1/reports/daily')).body.day).toBe(yesterday);
  });

  it('refuses a day that is not a date, and an anonymous reader', async () => {
    const bad = await server.get<{ message: string }>('/api/v1/reports/daily?day=2026-02-30');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/day must be a date as YYYY-MM-DD/);
    expect((await server.get('/api/v1/reports/daily?day=yesterday')).status).toBe(400);
    expect((await server.request('GET', '/api/v1/reports/daily', undefined, null)).status).toBe(401);
  });

  it('says what is missing when asked to send without recipients', async () => {
    const refused = await server.request<{ code: string; message: string }>('POST', '/api/v1/reports/daily/send', {});
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/REPORT_EMAIL_TO/);
  });

  it('sends yesterday\'s report once the hour has passed, once, and again only when an admin asks', async () => {
    await server.kill('SIGTERM');
    Object.assign(server.env, { REPORT_EMAIL_TO: 'marketing@example.com, cx@example.com', REPORT_HOUR: '0', PUBLIC_URL: server.url });
    await server.start();
    await server.login();
    const mail = await waitFor('the daily report', async () => smtp.mails[0], 30_000);
    expect(mail.to).toBe('marketing@example.com,cx@example.com');
    expect(mail.subject).toMatch(/^Escucha, resumen del .+: 2 publicaciones, sentimiento neto /);
    expect(mail.text).toContain('Publicaciones sobre la marca: 2 (día anterior: 1).');
    expect(mail.text).toMatch(/Cuota de voz: Aurora Móvil 75 ?%, Pampa Tel 25 ?%/);
    // PUBLIC_URL set: the mail ends with the day on the Report page.
    expect(mail.text.trim().split('\n').at(-1)).toBe(`Ver en Escucha: ${server.url}/report?day=${yesterday}`);

    // A restart finds it sent and leaves it.
    await server.kill('SIGTERM');
    await server.start();
    await server.login();
    await new Promise((done) => setTimeout(done, 3_000));
    expect(smtp.mails).toHaveLength(1);

    const asked = await server.request<{ day: string; to: string[] }>('POST', '/api/v1/reports/daily/send', { day: yesterday });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ day: yesterday, to: ['marketing@example.com', 'cx@example.com'] });
    await waitFor('the report asked for', async () => (smtp.mails.length === 2 ? true : undefined), 30_000);
    expect(smtp.mails[1].subject).toBe(mail.subject);
  }, 120_000);

  it('shows the day on the Report page, and an admin sends it from there', async () => {
    const browser = await launchChromium();
    try {
      const page = await signedInPage(browser, server.url, 'admin', ADMIN_PASSWORD);
      await page.getByTestId('nav-report').click();
      await page.getByTestId('report-kpis').waitFor({ timeout: 15_000 });
      expect(await page.getByTestId('report-day').inputValue()).toBe(yesterday);
      expect(await page.getByTestId('report-posts').getAttribute('data-value')).toBe('2');
      expect(await page.locator('[data-testid="report-voices"] li').allTextContents()).toEqual([expect.stringMatching(/^Aurora Móvil\s*75\s?%/), expect.stringMatching(/^Pampa Tel\s*25\s?%/)]);
      expect(await page.locator('[data-testid="report-intents"] tr[data-key="outage"]').count()).toBe(1);

      // The email's link opens its day; any other day works the same way.
      const dayBefore = localDay(new Date(from.getTime() - DAY_MS), offset);
      await page.goto(`${server.url}/report?day=${dayBefore}`);
      await expect.poll(() => page.getByTestId('report-posts').getAttribute('data-value'), { timeout: 15_000 }).toBe('1');
      expect(await page.getByTestId('report-day').inputValue()).toBe(dayBefore);
      await page.goto(`${server.url}/report?day=${yesterday}`);
      await expect.poll(() => page.getByTestId('report-posts').getAttribute('data-value'), { timeout: 15_000 }).toBe('2');

      const before = smtp.mails.length;
      await page.getByTestId('report-send').click();
      expect(await page.getByTestId('report-sent').textContent()).toContain('marketing@example.com');
      await waitFor('the report sent from the page', async () => (smtp.mails.length > before ? true : undefined), 30_000);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
