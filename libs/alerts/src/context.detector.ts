import { ValidationError } from '@escucha/core';
import { AnomalyDetector, DEFAULT_DETECTOR_OPTIONS, type DetectorOptions, type DetectorPoint } from './anomaly.detector';

export interface ContextDetectorOptions {
  /** Points that only teach the value range (scored 0); their contexts are learned once the range is known. */
  readonly warmupPoints: number;
  /** Equal-width bins the learned range is cut into: coarse, so noise repeats and only a new shape is new. */
  readonly bins: number;
  /** Longest context, in points, whose continuation is checked. */
  readonly maxOrder: number;
  /** A context unseen for this many points is forgotten (an old regime stops counting as normal); the range relearns from as many. */
  readonly memoryPoints: number;
  /** When a value leaves the range, the new range reaches this fraction further on that side, so a drift re-cuts it only now and then. */
  readonly rangeHeadroom: number;
  /** Novelty at which the context channel fires; it is then silent for `restPoints`. */
  readonly noveltyScore: number;
  /** Counted from the firing, never extended by later novelty: the next anomaly is not swallowed. */
  readonly restPoints: number;
  /**
   * After either channel fires, the other stays below the alert score for this many points:
   * one event seen by both (a jump that is a new shape and a big residual) is one report, not
   * two a point apart. Short, so the next event is still seen.
   */
  readonly echoPoints: number;
  /** Scales novelty onto the spike channel's score, so one threshold reads both: `noveltyScore` maps just above 0.5. */
  readonly contextWeight: number;
  /** Options of the seasonal spike channel ({@link AnomalyDetector}); its score is max-combined with novelty. */
  readonly spike: Partial<DetectorOptions>;
  /**
   * Cuts of the range, each shifted by a fraction of a bin; novelty is their mean. One cut puts
   * an edge somewhere arbitrary, and noise that straddles it looks like a new shape; with a few
   * shifted cuts only a change most of them see counts (as an encoder's overlapping buckets do).
   */
  readonly grids: number;
  /**
   * A score that fired at this time of day (± `recurringToleranceMs`) on each of the last
   * `recurringDays` days is a routine, like a nightly job, not news: only what exceeds it
   * counts. 0 disables; needs the series' interval (`spike.intervalMs`).
   */
  readonly recurringDays: number;
  readonly recurringToleranceMs: number;
  /**
   * The spike channel's `scales`, `likelihoodPoints` and `variancePoints` are counted in points
   * of this spacing. A coarser series (hourly, say) gets the same durations, rounded up to whole
   * points: averaging eight hourly points is eight hours of evidence, and a spike that lasts one
   * or two of them drowns in it. Finer series keep the counts. 0 disables.
   */
  readonly referenceIntervalMs: number;
}

export const DEFAULT_CONTEXT_OPTIONS: ContextDetectorOptions = {
  warmupPoints: 100,
  bins: 7,
  maxOrder: 6,
  memoryPoints: 4032,
  rangeHeadroom: 0.2,
  noveltyScore: 0.9,
  restPoints: 120,
  echoPoints: 12,
  contextWeight: 0.54,
  // A fourth, longer scale (64 points, about 5 h at 5 min) sees a slow shift of the mean that
  // novelty's coarse bins and the shorter averages both miss. The evidence is judged against
  // its last 8640 points (HTM's likelihood window), not the 1440 the other windows keep: the
  // rarest bursts a series has are what sets the bar, and a few days show too few of them.
  spike: { scales: [1, 4, 16, 64], likelihoodHistoryPoints: 8640 },
  grids: 3,
  recurringDays: 1,
  recurringToleranceMs: 30 * 60_000,
  referenceIntervalMs: 5 * 60_000,
};

export interface ContextDetection {
  readonly timestamp: number;
  readonly value: number;
  /** In [0, 1]; depends only on this point and earlier ones. */
  readonly score: number;
  /** Share of this point's contexts that had never (within memory) been followed by its bin, in [0, 1], before the rest period. */
  readonly novelty: number;
  /** The seasonal spike channel's score at this point. */
  readonly spike: number;
}

function validate(o: ContextDetectorOptions): void {
  const integer = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new ValidationError(`context detector ${name} must be an integer ≥ ${min}, got ${v}`);
  };
  integer('warmupPoints', o.warmupPoints, 1);
  integer('bins', o.bins, 2);
  integer('maxOrder', o.maxOrder, 1);
  integer('memoryPoints', o.memoryPoints, o.warmupPoints);
  integer('restPoints', o.restPoints, 0);
  integer('echoPoints', o.echoPoints, 0);
  integer('grids', o.grids, 1);
  integer('recurringDays', o.recurringDays, 0);
  if (!(o.referenceIntervalMs >= 0)) throw new ValidationError(`context detector referenceIntervalMs must be ≥ 0, got ${o.referenceIntervalMs}`);
  if (!(o.recurringToleranceMs >= 0)) throw new ValidationError(`context detector recurringToleranceMs must be ≥ 0, got ${o.recurringToleranceMs}`);
  if (!(o.rangeHeadroom >= 0)) throw new ValidationError(`context detector rangeHeadroom must be ≥ 0, got ${o.rangeHeadroom}`);
  if (!(o.noveltyScore > 0 && o.noveltyScore <= 1)) throw new ValidationError(`context detector noveltyScore must be in (0, 1], got ${o.noveltyScore}`);
  if (!(o.contextWeight >= 0 && o.contextWeight <= 1)) throw new ValidationError(`context detector contextWeight must be in [0, 1], got ${o.contextWeight}`);
}

