import { INTERNAL_SOURCES, type PostInput, type PostMetrics, type SentimentLabel, type Source } from '@escucha/core';
import { AuthorPool, type DemoPerson } from './demo.authors';
import { CATEGORIES, DECORATIONS, type Lang, type PhraseCategory, type Style } from './demo.phrases';
import { Rng, WeightedTable, mixSeed } from './demo.random';
import { AGENTS, BRAND, COMPETITORS, DEVICES, PLACES, PLANS, type Place, REGIONS } from './demo.world';
import { demoIdPrefix } from './demo.data';

export interface DemoGeneratorOptions {
  /** Same seed, same stream: ids and texts depend only on it and the time. Default 1. */
  seed?: number;
  /** Posts per minute at the busiest hour of a weekday (the rhythm's 1.0). Default 30. */
  ratePerMinute?: number;
  /** Mean hours between outages; 0 turns them off. Default 8. */
  outageEveryHours?: number;
  /** Size of the synthetic author pool. Default 4000. */
  authors?: number;
}

/** What the generator meant a post to be, so analysis and alerts can be scored against it. */
export interface DemoTruth {
  lang: Lang;
  sentiment: SentimentLabel;
  topics: readonly string[];
  intents: readonly string[];
  category: string;
  /** Region the post is about (the place it names, else where its author lives). */
  region: string;
  /** Set on the extra posts an outage burst adds. */
  outageId?: string;
}

export interface DemoPost {
  post: PostInput;
  truth: DemoTruth;
}

export interface DemoOutage {
  id: string;
  region: string;
  regionName: string;
  /** When public complaints start ramping up. */
  start: Date;
  /** When the network is back; complaints fade out over the next few minutes. */
  end: Date;
  /**
   * Outage complaints per minute at the plateau, relative to the national baseline at peak
   * hours (more off-peak): national, not regional, so a small region's outage still shows.
   */
  multiplier: number;
  /** How much later the call centre and the other internal channels follow. */
  internalLagMinutes: number;
}

interface OutagePlan {
  id: string;
  region: string;
  startMinute: number;
  durationMinutes: number;
  multiplier: number;
  lagMinutes: number;
}

type Draft =
  | { kind: 'normal' }
  | { kind: 'burst'; outage: OutagePlan; internal: boolean };

interface Composed {
  offsetMs: number;
  source: Source;
  text: string;
  person: DemoPerson;
  truth: DemoTruth;
  metrics?: PostMetrics;
}

const MINUTE_MS = 60_000;
/** Argentina and Uruguay both keep UTC-3 all year, so one offset drives the daily rhythm. */
const LOCAL_OFFSET_MINUTES = -180;

/**
 * Relative activity at each local hour (value at hh:00, interpolated in between): a deep
 * trough before dawn, a late-morning peak, a dip after lunch and an evening peak.
 */
const HOURLY_ACTIVITY = [
  0.3, 0.19, 0.11, 0.07, 0.05, 0.06, 0.12, 0.26, 0.45, 0.62, 0.9, 1.0,
  0.97, 0.8, 0.64, 0.56, 0.54, 0.58, 0.66, 0.8, 0.95, 1.0, 0.85, 0.55,
];
const WEEKEND_FACTOR = 0.8;

const SPANISH_SHARE = 0.7;
const SENTIMENTS = new WeightedTable<SentimentLabel>([
  ['negative', 45],
  ['neutral', 30],
  ['positive', 25],
]);

/** Social is most of the volume; the company's own channels are fewer but richer. */
const NORMAL_SOURCES = new WeightedTable<Source>([
  ['x', 36],
  ['facebook', 18],
  ['bluesky', 10],
  ['mastodon', 7],
  ['callcenter', 12],
  ['assistant', 8],
  ['forum', 5],
  ['email', 4],
]);
/** People rush to X first when the network drops. */
const BURST_SOCIAL_SOURCES = new WeightedTable<Source>([
  ['x', 55],
  ['facebook', 20],
  ['bluesky', 13],
  ['mastodon', 12],
]);
const BURST_INTERNAL_SOURCES = new WeightedTable<Source>([
  ['callcenter', 65],
  ['assistant', 25],
  ['email', 5],
  ['forum', 5],
]);
/** The call centre is staffed 8–22 local; outside those hours people use the assistant. */
const CALLCENTER_HOURS = { open: 8, close: 22 };

