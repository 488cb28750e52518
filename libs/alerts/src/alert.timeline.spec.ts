import { describe, expect, it } from 'vitest';
import en from '../../../web/src/i18n/en';
import es from '../../../web/src/i18n/es';
import { ALERT_WORDINGS, timelineEntry } from './alert.timeline';
import { defaultAlertRules } from './default.rules';
import { NOTIFICATION_WORDS } from './notification.wording';

const AT = new Date('2026-11-30T20:00:00.000Z');

describe('timelineEntry', () => {
  it('keeps the English message and kind API clients had, and the facts rounded as the message words them', () => {
    expect(timelineEntry(AT, { wording: 'opened', observed: 12, expected: 1.4567, score: 0.98765 })).toEqual({
      at: AT,
      kind: 'opened',
      message: '12 posts in the interval, 1.5 expected (score 0.99)',
      wording: 'opened',
      params: { observed: 12, expected: 1.5, score: 0.99 },
    });
    expect(timelineEntry(AT, { wording: 'back-to-normal', intervals: 3, observed: 2, expected: 2.04 })).toMatchObject({
      kind: 'resolved',
      message: 'back to normal for 3 intervals (2 posts, 2.0 expected)',
    });
  });

  it('keeps who acted as `by`, not among the facts', () => {
    const entry = timelineEntry(AT, { wording: 'acknowledged', by: 'ana' });
    expect(entry).toMatchObject({ kind: 'acknowledged', message: 'acknowledged by ana', by: 'ana', params: {} });
  });

  it('words deliveries and suppressions as before, channels joined in the facts', () => {
    const attempt = { channel: 'webhook', event: 'opened', attempt: 1, maxAttempts: 5 } as const;
    expect(timelineEntry(AT, { wording: 'delivered', ...attempt }).message).toBe('webhook opened delivered (attempt 1/5)');
    expect(timelineEntry(AT, { wording: 'delivery-failed', ...attempt, error: 'HTTP 500' }).message).toBe('webhook opened attempt 1/5 failed, will retry: HTTP 500');
    expect(timelineEntry(AT, { wording: 'delivery-gave-up', ...attempt, attempt: 5, error: 'HTTP 500' })).toMatchObject({
      kind: 'delivery-failed',
      message: 'webhook opened attempt 5/5 failed (giving up): HTTP 500',
    });
    const quiet = timelineEntry(AT, { wording: 'quiet-hours', from: '22:00', to: '07:00', channels: ['webhook', 'email'] });
    expect(quiet).toMatchObject({ kind: 'suppressed', message: 'quiet hours (22:00–07:00): webhook and email not sent', params: { channels: 'webhook,email' } });
    expect(timelineEntry(AT, { wording: 'rate-limit', maxPerHour: 1, channels: ['webhook'] }).message).toBe(
      'rate limit: 1 messages an hour for this rule already sent; webhook not sent',
    );
  });

  it('every wording the server writes has a dashboard wording in each language', () => {
    for (const messages of [en, es]) {
      expect(Object.keys(messages.alerts.wordings).sort()).toEqual([...ALERT_WORDINGS].sort());
    }
  });

  it('the dashboard knows every default rule by the name it is made with, to name it in the reader\'s language', () => {
    const made = Object.fromEntries(defaultAlertRules(['rival']).map((rule) => [rule.id, rule.name]));
    expect(en.alerts.defaultRules).toEqual(made);
    expect(Object.keys(es.alerts.defaultRules).sort()).toEqual(Object.keys(made).sort());
  });

  it('emails and webhooks name default rules and sources as the dashboard does, in each language', () => {
    const made = Object.fromEntries(defaultAlertRules(['rival']).map((rule) => [rule.id, rule.name]));
    expect(NOTIFICATION_WORDS.en.defaultRules).toEqual(made);
    for (const [language, messages] of [['en', en], ['es', es]] as const) {
      expect(NOTIFICATION_WORDS[language].defaultRules, language).toEqual(messages.alerts.defaultRules);
      expect(NOTIFICATION_WORDS[language].source, language).toEqual(messages.labels.source);
    }
  });
});
