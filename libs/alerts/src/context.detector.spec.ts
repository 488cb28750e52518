import { ValidationError } from '@escucha/core';
import { describe, expect, it } from 'vitest';
import { type ContextDetection, ContextDetector } from './context.detector';
import { seeded, START } from './series.builders';

const FIVE_MINUTES = 300_000;

/** A daily sine (288 five-minute points a day) with seeded noise; `shape` may replace any point's value. */
function sine(points: number, shape: (i: number, v: number) => number = (_i, v) => v, seed = 3): { timestamp: number; value: number }[] {
  const random = seeded(seed);
  return Array.from({ length: points }, (_, i) => {
    const v = 50 + 30 * Math.sin((2 * Math.PI * i) / 288) + 2 * (random() - 0.5);
    return { timestamp: START + i * FIVE_MINUTES, value: shape(i, v) };
  });
}

function run(points: { timestamp: number; value: number }[], options = {}): ContextDetection[] {
  const detector = new ContextDetector({ spike: { intervalMs: FIVE_MINUTES }, ...options });
  return points.map((p) => detector.update(p));
}

const maxNovelty = (out: readonly ContextDetection[]) => Math.max(...out.map((d) => d.novelty));

describe('ContextDetector', () => {
  it('scores 0 while it learns the range, then combines novelty and spike in [0, 1]; a repeating day stops being novel', () => {
    const out = run(sine(288 * 7));
    const warmup = new ContextDetector().options.warmupPoints;
    expect(out.slice(0, warmup).every((d) => d.score === 0)).toBe(true);
    expect(out.slice(warmup).some((d) => d.score > 0)).toBe(true);
    expect(out.every((d) => d.score >= 0 && d.score <= 1 && d.score <= Math.max(d.spike, d.novelty))).toBe(true);
    expect(out.some((d) => d.score > 0 && d.score === d.spike)).toBe(true);
    expect(maxNovelty(out.slice(288 * 5))).toBeLessThan(0.9);
  });

  it('fires on a shape never seen before, even though every value in it is an ordinary one', () => {
    // At the day's high point the series drops to its daily low for an hour: both levels are familiar, the sequence is not.
    const at = 288 * 5 + 72;
    const out = run(sine(288 * 6, (i, v) => (i >= at && i < at + 12 ? 20 : v)));
    const fired = out.findIndex((d, i) => i >= at && d.novelty >= 0.9);
    expect(fired).toBeGreaterThanOrEqual(at);
    expect(fired).toBeLessThan(at + 3);
    expect(out[fired].score).toBeGreaterThanOrEqual(0.5);
    expect(maxNovelty(out.slice(288 * 4.5, at))).toBeLessThan(0.9);
  });

  it('rests after either channel fires, and a later anomaly past the rest is still seen', () => {
    // Two hour-long excursions far outside the range: the second one `gap` points after the first began.
    const first = 288 * 4;
    const twice = (gap: number) => {
      const second = first + gap;
      const shape = (i: number, v: number) => (i >= first && i < first + 12) || (i >= second && i < second + 12) ? 400 + (i % 3) * 50 : v;
      const detector = new ContextDetector({ spike: { intervalMs: FIVE_MINUTES } });
      const out = sine(288 * 5, shape).map((p) => detector.update(p));
      return { out, secondSeen: out.slice(second, second + 3).some((d) => d.score >= 0.5) };
    };
    const { out, secondSeen } = twice(250);
    expect(out.slice(first, first + 3).some((d) => d.novelty >= 0.9)).toBe(true);
    // Novelty rests from its firing (its raw value, still reported, is high again at the excursion's end).
    expect(out.slice(first + 3, first + 100).every((d) => d.score === d.spike)).toBe(true);
    expect(out.slice(first + 3, first + 100).some((d) => d.novelty >= 0.9)).toBe(true);
    // The rest (120 points, the spike channel's counted from its last alerting point) is over well before 250.
    expect(secondSeen).toBe(true);
    // The same excursion again 150 points after the first began, 138 after it ended, is the same event: one report.
    expect(twice(150).secondSeen).toBe(false);
  });

  it('reports an event both channels see once, not once per channel a point apart', () => {
    // A dip for half an hour at the day's rise: novelty sees the new shape at once, the spike
    // channel's residual a point later.
    const at = 288 * 5 + 72;
    const points = sine(288 * 6, (i, v) => (i >= at && i < at + 6 ? v - 25 : v));
    const reports = (out: readonly ContextDetection[]) => out.map((d, i) => (d.score >= 0.5 ? i : -1)).filter((i) => i >= at);
    const both = run(points, { echoPoints: 0 });
    expect(reports(both).slice(0, 2)).toEqual([at, at + 1]);
    expect(both[at].novelty).toBeGreaterThanOrEqual(0.9);
    expect(both[at + 1].spike).toBeGreaterThanOrEqual(0.5);
    const once = run(points);
    expect(reports(once).filter((i) => i < at + 12)).toEqual([at]);
    // The echo only caps the report: past it every score is what it was without one.
    expect(once.slice(at + 12).map((d) => d.score)).toEqual(both.slice(at + 12).map((d) => d.score));
  });

  it('relearns when the range widens: after a level shift the new level becomes normal', () => {
    const shift = 288 * 3;
    const out = run(sine(288 * 8, (i, v) => (i >= shift ? v + 200 : v)));
    expect(out.slice(shift, shift + 3).some((d) => d.score >= 0.5)).toBe(true);
    expect(maxNovelty(out.slice(288 * 6))).toBeLessThan(0.9);
  });

  it('averages shifted cuts of the range: noise across one cut’s bin edge is not a new shape to most of them', () => {
    // A level that sits on a bin edge of the single cut (the range is 0…70 in 7 bins of 10):
    // noise flips it between two bins at random, which one cut keeps reading as new sequences.
    const random = seeded(11);
    const points = Array.from({ length: 288 * 6 }, (_, i) => {
      const v = i < 150 ? (i % 2 ? 0 : 70) : 30 + (random() - 0.5) * 0.2;
      return { timestamp: START + i * FIVE_MINUTES, value: v };
    });
    // Total novelty once the level has settled (after the 150-point warm-up that taught the range).
    const novel = (grids: number) => run(points, { grids, warmupPoints: 150 }).slice(151).reduce((sum, d) => sum + d.novelty, 0);
    expect(novel(3)).toBeLessThan(novel(1) / 2);
  });

  it('a surprise that fired at this time yesterday is routine; the same surprise at another time still fires', () => {
    // A nightly job: the value jumps far above the sine for three points, a day and five minutes
    // after the last time (the drift keeps it out of any one time-of-day slot of the spike channel).
    // The off-hours surprise comes 220 points after that day's job, past the detector's rest.
    const nightly = (i: number) => i % 289 >= 24 && i % 289 < 27;
    const offHours = 288 * 6 + 250;
    const shape = (i: number, v: number) => (nightly(i) || (i >= offHours && i < offHours + 3) ? 300 : v);
    const points = sine(288 * 7, shape);
    const peak = (out: ContextDetection[], day: number) => Math.max(...out.slice(289 * day + 24, 289 * day + 27).map((d) => d.score));
    const withCheck = run(points);
    const without = run(points, { recurringDays: 0 });
    expect(peak(withCheck, 1)).toBeGreaterThanOrEqual(0.5);
    expect(peak(without, 2)).toBeGreaterThan(0.2);
    expect(peak(withCheck, 2)).toBe(0);
    expect(Math.max(...withCheck.slice(offHours, offHours + 3).map((d) => d.score))).toBeGreaterThanOrEqual(0.5);
  });

  it('reads its time scales as durations: a one-hour spike in an hourly series is not averaged over eight hours', () => {
    const hour = 3_600_000;
    const random = seeded(5);
    // 45 days of an hourly daily sine with noise; one hour, at the day's high, 15 above it.
    const at = 24 * 40 + 6;
    const points = Array.from({ length: 24 * 45 }, (_, i) => {
      const v = 50 + 30 * Math.sin((2 * Math.PI * i) / 24) + 6 * (random() - 0.5);
      return { timestamp: START + i * hour, value: i === at ? v + 15 : v };
    });
    const spikeAt = (options: object) => {
      const detector = new ContextDetector({ spike: { intervalMs: hour }, ...options });
      const out = points.map((p) => detector.update(p));
      return { spike: Math.max(...out.slice(at, at + 3).map((d) => d.spike)), before: Math.max(...out.slice(24 * 30, at).map((d) => d.score)) };
    };
    const durations = spikeAt({});
    expect(durations.spike).toBeGreaterThanOrEqual(0.5);
    expect(durations.before).toBeLessThan(0.5);
    // Counted in points, as for 5-minute data, the hour is an eighth of the evidence and barely shows.
    expect(spikeAt({ referenceIntervalMs: 0 }).spike).toBeLessThan(0.35);
  });

  it('has no variance window of a single change in an hourly series: its noise would raise the bar a spike must clear', () => {
    const hour = 3_600_000;
    const random = seeded(5);
    // An hourly daily sine that wanders smoothly (each hour's noise mostly carries over), and one hour 6 above.
    const at = 24 * 40 + 6;
    let wander = 0;
    const points = Array.from({ length: 24 * 45 }, (_, i) => {
      wander = 0.9 * wander + 2 * (random() - 0.5);
      return { timestamp: START + i * hour, value: 50 + 30 * Math.sin((2 * Math.PI * i) / 24) + wander + (i === at ? 6 : 0) };
    });
    const spikeAt = (options: object) => {
      const detector = new ContextDetector(options);
      return Math.max(...points.map((p) => detector.update(p)).slice(at, at + 2).map((d) => d.spike));
    };
    const hourly = spikeAt({ spike: { intervalMs: hour } });
    expect(hourly).toBeGreaterThanOrEqual(0.5);
    // The same durations in hourly points, but with the one-change window (|step| judged on its own) kept.
    const oneChange = spikeAt({ referenceIntervalMs: 0, spike: { intervalMs: hour, scales: [1, 2, 6], likelihoodPoints: 1, variancePoints: 1 } });
    expect(oneChange).toBeLessThan(0.5);
  });

  it('keeps its point counts for series at or finer than the reference spacing', () => {
    const points = sine(288 * 3, (i, v) => (i === 288 * 2 + 100 ? v + 40 : v));
    expect(run(points).map((d) => d.score)).toEqual(run(points, { referenceIntervalMs: 0 }).map((d) => d.score));
  });

  it('is online: a point’s score does not depend on later points', () => {
    const points = sine(900);
    const full = run(points).map((d) => d.score);
    const prefix = run(points.slice(0, 600)).map((d) => d.score);
    expect(prefix).toEqual(full.slice(0, 600));
  });

  it('rejects nonsense options', () => {
    expect(() => new ContextDetector({ bins: 1 })).toThrow(ValidationError);
    expect(() => new ContextDetector({ memoryPoints: 10 })).toThrow(ValidationError);
    expect(() => new ContextDetector({ noveltyScore: 0 })).toThrow(ValidationError);
    expect(() => new ContextDetector({ grids: 0 })).toThrow(ValidationError);
    expect(() => new ContextDetector({ recurringDays: -1 })).toThrow(ValidationError);
    expect(() => new ContextDetector({ echoPoints: 1.5 })).toThrow(ValidationError);
    expect(() => new ContextDetector({ referenceIntervalMs: -1 })).toThrow(ValidationError);
  });
});