/** Share of ordinary traffic that is an outage complaint; the baseline a burst multiplies. */
const OUTAGE_COMPLAINT_SHARE = 0.072;
/** Internal channels get fewer contacts per minute than social during a burst, later. */
const INTERNAL_FOLLOW_SHARE = 0.4;
/**
 * How much a burst follows the daily rhythm. Only half: people notice a dead phone at
 * midnight too, so an off-peak outage stands out more against its quieter baseline.
 */
const BURST_RHYTHM_WEIGHT = 0.5;
/** A burst never starts this close to its slot's end, so it never spills into the next slot. */
const SLOT_MARGIN_MINUTES = 95;
const MAX_DURATION_MINUTES = 60;
const MAX_LAG_MINUTES = 13;
const FADE_MINUTES = 15;

const OUTAGE_CATEGORY = categoryById('outage');
const OUTAGE_QUESTION_CATEGORY = categoryById('outage-question');
const CATEGORIES_BY_SENTIMENT: Record<SentimentLabel, WeightedTable<PhraseCategory>> = {
  negative: tableOf('negative'),
  neutral: tableOf('neutral'),
  positive: tableOf('positive'),
};
const ALL_PLACES = new WeightedTable(PLACES.map((p) => [p, p.weight] as const));
const PLACES_BY_REGION = new Map(
  REGIONS.map((r) => [r.id, new WeightedTable(PLACES.filter((p) => p.region === r.id).map((p) => [p, p.weight] as const))]),
);
const OUTAGE_REGIONS = new WeightedTable(REGIONS.map((r) => [r, r.weight] as const));

function categoryById(id: string): PhraseCategory {
  const found = CATEGORIES.find((c) => c.id === id);
  if (!found) throw new Error(`demo phrasebook has no category ${id}`);
  return found;
}

function tableOf(sentiment: SentimentLabel): WeightedTable<PhraseCategory> {
  return new WeightedTable(CATEGORIES.filter((c) => c.sentiment === sentiment).map((c) => [c, c.weight] as const));
}

function isInternal(source: Source): boolean {
  return (INTERNAL_SOURCES as readonly string[]).includes(source);
}

/** Local (UTC-3) hour as a fraction, and the weekday (0 = Sunday), of an epoch minute. */
function localTime(minute: number): { hour: number; weekday: number } {
  const local = minute + LOCAL_OFFSET_MINUTES;
  const ofDay = ((local % 1440) + 1440) % 1440;
  const day = Math.floor(local / 1440);
  // 1970-01-01 was a Thursday.
  return { hour: ofDay / 60, weekday: (((day + 4) % 7) + 7) % 7 };
}

/** Public complaints ramp up over a few minutes, hold, then fade once service is back. */
function burstShape(minutesIn: number, duration: number): number {
  if (minutesIn < 0) return 0;
  const ramp = Math.min(8, duration / 3);
  if (minutesIn < ramp) return (minutesIn + 1) / (ramp + 1);
  if (minutesIn < duration) return 1;
  const after = minutesIn - duration;
  return after < FADE_MINUTES ? Math.exp(-after / 3) : 0;
}

function upperFirst(text: string): string {
  const at = text.startsWith('¿') || text.startsWith('¡') ? 1 : 0;
  return text.slice(0, at) + text.charAt(at).toUpperCase() + text.slice(at + 1);
}

function lowerFirst(text: string): string {
  const at = text.startsWith('¿') || text.startsWith('¡') ? 1 : 0;
  return text.slice(0, at) + text.charAt(at).toLowerCase() + text.slice(at + 1);
}

function formatAmount(lang: Lang, value: number): string {
  const grouped = String(value).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'es' ? '.' : ',');
  return lang === 'es' ? `$${grouped}` : `ARS ${grouped}`;
}

/**
 * A realistic, replayable stream about the fictional telecom Aurora Móvil.
 *
 * Each minute of time is generated on its own from a generator seeded by (seed, minute),
 * so any range can be produced without the ones before it, the same range always yields
 * the same posts and ids, and splitting a range at any instant yields the same posts.
 */
export class DemoGenerator {
  readonly seed: number;
  readonly ratePerMinute: number;
  readonly outageEveryHours: number;
  private readonly authors: AuthorPool;
  /** Outages placed by `addOutage`, besides the regular ones. */
  private readonly placed: OutagePlan[] = [];

