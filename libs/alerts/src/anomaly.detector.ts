import { ValidationError } from '@escucha/core';
import { RollingWindow, type RollingWindowState } from './rolling.window';
import { DEFAULT_SEASON, SeasonalBaseline, type SeasonalState, type SeasonOptions } from './seasonal.baseline';

/** Which departures count: alerts on volume care about spikes, generic series about both. */
export type Direction = 'up' | 'down' | 'both';

export interface DetectorOptions {
  readonly direction: Direction;
  /** Points scored 0 while the baseline learns; the detector never alerts before this many. */
  readonly warmupPoints: number;
  /** Points in the running median that carries the level (the seasonal offset rides on it). */
  readonly levelPoints: number;
  /** Points of past evidence each standardisation compares against. */
  readonly historyPoints: number;
  /** Time scales, in points, over which residuals are averaged: a burst and a slow climb both show. */
  readonly scales: readonly number[];
  /** Points in the short window whose spread is compared with the usual one (variance changes, flatlines); 0 disables. */
  readonly variancePoints: number;
  /** Points the short-term average of the evidence spans before it meets its long-term distribution. */
  readonly likelihoodPoints: number;
  /**
   * Points of that long-term distribution; `historyPoints` when absent. Its tail decides what
   * counts as rare, and a tail seen over a few days is thin: a longer memory (HTM's anomaly
   * likelihood keeps 8640 points) lets the bursts a series always has raise the bar.
   */
  readonly likelihoodHistoryPoints?: number;
  /** Values are counts: the noise is at least Poisson, so a jump from 1 to 4 posts is not a 30-sigma event. */
  readonly counts: boolean;
  /** Below this value an upward alert is not worth anyone's attention (e.g. 5 posts a minute). */
  readonly minCount: number;
  /** Score at which a point is alerting. */
  readonly alertScore: number;
  /** Consecutive alerting points before `alert` is raised. */
  readonly minPersistence: number;
  /** After the score crosses `alertScore`, later points in this many are damped: one anomaly, one firing. */
  readonly cooldownPoints: number;
  /** Nominal spacing; with `counts`, skipped intervals are learned as zeros. */
  readonly intervalMs?: number;
  readonly season: SeasonOptions;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  direction: 'both',
  warmupPoints: 288,
  levelPoints: 36,
  historyPoints: 1440,
  scales: [1, 4, 16],
  variancePoints: 12,
  likelihoodPoints: 8,
  counts: false,
  minCount: 0,
  alertScore: 0.5,
  minPersistence: 1,
  cooldownPoints: 36,
  season: DEFAULT_SEASON,
};

/**
 * For per-interval post counts (the server's alerts): spikes only, Poisson noise floor, no
 * variance channel (a dip would otherwise raise it), and a minimum count worth an alert.
 */
export const VOLUME_SPIKE_OPTIONS: Partial<DetectorOptions> = {
  direction: 'up',
  counts: true,
  variancePoints: 0,
  minCount: 5,
  // An alert wakes someone: ask for a rarer surprise than the benchmark's best cut, and see it at once.
  alertScore: 0.7,
  likelihoodPoints: 2,
};

export interface DetectorPoint {
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly value: number;
}

export interface Detection {
  readonly timestamp: number;
  readonly value: number;
  /** In [0, 1]; depends only on this point and earlier ones. */
  readonly score: number;
  /** What the seasonal baseline expected here. */
  readonly expected: number;
  /** Robust standard deviations from expected (signed; scale 1). */
  readonly sigmas: number;
  /** value / expected (Infinity when nothing was expected); how far above expected. */
  readonly ratio: number;
  /** Consecutive points, this one included, whose undamped score reached `alertScore`. */
  readonly persistence: number;
  /** Past warm-up, score and persistence reached, value at least `minCount` when looking up. */
  readonly alert: boolean;
  readonly warm: boolean;
}

export interface DetectorState {
  readonly version: 1;
  readonly options: DetectorOptions;
  readonly seen: number;
  readonly lastTimestamp: number | null;
  readonly lastValue: number | null;
  readonly persistence: number;
  readonly sinceFiring: number | null;
  readonly firedScore: number;
  readonly level: RollingWindowState;
  readonly residuals: RollingWindowState;
  readonly scaled: readonly RollingWindowState[];
  readonly diffs: RollingWindowState;
  readonly spread: RollingWindowState;
  readonly evidence: RollingWindowState;
  readonly likelihood: RollingWindowState;
  readonly seasonalError: RollingWindowState;
  readonly plainError: RollingWindowState;
  readonly season: SeasonalState;
}

