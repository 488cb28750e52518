import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { LIVE_WINDOWS, useLiveStore } from './live';

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