  constructor(options: DemoGeneratorOptions = {}) {
    this.seed = options.seed ?? 1;
    this.ratePerMinute = options.ratePerMinute ?? 30;
    this.outageEveryHours = options.outageEveryHours ?? 8;
    const authors = options.authors ?? 4000;
    if (!Number.isSafeInteger(this.seed)) throw new RangeError(`demo seed must be an integer, got ${this.seed}`);
    if (!(this.ratePerMinute >= 0 && this.ratePerMinute <= 100_000)) {
      throw new RangeError(`demo ratePerMinute must be between 0 and 100000, got ${this.ratePerMinute}`);
    }
    if (!(this.outageEveryHours === 0 || (this.outageEveryHours >= 2 && Number.isFinite(this.outageEveryHours)))) {
      throw new RangeError(`demo outageEveryHours must be 0 (off) or at least 2, got ${this.outageEveryHours}`);
    }
    if (!(Number.isInteger(authors) && authors >= 10 && authors <= 100_000)) {
      throw new RangeError(`demo authors must be an integer between 10 and 100000, got ${authors}`);
    }
    this.authors = new AuthorPool(this.seed, authors);
  }

  /** The synthetic people behind the posts, e.g. to seed a demo CRM. */
  get people(): readonly DemoPerson[] {
    return this.authors.people;
  }

  /** Posts created in [from, to), sorted by createdAt. */
  generate(from: Date, to: Date): PostInput[] {
    return this.generateWithTruth(from, to).map((p) => p.post);
  }

  /** Like `generate`, with what each post was meant to say. */
  generateWithTruth(from: Date, to: Date): DemoPost[] {
    const start = from.getTime();
    const end = to.getTime();
    if (!(end > start)) return [];
    const out: DemoPost[] = [];
    for (let minute = Math.floor(start / MINUTE_MS); minute * MINUTE_MS < end; minute++) {
      for (const post of this.minute(minute)) {
        const at = Date.parse(post.post.createdAt);
        if (at >= start && at < end) out.push(post);
      }
    }
    return out;
  }

  /** Relative activity (1 = weekday peak) at an instant, without outages. */
  activityAt(at: Date): number {
    return this.activity(Math.floor(at.getTime() / MINUTE_MS));
  }

  /**
   * One more outage starting at `at`, besides the regular ones (30 minutes, ten times the usual
   * complaints, in a region drawn from the seed and the minute). The demo runner places one a few
   * minutes after a first start, so a new user sees the outage alert without waiting hours for
   * the next regular one. Same seed and same placed outages, same posts.
   */
  addOutage(at: Date): DemoOutage {
    const startMinute = Math.floor(at.getTime() / MINUTE_MS);
    if (!Number.isFinite(startMinute)) throw new RangeError('demo outage time is not a valid date');
    const rng = new Rng(mixSeed(this.seed, 0xf1257, startMinute));
    const plan: OutagePlan = {
      id: `${demoIdPrefix(this.seed)}outage-at-${startMinute}`,
      startMinute,
      durationMinutes: 30,
      region: OUTAGE_REGIONS.pick(rng).id,
      multiplier: 10,
      lagMinutes: 10,
    };
    this.placed.push(plan);
    return this.describe(plan);
  }