/** Normal quantiles of 0.75, 0.9 and 0.99: turn one-sided quantile spreads into sigmas. */
const SPREADS: readonly (readonly [number, number])[] = [
  [0.75, 0.6745],
  [0.9, 1.2816],
  [0.99, 2.3263],
];
const MAX_SIGMAS = 1e3;

/**
 * Robust one-sided distance of `x` from a window's median, in sigmas estimated from the
 * window's quantiles on that side (so skewed counts are judged by their own tail). Falls
 * back to wider quantiles when many values tie, as quantised CPU figures do.
 */
function sigmasFrom(window: RollingWindow, x: number, floor: number): { up: number; down: number } {
  if (window.size < 8) return { up: 0, down: 0 };
  const median = window.quantile(0.5);
  const side = (q: number) => (x >= median ? window.quantile(q) - median : median - window.quantile(1 - q));
  let scale = 0;
  for (const [q, z] of SPREADS) {
    scale = side(q) / z;
    if (scale > 0) break;
  }
  scale = Math.max(scale, floor, 1e-12);
  const d = Math.min(MAX_SIGMAS, Math.abs(x - median) / scale);
  return x >= median ? { up: d, down: 0 } : { up: 0, down: d };
}

/** Sigmas of surprise at which the squashed score reaches 1 - 1/e. */
const SURPRISE_SCALE = 6;

function validate(options: DetectorOptions): void {
  const positive = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1) throw new ValidationError(`detector ${name} must be a positive integer, got ${v}`);
  };
  positive('levelPoints', options.levelPoints);
  positive('historyPoints', options.historyPoints);
  positive('likelihoodPoints', options.likelihoodPoints);
  if (options.likelihoodHistoryPoints !== undefined) positive('likelihoodHistoryPoints', options.likelihoodHistoryPoints);
  positive('minPersistence', options.minPersistence);
  if (!Number.isInteger(options.warmupPoints) || options.warmupPoints < 0) throw new ValidationError(`detector warmupPoints must be ≥ 0, got ${options.warmupPoints}`);
  if (options.scales.length === 0) throw new ValidationError('detector scales must not be empty');
  options.scales.forEach((s) => positive('scales', s));
  if (!['up', 'down', 'both'].includes(options.direction)) throw new ValidationError(`detector direction must be up, down or both, got ${options.direction}`);
  if (!(options.alertScore > 0 && options.alertScore <= 1)) throw new ValidationError(`detector alertScore must be in (0, 1], got ${options.alertScore}`);
  if (options.intervalMs !== undefined && !(options.intervalMs > 0)) throw new ValidationError(`detector intervalMs must be positive, got ${options.intervalMs}`);
}

/**
 * Online anomaly detector for one series (one scope: a brand, a topic in a region, …).
 *
 * Per point: expected = running median level + seasonal offset (time of day, then hour of
 * week once learned). The residual, averaged over a few time scales, and the short-term
 * spread of changes are each standardised against their own recent distribution with
 * quantiles (robust to the outliers being hunted). The strongest of those is the evidence;
 * its short-term average is then compared with the evidence's own long-term distribution,
 * as HTM's anomaly likelihood does, so a naturally bursty series needs a bigger surprise
 * than a calm one. That is squashed into [0, 1]; after a firing, the score is damped for
 * `cooldownPoints` so one anomaly is reported once, near its start.
 *
 * Everything learned is kept in bounded windows: `state()` is JSON, `fromState` restores
 * it, and `fromHistory` rebuilds a detector by replaying stored points.
 */
export class AnomalyDetector {
  readonly options: DetectorOptions;
  private seen = 0;
  private lastTimestamp: number | null = null;
  private lastValue: number | null = null;
  private persistence = 0;
  private sinceFiring: number | null = null;
  private firedScore = 0;
  private readonly level: RollingWindow;
  private readonly residuals: RollingWindow;
  private readonly scaled: RollingWindow[];
  private readonly diffs: RollingWindow;
  private readonly spread: RollingWindow;
  private readonly evidence: RollingWindow;
  private readonly likelihood: RollingWindow;
  private readonly seasonalError: RollingWindow;
  private readonly plainError: RollingWindow;
  private readonly season: SeasonalBaseline;

