/** Demo-like days for the alert tests and the lead-time bench: the demo world, analysed as ingest does. */
import { REGION_NAMES, seededRandom, SENTIMENT_LABELS, SOURCES, toPost, type AlertRule, type PostInput } from '@escucha/core';
import { AlertEngine, defaultAlertRules, toAlertPost, type AlertEngineOptions, type AlertEvent, type AlertPost } from '@escucha/alerts';
import { createAnalyzer, defaultBrands } from '@escucha/analysis';
import { DemoGenerator } from '@escucha/connectors';

export const MINUTE = 60_000;
/** A Monday, 00:00 local (UTC-3). */
export const DAY0 = Date.UTC(2026, 2, 2, 3);
export const RATE = 30;
const OUTAGE_SHARE = 0.072;

const analyzer = createAnalyzer();
export const COMPETITORS = defaultBrands.competitors.map((c) => c.id ?? '');

export function analyse(inputs: readonly PostInput[]): AlertPost[] {
  const enrichments = analyzer.analyzeBatch(inputs.map((p) => ({ text: p.text, lang: p.lang })));
  return inputs.map((input, i) => toAlertPost(toPost(input, enrichments[i], new Date(input.createdAt))));
}

export function defaultRules(): AlertRule[] {
  const at = new Date(DAY0);
  return defaultAlertRules(COMPETITORS).map((r) => ({ ...r, createdAt: at, updatedAt: at }));
}

/** As the server builds it (default settings, one-minute buckets). */
export const ENGINE_OPTIONS: AlertEngineOptions = {
  intervalMs: MINUTE,
  warmupIntervals: 240,
  resolveAfterIntervals: 5,
  cooldownMs: 30 * MINUTE,
  utcOffsetMinutes: -180,
  knownValues: { region: Object.keys(REGION_NAMES), topic: analyzer.describe().topics, intent: analyzer.describe().intents, sentiment: [...SENTIMENT_LABELS], source: [...SOURCES] },
};

/** Posts grouped by the minute they were created in, from `from` for `minutes`. */
export function byMinute(posts: readonly AlertPost[], from: number, minutes: number): AlertPost[][] {
  const out: AlertPost[][] = Array.from({ length: minutes }, () => []);
  for (const post of posts) {
    const i = Math.floor((post.createdAt - from) / MINUTE);
    if (i >= 0 && i < minutes) out[i].push(post);
  }
  return out;
}

export function quietGenerator(seed = 7): DemoGenerator {
  return new DemoGenerator({ seed, ratePerMinute: RATE, outageEveryHours: 0 });
}

const OWN_OUTAGE = [
  'Aurora sin señal {since} en {place}, ¿qué pasa?',
  'no anda nada, ni datos ni llamadas. {place}. @AuroraMovil ¿me explican?',
  '¿se cayó la red de Aurora en {place}? No tengo señal',
  'caída total de @AuroraMovil en {place}. Ni el WhatsApp sale',
  'todo {place} sin señal de Aurora y ni un aviso',
  'is Aurora down in {place}? No data, no calls',
];
const RIVAL_OUTAGE = [
  'Pampa Tel sin señal en {place} hace horas, menos mal que me pasé a Aurora',
  '¿se cayó la red de @PampaTel en {place}? No anda nada',
  'caída total de Pampa Tel en {place}, ni datos ni llamadas',
  'mis viejos con @PampaTel sin servicio en {place}, yo con Aurora ando joya',
  'is Pampa Tel down in {place}? No signal at all',
];

export interface Burst {
  start: number;
  minutes: number;
  /** Outage complaints per minute, relative to the usual national rate of them. */
  factor: number;
  places: readonly string[];
  rival?: boolean;
  seed?: number;
}

/**
 * Extra outage complaints from one region: (factor − 1) × the usual national rate of outage
 * complaints at that time of day, so the outage scope runs at `factor` × its expected rate.
 */
export function burstPosts(generator: DemoGenerator, burst: Burst): PostInput[] {
  const random = seededRandom(burst.seed ?? 11);
  const templates = burst.rival ? RIVAL_OUTAGE : OWN_OUTAGE;
  const out: PostInput[] = [];
  for (let m = 0; m < burst.minutes; m++) {
    const minute = burst.start + m * MINUTE;
    const mean = RATE * generator.activityAt(new Date(minute)) * OUTAGE_SHARE * (burst.factor - 1);
    const n = poisson(mean, random);
    for (let i = 0; i < n; i++) {
      const place = burst.places[Math.floor(random() * burst.places.length)];
      const text = templates[Math.floor(random() * templates.length)].replace('{place}', place).replace('{since}', 'desde hace un rato');
      out.push({
        id: `burst-${burst.start}-${m}-${i}`,
        source: 'x',
        text,
        createdAt: new Date(minute + Math.floor(random() * MINUTE)).toISOString(),
        author: { id: `burst-author-${m}-${i}`, handle: `vecino${m}${i}`, location: `${place}, Argentina` },
      });
    }
  }
  return out;
}

function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > limit);
  return k - 1;
}

/** Runs `engine` over minutes, learning only before `liveFrom`; returns every event with its minute. */
export function run(engine: AlertEngine, buckets: readonly AlertPost[][], from: number, liveFrom: number): Array<AlertEvent & { minute: number }> {
  const events: Array<AlertEvent & { minute: number }> = [];
  buckets.forEach((posts, i) => {
    const minute = from + i * MINUTE;
    for (const event of engine.step(minute, posts, { learnOnly: minute < liveFrom })) events.push({ ...event, minute });
  });
  return events;
}
