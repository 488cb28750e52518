import { RollingWindow, type RollingWindowState } from './rolling.window';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const WEEK_MS = 7 * DAY_MS;

export interface SeasonOptions {
  /** Width of one time-of-day slot. */
  readonly slotMinutes: number;
  /** Local time of the series, so "9 am" means the audience's morning (Argentina: -180). */
  readonly utcOffsetMinutes: number;
  /** Residuals kept per slot; the slot's offset is their median. */
  readonly samplesPerSlot: number;
  /** Distinct days a time-of-day slot must have seen before its offset is trusted. */
  readonly minDays: number;
  /** Distinct weeks an hour-of-week slot must have seen before it replaces the time-of-day one. */
  readonly minWeeks: number;
}

export const DEFAULT_SEASON: SeasonOptions = { slotMinutes: 60, utcOffsetMinutes: 0, samplesPerSlot: 96, minDays: 2, minWeeks: 2 };

interface Slot {
  window: RollingWindow;
  periods: number;
  lastPeriod: number;
}

export interface SeasonalState {
  readonly daily: Record<string, { window: RollingWindowState; periods: number; lastPeriod: number }>;
  readonly weekly: Record<string, { window: RollingWindowState; periods: number; lastPeriod: number }>;
}

/**
 * How far above or below the running level a time of day usually sits, plus, once a few
 * weeks are seen, what the hour of the week adds to that: medians of past residuals per slot. Medians
 * keep a past outage from teaching the baseline that outages are normal at that hour.
 */
export class SeasonalBaseline {
  private readonly daily = new Map<number, Slot>();
  private readonly weekly = new Map<number, Slot>();

  constructor(private readonly options: SeasonOptions = DEFAULT_SEASON) {}

  offset(timestamp: number): number {
    const { day, week } = this.keys(timestamp);
    return this.dailyOffset(day.slot) + this.weeklyCorrection(week.slot);
  }

  learn(timestamp: number, residual: number): void {
    const { day, week } = this.keys(timestamp);
    // The weekly slot learns what the time of day leaves over, so it can be coarse (hours) while
    // the daily profile stays as fine as the data; it starts once that profile is trusted.
    const daily = this.daily.get(day.slot);
    if (daily && daily.periods >= this.options.minDays) this.add(this.weekly, week.slot, week.period, residual - daily.window.quantile(0.5));
    this.add(this.daily, day.slot, day.period, residual);
  }

  private dailyOffset(slot: number): number {
    const d = this.daily.get(slot);
    return d && d.periods >= this.options.minDays ? d.window.quantile(0.5) : 0;
  }

  private weeklyCorrection(slot: number): number {
    const w = this.weekly.get(slot);
    return w && w.periods >= this.options.minWeeks ? w.window.quantile(0.5) : 0;
  }

  toJSON(): SeasonalState {
    const dump = (slots: Map<number, Slot>) =>
      Object.fromEntries([...slots].map(([k, s]) => [String(k), { window: s.window.toJSON(), periods: s.periods, lastPeriod: s.lastPeriod }]));
    return { daily: dump(this.daily), weekly: dump(this.weekly) };
  }

  static fromJSON(state: SeasonalState, options: SeasonOptions = DEFAULT_SEASON): SeasonalBaseline {
    const baseline = new SeasonalBaseline(options);
    const load = (into: Map<number, Slot>, from: SeasonalState['daily']) => {
      for (const [k, s] of Object.entries(from)) into.set(Number(k), { window: RollingWindow.fromJSON(s.window), periods: s.periods, lastPeriod: s.lastPeriod });
    };
    load(baseline.daily, state.daily);
    load(baseline.weekly, state.weekly);
    return baseline;
  }

  private keys(timestamp: number): { day: { slot: number; period: number }; week: { slot: number; period: number } } {
    const local = timestamp + this.options.utcOffsetMinutes * MINUTE_MS;
    const slotMs = this.options.slotMinutes * MINUTE_MS;
    const dayIndex = Math.floor(local / DAY_MS);
    const slotOfDay = Math.floor((local - dayIndex * DAY_MS) / slotMs);
    // 1970-01-01 was a Thursday; the week slot only needs to be consistent, not Monday-based.
    const weekIndex = Math.floor(local / WEEK_MS);
    // Hour-of-week slots at most: a weekday effect is coarse, and 2,016 five-minute slots per scope would cost memory.
    const slotOfWeek = Math.floor((local - weekIndex * WEEK_MS) / Math.max(slotMs, 60 * MINUTE_MS));
    return { day: { slot: slotOfDay, period: dayIndex }, week: { slot: slotOfWeek, period: weekIndex } };
  }

  private add(slots: Map<number, Slot>, key: number, period: number, residual: number): void {
    let slot = slots.get(key);
    if (!slot) {
      slot = { window: new RollingWindow(this.options.samplesPerSlot), periods: 0, lastPeriod: Number.NaN };
      slots.set(key, slot);
    }
    if (slot.lastPeriod !== period) {
      slot.periods++;
      slot.lastPeriod = period;
    }
    slot.window.push(residual);
  }
}