  constructor(options: Partial<DetectorOptions> = {}, state?: DetectorState) {
    // Time-of-day slots as fine as the data (a perfectly periodic series then has no residual), but at
    // least 5 minutes so per-minute counts pool a few samples per slot and day.
    const slotMinutes = options.intervalMs !== undefined ? Math.min(60, Math.max(5, Math.round(options.intervalMs / 60_000))) : DEFAULT_SEASON.slotMinutes;
    this.options = { ...DEFAULT_DETECTOR_OPTIONS, ...options, season: { ...DEFAULT_SEASON, slotMinutes, ...options.season } };
    validate(this.options);
    const o = this.options;
    const longest = Math.max(...o.scales);
    if (state) {
      this.seen = state.seen;
      this.lastTimestamp = state.lastTimestamp;
      this.lastValue = state.lastValue;
      this.persistence = state.persistence;
      this.sinceFiring = state.sinceFiring;
      this.firedScore = state.firedScore;
      this.level = RollingWindow.fromJSON(state.level);
      this.residuals = RollingWindow.fromJSON(state.residuals);
      this.scaled = state.scaled.map((s) => RollingWindow.fromJSON(s));
      this.diffs = RollingWindow.fromJSON(state.diffs);
      this.spread = RollingWindow.fromJSON(state.spread);
      this.evidence = RollingWindow.fromJSON(state.evidence);
      this.likelihood = RollingWindow.fromJSON(state.likelihood);
      this.seasonalError = RollingWindow.fromJSON(state.seasonalError);
      this.plainError = RollingWindow.fromJSON(state.plainError);
      this.season = SeasonalBaseline.fromJSON(state.season, o.season);
      return;
    }
    this.level = new RollingWindow(o.levelPoints);
    this.residuals = new RollingWindow(longest);
    this.scaled = o.scales.map(() => new RollingWindow(o.historyPoints));
    this.diffs = new RollingWindow(Math.max(1, o.variancePoints));
    this.spread = new RollingWindow(o.historyPoints);
    this.evidence = new RollingWindow(o.likelihoodPoints);
    this.likelihood = new RollingWindow(o.likelihoodHistoryPoints ?? o.historyPoints);
    this.seasonalError = new RollingWindow(o.historyPoints);
    this.plainError = new RollingWindow(o.historyPoints);
    this.season = new SeasonalBaseline(o.season);
  }

  /** A detector that has already seen `history` (oldest first), e.g. after a restart. */
  static fromHistory(history: Iterable<DetectorPoint>, options: Partial<DetectorOptions> = {}): AnomalyDetector {
    const detector = new AnomalyDetector(options);
    for (const point of history) detector.update(point);
    return detector;
  }

  static fromState(state: DetectorState): AnomalyDetector {
    if (state.version !== 1) throw new ValidationError(`unknown detector state version ${String(state.version)}`);
    return new AnomalyDetector(state.options, state);
  }

  get pointsSeen(): number {
    return this.seen;
  }

  /** Scores the next point (timestamps must not go backwards) and learns from it. */
  update(point: DetectorPoint): Detection {
    const { timestamp, value } = point;
    if (!Number.isFinite(timestamp) || !Number.isFinite(value)) throw new ValidationError('detector points need a finite timestamp and value');
    if (this.lastTimestamp !== null && timestamp < this.lastTimestamp) {
      throw new ValidationError(`detector points must be in time order: ${new Date(timestamp).toISOString()} follows ${new Date(this.lastTimestamp).toISOString()}`);
    }
    this.fillSkippedIntervals(timestamp);
    return this.step(timestamp, value, true);
  }

  state(): DetectorState {
    return {
      version: 1,
      options: this.options,
      seen: this.seen,
      lastTimestamp: this.lastTimestamp,
      lastValue: this.lastValue,
      persistence: this.persistence,
      sinceFiring: this.sinceFiring,
      firedScore: this.firedScore,
      level: this.level.toJSON(),
      residuals: this.residuals.toJSON(),
      scaled: this.scaled.map((s) => s.toJSON()),
      diffs: this.diffs.toJSON(),
      spread: this.spread.toJSON(),
      evidence: this.evidence.toJSON(),
      likelihood: this.likelihood.toJSON(),
      seasonalError: this.seasonalError.toJSON(),
      plainError: this.plainError.toJSON(),
      season: this.season.toJSON(),
    };
  }

  /** A count series has no row for an interval nobody posted in: those are zeros, not gaps. */
  private fillSkippedIntervals(timestamp: number): void {
    const { intervalMs, counts } = this.options;
    if (!counts || intervalMs === undefined || this.lastTimestamp === null) return;
    const missing = Math.round((timestamp - this.lastTimestamp) / intervalMs) - 1;
    // A very long silence is an outage of the feed rather than a quiet scope: do not invent it.
    for (let i = 1; i <= Math.min(missing, this.options.historyPoints); i++) this.step(this.lastTimestamp + intervalMs, 0, false);
  }

