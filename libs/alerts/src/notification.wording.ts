import { regionName, type AlertSensitivity, type Source } from '@escucha/core';

/** What Escucha writes to people (alert emails and webhook text, the daily report) is in one of these (NOTIFY_LANGUAGE). */
export type NotifyLanguage = 'es' | 'en';

/** Names for the analyser's own keys (topics, brands) in the message's language; an unknown key shows as it is. */
export interface NotificationLabels {
  topic(id: string): string;
  entity(id: string): string;
}

/** From an analyser's labels (`vocabularyLabels` in libs/analysis): topics in `language`, brands by name. */
export function notificationLabels(
  vocabulary: { topics: Record<string, Record<string, string>>; entities: ReadonlyArray<{ id: string; name: string }> },
  language: NotifyLanguage,
): NotificationLabels {
  return {
    topic: (id) => vocabulary.topics[id]?.[language] ?? vocabulary.topics[id]?.['*'] ?? id,
    entity: (id) => vocabulary.entities.find((entity) => entity.id === id)?.name ?? id,
  };
}

export const NOTIFICATION_WORDS = {
  es: {
    locale: 'es-AR',
    /** The default rules (default.rules.ts) by id, as the dashboard names them (a spec keeps the two alike). */
    defaultRules: { outage: 'Caídas', 'brand-volume': 'Volumen de la marca', 'negative-by-topic': 'Negativos por tema', 'by-intent': 'Intenciones', 'by-source': 'Fuentes', 'by-region': 'Regiones' } as Record<string, string>,
    /** As the dashboard names them (a spec keeps the two alike). */
    source: {
      x: 'X', mastodon: 'Mastodon', bluesky: 'Bluesky', facebook: 'Facebook', instagram: 'Instagram', reddit: 'Reddit', news: 'Noticias',
      callcenter: 'Centro de llamadas', forum: 'Foro', assistant: 'Asistente', email: 'Correo', survey: 'Encuesta', chat: 'Chat',
    } as Record<Source, string>,
    intent: { complaint: 'Quejas', churn: 'Bajas', outage: 'Reportes de caída', purchase: 'Compras', question: 'Preguntas', praise: 'Elogios' } as Record<string, string>,
    severity: { high: 'alta', medium: 'media', low: 'baja' } as Record<AlertSensitivity, string>,
    none: 'ninguno',
    link: (url: string) => `Ver en Escucha: ${url}`,
    alert: {
      opened: (rule: string) => `[Escucha] Alerta: ${rule}`,
      resolved: (rule: string) => `[Escucha] Resuelta: ${rule}`,
      digest: (rule: string, n: number, count: string) => `[Escucha] ${rule}: ${count} ${n === 1 ? 'alerta' : 'alertas'}`,
      facts: (what: string, observed: string, expected: string, severity: string) => `${what}: ${observed} publicaciones en el intervalo, ${expected} esperadas; severidad ${severity}.`,
      regions: (list: string) => ` Más afectadas: ${list}.`,
      openedAt: (when: string, id: string) => `Abierta el ${when} (hora local). Alerta ${id}.`,
      resolvedAt: (when: string) => `Resuelta el ${when} (hora local).`,
    },
    report: {
      title: (day: string, posts: string, net: string) => `Escucha, resumen del ${day}: ${posts} publicaciones, sentimiento neto ${net}`,
      posts: (n: string, before: string) => `Publicaciones sobre la marca: ${n} (día anterior: ${before}).`,
      sentiment: (neg: string, neu: string, pos: string, net: string, before: string) =>
        `Sentimiento: ${neg} negativo, ${neu} neutro, ${pos} positivo. Neto: ${net} (día anterior: ${before}).`,
      topics: 'Temas',
      intents: 'Intenciones',
      shareOfVoice: 'Cuota de voz',
      alerts: (n: string) => `Alertas abiertas en el día: ${n}.`,
      alert: (rule: string, observed: string, expected: string, time: string) => `${rule}: ${observed} publicaciones (${expected} esperadas), a las ${time}`,
    },
  },
  en: {
    locale: 'en-US',
    defaultRules: { outage: 'Outage', 'brand-volume': 'Brand volume', 'negative-by-topic': 'Negative posts by topic', 'by-intent': 'Intents', 'by-source': 'Sources', 'by-region': 'Regions' } as Record<string, string>,
    source: {
      x: 'X', mastodon: 'Mastodon', bluesky: 'Bluesky', facebook: 'Facebook', instagram: 'Instagram', reddit: 'Reddit', news: 'News',
      callcenter: 'Call center', forum: 'Forum', assistant: 'Assistant', email: 'Email', survey: 'Survey', chat: 'Chat',
    } as Record<Source, string>,
    intent: { complaint: 'Complaints', churn: 'Churn', outage: 'Outage reports', purchase: 'Purchases', question: 'Questions', praise: 'Praise' } as Record<string, string>,
    severity: { high: 'high', medium: 'medium', low: 'low' } as Record<AlertSensitivity, string>,
    none: 'none',
    link: (url: string) => `See it in Escucha: ${url}`,
    alert: {
      opened: (rule: string) => `[Escucha] Alert: ${rule}`,
      resolved: (rule: string) => `[Escucha] Resolved: ${rule}`,
      digest: (rule: string, n: number, count: string) => `[Escucha] ${rule}: ${count} ${n === 1 ? 'alert' : 'alerts'}`,
      facts: (what: string, observed: string, expected: string, severity: string) => `${what}: ${observed} posts in the interval, ${expected} expected; severity ${severity}.`,
      regions: (list: string) => ` Most affected: ${list}.`,
      openedAt: (when: string, id: string) => `Opened ${when} (local time). Alert ${id}.`,
      resolvedAt: (when: string) => `Resolved ${when} (local time).`,
    },
    report: {
      title: (day: string, posts: string, net: string) => `Escucha, summary of ${day}: ${posts} posts, net sentiment ${net}`,
      posts: (n: string, before: string) => `Posts about the brand: ${n} (day before: ${before}).`,
      sentiment: (neg: string, neu: string, pos: string, net: string, before: string) =>
        `Sentiment: ${neg} negative, ${neu} neutral, ${pos} positive. Net: ${net} (day before: ${before}).`,
      topics: 'Topics',
      intents: 'Intents',
      shareOfVoice: 'Share of voice',
      alerts: (n: string) => `Alerts opened during the day: ${n}.`,
      alert: (rule: string, observed: string, expected: string, time: string) => `${rule}: ${observed} posts (${expected} expected), at ${time}`,
    },
  },
} as const;