  /** Outages whose burst (start to end) overlaps [from, to), in start order. */
  outages(from: Date, to: Date): DemoOutage[] {
    const plans = [...this.placed];
    const slot = this.slotMinutes();
    if (slot > 0) {
      const first = Math.floor((from.getTime() / MINUTE_MS - slot) / slot);
      const last = Math.floor(to.getTime() / MINUTE_MS / slot);
      for (let k = first; k <= last; k++) plans.push(this.outagePlan(k));
    }
    return plans
      .map((plan) => this.describe(plan))
      .filter((outage) => outage.end.getTime() > from.getTime() && outage.start.getTime() < to.getTime())
      .sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  private describe(plan: OutagePlan): DemoOutage {
    const region = REGIONS.find((r) => r.id === plan.region);
    return {
      id: plan.id,
      region: plan.region,
      regionName: region?.name ?? plan.region,
      start: new Date(plan.startMinute * MINUTE_MS),
      end: new Date((plan.startMinute + plan.durationMinutes) * MINUTE_MS),
      multiplier: plan.multiplier,
      internalLagMinutes: plan.lagMinutes,
    };
  }

  private activity(minute: number): number {
    const { hour, weekday } = localTime(minute);
    const h = Math.floor(hour);
    const frac = hour - h;
    const value = HOURLY_ACTIVITY[h] * (1 - frac) + HOURLY_ACTIVITY[(h + 1) % 24] * frac;
    return weekday === 0 || weekday === 6 ? value * WEEKEND_FACTOR : value;
  }

  private slotMinutes(): number {
    return Math.round(this.outageEveryHours * 60);
  }

  /** One outage per slot, placed, sized and located by the slot's own seed. */
  private outagePlan(slotIndex: number): OutagePlan {
    const slot = this.slotMinutes();
    const rng = new Rng(mixSeed(this.seed, 0x0a7a6e, slotIndex));
    return {
      id: `${demoIdPrefix(this.seed)}outage-${slotIndex}`,
      startMinute: slotIndex * slot + rng.int(slot - SLOT_MARGIN_MINUTES),
      durationMinutes: rng.between(20, MAX_DURATION_MINUTES),
      region: OUTAGE_REGIONS.pick(rng).id,
      multiplier: 5 + rng.float() * 10,
      lagMinutes: rng.between(8, MAX_LAG_MINUTES),
    };
  }

  private outageAt(minute: number): OutagePlan | undefined {
    const within = (plan: OutagePlan) => minute >= plan.startMinute && minute < plan.startMinute + plan.durationMinutes + plan.lagMinutes + FADE_MINUTES;
    const placed = this.placed.find(within);
    if (placed) return placed;
    const slot = this.slotMinutes();
    if (slot === 0) return undefined;
    const plan = this.outagePlan(Math.floor(minute / slot));
    return within(plan) ? plan : undefined;
  }

  private minute(minute: number): DemoPost[] {
    const rng = new Rng(mixSeed(this.seed, minute));
    const activity = this.activity(minute);
    const drafts: Draft[] = [];
    const normal = rng.poisson(this.ratePerMinute * activity);
    for (let i = 0; i < normal; i++) drafts.push({ kind: 'normal' });

    const outage = this.outageAt(minute);
    if (outage) {
      const rhythm = 1 - BURST_RHYTHM_WEIGHT + BURST_RHYTHM_WEIGHT * activity;
      const base = this.ratePerMinute * rhythm * OUTAGE_COMPLAINT_SHARE * (outage.multiplier - 1);
      const minutesIn = minute - outage.startMinute;
      const social = rng.poisson(base * burstShape(minutesIn, outage.durationMinutes));
      const internal = rng.poisson(base * INTERNAL_FOLLOW_SHARE * burstShape(minutesIn - outage.lagMinutes, outage.durationMinutes));
      for (let i = 0; i < social; i++) drafts.push({ kind: 'burst', outage, internal: false });
      for (let i = 0; i < internal; i++) drafts.push({ kind: 'burst', outage, internal: true });
    }

    const { hour } = localTime(minute);
    const composed = drafts.map((draft) => this.compose(rng, draft, hour));
    // Stable sort: equal offsets keep draw order, so ids stay deterministic.
    composed.sort((a, b) => a.offsetMs - b.offsetMs);
    return composed.map((c, i) => this.finish(minute, i, c));
  }

  private compose(rng: Rng, draft: Draft, localHour: number): Composed {
    const offsetMs = rng.int(MINUTE_MS);
    const lang: Lang = rng.chance(SPANISH_SHARE) ? 'es' : 'en';
    let category: PhraseCategory;
    let source: Source;
    let person: DemoPerson;
    let place: Place;
    if (draft.kind === 'normal') {
      category = CATEGORIES_BY_SENTIMENT[SENTIMENTS.pick(rng)].pick(rng);
      source = NORMAL_SOURCES.pick(rng);
      const open = localHour >= CALLCENTER_HOURS.open && localHour < CALLCENTER_HOURS.close;
      // Nobody phones in to say the 5G is fast: calls only carry what agents note down.
      if (source === 'callcenter' && (!open || !category.templates[lang].call)) source = 'assistant';
      person = this.authors.pick(rng, { lang, customer: isInternal(source) || undefined });
      place = rng.chance(0.7) ? person.place : ALL_PLACES.pick(rng);
    } else {
      category = rng.chance(0.8) ? OUTAGE_CATEGORY : OUTAGE_QUESTION_CATEGORY;
      source = (draft.internal ? BURST_INTERNAL_SOURCES : BURST_SOCIAL_SOURCES).pick(rng);
      const region = draft.outage.region;
      person = this.authors.pick(rng, { lang, region, customer: draft.internal || undefined });
      const regionPlaces = PLACES_BY_REGION.get(region) ?? ALL_PLACES;
      place = person.place.region === region && rng.chance(0.6) ? person.place : regionPlaces.pick(rng);
    }

    const style = this.styleOf(rng, source);
    const templates = category.templates[lang][style] ?? category.templates[lang].voice ?? category.templates[lang].social ?? [];
    const template = this.decorate(rng, rng.pick(templates), lang, category.sentiment, source, person);
    const filler = new SlotFiller(rng, lang, style, place);
    const text = filler.fill(template);
    return {
      offsetMs,
      source,
      text,
      person,
      metrics: isInternal(source) ? undefined : this.metrics(rng, person, category.sentiment),
      truth: {
        lang,
        sentiment: category.sentiment,
        topics: category.topics,
        intents: category.intents,
        category: category.id,
        region: (filler.placeUsed ?? person.place).region,
        outageId: draft.kind === 'burst' ? draft.outage.id : undefined,
      },
    };
  }

  private styleOf(rng: Rng, source: Source): Style {
    if (source === 'callcenter') return 'call';
    if (source === 'email' || source === 'assistant') return 'voice';
    if (source === 'forum') return rng.chance(0.5) ? 'social' : 'voice';
    return 'social';
  }

  /** Tone markers and channel conventions, added to the template before slots are filled. */
  private decorate(rng: Rng, template: string, lang: Lang, sentiment: SentimentLabel, source: Source, person: DemoPerson): string {
    if (source === 'callcenter') return rng.chance(0.4) ? `${lang === 'es' ? '[Llamada]' : '[Call]'} ${template}` : template;
    if (source === 'assistant') return rng.chance(0.6) ? lowerFirst(template) : template;
    if (source === 'email') {
      const greeting = template.startsWith('Hola') || template.startsWith('Hi') || template.startsWith('Hello')
        ? ''
        : rng.pick(lang === 'es' ? ['Hola, ', 'Buenas tardes, ', 'Buen día, ', ''] : ['Hi, ', 'Hello, ', '']);
      const body = greeting && !template.startsWith('{') ? greeting + lowerFirst(template) : greeting + template;
      const closing = rng.chance(0.6) ? `\n\n${lang === 'es' ? 'Saludos' : 'Regards'},\n${person.firstName}` : '';
      return body + closing;
    }
    const { prefixes, suffixes } = DECORATIONS[lang][sentiment];
    const suffix = source === 'forum' ? '' : rng.pick(suffixes);
    let prefix = rng.pick(prefixes);
    // "Che, che Aurora…" reads like a bug, not like a person.
    if (prefix && template.toLowerCase().startsWith(prefix.toLowerCase().replace(/[^\p{L}]+$/u, ''))) prefix = '';
    let body = template;
    if (!template.startsWith('{')) {
      if (prefix) body = /[,:] $/.test(prefix) ? lowerFirst(template) : upperFirst(template);
      else if (rng.chance(0.6)) body = upperFirst(template);
    }
    // A closing word after a bare phrase needs a full stop, or it reads as one run-on sentence.
    const needsStop = /^ [\p{Lu}¿¡]/u.test(suffix) && !/[.!?…)"\p{Extended_Pictographic}]$/u.test(body);
    return prefix + body + (needsStop ? '.' : '') + suffix;
  }

  /** Long-tailed engagement that grows with reach, with the odd post going viral. */
  private metrics(rng: Rng, person: DemoPerson, sentiment: SentimentLabel): PostMetrics {
    const reach = Math.sqrt(person.followers);
    const viral = rng.chance(0.01) ? rng.pareto(5, 1.2) : 1;
    const anger = sentiment === 'negative' ? 1.3 : 1;
    const likes = Math.floor(reach * 0.15 * -Math.log(1 - rng.float()) * viral * anger);
    return {
      likes,
      reposts: Math.floor(likes * rng.float() * 0.3 * anger),
      replies: Math.floor(likes * rng.float() * 0.2) + (rng.chance(0.25) ? 1 : 0),
    };
  }

  private finish(minute: number, index: number, c: Composed): DemoPost {
    const statusId = `${minute}${String(index).padStart(4, '0')}`;
    const p = c.person;
    const post: PostInput = {
      id: `${demoIdPrefix(this.seed)}${minute}-${index}`,
      source: c.source,
      text: c.text,
      createdAt: new Date(minute * MINUTE_MS + c.offsetMs).toISOString(),
      author: this.authorFor(c.source, p),
    };
    // These platforms report a language with each post; the others leave it to analysis.
    if (c.source === 'x' || c.source === 'mastodon' || c.source === 'bluesky') post.lang = c.truth.lang;
    const url = this.urlFor(c.source, p.handle, statusId);
    if (url) post.url = url;
    if (c.metrics) post.metrics = c.metrics;
    // The company's own channels know who the customer is: their records carry the CRM id.
    if (isInternal(c.source) && p.customer) post.customerId = p.account;
    return { post, truth: c.truth };
  }

  private authorFor(source: Source, p: DemoPerson): PostInput['author'] {
    const author: PostInput['author'] = { id: p.id, handle: p.handle, name: p.name };
    if (source === 'callcenter' || source === 'assistant') Object.assign(author, { id: p.account, handle: p.account });
    else if (source === 'email') Object.assign(author, { id: p.account, handle: p.email });
    else if (source === 'forum') Object.assign(author, { id: `${demoIdPrefix(this.seed)}f${p.index}`, name: p.firstName });
    else author.followers = p.followers;
    // An e-mail carries no location; the other channels show what the profile or CRM says.
    if (p.location && source !== 'email') author.location = p.location;
    return author;
  }

  /** Reserved `.example` hosts: a synthetic handle must never link to a real person's account. */
  private urlFor(source: Source, handle: string, statusId: string): string | undefined {
    switch (source) {
      case 'x':
        return `https://x.example/${handle}/status/${statusId}`;
      case 'mastodon':
        return `https://mastodon.example/@${handle}/${statusId}`;
      case 'bluesky':
        return `https://bsky.example/profile/${handle}/post/${statusId}`;
      case 'facebook':
        return `https://facebook.example/${handle}/posts/${statusId}`;
      case 'forum':
        return `https://foro.aurora.example/t/${statusId}`;
      default:
        return undefined;
    }
  }
}

const SINCE: Record<Lang, readonly string[]> = {
  es: ['desde ayer', 'desde anoche', 'desde esta mañana', 'desde las {clock}', 'desde hace {hours} horas', 'desde el mediodía'],
  en: ['since yesterday', 'since last night', 'since this morning', 'since {clock}', 'for {hours} hours'],
};

/** Fills `{slot}`s for one post; remembers the place named so the truth can point at it. */
export class SlotFiller {
  placeUsed: Place | undefined;
  private gb = 10;