/** One cut of the range into bins and the contexts learned in it. */
class NoveltyGrid {
  private readonly recent: number[] = [];
  private readonly contexts = new Map<string, number>();
  private readonly continuations = new Map<string, number>();
  private lo = 0;
  private step = 1;

  constructor(
    private readonly options: ContextDetectorOptions,
    /** Fraction of a bin this grid's edges sit below the range's low end: grids with different shifts disagree on where edges are. */
    private readonly shift: number,
  ) {}

  /** Sets the bins for the range [lo, hi] and relearns `history`, whose last value was point `now`. */
  cut(lo: number, step: number, history: readonly number[], now: number): void {
    this.step = step;
    this.lo = lo - this.shift * step;
    this.contexts.clear();
    this.continuations.clear();
    this.recent.length = 0;
    let t = now - history.length;
    for (const v of history) this.learn(v, ++t);
  }

  /** Scores `value`, point `t`, against the contexts that precede it, then learns them; novelty in [0, 1]. */
  learn(value: number, t: number): number {
    const o = this.options;
    const b = Math.floor((value - this.lo) / this.step);
    const known = (map: Map<string, number>, key: string) => {
      const last = map.get(key);
      return last !== undefined && t - last <= o.memoryPoints;
    };
    let selected = 0;
    let confirmed = 0;
    let added = 0;
    // Order 0 is the bin on its own: a value never seen in this range is the plainest novelty.
    if (!known(this.continuations, `|${b}`)) added++;
    this.continuations.set(`|${b}`, t);
    const orders = Math.min(o.maxOrder, this.recent.length);
    let context = '';
    for (let k = 1; k <= orders; k++) {
      context = `${this.recent[this.recent.length - k]},${context}`;
      const continuation = `${context}|${b}`;
      const followed = known(this.continuations, continuation);
      if (known(this.contexts, context)) {
        selected++;
        if (followed) confirmed++;
      }
      if (!followed) added++;
      this.contexts.set(context, t);
      this.continuations.set(continuation, t);
    }
    this.recent.push(b);
    if (this.recent.length > o.maxOrder) this.recent.shift();
    if (t % o.memoryPoints === 0) this.forget(t);
    const unconfirmed = selected > 0 ? 1 - confirmed / selected : 1;
    return (unconfirmed + added / (orders + 1)) / 2;
  }

  private forget(t: number): void {
    for (const map of [this.contexts, this.continuations]) for (const [key, last] of map) if (t - last > this.options.memoryPoints) map.delete(key);
  }
}

/**
 * Online contextual novelty detector for generic series, in the manner of CAD-OSE: values
 * are cut into a few bins of the range learned so far, the last 1…`maxOrder` bins are
 * contexts, and a point is anomalous when its bin continues contexts in ways not seen
 * before: score = (1 − share of known contexts whose known continuation this is + share of
 * new context/continuation pairs) / 2. Memory forgets what it has not seen for
 * `memoryPoints`. When a value leaves the range, the range widens and the remembered points
 * are relearned with the new bins (the range CAD-OSE is given up front is learned here).
 *
 * Novelty misses a spike that stays in familiar bins and is blind to seasonal level, so the
 * seasonal {@link AnomalyDetector}'s score is max-combined with it. Each channel rests
 * `restPoints` after firing; novelty's rest is counted from the firing and does not extend,
 * the spike channel's runs from its last alerting point. After a report from either, the
 * combined score stays below the alert score for `echoPoints`, so one event is one report.
 */
export class ContextDetector {
  readonly options: ContextDetectorOptions;
  private readonly spikeChannel: AnomalyDetector;
  private readonly history: number[] = [];
  private readonly grids: NoveltyGrid[];
  private lo = 0;
  private hi = 0;
  private ready = false;
  private seen = 0;
  private sinceFiring: number | null = null;
  private sinceReport: number | null = null;
  /** Recent scores, for the check against the same time on earlier days. */
  private readonly scores: number[] = [];
  private readonly day: number = 0;
  private readonly tolerance: number = 0;

