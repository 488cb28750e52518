import { describe, expect, it } from 'vitest';
import { SeasonalBaseline } from './seasonal.baseline';
import { START } from './series.builders';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('SeasonalBaseline', () => {
  // START is a Monday: days 5 and 6 of each week are the weekend.
  const residual = (t: number) => {
    const day = Math.floor((t - START) / DAY) % 7;
    const hour = new Date(t).getUTCHours();
    return (hour >= 9 && hour < 21 ? 30 : -10) + (day >= 5 ? -20 : 0);
  };

  it('learns the time of day after two days, and what the weekday adds after two weeks', () => {
    const baseline = new SeasonalBaseline({ slotMinutes: 15, utcOffsetMinutes: 0, samplesPerSlot: 96, minDays: 2, minWeeks: 2 });
    const at = (day: number, hour: number) => START + day * DAY + hour * HOUR;
    const learnUntil = (end: number, from: number) => {
      for (let t = from; t < end; t += 15 * 60_000) baseline.learn(t, residual(t));
    };
    expect(baseline.offset(at(0, 10))).toBe(0);
    learnUntil(at(2, 0), START);
    expect(baseline.offset(at(2, 10))).toBe(30);
    expect(baseline.offset(at(2, 3))).toBe(-10);
    learnUntil(at(14, 0), at(2, 0));
    // Saturday 10:00 of the third week: the daytime lift minus the weekend dip.
    expect(baseline.offset(at(19, 10))).toBe(10);
    expect(baseline.offset(at(16, 10))).toBe(30);
    const restored = SeasonalBaseline.fromJSON(JSON.parse(JSON.stringify(baseline.toJSON())), { slotMinutes: 15, utcOffsetMinutes: 0, samplesPerSlot: 96, minDays: 2, minWeeks: 2 });
    expect(restored.offset(at(19, 10))).toBe(10);
  });

  it('shifts slots to local time', () => {
    const local = new SeasonalBaseline({ slotMinutes: 60, utcOffsetMinutes: -180, samplesPerSlot: 8, minDays: 1, minWeeks: 2 });
    // 12:00 UTC is 09:00 in Buenos Aires.
    local.learn(START + 12 * HOUR, 5);
    expect(local.offset(START + DAY + 12 * HOUR)).toBe(5);
    expect(local.offset(START + DAY + 9 * HOUR)).toBe(0);
  });
});
