import { describe, expect, it } from 'vitest';
import { AnomalyDetector, VOLUME_SPIKE_OPTIONS, type Detection, type DetectorOptions, type DetectorPoint } from './anomaly.detector';
import { countSeries, daytimeRate, MINUTE, seeded, START } from './series.builders';

const DAY = 24 * 60;

function run(points: readonly DetectorPoint[], options: Partial<DetectorOptions> = {}): Detection[] {
  const detector = new AnomalyDetector(options);
  return points.map((p) => detector.update(p));
}

const alerts = (detections: readonly Detection[]) => detections.filter((d) => d.alert);

describe('AnomalyDetector on per-minute post counts', () => {
  const spikes: Partial<DetectorOptions> = { ...VOLUME_SPIKE_OPTIONS, intervalMs: MINUTE };

  it('raises no alert on a flat Poisson-like series', () => {
    for (const seed of [1, 2, 3]) {
      const detections = run(countSeries({ rate: () => 20, points: 2 * DAY, seed }), spikes);
      expect(alerts(detections)).toEqual([]);
      expect(Math.max(...detections.map((d) => d.score))).toBeLessThan(VOLUME_SPIKE_OPTIONS.alertScore!);
    }
  });

  it('raises an alert within two intervals of a 5x burst, and it is above expected', () => {
    const from = 2 * DAY + 600;
    const detections = run(countSeries({ rate: () => 20, points: from + 30, burst: { from, to: from + 30, factor: 5 } }), spikes);
    const first = detections.findIndex((d) => d.alert);
    expect(first).toBeGreaterThanOrEqual(from);
    expect(first).toBeLessThanOrEqual(from + 1);
    expect(detections[first].ratio).toBeGreaterThan(3);
    expect(detections[first].score).toBeGreaterThanOrEqual(0.5);
    expect(alerts(detections.slice(0, from))).toEqual([]);
  });

  it('does not alert every morning when the day is simply busier than the night', () => {
    const detections = run(countSeries({ rate: daytimeRate, points: 5 * DAY, seed: 7 }), spikes);
    // From the third day the time-of-day baseline knows 9:00 is busy.
    const mornings = alerts(detections.slice(2 * DAY));
    expect(mornings).toEqual([]);
    const nineAm = detections[3 * DAY + 9 * 60 + 5];
    expect(nineAm.expected).toBeGreaterThan(25);
  });

  it('still catches a 5x burst at night once seasonality is learned', () => {
    const from = 3 * DAY + 2 * 60;
    const detections = run(countSeries({ rate: daytimeRate, points: from + 20, seed: 9, burst: { from, to: from + 20, factor: 5 } }), spikes);
    const learned = 2 * DAY;
    const first = learned + detections.slice(learned).findIndex((d) => d.alert);
    expect(first - from).toBeGreaterThanOrEqual(0);
    expect(first - from).toBeLessThanOrEqual(1);
  });

  it('respects the warm-up: no score and no alert before it, even on an obvious burst', () => {
    const warmupPoints = 200;
    const detections = run(countSeries({ rate: () => 20, points: 400, burst: { from: 100, to: 110, factor: 10 } }), { ...spikes, warmupPoints });
    expect(detections.slice(0, warmupPoints).every((d) => d.score === 0 && !d.alert && !d.warm)).toBe(true);
    expect(detections[warmupPoints].warm).toBe(true);
  });

  it('ignores a burst below the minimum count that makes an alert meaningful', () => {
    const from = DAY;
    const points = countSeries({ rate: () => 0.2, points: from + 10, burst: { from, to: from + 10, factor: 15 } });
    expect(alerts(run(points, { ...spikes, minCount: 10 }))).toEqual([]);
  });

  it('direction up does not alert on a dip; direction down does', () => {
    const from = 2 * DAY;
    const points = countSeries({ rate: () => 40, points: from + 30, burst: { from, to: from + 30, factor: 0.05 } });
    expect(alerts(run(points, spikes))).toEqual([]);
    const down = run(points, { ...spikes, direction: 'down' });
    expect(alerts(down).length).toBeGreaterThan(0);
    expect(alerts(down)[0].timestamp).toBeLessThanOrEqual(points[from + 2].timestamp);
  });

  it('counts persistence over consecutive alerting intervals', () => {
    const from = 2 * DAY;
    const detections = run(countSeries({ rate: () => 20, points: from + 10, burst: { from, to: from + 10, factor: 8 } }), { ...spikes, minPersistence: 3 });
    const first = detections.findIndex((d) => d.alert);
    expect(first).toBeGreaterThanOrEqual(from + 2);
    expect(detections[first].persistence).toBeGreaterThanOrEqual(3);
  });
});