  private step(timestamp: number, value: number, reported: boolean): Detection {
    const o = this.options;
    const up = o.direction !== 'down';
    const down = o.direction !== 'up';

    const level = this.level.size > 0 ? this.level.quantile(0.5) : value;
    const offset = this.season.offset(timestamp);
    // Seasonality is used only while it predicts better than the level alone (mean absolute error, so
    // the daily ramps it exists for weigh in):
    // a series with no daily rhythm should not inherit noise from learning one.
    const seasonal = this.seasonalError.size > 0 && this.seasonalError.recentMean(o.historyPoints) < this.plainError.recentMean(o.historyPoints);
    if (offset !== 0 || this.seasonalError.size > 0) {
      this.seasonalError.push(Math.abs(value - level - offset));
      this.plainError.push(Math.abs(value - level));
    }
    const expected = (o.counts ? Math.max(0, level + (seasonal ? offset : 0)) : level + (seasonal ? offset : 0));
    const residual = value - expected;
    // Counts are noisier when busier: Pearson residuals put a quiet night and a busy afternoon on one scale.
    this.residuals.push(o.counts ? residual / Math.sqrt(Math.max(expected, 1)) : residual);

    // A level-relative floor so a perfectly flat history does not make any wiggle infinite.
    const levelFloor = 1e-3 * (Math.abs(level) + Math.abs(this.level.quantile(0.9) - this.level.quantile(0.1)));
    let best = 0;
    let sigmas = 0;
    o.scales.forEach((k, i) => {
      const mean = this.residuals.recentMean(k);
      const floor = o.counts ? 1 / Math.sqrt(k) : levelFloor / Math.sqrt(k);
      const d = sigmasFrom(this.scaled[i], mean, floor);
      if (i === 0) sigmas = d.up > 0 ? d.up : -d.down;
      best = Math.max(best, up ? d.up : 0, down ? d.down : 0);
      this.scaled[i].push(mean);
    });

    if (o.variancePoints > 0 && this.residuals.size > 1) {
      // Changes of the residual, not of the value: a busy hour that comes every day is not a variance change.
      this.diffs.push(Math.abs(this.residuals.recent(0) - this.residuals.recent(1)));
      if (this.diffs.size === o.variancePoints) {
        const typical = this.spread.size > 0 ? Math.exp(this.spread.quantile(0.5)) : 0;
        const logSpread = Math.log(this.diffs.recentMean(o.variancePoints) + 0.05 * typical + 1e-12);
        const d = sigmasFrom(this.spread, logSpread, 0.05);
        // More variance goes with spikes, less (a flatline) with dips.
        best = Math.max(best, up ? d.up : 0, down ? d.down : 0);
        this.spread.push(logSpread);
      }
    }

    this.evidence.push(best);
    const shortTerm = this.evidence.recentMean(o.likelihoodPoints);
    const surprise = sigmasFrom(this.likelihood, shortTerm, 0.1).up;
    this.likelihood.push(shortTerm);
    const raw = 1 - Math.exp(-surprise / SURPRISE_SCALE);

    this.season.learn(timestamp, value - level);
    this.level.push(value);
    this.seen++;
    this.lastTimestamp = timestamp;
    this.lastValue = value;

    const warm = this.seen > o.warmupPoints;
    let score = warm ? raw : 0;
    if (this.sinceFiring !== null) {
      // The cooldown runs from the last alerting point, so a long anomaly does not fire again every cooldown.
      this.sinceFiring = raw >= o.alertScore ? 0 : this.sinceFiring + 1;
      if (this.sinceFiring > o.cooldownPoints) this.sinceFiring = null;
      // Only a clearly bigger surprise than the one already reported speaks again.
      else score = Math.max(0, score - this.firedScore);
    }
    if (score >= o.alertScore) {
      this.firedScore = this.sinceFiring === null ? raw : Math.max(raw, this.firedScore);
      this.sinceFiring = 0;
    }
    this.persistence = warm && raw >= o.alertScore ? this.persistence + 1 : 0;
    const meaningful = o.direction === 'down' ? residual < 0 : o.direction === 'up' ? residual > 0 && value >= o.minCount : residual < 0 || value >= o.minCount;
    const ratio = expected > 0 ? value / expected : value > 0 ? Number.POSITIVE_INFINITY : 1;
    return {
      timestamp,
      value,
      score: reported ? score : 0,
      expected,
      sigmas,
      ratio,
      persistence: this.persistence,
      alert: this.persistence >= o.minPersistence && meaningful,
      warm,
    };
  }
}
