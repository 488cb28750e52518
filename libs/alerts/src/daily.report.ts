import { ValidationError, deltaOf, netSentiment, type AlertSensitivity, type CountEntry, type DailyReport, type DayCount, type PostFilter } from '@escucha/core';
import type { AlertStore, PostStore } from '@escucha/store';
import type { AlertMessage } from './alert.message';
import type { NotificationWording } from './notification.wording';

const DAY_MS = 86_400_000;

/**
 * Queue options of a report's job. While mail is down it is tried again 1, 2, 4… 64 minutes apart
 * (about two hours in all); the worker's look each minute finds the job still waiting out its
 * back-off and adds nothing. Only once it has failed for good does the next look start it afresh.
 */
export const DAILY_REPORT_RETRIES = { attempts: 8, backoffMs: 60_000 } as const;
const TOP_TOPICS = 5;
const TOP_ALERTS = 5;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `day`'s local midnight to the next, at `utcOffsetMinutes`; a bad day is a ValidationError. */
export function dayRange(day: string, utcOffsetMinutes: number): { from: Date; to: Date } {
  const match = DAY.exec(day);
  const start = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || new Date(start).toISOString().slice(0, 10) !== day) throw new ValidationError(`day must be a date as YYYY-MM-DD, got "${day}"`);
  const from = new Date(start - utcOffsetMinutes * 60_000);
  return { from, to: new Date(from.getTime() + DAY_MS) };
}

/** The local date of `at`, YYYY-MM-DD. */
export function localDay(at: Date, utcOffsetMinutes: number): string {
  return new Date(at.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

/**
 * The latest day whose report is due at `now`: yesterday once the local clock has passed `hour`,
 * the day before until then. Only the latest: a process down for a week sends one report, not seven.
 */
export function dueDay(now: Date, hour: number, utcOffsetMinutes: number): string {
  const local = new Date(now.getTime() + utcOffsetMinutes * 60_000);
  const back = local.getUTCHours() >= hour ? 1 : 2;
  return new Date(local.getTime() - back * DAY_MS).toISOString().slice(0, 10);
}

export class DailyReportBuilder {
  constructor(
    private readonly posts: PostStore,
    private readonly alerts: AlertStore,
    private readonly utcOffsetMinutes: number,
  ) {}

  /** `brands`: the analyser's (`vocabularyLabels` in libs/analysis); its competitors' posts are left out of the brand's figures. */
  async build(day: string, brands: { entities: ReadonlyArray<{ id: string; role: 'brand' | 'competitor' }> }): Promise<DailyReport> {
    const { from, to } = dayRange(day, this.utcOffsetMinutes);
    const competitors = brands.entities.filter((entity) => entity.role === 'competitor').map((entity) => entity.id);
    const brand = (range: { from: Date; to: Date }): PostFilter => ({ ...range, ...(competitors.length ? { excludeEntities: [...competitors] } : {}) });
    const today = brand({ from, to });
    const before = brand({ from: new Date(from.getTime() - DAY_MS), to: from });
    const [posts, previousPosts, sentiment, previousSentiment, topics, previousTopics, intents, previousIntents, shareOfVoice, alerts] = await Promise.all([
      this.posts.count(today),
      this.posts.count(before),
      this.posts.breakdown(today, 'sentiment', 3),
      this.posts.breakdown(before, 'sentiment', 3),
      this.posts.breakdown(today, 'topic', TOP_TOPICS),
      this.posts.breakdown(before, 'topic', 1000),
      this.posts.breakdown(today, 'intent', 1000),
      this.posts.breakdown(before, 'intent', 1000),
      this.posts.breakdown({ from, to }, 'entity', 20),
      this.alerts.listAlerts({ since: from, limit: 500 }),
    ]);
    const opened = alerts.filter((alert) => alert.openedAt.getTime() < to.getTime());
    const rank: Record<AlertSensitivity, number> = { high: 0, medium: 1, low: 2 };
    opened.sort((a, b) => rank[a.severity] - rank[b.severity] || a.openedAt.getTime() - b.openedAt.getTime());
    return {
      day,
      from: from.toISOString(),
      to: to.toISOString(),
      posts,
      previousPosts,
      postsDelta: deltaOf(posts, previousPosts),
      sentiment: sentimentOf(sentiment),
      previousNet: sentimentOf(previousSentiment).net,
      topics: beside(topics, previousTopics),
      intents: beside(intents, previousIntents),
      shareOfVoice,
      alerts: {
        opened: opened.length,
        top: opened.slice(0, TOP_ALERTS).map((a) => ({
          ruleId: a.ruleId,
          ruleName: a.ruleName,
          scopeKey: a.scopeKey,
          severity: a.severity,
          observed: a.observed,
          expected: Math.round(a.expected * 10) / 10,
          openedAt: a.openedAt.toISOString(),
        })),
      },
    };
  }
}

function sentimentOf(entries: readonly CountEntry[]): DailyReport['sentiment'] {
  const count = (label: string) => entries.find((entry) => entry.key === label)?.count ?? 0;
  const [positive, neutral, negative] = [count('positive'), count('neutral'), count('negative')];
  return { positive, neutral, negative, net: netSentiment(positive, negative, positive + neutral + negative) };
}

function beside(today: readonly CountEntry[], before: readonly CountEntry[]): DayCount[] {
  const previous = new Map(before.map((entry) => [entry.key, entry.count]));
  return today.map((entry) => {
    const before = previous.get(entry.key) ?? 0;
    return { key: entry.key, count: entry.count, previous: before, delta: deltaOf(entry.count, before) };
  });
}

/** The report as an email: the figures in sentences, numbers written as the language writes them. */
export function dailyReportMessage(report: DailyReport, wording: NotificationWording): AlertMessage {
  const words = wording.words.report;
  const { none, intent, locale } = wording.words;
  const labels = wording.labels;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const points = new Intl.NumberFormat(locale, { signDisplay: 'exceptZero', maximumFractionDigits: 0 });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${report.day}T00:00:00Z`));
  const { positive, neutral, negative, net } = report.sentiment;
  const all = positive + neutral + negative;
  const share = (n: number) => percent.format(all === 0 ? 0 : n / all);
  const list = (entries: readonly DayCount[], name: (key: string) => string) =>
    entries.length ? entries.map((e) => `${name(e.key)} ${wording.number(e.count)} (${wording.number(e.previous)})`).join(', ') : none;
  const voices = report.shareOfVoice.reduce((sum, e) => sum + e.count, 0);
  const lines = [
    words.posts(wording.number(report.posts), wording.number(report.previousPosts)),
    words.sentiment(share(negative), share(neutral), share(positive), points.format(net * 100), points.format(report.previousNet * 100)),
    `${words.topics}: ${list(report.topics, labels.topic)}.`,
    `${words.intents}: ${list(report.intents.filter((e) => e.key in intent), (key) => intent[key])}.`,
    `${words.shareOfVoice}: ${voices === 0 ? none : report.shareOfVoice.map((e) => `${labels.entity(e.key)} ${percent.format(e.count / voices)}`).join(', ')}.`,
    [
      words.alerts(wording.number(report.alerts.opened)),
      ...report.alerts.top.map((a) =>
        words.alert(
          `${wording.ruleName({ id: a.ruleId, name: a.ruleName })}${wording.scope(a.scopeKey)}`,
          wording.number(a.observed),
          wording.number(a.expected),
          wording.time(new Date(a.openedAt)),
        ),
      ),
    ].join('\n'),
    ...wording.link('/report', { day: report.day }),
  ];
  return { title: words.title(date, wording.number(report.posts), points.format(net * 100)), lines };
}
