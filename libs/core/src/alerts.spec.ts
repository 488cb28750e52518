import { describe, expect, it } from 'vitest';
import { checkAlertRule, inQuietHours, type AlertRuleInput } from './alerts';

const rule = (overrides: Partial<AlertRuleInput> = {}): AlertRuleInput => ({
  name: 'Outage',
  enabled: true,
  scope: { intents: ['outage'] },
  sensitivity: 'high',
  minCount: 5,
  channels: { banner: true },
  maxPerHour: 6,
  digestMinutes: 0,
  ...overrides,
});

describe('alert rules', () => {
  it('accepts a runnable rule and names the field of one that is not', () => {
    expect(() => checkAlertRule(rule())).not.toThrow();
    expect(() => checkAlertRule(rule({ scope: { sentiments: ['angry' as never] } }))).toThrow(/scope.sentiments/);
    expect(() => checkAlertRule(rule({ scope: { sources: ['fax' as never] } }))).toThrow(/scope.sources/);
    expect(() => checkAlertRule(rule({ splitBy: 'city' as never }))).toThrow(/splitBy/);
    expect(() => checkAlertRule(rule({ channels: { banner: true, webhook: { url: 'ftp://x' } } }))).toThrow(/webhook.url/);
    expect(() => checkAlertRule(rule({ channels: { banner: true, email: { to: ['not-an-address'] } } }))).toThrow(/email.to/);
    expect(() => checkAlertRule(rule({ digestMinutes: -1 }))).toThrow(/digestMinutes/);
  });

  it('reads quiet hours in local time, across midnight too', () => {
    const at = (utc: string) => new Date(`2026-03-02T${utc}:00.000Z`);
    // 23:00–07:00 at UTC-3: 02:30 UTC is 23:30 local (quiet), 11:00 UTC is 08:00 local (not).
    expect(inQuietHours({ from: '23:00', to: '07:00' }, at('02:30'), -180)).toBe(true);
    expect(inQuietHours({ from: '23:00', to: '07:00' }, at('09:59'), -180)).toBe(true);
    expect(inQuietHours({ from: '23:00', to: '07:00' }, at('11:00'), -180)).toBe(false);
    expect(inQuietHours({ from: '12:00', to: '14:00' }, at('15:30'), -180)).toBe(true);
    expect(inQuietHours({ from: '12:00', to: '14:00' }, at('17:00'), -180)).toBe(false);
    expect(inQuietHours(undefined, at('02:30'), -180)).toBe(false);
  });
});
