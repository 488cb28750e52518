import { describe, expect, it } from 'vitest';
import { RollingWindow } from './rolling.window';
import { seeded } from './series.builders';

describe('RollingWindow', () => {
  it('keeps the last `capacity` values and answers quantiles over exactly those', () => {
    const window = new RollingWindow(50);
    const random = seeded(11);
    const all: number[] = [];
    for (let i = 0; i < 500; i++) {
      const v = Math.round(random() * 1000) / 10;
      all.push(v);
      window.push(v);
      const kept = all.slice(-50).sort((a, b) => a - b);
      expect(window.quantile(0)).toBe(kept[0]);
      expect(window.quantile(1)).toBe(kept[kept.length - 1]);
      expect(window.quantile(0.5)).toBeCloseTo((kept[(kept.length - 1) >> 1] + kept[kept.length >> 1]) / 2, 10);
    }
    expect(window.size).toBe(50);
    expect(window.recent()).toBe(all[all.length - 1]);
    expect(window.recentMean(3)).toBeCloseTo((all[497] + all[498] + all[499]) / 3, 10);
    expect(RollingWindow.fromJSON(window.toJSON()).toJSON()).toEqual(window.toJSON());
  });
});