/**
 * How Escucha words what it sends people, in one language and local time: rule names, the part of
 * a rule an alert is about, numbers, times. Shared by alert messages and the daily report.
 */
export class NotificationWording {
  readonly words: (typeof NOTIFICATION_WORDS)[NotifyLanguage];
  private readonly numbers: Intl.NumberFormat;
  private readonly clock: Intl.DateTimeFormat;
  private readonly stamp: Intl.DateTimeFormat;

  constructor(
    readonly language: NotifyLanguage,
    readonly labels: NotificationLabels,
    /** Local time of the audience (ALERTS_UTC_OFFSET_MINUTES). */
    private readonly utcOffsetMinutes: number,
    /** Where people open the dashboard (PUBLIC_URL); without it messages carry no links. */
    private readonly publicUrl?: string,
  ) {
    this.words = NOTIFICATION_WORDS[language];
    this.numbers = new Intl.NumberFormat(this.words.locale, { maximumFractionDigits: 1 });
    // Shifted by hand and printed as UTC: a fixed offset is what the rest of the product uses, not a zone's rules.
    this.clock = new Intl.DateTimeFormat(this.words.locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' });
    this.stamp = new Intl.DateTimeFormat(this.words.locale, { dateStyle: 'long', timeStyle: 'short', hourCycle: 'h23', timeZone: 'UTC' });
  }

  number(n: number): string {
    return this.numbers.format(n);
  }

  /** `14:05`, local. */
  time(at: Date): string {
    return this.clock.format(this.local(at));
  }

  /** `29 de noviembre de 2026, 14:05`, local. */
  dateTime(at: Date): string {
    return this.stamp.format(this.local(at));
  }

  /** `Ver en Escucha: <PUBLIC_URL><path>?<query>`, or nothing without PUBLIC_URL. */
  link(path: string, query: Record<string, string> = {}): string[] {
    if (!this.publicUrl) return [];
    const search = new URLSearchParams(query).toString();
    return [this.words.link(`${this.publicUrl}${path}${search ? `?${search}` : ''}`)];
  }

  /** A default rule still under the name it was made with is named in this language; a rule someone named keeps its name. */
  ruleName(rule: { id: string; name: string }): string {
    const made = NOTIFICATION_WORDS.en.defaultRules[rule.id];
    return made !== undefined && made === rule.name ? (this.words.defaultRules[rule.id] ?? rule.name) : rule.name;
  }

  /** The part of its rule an alert is about: '' for the whole rule, else `(Córdoba)`, `(Facturación)`. */
  scope(scopeKey: string): string {
    if (scopeKey === 'all') return '';
    const [dimension, value] = scopeKey.split('=', 2);
    if (value === undefined) return ` (${scopeKey})`;
    const named =
      dimension === 'region' ? regionName(value)
      : dimension === 'topic' ? this.labels.topic(value)
      : dimension === 'intent' ? (this.words.intent[value] ?? value)
      : dimension === 'source' ? (this.words.source[value as Source] ?? value)
      : dimension === 'entity' ? this.labels.entity(value)
      : value;
    return ` (${named})`;
  }

  private local(at: Date): Date {
    return new Date(at.getTime() + this.utcOffsetMinutes * 60_000);
  }
}