  constructor(options: Partial<ContextDetectorOptions> = {}) {
    this.options = { ...DEFAULT_CONTEXT_OPTIONS, ...options, spike: { ...DEFAULT_CONTEXT_OPTIONS.spike, ...options.spike } };
    validate(this.options);
    // The warm-up is this detector's; the spike channel's own would only repeat it. Its cooldown
    // is novelty's rest: one event, one report, whichever channel saw it. The server's volume
    // alerts keep their own, shorter cooldown (they are not built here).
    this.spikeChannel = new AnomalyDetector({ warmupPoints: 0, cooldownPoints: this.options.restPoints, ...this.options.spike, ...this.timeScales() });
    const g = this.options.grids;
    const interval = this.options.spike.intervalMs;
    if (interval !== undefined && this.options.recurringDays > 0) {
      this.day = Math.round(86_400_000 / interval);
      this.tolerance = Math.max(1, Math.round(this.options.recurringToleranceMs / interval));
    }
    this.grids = Array.from({ length: g }, (_, i) => new NoveltyGrid(this.options, i / g));
  }

  get pointsSeen(): number {
    return this.seen;
  }

  /** The spike channel's scales, likelihood span and variance window for this series' spacing: the reference durations, in its points. */
  private timeScales(): Partial<DetectorOptions> {
    const { spike, referenceIntervalMs } = this.options;
    const interval = spike.intervalMs;
    if (interval === undefined || referenceIntervalMs <= 0 || interval <= referenceIntervalMs) return {};
    const points = (n: number) => Math.max(1, Math.ceil((n * referenceIntervalMs) / interval));
    const { scales, likelihoodPoints, variancePoints } = { ...DEFAULT_DETECTOR_OPTIONS, ...spike };
    // The spread of a single change is no spread, only the residual's step again: below two
    // changes the variance channel has nothing of its own to say.
    const variance = points(variancePoints);
    return {
      scales: [...new Set(scales.map(points))],
      likelihoodPoints: points(likelihoodPoints),
      variancePoints: variancePoints > 0 && variance >= 2 ? variance : 0,
    };
  }

  /** Scores the next point (timestamps must not go backwards) and learns from it. */
  update(point: DetectorPoint): ContextDetection {
    const o = this.options;
    const spike = this.spikeChannel.update(point).score;
    const { timestamp, value } = point;
    this.seen++;
    this.history.push(value);
    if (this.history.length > o.memoryPoints) this.history.shift();
    if (!this.ready) {
      if (this.history.length >= o.warmupPoints) {
        this.ready = true;
        this.cut(Math.min(...this.history), Math.max(...this.history));
      }
      return { timestamp, value, score: 0, novelty: 0, spike: 0 };
    }
    let novelty = 0;
    for (const grid of this.grids) novelty += grid.learn(value, this.seen) / this.grids.length;
    if (value < this.lo || value > this.hi) {
      const width = Math.max(this.hi, value) - Math.min(this.lo, value);
      const headroom = width * o.rangeHeadroom;
      this.cut(Math.min(this.lo, value - headroom), Math.max(this.hi, value + headroom));
    }
    let context = novelty;
    if (this.sinceFiring !== null) {
      this.sinceFiring++;
      if (this.sinceFiring > o.restPoints) this.sinceFiring = null;
      else context = 0;
    }
    if (context >= o.noveltyScore) this.sinceFiring = 0;
    const raw = Math.min(1, Math.max(context * o.contextWeight, spike));
    return { timestamp, value, score: this.unlessEcho(this.unlessRoutine(raw)), novelty, spike };
  }

  /** `score`, kept below the alert score for `echoPoints` after a point that reached it. */
  private unlessEcho(score: number): number {
    const alertScore = this.spikeChannel.options.alertScore;
    if (this.sinceReport !== null && ++this.sinceReport > this.options.echoPoints) this.sinceReport = null;
    if (this.sinceReport !== null) return Math.min(score, 0.9 * alertScore);
    if (score >= alertScore) this.sinceReport = 0;
    return score;
  }

  /** `raw` less the weakest of the firings at this time on each of the last days, when every one of them fired. */
  private unlessRoutine(raw: number): number {
    const { day, tolerance } = this;
    // Below a dozen points a day, "the same time of day" is most of the day.
    if (day < 12) return raw;
    const days = this.options.recurringDays;
    let routine = Number.POSITIVE_INFINITY;
    for (let k = 1; k <= days; k++) {
      let near = 0;
      for (let j = -tolerance; j <= tolerance; j++) near = Math.max(near, this.scores[this.scores.length - k * day + j] ?? 0);
      routine = Math.min(routine, near);
    }
    this.scores.push(raw);
    if (this.scores.length > days * day + tolerance) this.scores.shift();
    return routine >= this.spikeChannel.options.alertScore ? Math.max(0, raw - routine) : raw;
  }

  /** Sets the range and relearns the remembered points in every grid's bins. */
  private cut(lo: number, hi: number): void {
    const o = this.options;
    this.lo = lo;
    this.hi = hi;
    // A flat series gets a range around its value, so the first departure lands in a new bin.
    const step = hi > lo ? (hi - lo) / o.bins : Math.max(Math.abs(lo), 1) / o.bins;
    if (!(hi > lo)) this.hi = lo + step * o.bins;
    for (const grid of this.grids) grid.cut(lo, step, this.history, this.seen);
  }
}
