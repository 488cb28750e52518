import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { LIVE_WINDOWS, parseLiveWindow, useLiveStore } from './live';

describe('live store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
  });

  it('starts on the hour and remembers a chosen window across page loads', () => {
    expect(useLiveStore().minutes).toBe(60);
    useLiveStore().setWindow(360);

    setActivePinia(createPinia());
    expect(useLiveStore().minutes).toBe(360);
  });

  it('ignores a saved window it does not offer', () => {
    localStorage.setItem('escucha.liveWindow', '7');
    expect(LIVE_WINDOWS).not.toContain(7);
    expect(useLiveStore().minutes).toBe(60);
  });

  it('has no figures before the first update', () => {
    const live = useLiveStore();
    expect(live.total).toBe(0);
    expect(live.negativeShare).toBeNull();
    expect(live.netSentiment).toBeNull();
  });
});

describe('a live window from a link', () => {
  it('is read when it is one the server keeps, and refused otherwise', () => {
    expect(parseLiveWindow('360')).toBe(360);
    expect(parseLiveWindow(['1440', '15'])).toBe(1440);
    expect(parseLiveWindow('7')).toBeNull();
    expect(parseLiveWindow('')).toBeNull();
    expect(parseLiveWindow(undefined)).toBeNull();
    expect(parseLiveWindow('60abc')).toBeNull();
  });
});