describe('AnomalyDetector as an online scorer', () => {
  const series = countSeries({ rate: daytimeRate, points: 3 * DAY, seed: 3, burst: { from: 2 * DAY + 100, to: 2 * DAY + 130, factor: 4 } });

  it('scores every point in [0, 1], and appending future points never changes past scores', () => {
    const full = run(series);
    const cut = 2 * DAY + 110;
    const prefix = run(series.slice(0, cut));
    expect(prefix).toEqual(full.slice(0, cut));
    expect(full.every((d) => d.score >= 0 && d.score <= 1)).toBe(true);
  });

  it('fires once near the start of a long anomaly, not for its whole length', () => {
    const points = countSeries({ rate: () => 30, points: 3 * DAY, seed: 5, burst: { from: 2 * DAY, to: 2 * DAY + 120, factor: 3 } });
    const scores = run(points).map((d) => d.score);
    const high = scores.map((s, i) => [s, i] as const).filter(([s]) => s >= 0.5);
    expect(high.length).toBeGreaterThan(0);
    expect(high[0][1] - 2 * DAY).toBeLessThan(3);
    expect(high.length).toBeLessThanOrEqual(3);
  });

  it('with a longer likelihood memory, a burst it saw more than historyPoints ago still makes the same burst less surprising', () => {
    // Five-minute noise with the same half-hour burst twice, 2000 points apart (beyond the 1440 of `historyPoints`).
    let calmer = 0;
    for (const seed of [1, 2, 3, 4]) {
      const random = seeded(seed);
      const burst = (i: number) => (i >= 400 && i < 406) || (i >= 2400 && i < 2406);
      const points = Array.from({ length: 2500 }, (_, i) => ({ timestamp: START + i * 300_000, value: 50 + 2 * (random() - 0.5) + (burst(i) ? 8 : 0) }));
      const short = run(points, { intervalMs: 300_000, warmupPoints: 0 }).map((d) => d.score);
      const long = run(points, { intervalMs: 300_000, warmupPoints: 0, likelihoodHistoryPoints: 8640 }).map((d) => d.score);
      // Identical while the history fits both windows.
      expect(long.slice(0, 1441)).toEqual(short.slice(0, 1441));
      const peak = (scores: number[]) => Math.max(...scores.slice(2400, 2420));
      expect(peak(long)).toBeLessThanOrEqual(peak(short));
      expect(peak(long)).toBeGreaterThanOrEqual(0.5);
      if (peak(long) < peak(short) - 0.03) calmer++;
    }
    expect(calmer).toBeGreaterThanOrEqual(2);
  });

  it('restores from state() exactly where it left off, through JSON', () => {
    const cut = 2 * DAY;
    const first = new AnomalyDetector(VOLUME_SPIKE_OPTIONS);
    series.slice(0, cut).forEach((p) => first.update(p));
    const restored = AnomalyDetector.fromState(JSON.parse(JSON.stringify(first.state())));
    const continued = series.slice(cut).map((p) => restored.update(p));
    expect(continued).toEqual(run(series, VOLUME_SPIKE_OPTIONS).slice(cut));
  });

  it('fromHistory replays stored points so a restarted server scores like one that never stopped', () => {
    const cut = 2 * DAY;
    const restored = AnomalyDetector.fromHistory(series.slice(0, cut), VOLUME_SPIKE_OPTIONS);
    expect(restored.pointsSeen).toBe(cut);
    expect(series.slice(cut).map((p) => restored.update(p))).toEqual(run(series, VOLUME_SPIKE_OPTIONS).slice(cut));
  });

  it('in counts mode learns skipped intervals as zeros', () => {
    const detector = new AnomalyDetector({ ...VOLUME_SPIKE_OPTIONS, intervalMs: MINUTE });
    detector.update({ timestamp: START, value: 3 });
    detector.update({ timestamp: START + 10 * MINUTE, value: 3 });
    expect(detector.pointsSeen).toBe(11);
  });

  it('rejects points out of time order and bad options with coded errors', () => {
    const detector = new AnomalyDetector();
    detector.update({ timestamp: START + MINUTE, value: 1 });
    expect(() => detector.update({ timestamp: START, value: 1 })).toThrow(/time order/);
    expect(() => detector.update({ timestamp: START + 2 * MINUTE, value: Number.NaN })).toThrow(/finite/);
    expect(() => new AnomalyDetector({ scales: [] })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => new AnomalyDetector({ likelihoodHistoryPoints: 0 })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