  constructor(
    private readonly rng: Rng,
    private readonly lang: Lang,
    private readonly style: Style,
    private readonly place: Place,
  ) {}

  fill(template: string): string {
    return template.replace(/\{(\w+)\}/g, (_, name: string) => this.slot(name));
  }

  private slot(name: string): string {
    const rng = this.rng;
    const es = this.lang === 'es';
    switch (name) {
      case 'brand':
        return this.style === 'social' ? rng.pick([BRAND.handle, BRAND.handle, 'Aurora', BRAND.name]) : rng.pick(['Aurora', BRAND.name]);
      case 'comp': {
        const rival = rng.pick(COMPETITORS);
        return this.style === 'social' && rival.handle && rng.chance(0.4) ? rival.handle : rival.name;
      }
      case 'place':
        this.placeUsed = this.place;
        return this.place.name;
      case 'place2': {
        let other = ALL_PLACES.pick(rng);
        if (other === this.place) other = ALL_PLACES.pick(rng);
        return other.name;
      }
      case 'plan':
        return rng.pick(PLANS);
      case 'amount':
        return formatAmount(this.lang, rng.between(9, 45) * 1000 - rng.pick([0, 100, 500]));
      case 'extra':
        return formatAmount(this.lang, rng.between(15, 99) * 100);
      case 'pct':
        return String(rng.between(8, 35));
      case 'hours':
        return String(rng.between(2, 14));
      case 'days':
        return String(rng.between(2, 15));
      case 'months':
        return String(rng.between(2, 6));
      case 'years':
        return String(rng.between(2, 12));
      case 'minutes':
        return String(rng.between(25, 140));
      case 'quick':
        return String(rng.between(3, 15));
      case 'since':
        return this.fill(rng.pick(SINCE[this.lang]));
      case 'clock': {
        const h = rng.between(6, 23);
        const m = rng.pick(['', ':30', ':15']);
        return es ? `${h}${m}` : `${h % 12 || 12}${m}${h < 12 ? 'am' : 'pm'}`;
      }
      case 'agent':
        return rng.pick(AGENTS);
      case 'speed':
        return String(rng.between(180, 950));
      case 'gb':
        this.gb = rng.pick([5, 8, 10, 15, 20, 30, 40]);
        return String(this.gb);
      case 'gb2':
        return String(this.gb * rng.pick([2, 3]));
      case 'device':
        return rng.pick(DEVICES);
      default:
        throw new Error(`demo phrase uses unknown slot {${name}}`);
    }
  }
}
