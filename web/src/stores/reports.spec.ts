import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DailyReport } from '../api/types';
import { fakeApi, reply } from '../test-support/fakeApi';
import { useReportsStore, yesterday } from './reports';

const aReport = (day: string): DailyReport => ({
  day,
  from: `${day}T03:00:00.000Z`,
  to: `${day}T03:00:00.000Z`,
  posts: 12,
  previousPosts: 10,
  postsDelta: { abs: 2, pct: 20 },
  sentiment: { positive: 2, neutral: 4, negative: 6, net: -0.333 },
  previousNet: -0.1,
  topics: [{ key: 'outage', count: 5, previous: 1, delta: { abs: 4, pct: 400 } }],
  intents: [],
  shareOfVoice: [],
  alerts: { opened: 0, top: [] },
});

describe('reports store', () => {
  let api: ReturnType<typeof fakeApi>;
  beforeEach(() => setActivePinia(createPinia()));
  afterEach(() => api.restore());

  it('starts on yesterday, by the browser\'s calendar', () => {
    api = fakeApi({});
    expect(yesterday(new Date(2026, 0, 1, 9, 0))).toBe('2025-12-31');
    expect(yesterday(new Date(2026, 2, 1, 0, 5))).toBe('2026-02-28');
  });

  it('asks for the day picked, and sends that day', async () => {
    api = fakeApi({
      'GET /api/v1/reports/daily': (call) => aReport(call.query.get('day')!),
      'POST /api/v1/reports/daily/send': (call) => ({ day: (call.body as { day: string }).day, to: ['mk@example.com'] }),
    });
    const reports = useReportsStore();
    await reports.load('2026-11-28');
    expect(reports.report?.day).toBe('2026-11-28');
    await reports.send();
    expect(api.calls.at(-1)?.body).toEqual({ day: '2026-11-28' });
    expect(reports.sent).toEqual({ day: '2026-11-28', to: ['mk@example.com'] });
    expect([reports.loading, reports.sending]).toEqual([false, false]);
  });

  it('says why a send was refused, keeping the report shown', async () => {
    api = fakeApi({
      'GET /api/v1/reports/daily': aReport('2026-11-29'),
      'POST /api/v1/reports/daily/send': reply(409, { code: 'NOT_CONFIGURED', message: 'the daily report has no recipients: set REPORT_EMAIL_TO (and SMTP_URL)' }),
    });
    const reports = useReportsStore();
    await reports.load('2026-11-29');
    await reports.send();
    expect(reports.sendError?.message).toMatch(/REPORT_EMAIL_TO/);
    expect(reports.report?.posts).toBe(12);
  });
});
